import { describe, expect, it } from "vitest";
import {
  angleTo,
  boxFromCorners,
  clampBox,
  clampDelta,
  clampGeometry,
  clampRotated,
  closestOnSegment,
  geometryBounds,
  hitGeometry,
  maskAt,
  moveGeometry,
  nearestEdge,
  normalizeAngle,
  pickHit,
  pointInPolygon,
  polygonArea,
  polygonFault,
  rotateHandle,
  rotatedCorners,
  rotatedExtent,
  round2,
  roundGeometry,
  segmentsMeet,
  tidyGeometry,
  translate,
} from "./geometry";
import type { RotatedBoxGeometry, XY } from "./types";

const size = { width: 640, height: 480 };

function close(a: { x: number; y: number }, b: { x: number; y: number }) {
  expect(a.x).toBeCloseTo(b.x, 6);
  expect(a.y).toBeCloseTo(b.y, 6);
}

describe("numbers", () => {
  it("normalizeAngle maps into −180..180", () => {
    expect(normalizeAngle(0)).toBe(0);
    expect(normalizeAngle(190)).toBe(-170);
    expect(normalizeAngle(-190)).toBe(170);
    expect(normalizeAngle(540)).toBe(-180);
    expect(normalizeAngle(-360)).toBe(0);
    expect(normalizeAngle(179.5)).toBe(179.5);
  });

  it("round2 keeps hundredths and never gives −0", () => {
    expect(round2(1.23456)).toBe(1.23);
    expect(round2(-0.001)).toBe(0);
    expect(Object.is(round2(-0.001), -0)).toBe(false);
  });
});

describe("boxes", () => {
  it("boxFromCorners spans two corners whichever way the drag went", () => {
    expect(boxFromCorners({ x: 50, y: 40 }, { x: 10, y: 20 })).toEqual({ x: 10, y: 20, w: 40, h: 20 });
  });

  it("rotatedCorners of an unrotated box are its corners, clockwise from top-left", () => {
    const c = rotatedCorners({ cx: 50, cy: 50, w: 20, h: 10, angle: 0 });
    expect(c).toEqual([
      { x: 40, y: 45 },
      { x: 60, y: 45 },
      { x: 60, y: 55 },
      { x: 40, y: 55 },
    ]);
  });

  it("rotatedCorners turn clockwise on screen for a positive angle", () => {
    const [tl, tr] = rotatedCorners({ cx: 0, cy: 0, w: 20, h: 10, angle: 90 });
    // The top-left corner (−10, −5) turned a quarter clockwise (y down) lands at (5, −10).
    close(tl, { x: 5, y: -10 });
    close(tr, { x: 5, y: 10 });
  });

  it("rotatedExtent matches the corners' reach, as the server computes it", () => {
    const g: RotatedBoxGeometry = { cx: 320, cy: 100, w: 40, h: 20, angle: 30 };
    const { dx, dy } = rotatedExtent(g);
    const cs = rotatedCorners(g);
    expect(Math.max(...cs.map((p) => p.x)) - g.cx).toBeCloseTo(dx, 9);
    expect(Math.max(...cs.map((p) => p.y)) - g.cy).toBeCloseTo(dy, 9);
  });

  it("the rotate handle sits above the top edge and angleTo points back at it", () => {
    const g = { cx: 100, cy: 100, w: 40, h: 20, angle: 35 };
    const h = rotateHandle(g, 15);
    expect(angleTo({ x: 100, y: 100 }, h)).toBeCloseTo(35, 9);
    expect(angleTo({ x: 0, y: 0 }, { x: 0, y: -5 })).toBe(0);
    expect(angleTo({ x: 0, y: 0 }, { x: 5, y: 0 })).toBe(90);
    expect(angleTo({ x: 0, y: 0 }, { x: -5, y: 0 })).toBe(-90);
  });
});

