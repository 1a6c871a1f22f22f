import { describe, expect, it } from "vitest";
import { decodeTextPreview, dimensions, itemFacts, itemTypeLabel } from "./items";

describe("itemFacts", () => {
  it("lists what is known about an item", () => {
    expect(itemFacts({ size: 2048, width: 640, height: 480, duration_ms: null })).toEqual(["640 × 480", "2 KB"]);
    expect(itemFacts({ size: 5 * 1024 * 1024, width: 1920, height: 1080, duration_ms: 12_000 })).toEqual([
      "1920 × 1080",
      "0:12",
      "5 MB",
    ]);
    expect(itemFacts({ size: 10, width: null, height: null, duration_ms: 0 })).toEqual(["0:00", "10 B"]);
  });

  it("says nothing of half-known dimensions", () => {
    expect(dimensions({ width: 640, height: null })).toBe("");
  });
});

describe("itemTypeLabel", () => {
  it("names types", () => {
    expect(itemTypeLabel("document")).toBe("Document");
    expect(itemTypeLabel("other")).toBe("other");
  });
});

describe("decodeTextPreview", () => {
  it("drops a character cut at the end of the range", () => {
    const bytes = new TextEncoder().encode("héllo €");
    expect(decodeTextPreview(bytes)).toBe("héllo €");
    expect(decodeTextPreview(bytes.slice(0, bytes.length - 1))).toBe("héllo ");
  });
});
