import { describe, expect, it } from "vitest";
import { switchPath } from "./WorkspaceSwitcher";

describe("switchPath", () => {
  it("keeps the section when switching between workspaces", () => {
    expect(switchPath("/w/a/groups", "a", "b")).toBe("/w/b/groups");
    expect(switchPath("/w/a/groups/g1", "a", "b")).toBe("/w/b/groups");
    expect(switchPath("/w/a/settings", "a", "b")).toBe("/w/b/settings");
  });

  it("opens members from elsewhere", () => {
    expect(switchPath("/account", undefined, "b")).toBe("/w/b/members");
    expect(switchPath("/w/a", "a", "b")).toBe("/w/b/members");
  });
});
