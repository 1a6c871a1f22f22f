// WebAuthn between the server's JSON and the browser's API. The server sends the options of
// navigator.credentials.create/get as JSON with binary values in base64url; the browser wants
// ArrayBuffers, and answers with a PublicKeyCredential that the server reads back as JSON.
// These conversions are pure, so that they are tested without a browser.

/** b64urlToBytes decodes base64url, with or without padding. */
export function b64urlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** bytesToB64url encodes bytes as base64url without padding. */
export function bytesToB64url(b: ArrayBuffer | ArrayBufferView): string {
  const bytes = b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  let bin = "";
  for (const x of bytes) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

interface DescriptorJSON {
  id: string;
  type: string;
  transports?: string[];
}

type JSONObject = Record<string, unknown>;

function isObject(v: unknown): v is JSONObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function publicKeyOf(json: unknown): JSONObject {
  if (!isObject(json) || !isObject(json.publicKey)) throw new Error("The server's passkey options are not understood.");
  return json.publicKey;
}

function descriptors(list: unknown): PublicKeyCredentialDescriptor[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return (list as DescriptorJSON[]).map((d) => ({
    ...d,
    type: "public-key",
    id: b64urlToBytes(d.id),
    transports: d.transports as AuthenticatorTransport[] | undefined,
  }));
}

/** creationOptionsFromJSON turns the server's registration options into navigator.credentials.create's. */
export function creationOptionsFromJSON(json: unknown): CredentialCreationOptions {
  const pk = publicKeyOf(json);
  const user = isObject(pk.user) ? pk.user : {};
  const publicKey = {
    ...pk,
    challenge: b64urlToBytes(String(pk.challenge)),
    user: { ...user, id: b64urlToBytes(String(user.id)) },
    excludeCredentials: descriptors(pk.excludeCredentials),
  } as unknown as PublicKeyCredentialCreationOptions;
  return { publicKey };
}

/** requestOptionsFromJSON turns the server's sign-in options into navigator.credentials.get's. */
export function requestOptionsFromJSON(json: unknown): CredentialRequestOptions {
  const pk = publicKeyOf(json);
  const publicKey = {
    ...pk,
    challenge: b64urlToBytes(String(pk.challenge)),
    allowCredentials: descriptors(pk.allowCredentials),
  } as unknown as PublicKeyCredentialRequestOptions;
  const out: CredentialRequestOptions = { publicKey };
  if (isObject(json) && typeof json.mediation === "string" && json.mediation) {
    out.mediation = json.mediation as CredentialMediationRequirement;
  }
  return out;
}

/** What credentialToJSON reads of a PublicKeyCredential: enough to fake one in a test. */
export interface CredentialLike {
  id: string;
  rawId: ArrayBuffer;
  type: string;
  authenticatorAttachment?: string | null;
  response: {
    clientDataJSON: ArrayBuffer;
    attestationObject?: ArrayBuffer;
    getTransports?: () => string[];
    authenticatorData?: ArrayBuffer;
    signature?: ArrayBuffer;
    userHandle?: ArrayBuffer | null;
  };
  getClientExtensionResults?: () => AuthenticationExtensionsClientOutputs;
}

/**
 * credentialToJSON turns the browser's answer, to a registration or to a sign-in, into the JSON
 * the server parses (the shape of PublicKeyCredential.toJSON).
 */
export function credentialToJSON(cred: CredentialLike): JSONObject {
  const r = cred.response;
  const response: JSONObject = { clientDataJSON: bytesToB64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = bytesToB64url(r.attestationObject);
    if (typeof r.getTransports === "function") response.transports = r.getTransports();
  } else {
    if (r.authenticatorData) response.authenticatorData = bytesToB64url(r.authenticatorData);
    if (r.signature) response.signature = bytesToB64url(r.signature);
    if (r.userHandle) response.userHandle = bytesToB64url(r.userHandle);
  }
  const out: JSONObject = {
    id: cred.id,
    rawId: bytesToB64url(cred.rawId),
    type: cred.type,
    response,
    clientExtensionResults: typeof cred.getClientExtensionResults === "function" ? cred.getClientExtensionResults() : {},
  };
  if (cred.authenticatorAttachment) out.authenticatorAttachment = cred.authenticatorAttachment;
  return out;
}

/** passkeysSupported reports whether this browser can use passkeys at all. */
export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && typeof window.PublicKeyCredential === "function" && !!navigator.credentials;
}

/** passkeyErrorMessage explains a browser's refusal in words a person can act on. */
export function passkeyErrorMessage(err: unknown): string {
  const name = err instanceof Error ? err.name : "";
  switch (name) {
    case "NotAllowedError":
      return "The passkey request was cancelled or timed out. Try again.";
    case "InvalidStateError":
      return "This passkey or security key is registered already.";
    case "SecurityError":
      return "This browser refused passkeys for this address. Passkeys need Loupe to be served over HTTPS (or on localhost) at its configured address.";
    case "NotSupportedError":
      return "This browser or device does not support passkeys.";
    case "AbortError":
      return "The passkey request was interrupted. Try again.";
  }
  return err instanceof Error && err.message ? err.message : "The passkey request failed.";
}
