import { describe, expect, it } from "vitest";
import { DOCS_LABEL_TEXT, imageItem, imageLabel, sampleOntology, SAMPLE_TEXT, textItem, textLabel, videoItem, videoLabel } from "../fixtures";
import type { Label } from "./types";
import { validateLocal } from "./validate";

const onto = sampleOntology();
const lines = (l: Label, item = imageItem()) => validateLocal(l, onto, item).map((i) => `${i.location}: ${i.message}`);

describe("validateLocal", () => {
  it("passes the docs' label on an image of 640×480 (without its video parts)", () => {
    expect(lines(imageLabel())).toEqual([]);
  });

  it("passes the docs' label verbatim on a video", () => {
    const l = JSON.parse(DOCS_LABEL_TEXT) as Label;
    expect(lines(l, { kind: "video", width: 640, height: 480, frames: 20 })).toEqual([]);
  });

  it("refuses frames on an image, as the server does", () => {
    const l = JSON.parse(DOCS_LABEL_TEXT) as Label;
    expect(lines(l)).toEqual(["objects[1].frame: only video items have frames", "frames: only video items have frames"]);
  });

  it("finds an unknown class, and checks nothing else of that object", () => {
    expect(lines({ objects: [{ id: "a", class: "truck", geometry: { x: 0, y: 0, w: -1, h: 1 } }] })).toEqual(["objects[0].class: no object class 'truck' in the ontology"]);
  });

  it("finds a required attribute missing", () => {
    expect(lines({ objects: [{ id: "a", class: "car", geometry: { x: 0, y: 0, w: 1, h: 1 } }] })).toEqual(["objects[0].attributes.occlusion: 'Occlusion' is required"]);
  });

  it("finds a box outside the image, naming the side", () => {
    expect(lines({ objects: [{ id: "a", class: "car", geometry: { x: 600, y: 20, w: 100, h: 50 }, attributes: { occlusion: "none" } }] })).toEqual([
      "objects[0].geometry.w: x + w = 700 lies outside the item's width 640",
    ]);
    expect(lines({ objects: [{ id: "a", class: "car", geometry: { x: 10, y: -1, w: 0, h: 5 }, attributes: { occlusion: "none" } }] })).toEqual([
      "objects[0].geometry.w: must be greater than 0",
      "objects[0].geometry.y: y = -1 lies outside the item's height 480",
    ]);
  });

  it("leaves an unknown size unchecked", () => {
    expect(lines({ objects: [{ id: "a", class: "car", geometry: { x: 6000, y: 20, w: 100, h: 50 }, attributes: { occlusion: "none" } }] }, { kind: "image" })).toEqual([]);
  });

  it("finds a rotated box's corner outside, and a bad angle", () => {
    const sign = (g: object) => lines({ objects: [{ id: "a", class: "sign", geometry: g as never, attributes: { kind: "stop" } }] });
    expect(sign({ cx: 10, cy: 100, w: 40, h: 40, angle: 45 })[0]).toMatch(/^objects\[0\]\.geometry: a corner at x = -18\.28\d* lies outside the item's width 640$/);
    expect(sign({ cx: 100, cy: 100, w: 40, h: 40, angle: 200 })).toEqual(["objects[0].geometry.angle: must be between -180 and 180 degrees"]);
  });

  it("finds a polygon with too few points or self-intersecting, and a short polyline", () => {
    expect(lines({ objects: [{ id: "a", class: "road", geometry: { points: [[0, 0], [1, 1]] } }] })).toEqual(["objects[0].geometry.points: a polygon needs at least 3 points"]);
    expect(lines({ objects: [{ id: "a", class: "road", geometry: { points: [[0, 0], [10, 10], [10, 0], [0, 10]] } }] })).toEqual(["objects[0].geometry: the polygon's edges 0 and 2 cross"]);
    expect(lines({ objects: [{ id: "a", class: "lane", geometry: { points: [[0, 0]] }, attributes: { style: "solid" } }] })).toEqual(["objects[0].geometry.points: a polyline needs at least 2 points"]);
  });

  it("names each point outside the image", () => {
    expect(lines({ objects: [{ id: "a", class: "lane", geometry: { points: [[0, 0], [700, 0]] }, attributes: { style: "solid" } }] })).toEqual([
      "objects[0].geometry.points[1]: x = 700 lies outside the item's width 640",
    ]);
  });

  it("checks skeleton points against the class's skeleton", () => {
    expect(lines({ objects: [{ id: "a", class: "person", geometry: { points: { tail: { x: 1, y: 1 } } } }] })).toEqual(["objects[0].geometry.points.tail: no point 'tail' in the skeleton of 'Person'"]);
    expect(lines({ objects: [{ id: "a", class: "person", geometry: { points: {} } }] })).toEqual(["objects[0].geometry.points: a skeleton needs at least 1 point"]);
  });

  it("checks a mask's size and counts", () => {
    expect(lines({ objects: [{ id: "a", class: "sky", geometry: { size: [480, 640], counts: [1, 2] } }] })).toEqual(["objects[0].geometry.counts: cover 3 pixels, not the 480×640 = 307200 of the mask"]);
    expect(lines({ objects: [{ id: "a", class: "sky", geometry: { size: [10, 10], counts: [100] } }] })).toEqual([
      "objects[0].geometry.size[0]: must be 480, the item's height",
      "objects[0].geometry.size[1]: must be 640, the item's width",
    ]);
  });

  it("checks text spans against the text's length in code points", () => {
    expect(validateLocal(textLabel(), onto, textItem())).toEqual([]);
    const l = { objects: [{ id: "a", class: "place", geometry: { start: 20, end: 27 } }] };
    expect(validateLocal(l, onto, textItem()).map((i) => i.message)).toEqual(["must be at most 26, the text's length"]);
    expect(SAMPLE_TEXT.length).toBe(28);
    expect(validateLocal({ objects: [{ id: "a", class: "place", geometry: { start: 3, end: 3 } }] }, onto, textItem()).map((i) => i.location)).toEqual(["objects[0].geometry.end"]);
  });

  it("finds duplicate ids and a track changing class", () => {
    const l: Label = {
      objects: [
        { id: "a", class: "light", frame: 0, track: "t", geometry: { x: 1, y: 1 } },
        { id: "a", class: "car", frame: 1, track: "t", geometry: { x: 1, y: 1, w: 1, h: 1 }, attributes: { occlusion: "none" } },
      ],
    };
    expect(lines(l, videoItem())).toEqual(["objects[1].id: duplicate object id 'a' (objects[0])", "objects[1].track: track 't' has class 'light' (objects[0])"]);
  });

  it("checks frames against the video's frame count", () => {
    const l = videoLabel();
    l.objects[0].frame = 100;
    expect(lines(l, videoItem())).toEqual(["objects[0].frame: must be less than 100, the video's frame count"]);
  });

  it("checks item and frame classifications, each in its place", () => {
    expect(lines({ objects: [], classifications: { daylight: "day" } })).toEqual(["classifications.daylight: 'Daylight' is a frame classification: give it in frames"]);
    expect(lines({ objects: [], classifications: { issues: ["other"] } })).toEqual(["classifications.issue_notes: 'Notes' is required"]);
    const v: Label = { objects: [], frames: [{ frame: 1, classifications: {} }, { frame: 1, classifications: { weather: "rain", daylight: "day" } }] };
    expect(lines(v, videoItem())).toEqual([
      "frames[0].classifications.daylight: 'Daylight' is required",
      "frames[1].frame: frame 1 is already listed (frames[0])",
      "frames[1].classifications.weather: 'Weather' is an item classification: give it in classifications",
    ]);
  });

  it("reports malformed geometry rather than throwing", () => {
    expect(lines({ objects: [{ id: "a", class: "light", geometry: { x: "1" } as never }] })).toEqual(["objects[0].geometry.x: must be a number", "objects[0].geometry.y: is required"]);
    expect(lines({ objects: [{ id: "a", class: "light", geometry: null as never }] })).toEqual(["objects[0].geometry: is required"]);
  });
});
