// Two-factor authentication, the pure parts: how the API says a workspace requires it, what the
// account page says of a user's factors, and the recovery codes file.
import type { Problem } from "../api/problem";

/**
 * The API refuses a member without a second factor everything of a workspace that requires one:
 * a 403 problem with an error at this location (the service's MFAEnrollmentField).
 */
export const MFA_REQUIRED_LOCATION = "body.mfa";

/** needsMFAEnrollment reports whether a refusal is the one that asks to enroll a second factor. */
export function needsMFAEnrollment(status: number | undefined, problem: Problem | undefined): boolean {
  return status === 403 && !!problem?.errors?.some((e) => e.location === MFA_REQUIRED_LOCATION);
}

/** enrollPath is the page that members of a workspace requiring MFA are sent to. */
export function enrollPath(workspaceId: string, next?: string): string {
  const q = new URLSearchParams({ workspace: workspaceId });
  if (next && next !== "/") q.set("next", next);
  return `/mfa/enroll?${q.toString()}`;
}

/** groupSecret spaces a base32 secret in fours, for typing it into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ");
}

/** normalizeCode keeps the digits of what was typed into a code box ("123 456" → "123456"). */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, "");
}

/** isTOTPCode tells a six-digit authenticator code from a recovery code. */
export function isTOTPCode(typed: string): boolean {
  return /^\d{6}$/.test(normalizeCode(typed));
}

export interface FactorCounts {
  totp: boolean;
  passkeys: number;
}

/** factorCount is how many second factors an account has (recovery codes stand in for one, they are not one). */
export function factorCount(f: FactorCounts): number {
  return (f.totp ? 1 : 0) + f.passkeys;
}

/** factorSummary says in a few words what protects the account. */
export function factorSummary(f: FactorCounts): string {
  const parts: string[] = [];
  if (f.totp) parts.push("an authenticator app");
  if (f.passkeys === 1) parts.push("a passkey");
  else if (f.passkeys > 1) parts.push(`${f.passkeys} passkeys`);
  if (parts.length === 0) return "Two-factor authentication is off: your password alone signs you in.";
  return `On: you sign in with your password and ${parts.join(" or ")}.`;
}

/** recoveryCodesFile is the text of the downloadable recovery codes. */
export function recoveryCodesFile(codes: string[], account: string, made: Date): string {
  return [
    `Loupe recovery codes for ${account}`,
    `Made ${made.toISOString().slice(0, 10)}. Each code works once, in place of your authenticator app or passkey.`,
    "Keep them somewhere safe, apart from your password.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/** methodLabel names a sign-in's second factor. */
export function methodLabel(method: string): string {
  switch (method) {
    case "totp":
      return "Authenticator app";
    case "webauthn":
      return "Passkey or security key";
    case "recovery_code":
      return "Recovery code";
  }
  return method;
}
