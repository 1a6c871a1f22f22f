import { describe, expect, it } from "vitest";
import { can, datasetAllows, invitableRoles, roleAllowedFor } from "./permissions";

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

describe("data permissions", () => {
  it("lets staff create datasets and see storage, and managers manage it", () => {
    expect(can("member", "datasets.create")).toBe(true);
    expect(can("member", "storage.list")).toBe(true);
    expect(can("member", "storage.manage")).toBe(false);
    expect(can("workforce_manager", "storage.manage")).toBe(true);
    expect(can("tasker", "datasets.create")).toBe(false);
    expect(can("tasker", "storage.list")).toBe(false);
  });

  it("orders dataset roles viewer < editor < admin", () => {
    expect(datasetAllows("viewer", "viewer")).toBe(true);
    expect(datasetAllows("viewer", "editor")).toBe(false);
    expect(datasetAllows("editor", "editor")).toBe(true);
    expect(datasetAllows("editor", "admin")).toBe(false);
    expect(datasetAllows("admin", "editor")).toBe(true);
    expect(datasetAllows(undefined, "viewer")).toBe(false);
  });
});
