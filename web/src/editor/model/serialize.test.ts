import { describe, expect, it } from "vitest";
import { DOCS_LABEL_TEXT, imageLabel } from "../fixtures";
import { bindErrors, attributeErrors, mergeErrors, parseLocation } from "./errors";
import { LabelParseError, parseLabel, toJSON, toJSONText } from "./serialize";
import type { Label } from "./types";

describe("serialisation", () => {
  it("the docs' label round-trips to the same document", () => {
    const parsed = parseLabel(DOCS_LABEL_TEXT);
    expect(toJSON(parsed)).toEqual(JSON.parse(DOCS_LABEL_TEXT));
    expect(JSON.parse(toJSONText(parsed))).toEqual(JSON.parse(DOCS_LABEL_TEXT));
  });

  it("writes an object's fields in the docs' order", () => {
    const l: Label = { objects: [{ attributes: { a: "b" }, geometry: { x: 1, y: 1 }, track: "t", frame: 2, class: "c", id: "i" } as never] };
    expect(Object.keys(toJSON(l).objects[0])).toEqual(["id", "class", "frame", "track", "geometry", "attributes"]);
  });

  it("leaves out empty attributes, classifications and frames, and sorts frames", () => {
    const l: Label = {
      objects: [{ id: "i", class: "c", geometry: { x: 1, y: 1 }, attributes: {} }],
      classifications: {},
      frames: [
        { frame: 9, classifications: { d: "x" } },
        { frame: 2, classifications: {} },
        { frame: 1, classifications: { d: "y" } },
      ],
    };
    expect(toJSON(l)).toEqual({
      objects: [{ id: "i", class: "c", geometry: { x: 1, y: 1 } }],
      frames: [
        { frame: 1, classifications: { d: "y" } },
        { frame: 9, classifications: { d: "x" } },
      ],
    });
  });

  it("shares nothing with the label it copies", () => {
    const l = imageLabel();
    const j = toJSON(l);
    (j.objects[0].geometry as { x: number }).x = 999;
    expect((l.objects[0].geometry as { x: number }).x).toBe(10);
  });

  it("an empty label is {objects: []}", () => {
    expect(toJSONText({ objects: [] }, 0)).toBe('{"objects":[]}');
  });

  it("parseLabel refuses what is not a label, saying where", () => {
    expect(() => parseLabel("{")).toThrow(/not valid JSON/);
    expect(() => parseLabel("[]")).toThrow(LabelParseError);
    expect(() => parseLabel({ objects: [{ id: 1, class: "c", geometry: {} }] })).toThrow("objects[0].id: must be a string");
    expect(() => parseLabel({ objects: [{ id: "a", class: "c", geometry: [] }] })).toThrow("objects[0].geometry: must be an object");
    expect(() => parseLabel({ objects: [], frames: [{ frame: 1.5, classifications: {} }] })).toThrow("frames[0].frame: must be an integer");
  });
});

describe("error locations", () => {
  it("parseLocation finds the label's part after any request prefix", () => {
    expect(parseLocation("body.label.objects[3].attributes.occlusion")).toEqual({ scope: "object", index: 3, field: "attributes", key: "occlusion" });
    expect(parseLocation("objects[0].attributes.tags[1]")).toEqual({ scope: "object", index: 0, field: "attributes", key: "tags" });
    expect(parseLocation('objects[0].attributes["odd key"]')).toEqual({ scope: "object", index: 0, field: "attributes", key: "odd key" });
    expect(parseLocation("label.objects[2].geometry.w")).toEqual({ scope: "object", index: 2, field: "geometry" });
    expect(parseLocation("objects[2]")).toEqual({ scope: "object", index: 2, field: "" });
    expect(parseLocation("body.label.classifications.issue_notes")).toEqual({ scope: "classification", key: "issue_notes" });
    expect(parseLocation("frames[1].classifications.daylight")).toEqual({ scope: "frame", index: 1, key: "daylight" });
    expect(parseLocation("body.revision")).toEqual({ scope: "label" });
  });

  it("bindErrors puts messages on objects by id, classifications by key and frames by number", () => {
    const l: Label = { objects: [{ id: "a", class: "car", geometry: { x: 0, y: 0, w: 1, h: 1 } }], frames: [{ frame: 7, classifications: {} }] };
    const b = bindErrors(
      [
        { location: "body.label.objects[0].attributes.occlusion", message: "'Occlusion' is required" },
        { location: "body.label.objects[0].geometry.w", message: "too wide" },
        { location: "body.label.objects[5].class", message: "no such" },
        { location: "body.label.classifications.weather", message: "bad" },
        { location: "body.label.frames[0].classifications.daylight", message: "'Daylight' is required" },
        { message: "the task is claimed by someone else" },
      ],
      l,
    );
    expect(b.objects.a.map((e) => [e.field, e.key, e.message])).toEqual([
      ["attributes", "occlusion", "'Occlusion' is required"],
      ["geometry", undefined, "too wide"],
    ]);
    expect(attributeErrors(b, "a")).toEqual({ occlusion: ["'Occlusion' is required"] });
    expect(b.classifications).toEqual({ weather: ["bad"] });
    expect(b.frames).toEqual({ 7: { daylight: ["'Daylight' is required"] } });
    expect(b.general).toEqual(["body.label.objects[5].class: no such", "the task is claimed by someone else"]);
    expect(b.count).toBe(6);
  });

  it("mergeErrors adds two sets together", () => {
    const l: Label = { objects: [{ id: "a", class: "car", geometry: { x: 0, y: 0, w: 1, h: 1 } }] };
    const m = mergeErrors(bindErrors([{ location: "objects[0].class", message: "x" }], l), bindErrors([{ location: "objects[0].class", message: "y", severity: "warning" } as never], l));
    expect(m.objects.a.map((e) => [e.message, e.severity])).toEqual([
      ["x", "error"],
      ["y", "warning"],
    ]);
    expect(m.count).toBe(2);
  });
});
