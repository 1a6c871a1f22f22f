import { describe, expect, it } from "vitest";
import { filterFromParams, isFiltered, withFilter } from "./itemFilter";

describe("filterFromParams", () => {
  it("reads the type and the metadata object", () => {
    const p = new URLSearchParams({ type: "image", metadata: '{"camera":"front","n":2}' });
    expect(filterFromParams(p)).toEqual({ type: "image", metadata: { camera: "front", n: 2 } });
  });

  it("ignores what does not parse", () => {
    expect(filterFromParams(new URLSearchParams("type=gif&metadata=%7Bbroken"))).toEqual({});
    expect(filterFromParams(new URLSearchParams("metadata=[1]"))).toEqual({});
    expect(filterFromParams(new URLSearchParams("metadata={}"))).toEqual({});
  });
});

describe("withFilter", () => {
  it("sets and clears the filter, keeping other params", () => {
    const p = new URLSearchParams("item=i1&type=video");
    const set = withFilter(p, { type: "audio", metadata: { a: 1 } });
    expect(set.get("item")).toBe("i1");
    expect(filterFromParams(set)).toEqual({ type: "audio", metadata: { a: 1 } });
    expect(p.get("type")).toBe("video"); // the input is not changed
    const cleared = withFilter(set, {});
    expect(cleared.toString()).toBe("item=i1");
  });
});

describe("isFiltered", () => {
  it("is true only with a type or metadata keys", () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ metadata: {} })).toBe(false);
    expect(isFiltered({ type: "text" })).toBe(true);
    expect(isFiltered({ metadata: { a: "b" } })).toBe(true);
  });
});
