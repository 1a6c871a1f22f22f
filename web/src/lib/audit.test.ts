import { describe, expect, it } from "vitest";
import { compactDetail, dayRange, describeAction } from "./audit";

describe("describeAction", () => {
  it("words known actions and shows others as they are", () => {
    expect(describeAction("group.renamed")).toBe("renamed a group");
    expect(describeAction("something.new")).toBe("something.new");
  });
});

describe("compactDetail", () => {
  it("shows changes as from → to and skips what did not change", () => {
    const d = { name: { from: "Labelers", to: "Reviewers" }, role: { from: "member", to: "member" }, email: "bo@acme.test" };
    expect(compactDetail(d)).toBe("name: Labelers → Reviewers · email: bo@acme.test");
  });
  it("is empty for no detail and cut for long detail", () => {
    expect(compactDetail({})).toBe("");
    expect(compactDetail(null)).toBe("");
    expect(compactDetail({ x: "a".repeat(300) }, 20)).toHaveLength(20);
  });
  it("lists arrays", () => {
    expect(compactDetail({ email_domains: { from: [], to: ["acme.test", "acme.io"] } })).toBe("email_domains: none → acme.test, acme.io");
  });
});

describe("dayRange", () => {
  it("covers whole days in UTC", () => {
    expect(dayRange("2026-12-01", "2026-12-31")).toEqual({ from: "2026-12-01T00:00:00Z", to: "2027-01-01T00:00:00Z" });
    expect(dayRange("", "")).toEqual({});
  });
});
