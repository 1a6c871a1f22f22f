import { describe, expect, it } from "vitest";
import { isPublicPath, safeNext, signInPath } from "./nextPath";

describe("safeNext", () => {
  it.each([
    ["/w/123/members", "/w/123/members"],
    ["/invite/abc?x=1", "/invite/abc?x=1"],
    [null, "/"],
    ["", "/"],
    ["w/123", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/signin?next=/x", "/"],
    ["/signup", "/"],
    ["/ok\nbad", "/"],
  ])("%j → %j", (next, want) => {
    expect(safeNext(next)).toBe(want);
  });
});

describe("signInPath", () => {
  it("carries the page to come back to", () => {
    expect(signInPath("/w/1/groups", "?q=a")).toBe("/signin?next=%2Fw%2F1%2Fgroups%3Fq%3Da");
    expect(signInPath("/")).toBe("/signin");
    expect(signInPath("/signin", "?next=/x")).toBe("/signin");
  });
});

describe("isPublicPath", () => {
  it("knows the signed-out pages", () => {
    expect(isPublicPath("/signin")).toBe(true);
    expect(isPublicPath("/signup")).toBe(true);
    expect(isPublicPath("/setup")).toBe(true);
    expect(isPublicPath("/invite/tok")).toBe(true);
    expect(isPublicPath("/account")).toBe(false);
    expect(isPublicPath("/w/1/members")).toBe(false);
  });
});
