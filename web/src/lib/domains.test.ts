import { describe, expect, it } from "vitest";
import { normalizeDomain, splitDomains } from "./domains";

describe("normalizeDomain", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM ", "example.com"],
    ["@acme.io", "acme.io"],
    ["*.acme.io", "acme.io"],
    ["mail.acme.co.uk.", "mail.acme.co.uk"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["localhost", ""],
    ["foo@bar.com", ""],
    ["-bad.com", ""],
    ["bad-.com", ""],
    ["a..b", ""],
    ["1.2.3.4", ""],
    ["", ""],
    ["https://example.com", ""],
  ])("%j → %j", (input, want) => {
    expect(normalizeDomain(input)).toBe(want);
  });
});

describe("splitDomains", () => {
  it("splits on commas, semicolons and whitespace, dropping duplicates", () => {
    expect(splitDomains("a.com, b.com;c.com\nA.com  b.com", ["c.com"])).toEqual({
      added: ["a.com", "b.com"],
      invalid: [],
    });
  });

  it("reports invalid entries", () => {
    expect(splitDomains("good.org nope")).toEqual({ added: ["good.org"], invalid: ["nope"] });
  });

  it("returns nothing for empty text", () => {
    expect(splitDomains("  ,  ")).toEqual({ added: [], invalid: [] });
  });
});
