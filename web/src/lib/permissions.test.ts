import { describe, expect, it } from "vitest";
import { can, invitableRoles, roleAllowedFor } from "./permissions";

describe("can", () => {
  it("gives admins everything", () => {
    for (const a of ["members.manage", "invitations.manage", "groups.manage", "workspace.edit"] as const) {
      expect(can("admin", a)).toBe(true);
    }
  });

  it("lets workforce managers invite and manage groups only", () => {
    expect(can("workforce_manager", "invitations.manage")).toBe(true);
    expect(can("workforce_manager", "groups.manage")).toBe(true);
    expect(can("workforce_manager", "members.manage")).toBe(false);
    expect(can("workforce_manager", "workspace.edit")).toBe(false);
  });

  it("keeps members and taskers read-only", () => {
    for (const r of ["member", "tasker", undefined] as const) {
      expect(can(r, "invitations.manage")).toBe(false);
      expect(can(r, "groups.manage")).toBe(false);
    }
  });
});

describe("invitableRoles", () => {
  it("offers admin only to admins", () => {
    expect(invitableRoles("admin")).toContain("admin");
    expect(invitableRoles("workforce_manager")).not.toContain("admin");
    expect(invitableRoles("member")).toEqual([]);
  });
});

describe("roleAllowedFor", () => {
  it("allows admin only for internal users", () => {
    expect(roleAllowedFor("admin", "internal")).toBe(true);
    expect(roleAllowedFor("admin", "workforce")).toBe(false);
    expect(roleAllowedFor("admin", "external")).toBe(false);
    expect(roleAllowedFor("tasker", "external")).toBe(true);
  });
});
