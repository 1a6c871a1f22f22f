import { describe, expect, it } from "vitest";
import { SAMPLE_TEXT } from "../fixtures";
import { cpLength, cpToUtf16, segments, sliceCp, trimSpan, utf16ToCp } from "./text";

describe("code points and UTF-16", () => {
  it("cpLength counts a non-BMP character once", () => {
    expect(cpLength("𝔾")).toBe(1);
    expect("𝔾".length).toBe(2);
    expect(cpLength(SAMPLE_TEXT)).toBe(26);
    expect(SAMPLE_TEXT.length).toBe(28);
    expect(cpLength("")).toBe(0);
  });

  it("utf16ToCp and cpToUtf16 convert across surrogate pairs", () => {
    expect(SAMPLE_TEXT.indexOf("Tokyo")).toBe(10);
    expect(utf16ToCp(SAMPLE_TEXT, 10)).toBe(8);
    expect(cpToUtf16(SAMPLE_TEXT, 8)).toBe(10);
    expect(cpToUtf16(SAMPLE_TEXT, 1000)).toBe(SAMPLE_TEXT.length);
    // Inside a pair, the pair counts as passed.
    expect(utf16ToCp("𝔾x", 1)).toBe(1);
  });

  it("a lone surrogate counts as one code point", () => {
    expect(cpLength("\ud835x")).toBe(2);
  });

  it("sliceCp cuts by code points", () => {
    expect(sliceCp(SAMPLE_TEXT, 8, 13)).toBe("Tokyo");
    expect(sliceCp(SAMPLE_TEXT, 6, 7)).toBe("🗼");
  });
});

describe("segments", () => {
  it("cuts the text at span boundaries and names the spans covering each run", () => {
    const segs = segments("abcdef", [
      { id: "x", start: 1, end: 4 },
      { id: "y", start: 3, end: 5 },
    ]);
    expect(segs.map((s) => [s.text, s.ids])).toEqual([
      ["a", []],
      ["bc", ["x"]],
      ["d", ["x", "y"]],
      ["e", ["y"]],
      ["f", []],
    ]);
  });

  it("keeps non-BMP characters whole", () => {
    const segs = segments(SAMPLE_TEXT, [{ id: "s", start: 6, end: 7 }]);
    expect(segs.map((s) => s.text)).toEqual(["𝔾o to ", "🗼", " Tokyo, then Kyoto."]);
    expect(segs[1]).toMatchObject({ start: 6, end: 7, ids: ["s"] });
  });

  it("cuts spans reaching past the text, and gives one empty run for an empty text", () => {
    expect(segments("ab", [{ id: "s", start: 1, end: 9 }]).map((s) => s.text)).toEqual(["a", "b"]);
    expect(segments("", [])).toEqual([{ start: 0, end: 0, text: "", ids: [] }]);
  });
});

describe("trimSpan", () => {
  it("narrows a selection past white space, and refuses white space alone", () => {
    expect(trimSpan(SAMPLE_TEXT, 7, 13)).toEqual({ start: 8, end: 13 });
    expect(trimSpan("  ab  ", 0, 6)).toEqual({ start: 2, end: 4 });
    expect(trimSpan("a   b", 1, 4)).toBeNull();
    expect(trimSpan("hello", 4, 1)).toEqual({ start: 1, end: 4 });
  });
});