describe("bounds, moving and clamping", () => {
  it("geometryBounds covers every shape's points", () => {
    expect(geometryBounds("bounding_box", { x: 1, y: 2, w: 3, h: 4 })).toEqual({ x: 1, y: 2, w: 3, h: 4 });
    expect(geometryBounds("polygon", { points: [[0, 10], [5, 0], [10, 10]] })).toEqual({ x: 0, y: 0, w: 10, h: 10 });
    expect(geometryBounds("point", { x: 3, y: 4 })).toEqual({ x: 3, y: 4, w: 0, h: 0 });
    expect(geometryBounds("skeleton", { points: { a: { x: 1, y: 1 }, b: { x: 4, y: 9 } } })).toEqual({ x: 1, y: 1, w: 3, h: 8 });
    expect(geometryBounds("text_span", { start: 0, end: 3 })).toBeNull();
  });

  it("geometryBounds of a mask is its foreground's", () => {
    // 4×4, column-major: pixels (x=1, y=1) and (x=1, y=2) are foreground.
    expect(geometryBounds("mask", { size: [4, 4], counts: [5, 2, 9] })).toEqual({ x: 1, y: 1, w: 1, h: 2 });
  });

  it("translate moves every point, and not a text span", () => {
    expect(translate("polyline", { points: [[0, 0], [1, 1]] }, 2, 3)).toEqual({ points: [[2, 3], [3, 4]] });
    expect(translate("rotated_box", { cx: 1, cy: 1, w: 2, h: 2, angle: 9 }, 1, 1)).toEqual({ cx: 2, cy: 2, w: 2, h: 2, angle: 9 });
    expect(translate("skeleton", { points: { a: { x: 1, y: 1, visible: false } } }, 1, 0)).toEqual({ points: { a: { x: 2, y: 1, visible: false } } });
    const span = { start: 1, end: 2 };
    expect(translate("text_span", span, 5, 5)).toBe(span);
  });

  it("clampDelta stops a move at the item's edges", () => {
    expect(clampDelta({ x: 600, y: 10, w: 30, h: 10 }, 50, -50, size)).toEqual({ x: 10, y: -10 });
    expect(clampDelta({ x: 0, y: 0, w: 700, h: 10 }, 5, 5, size)).toEqual({ x: 0, y: 5 });
    expect(clampDelta({ x: 0, y: 0, w: 10, h: 10 }, -50, 0, null)).toEqual({ x: -50, y: 0 });
  });

  it("moveGeometry keeps the shape whole at the edge", () => {
    expect(moveGeometry("bounding_box", { x: 600, y: 400, w: 30, h: 30 }, 100, 100, size)).toEqual({ x: 610, y: 450, w: 30, h: 30 });
    const g = { points: [[0, 0], [10, 0], [10, 10]] as XY[] };
    expect(moveGeometry("polygon", g, -5, 0, size)).toBe(g);
  });

  it("clampBox cuts a box to the item", () => {
    expect(clampBox({ x: -10, y: 470, w: 50, h: 50 }, size)).toEqual({ x: 0, y: 470, w: 40, h: 10 });
    expect(clampBox({ x: 700, y: 0, w: 5, h: 5 }, size)).toEqual({ x: 640, y: 0, w: 0, h: 5 });
  });

  it("clampRotated slides a turned box's corners back inside", () => {
    const g = clampRotated({ cx: 5, cy: 240, w: 40, h: 40, angle: 45 }, size);
    const { dx } = rotatedExtent(g);
    expect(g.cx).toBeCloseTo(dx, 9);
    expect(Math.min(...rotatedCorners(g).map((p) => p.x))).toBeGreaterThanOrEqual(-1e-9);
  });

  it("clampRotated centres a box too big to fit", () => {
    expect(clampRotated({ cx: 10, cy: 10, w: 1000, h: 10, angle: 0 }, size).cx).toBe(320);
  });

  it("clampGeometry clamps every point of paths and skeletons", () => {
    expect(clampGeometry("polyline", { points: [[-5, 10], [700, 500]] }, size)).toEqual({ points: [[0, 10], [640, 480]] });
    expect(clampGeometry("point", { x: -1, y: 1000 }, size)).toEqual({ x: 0, y: 480 });
    const g = { x: -1, y: -1, w: 5, h: 5 };
    expect(clampGeometry("bounding_box", g, null)).toBe(g);
  });

  it("tidyGeometry cuts a box to the item without float noise", () => {
    expect(tidyGeometry("bounding_box", { x: 431.0312, y: 0, w: 85.4144, h: 500 }, size)).toEqual({ x: 431.03, y: 0, w: 85.41, h: 480 });
  });

  it("tidyGeometry rounds a rotated box's centre inwards where a corner touches the edge", () => {
    const g = tidyGeometry("rotated_box", { cx: 0, cy: 240, w: 40, h: 40, angle: 45 }, size) as RotatedBoxGeometry;
    expect(g.cx).toBe(28.29);
    expect(Math.min(...rotatedCorners(g).map((p) => p.x))).toBeGreaterThanOrEqual(0);
    const h = tidyGeometry("rotated_box", { cx: 640, cy: 240, w: 40, h: 40, angle: 45 }, size) as RotatedBoxGeometry;
    expect(Math.max(...rotatedCorners(h).map((p) => p.x))).toBeLessThanOrEqual(640);
  });

  it("roundGeometry rounds coordinates, sizes and angles", () => {
    expect(roundGeometry("rotated_box", { cx: 1.234, cy: 2.345, w: 3.456, h: 4.567, angle: 10.123 })).toEqual({ cx: 1.23, cy: 2.35, w: 3.46, h: 4.57, angle: 10.12 });
  });
});

