import { describe, expect, it } from "vitest";
import { formatMetadataFilter, parseFilterValue, parseMetadataFilter, parseMetadataJSON, splitPairs } from "./metadata";

describe("parseFilterValue", () => {
  it.each([
    ["front", "front"],
    ["  front camera ", "front camera"],
    ["2", 2],
    ["-1.5", -1.5],
    ["1e3", 1000],
    ["true", true],
    ["false", false],
    ["null", null],
    ['"2"', "2"],
    ['"true"', "true"],
    ['"  padded "', "  padded "],
    ["[1, 2]", [1, 2]],
    ['{"a": 1}', { a: 1 }],
    ["007", "007"],
    ["True", "True"],
    ["'single'", "'single'"],
    ["", ""],
  ])("%j → %j", (raw, want) => {
    expect(parseFilterValue(raw)).toEqual(want);
  });
});

describe("splitPairs", () => {
  it("splits at newlines, semicolons and commas", () => {
    expect(splitPairs("a = 1\nb = 2; c = 3, d = 4")).toEqual(["a = 1", "b = 2", "c = 3", "d = 4"]);
  });

  it("keeps separators inside quotes and brackets", () => {
    expect(splitPairs('city = "Paris, TX"; tags = ["a", "b"], o = {"x": 1, "y": 2}')).toEqual([
      'city = "Paris, TX"',
      'tags = ["a", "b"]',
      'o = {"x": 1, "y": 2}',
    ]);
  });

  it("handles escaped quotes and drops empty pieces", () => {
    expect(splitPairs('q = "say \\"hi\\", then go";;\n\n r = 1')).toEqual(['q = "say \\"hi\\", then go"', "r = 1"]);
  });
});

describe("parseMetadataFilter", () => {
  it("is no filter when empty", () => {
    expect(parseMetadataFilter("")).toEqual({ ok: true, value: undefined });
    expect(parseMetadataFilter("  \n ; ")).toEqual({ ok: true, value: undefined });
  });

  it("turns pairs into a JSON object with typed values", () => {
    expect(parseMetadataFilter('camera = front; split = 2\nreviewed = true, label = "7"')).toEqual({
      ok: true,
      value: { camera: "front", split: 2, reviewed: true, label: "7" },
    });
  });

  it("splits each pair at its first =", () => {
    expect(parseMetadataFilter("query = a=b")).toEqual({ ok: true, value: { query: "a=b" } });
    expect(parseMetadataFilter('"a=b" = 1')).toEqual({ ok: true, value: { "a=b": 1 } });
  });

  it("takes an empty value as the empty string", () => {
    expect(parseMetadataFilter("note =")).toEqual({ ok: true, value: { note: "" } });
  });

  it("explains what it cannot read", () => {
    expect(parseMetadataFilter("camera")).toEqual({ ok: false, error: "“camera” is not of the form key = value" });
    expect(parseMetadataFilter("= 3")).toEqual({ ok: false, error: "“= 3” has no key before =" });
    expect(parseMetadataFilter("a = 1; a = 2")).toEqual({ ok: false, error: "“a” is given twice" });
  });
});

describe("formatMetadataFilter", () => {
  it("writes pairs that read back the same", () => {
    const m = { camera: "front", split: 2, label: "7", ok: true, city: "Paris, TX", "a=b": null, tags: ["x"], blank: "" };
    const text = formatMetadataFilter(m);
    expect(text.split("\n")[0]).toBe("camera = front");
    expect(parseMetadataFilter(text)).toEqual({ ok: true, value: m });
  });

  it("is empty for no filter", () => {
    expect(formatMetadataFilter(undefined)).toBe("");
  });
});

describe("parseMetadataJSON", () => {
  it("accepts a JSON object or nothing", () => {
    expect(parseMetadataJSON("")).toEqual({ ok: true, value: undefined });
    expect(parseMetadataJSON(' {"camera": "front"} ')).toEqual({ ok: true, value: { camera: "front" } });
  });

  it("refuses other JSON and broken text", () => {
    expect(parseMetadataJSON("[1]")).toEqual({ ok: false, error: 'Must be a JSON object, such as {"camera": "front"}' });
    expect(parseMetadataJSON("null").ok).toBe(false);
    const bad = parseMetadataJSON("{camera: front}");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^Not valid JSON/);
  });
});
