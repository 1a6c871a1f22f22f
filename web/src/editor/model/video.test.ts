import { describe, expect, it } from "vitest";
import { sampleOntology, videoLabel } from "../fixtures";
import { interpolateGeometry, interpolatedAt, isVirtualId, keyframeMap, keyframes, lerpAngle, materialize, nearestKeyframe, objectsAt, parseVirtualId, virtualId } from "./video";

const onto = sampleOntology();

describe("interpolation maths", () => {
  it("boxes move and grow linearly", () => {
    expect(interpolateGeometry("bounding_box", { x: 0, y: 0, w: 100, h: 50 }, { x: 100, y: 50, w: 200, h: 100 }, 0.5)).toEqual({ x: 50, y: 25, w: 150, h: 75 });
    expect(interpolateGeometry("bounding_box", { x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 0, w: 10, h: 10 }, 0)).toEqual({ x: 0, y: 0, w: 10, h: 10 });
  });

  it("rotated boxes turn the shorter way round", () => {
    expect(lerpAngle(170, -170, 0.5)).toBe(-180);
    expect(lerpAngle(-10, 30, 0.25)).toBe(0);
    const g = interpolateGeometry("rotated_box", { cx: 0, cy: 0, w: 10, h: 10, angle: 170 }, { cx: 10, cy: 0, w: 10, h: 10, angle: -170 }, 0.25);
    expect(g).toEqual({ cx: 2.5, cy: 0, w: 10, h: 10, angle: 175 });
  });

  it("points and skeleton points move; points only before are held", () => {
    expect(interpolateGeometry("point", { x: 0, y: 0 }, { x: 10, y: 20 }, 0.1)).toEqual({ x: 1, y: 2 });
    const g = interpolateGeometry("skeleton", { points: { a: { x: 0, y: 0 }, b: { x: 5, y: 5, visible: false } } }, { points: { a: { x: 10, y: 10 } } }, 0.5);
    expect(g).toEqual({ points: { a: { x: 5, y: 5 }, b: { x: 5, y: 5, visible: false } } });
  });

  it("polygons interpolate point by point only with the same number of points", () => {
    expect(interpolateGeometry("polygon", { points: [[0, 0], [10, 0], [0, 10]] }, { points: [[10, 0], [20, 0], [10, 10]] }, 0.5)).toEqual({ points: [[5, 0], [15, 0], [5, 10]] });
    expect(interpolateGeometry("polygon", { points: [[0, 0], [10, 0], [0, 10]] }, { points: [[0, 0], [1, 0], [1, 1], [0, 1]] }, 0.5)).toBeNull();
    expect(interpolateGeometry("text_span", { start: 0, end: 1 }, { start: 2, end: 3 }, 0.5)).toBeNull();
  });
});

describe("tracks and keyframes", () => {
  it("virtual ids name a track on a frame", () => {
    expect(virtualId("t1", 5)).toBe("~t1@5");
    expect(parseVirtualId("~t1@5")).toEqual({ track: "t1", frame: 5 });
    expect(parseVirtualId("o1")).toBeNull();
    expect(isVirtualId("~a@b")).toBe(false);
  });

  it("keyframes and the keyframe map list a track's frames in order", () => {
    const l = videoLabel();
    l.objects.reverse();
    expect(keyframes(l, "t1").map((o) => o.frame)).toEqual([0, 10]);
    expect([...keyframeMap(l).entries()]).toEqual([
      ["t2", [5]],
      ["t1", [0, 10]],
    ]);
  });

  it("between keyframes the track is interpolated and marked so, with the attributes of the keyframe before", () => {
    const f = objectsAt(videoLabel(), onto, 5);
    const car = f.find((o) => o.object.track === "t1")!;
    expect(car.interpolated).toBe(true);
    expect(car.index).toBe(-1);
    expect(car.object).toEqual({ id: "~t1@5", class: "car", frame: 5, track: "t1", geometry: { x: 50, y: 25, w: 150, h: 75 }, attributes: { occlusion: "none" } });
    expect(f.find((o) => o.object.id === "p5")?.interpolated).toBe(false);
  });

  it("on a keyframe the keyframe itself shows; outside the track nothing", () => {
    expect(objectsAt(videoLabel(), onto, 10).map((o) => [o.object.id, o.interpolated])).toEqual([["k10", false]]);
    expect(objectsAt(videoLabel(), onto, 11)).toEqual([]);
    expect(interpolatedAt(videoLabel(), onto, "t1", 0)).toBeNull();
    expect(interpolatedAt(videoLabel(), onto, "t1", 3)?.geometry).toEqual({ x: 30, y: 15, w: 130, h: 65 });
  });

  it("objects without a frame show on every frame", () => {
    const l = videoLabel();
    l.objects.push({ id: "all", class: "light", geometry: { x: 1, y: 1 } });
    expect(objectsAt(l, onto, 50).map((o) => o.object.id)).toEqual(["all"]);
  });

  it("materialize makes a keyframe of an interpolated object, right after the keyframe before", () => {
    const l = materialize(videoLabel(), onto, "~t1@4", "k4");
    expect(l.objects.map((o) => o.id)).toEqual(["k0", "k4", "k10", "p5"]);
    expect(l.objects[1]).toMatchObject({ id: "k4", frame: 4, track: "t1", geometry: { x: 40, y: 20, w: 140, h: 70 } });
    const same = videoLabel();
    expect(materialize(same, onto, "~t1@0", "x")).toBe(same);
    expect(materialize(same, onto, "o1", "x")).toBe(same);
  });

  it("nearestKeyframe is the keyframe at or before a frame, else the first", () => {
    expect(nearestKeyframe(videoLabel(), "t1", 7)?.id).toBe("k0");
    expect(nearestKeyframe(videoLabel(), "t1", 70)?.id).toBe("k10");
    expect(nearestKeyframe(videoLabel(), "t2", 0)?.id).toBe("p5");
  });
});