describe("hit-testing", () => {
  it("a click inside a box hits it with its area; near its edge within tolerance hits it too", () => {
    const b = { x: 10, y: 10, w: 20, h: 10 };
    expect(hitGeometry("bounding_box", b, { x: 15, y: 15 }, 3)).toEqual({ area: 200, dist: 0 });
    expect(hitGeometry("bounding_box", b, { x: 32, y: 15 }, 3)).toEqual({ area: 0, dist: 2 });
    expect(hitGeometry("bounding_box", b, { x: 40, y: 15 }, 3)).toBeNull();
  });

  it("a rotated box is hit in its own frame", () => {
    const g = { cx: 0, cy: 0, w: 100, h: 10, angle: 90 };
    expect(hitGeometry("rotated_box", g, { x: 0, y: 40 }, 0)).not.toBeNull();
    expect(hitGeometry("rotated_box", g, { x: 40, y: 0 }, 0)).toBeNull();
  });

  it("polygons by even-odd inside, polylines and points by distance", () => {
    const tri: XY[] = [[0, 0], [100, 0], [0, 100]];
    expect(pointInPolygon({ x: 10, y: 10 }, tri)).toBe(true);
    expect(pointInPolygon({ x: 80, y: 80 }, tri)).toBe(false);
    expect(hitGeometry("polygon", { points: tri }, { x: 10, y: 10 }, 2)?.area).toBe(5000);
    expect(hitGeometry("polyline", { points: [[0, 0], [100, 0]] }, { x: 50, y: 3 }, 4)).toEqual({ area: 0, dist: 3 });
    expect(hitGeometry("polyline", { points: [[0, 0], [100, 0]] }, { x: 50, y: 5 }, 4)).toBeNull();
    expect(hitGeometry("point", { x: 5, y: 5 }, { x: 8, y: 9 }, 5)).toEqual({ area: 0, dist: 5 });
  });

  it("a skeleton is hit on its points and along its edges", () => {
    const g = { points: { a: { x: 0, y: 0 }, b: { x: 0, y: 100 } } };
    expect(hitGeometry("skeleton", g, { x: 2, y: 50 }, 3, [["a", "b"]])).toEqual({ area: 0, dist: 2 });
    expect(hitGeometry("skeleton", g, { x: 2, y: 50 }, 3)).toBeNull();
  });

  it("maskAt reads column-major runs", () => {
    const m = { size: [4, 4] as [number, number], counts: [5, 2, 9] };
    expect(maskAt(m, 1, 1)).toBe(true);
    expect(maskAt(m, 1, 2)).toBe(true);
    expect(maskAt(m, 2, 1)).toBe(false);
    expect(maskAt(m, 9, 9)).toBe(false);
  });

  it("pickHit prefers lines and points, then the smallest area, then the one on top", () => {
    expect(pickHit([{ area: 100, dist: 0 }, { area: 10, dist: 0 }, { area: 50, dist: 0 }])).toBe(1);
    expect(pickHit([{ area: 0, dist: 2 }, { area: 10, dist: 0 }])).toBe(0);
    expect(pickHit([{ area: 10, dist: 0 }, { area: 10, dist: 0 }])).toBe(1);
    expect(pickHit([null, null])).toBe(-1);
  });

  it("nearestEdge finds where to insert a vertex, including a polygon's closing edge", () => {
    const sq: XY[] = [[0, 0], [10, 0], [10, 10], [0, 10]];
    expect(nearestEdge(sq, { x: -1, y: 5 }, true)?.index).toBe(3);
    expect(nearestEdge(sq, { x: -1, y: 5 }, false)?.index).toBe(0);
    expect(closestOnSegment({ x: 5, y: 5 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toEqual({ at: { x: 5, y: 0 }, t: 0.5 });
  });

  it("polygonArea is the shoelace area", () => {
    expect(polygonArea([[0, 0], [4, 0], [4, 3]])).toBe(6);
  });
});

describe("polygon self-intersection", () => {
  it("a simple polygon has no fault (the docs' road)", () => {
    expect(polygonFault([[0, 480], [260, 300], [380, 300], [640, 480]])).toBeNull();
  });

  it("a bow tie's edges cross, named as the server names them", () => {
    expect(polygonFault([[0, 0], [10, 10], [10, 0], [0, 10]])).toEqual({ path: "", message: "the polygon's edges 0 and 2 cross", edges: [0, 2] });
  });

  it("a vertex touching another edge is a touch", () => {
    // Point 3, (5, 0), lies on edge 0.
    expect(polygonFault([[0, 0], [10, 0], [10, 10], [5, 0], [0, 10]])).toEqual({ path: "", message: "the polygon's edges 0 and 2 touch", edges: [0, 2] });
  });

  it("a repeated point and a fold back are named at their point", () => {
    expect(polygonFault([[0, 0], [10, 0], [10, 10], [10, 0]])).toEqual({ path: ".points[3]", message: "repeats points[1]" });
    expect(polygonFault([[0, 0], [10, 0], [5, 0], [5, 5]])).toEqual({ path: ".points[1]", message: "the polygon folds back on itself here" });
  });

  it("fewer than three points is not judged here (the count rule reports it)", () => {
    expect(polygonFault([[0, 0], [1, 1]])).toBeNull();
  });

  it("segmentsMeet tells a crossing from a touch", () => {
    expect(segmentsMeet({ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }, { x: 10, y: 0 })).toEqual({ meets: true, crosses: true });
    expect(segmentsMeet({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 5, y: 0 }, { x: 5, y: 5 })).toEqual({ meets: true, crosses: false });
    expect(segmentsMeet({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 1 }, { x: 10, y: 1 })).toEqual({ meets: false, crosses: false });
  });
});
