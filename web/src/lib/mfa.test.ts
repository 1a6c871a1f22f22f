import { describe, expect, it } from "vitest";
import {
  enrollPath,
  factorCount,
  factorSummary,
  groupSecret,
  isTOTPCode,
  methodLabel,
  needsMFAEnrollment,
  normalizeCode,
  recoveryCodesFile,
} from "./mfa";

describe("needsMFAEnrollment", () => {
  const mfa = { title: "Forbidden", status: 403, detail: "this workspace requires two-factor authentication: …", errors: [{ location: "body.mfa", message: "enroll" }] };
  it("recognizes the workspace's refusal of a member without a second factor", () => {
    expect(needsMFAEnrollment(403, mfa)).toBe(true);
  });
  it("leaves other refusals alone", () => {
    expect(needsMFAEnrollment(403, { title: "Forbidden", detail: "your role may not…" })).toBe(false);
    expect(needsMFAEnrollment(404, mfa)).toBe(false);
    expect(needsMFAEnrollment(403, { errors: [{ location: "body.mfa_required", message: "x" }] })).toBe(false);
    expect(needsMFAEnrollment(undefined, undefined)).toBe(false);
  });
});

describe("enrollPath", () => {
  it("names the workspace and where to go back to", () => {
    expect(enrollPath("w1", "/w/w1/projects?x=1")).toBe("/mfa/enroll?workspace=w1&next=%2Fw%2Fw1%2Fprojects%3Fx%3D1");
    expect(enrollPath("w1")).toBe("/mfa/enroll?workspace=w1");
  });
});

describe("codes", () => {
  it("groups a secret in fours", () => {
    expect(groupSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    expect(groupSecret("ABCDE")).toBe("ABCD E");
  });
  it("tells a six-digit code from a recovery code", () => {
    expect(normalizeCode(" 123 456 ")).toBe("123456");
    expect(isTOTPCode("123 456")).toBe(true);
    expect(isTOTPCode("12345")).toBe(false);
    expect(isTOTPCode("abcd-efgh-ijkl-mnop")).toBe(false);
  });
});

describe("factors", () => {
  it("counts and describes them", () => {
    expect(factorCount({ totp: true, passkeys: 2 })).toBe(3);
    expect(factorSummary({ totp: false, passkeys: 0 })).toMatch(/off/);
    expect(factorSummary({ totp: true, passkeys: 0 })).toBe("On: you sign in with your password and an authenticator app.");
    expect(factorSummary({ totp: true, passkeys: 2 })).toBe("On: you sign in with your password and an authenticator app or 2 passkeys.");
    expect(factorSummary({ totp: false, passkeys: 1 })).toBe("On: you sign in with your password and a passkey.");
  });
  it("labels the methods", () => {
    expect(methodLabel("totp")).toBe("Authenticator app");
    expect(methodLabel("webauthn")).toBe("Passkey or security key");
    expect(methodLabel("recovery_code")).toBe("Recovery code");
  });
});

describe("recoveryCodesFile", () => {
  it("lists the codes under a header", () => {
    const text = recoveryCodesFile(["aaaa-bbbb-cccc-dddd", "eeee-ffff-gggg-hhhh"], "ada@acme.test", new Date("2026-11-25T09:00:00Z"));
    expect(text.split("\n")).toEqual([
      "Loupe recovery codes for ada@acme.test",
      "Made 2026-11-25. Each code works once, in place of your authenticator app or passkey.",
      "Keep them somewhere safe, apart from your password.",
      "",
      "aaaa-bbbb-cccc-dddd",
      "eeee-ffff-gggg-hhhh",
      "",
    ]);
  });
});
