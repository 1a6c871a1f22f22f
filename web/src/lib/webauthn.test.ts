import { describe, expect, it } from "vitest";
import {
  b64urlToBytes,
  bytesToB64url,
  creationOptionsFromJSON,
  credentialToJSON,
  passkeyErrorMessage,
  requestOptionsFromJSON,
} from "./webauthn";

const bytes = (...b: number[]) => new Uint8Array(b).buffer;

describe("base64url", () => {
  it("round-trips every byte value, without padding", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const s = bytesToB64url(all);
    expect(s).not.toMatch(/[+/=]/);
    expect(Array.from(b64urlToBytes(s))).toEqual(Array.from(all));
  });
  it("reads padded and unpadded text alike", () => {
    expect(Array.from(b64urlToBytes("-_8"))).toEqual([251, 255]);
    expect(Array.from(b64urlToBytes("-_8="))).toEqual([251, 255]);
    expect(bytesToB64url(new Uint8Array([251, 255]))).toBe("-_8");
  });
});

describe("creationOptionsFromJSON", () => {
  it("decodes the challenge, the user handle and the excluded credentials, and keeps the rest", () => {
    const o = creationOptionsFromJSON({
      publicKey: {
        challenge: "AQID",
        rp: { id: "loupe.test", name: "Loupe" },
        user: { id: "BAU", name: "ada@acme.test", displayName: "Ada" },
        pubKeyCredParams: [{ type: "public-key", alg: -7 }],
        excludeCredentials: [{ id: "Bgc", type: "public-key", transports: ["usb"] }],
        authenticatorSelection: { residentKey: "preferred" },
        timeout: 60000,
      },
    });
    const pk = o.publicKey!;
    expect(Array.from(new Uint8Array(pk.challenge as ArrayBuffer))).toEqual([1, 2, 3]);
    expect(Array.from(new Uint8Array(pk.user.id as ArrayBuffer))).toEqual([4, 5]);
    expect(pk.user.name).toBe("ada@acme.test");
    expect(Array.from(new Uint8Array(pk.excludeCredentials![0].id as ArrayBuffer))).toEqual([6, 7]);
    expect(pk.excludeCredentials![0].transports).toEqual(["usb"]);
    expect(pk.rp.id).toBe("loupe.test");
    expect(pk.timeout).toBe(60000);
  });
  it("refuses what is not options", () => {
    expect(() => creationOptionsFromJSON({})).toThrow(/not understood/);
  });
});

describe("requestOptionsFromJSON", () => {
  it("decodes the challenge and the allowed credentials", () => {
    const o = requestOptionsFromJSON({ publicKey: { challenge: "AQID", rpId: "loupe.test", allowCredentials: [{ id: "Bgc", type: "public-key" }] } });
    expect(Array.from(new Uint8Array(o.publicKey!.challenge as ArrayBuffer))).toEqual([1, 2, 3]);
    expect(Array.from(new Uint8Array(o.publicKey!.allowCredentials![0].id as ArrayBuffer))).toEqual([6, 7]);
    expect(o.publicKey!.rpId).toBe("loupe.test");
    expect(o.mediation).toBeUndefined();
  });
});

describe("credentialToJSON", () => {
  it("writes a registration's answer", () => {
    const json = credentialToJSON({
      id: "Bgc",
      rawId: bytes(6, 7),
      type: "public-key",
      authenticatorAttachment: "cross-platform",
      response: { clientDataJSON: bytes(1), attestationObject: bytes(2, 3), getTransports: () => ["usb", "nfc"] },
      getClientExtensionResults: () => ({ credProps: { rk: true } }),
    });
    expect(json).toEqual({
      id: "Bgc",
      rawId: "Bgc",
      type: "public-key",
      authenticatorAttachment: "cross-platform",
      response: { clientDataJSON: "AQ", attestationObject: "AgM", transports: ["usb", "nfc"] },
      clientExtensionResults: { credProps: { rk: true } },
    });
  });
  it("writes a sign-in's answer, without a user handle when there is none", () => {
    const json = credentialToJSON({
      id: "Bgc",
      rawId: bytes(6, 7),
      type: "public-key",
      response: { clientDataJSON: bytes(1), authenticatorData: bytes(9), signature: bytes(8), userHandle: null },
    });
    expect(json.response).toEqual({ clientDataJSON: "AQ", authenticatorData: "CQ", signature: "CA" });
    expect(json.clientExtensionResults).toEqual({});
  });
});

describe("passkeyErrorMessage", () => {
  it("explains the browser's refusals", () => {
    const e = (name: string) => Object.assign(new Error("x"), { name });
    expect(passkeyErrorMessage(e("NotAllowedError"))).toMatch(/cancelled or timed out/);
    expect(passkeyErrorMessage(e("InvalidStateError"))).toMatch(/registered already/);
    expect(passkeyErrorMessage(e("SecurityError"))).toMatch(/HTTPS/);
    expect(passkeyErrorMessage(new Error("odd"))).toBe("odd");
    expect(passkeyErrorMessage(undefined)).toBe("The passkey request failed.");
  });
});
