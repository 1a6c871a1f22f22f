// Two-factor authentication: my second factors, the second step of a sign-in, and an admin's reset.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "./schema";
import { ApiError, api, call } from "./client";
import { resetUserData } from "./auth";
import { keys } from "./keys";
import { needsMFAEnrollment } from "../lib/mfa";
import { creationOptionsFromJSON, credentialToJSON, requestOptionsFromJSON, type CredentialLike } from "../lib/webauthn";

type Schemas = components["schemas"];
export type MFAStatus = Schemas["MFAStatus"];
export type Passkey = Schemas["Passkey"];
export type MFAChallenge = Schemas["MFAChallenge"];
export type TOTPEnrollment = Schemas["TOTPEnrollmentOutputBody"];

/** Under "me", so that signing in or out drops it with the rest of the user's data. */
export const mfaKey = ["me", "mfa"] as const;

/** isMFAEnrollmentRequired reports the refusal of a workspace that requires a second factor I lack. */
export function isMFAEnrollmentRequired(err: unknown): boolean {
  return err instanceof ApiError && needsMFAEnrollment(err.status, err.problem);
}

export function useMyMFA() {
  return useQuery({ queryKey: mfaKey, queryFn: () => call(api.GET("/api/v1/me/mfa")) });
}

function useInvalidateMFA() {
  const qc = useQueryClient();
  // A new factor may open workspaces that require one: their data and my memberships refresh too.
  return () => Promise.all([qc.invalidateQueries({ queryKey: mfaKey }), qc.invalidateQueries({ queryKey: ["workspaces"] })]);
}

export function useBeginTOTP() {
  return useMutation({ mutationFn: () => call(api.POST("/api/v1/me/mfa/totp")) });
}

export function useConfirmTOTP() {
  const invalidate = useInvalidateMFA();
  return useMutation({
    mutationFn: (code: string) => call(api.POST("/api/v1/me/mfa/totp/confirm", { body: { code } })),
    onSuccess: invalidate,
  });
}

export interface FactorProof {
  password?: string;
  code?: string;
}

export function useRemoveTOTP() {
  const invalidate = useInvalidateMFA();
  return useMutation({
    mutationFn: (proof: FactorProof) => call(api.DELETE("/api/v1/me/mfa/totp", { body: proof })),
    // A wrong password must show next to the field, not sign out.
    meta: { authRedirect: false },
    onSuccess: invalidate,
  });
}

export function useRegenerateRecoveryCodes() {
  const invalidate = useInvalidateMFA();
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/me/mfa/recovery-codes")),
    onSuccess: invalidate,
  });
}

/** createCredential asks the browser for a new credential; tests replace it. */
export type CreateCredential = (options: CredentialCreationOptions) => Promise<CredentialLike | null>;
export type GetCredential = (options: CredentialRequestOptions) => Promise<CredentialLike | null>;

const browserCreate: CreateCredential = async (o) => (await navigator.credentials.create(o)) as CredentialLike | null;
const browserGet: GetCredential = async (o) => (await navigator.credentials.get(o)) as CredentialLike | null;

/** BrowserRefusal is the browser's own refusal of a passkey request (cancelled, not allowed…). */
export class BrowserRefusal extends Error {
  readonly cause: unknown;
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : "The passkey request failed.");
    this.name = "BrowserRefusal";
    this.cause = cause;
  }
}

async function ask<T>(fn: () => Promise<T | null>): Promise<T> {
  let out: T | null;
  try {
    out = await fn();
  } catch (e) {
    throw new BrowserRefusal(e);
  }
  if (!out) throw new BrowserRefusal(new Error("The browser returned no passkey."));
  return out;
}

/** useAddPasskey runs the whole registration: the server's options, the browser's ceremony, the server's check. */
export function useAddPasskey(create: CreateCredential = browserCreate) {
  const invalidate = useInvalidateMFA();
  return useMutation({
    mutationFn: async (name: string) => {
      const reg = await call(api.POST("/api/v1/me/mfa/passkeys/register"));
      const cred = await ask(() => create(creationOptionsFromJSON(reg.options)));
      return call(
        api.POST("/api/v1/me/mfa/passkeys", {
          body: { ceremony_id: reg.ceremony_id, name: name.trim() || undefined, credential: credentialToJSON(cred) },
        }),
      );
    },
    onSuccess: invalidate,
  });
}

export function useRenamePasskey() {
  const invalidate = useInvalidateMFA();
  return useMutation({
    mutationFn: (v: { id: string; name: string }) =>
      call(api.PATCH("/api/v1/me/mfa/passkeys/{passkeyID}", { params: { path: { passkeyID: v.id } }, body: { name: v.name } })),
    onSuccess: invalidate,
  });
}

export function useRemovePasskey() {
  const invalidate = useInvalidateMFA();
  return useMutation({
    mutationFn: (v: { id: string; proof: FactorProof }) =>
      call(api.DELETE("/api/v1/me/mfa/passkeys/{passkeyID}", { params: { path: { passkeyID: v.id } }, body: v.proof })),
    meta: { authRedirect: false },
    onSuccess: invalidate,
  });
}

/** The answers the second step of a sign-in takes; exactly one. */
export type SecondFactor = { code: string } | { recovery_code: string } | { passkey: true };

/** useSecondFactor finishes a sign-in with its second factor, asking the browser for a passkey when that is the factor. */
export function useSecondFactor(get: GetCredential = browserGet) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { challenge: string; factor: SecondFactor }) => {
      const f = v.factor;
      if ("passkey" in f) {
        const req = await call(api.POST("/api/v1/auth/signin/mfa/webauthn", { body: { challenge: v.challenge } }));
        const cred = await ask(() => get(requestOptionsFromJSON(req.options)));
        return call(api.POST("/api/v1/auth/signin/mfa", { body: { challenge: v.challenge, webauthn: credentialToJSON(cred) } }));
      }
      return call(api.POST("/api/v1/auth/signin/mfa", { body: { challenge: v.challenge, ...f } }));
    },
    meta: { authRedirect: false },
    onSuccess: () => resetUserData(qc),
  });
}

export function useResetMemberMFA(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      call(api.DELETE("/api/v1/workspaces/{workspaceID}/members/{userID}/mfa", { params: { path: { workspaceID: ws, userID: userId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.members(ws) }),
  });
}
