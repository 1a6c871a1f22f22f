// Geometry helpers: pure maths over the label's geometry by shape, in item
// pixels with the origin at the top-left corner and y pointing down.

import type {
  BoxGeometry,
  Geometry,
  Keypoint,
  MaskGeometry,
  PointGeometry,
  PointsGeometry,
  Pt,
  Rect,
  RotatedBoxGeometry,
  Size,
  SkeletonGeometry,
  XY,
} from "./types";
import type { Known, Shape } from "../../ontology/types";

// ---------- numbers ----------

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** round2 rounds to hundredths of a pixel, so labels do not carry the float noise of a pointer. */
export function round2(v: number): number {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}

/** normalizeAngle maps any angle in degrees into −180 (inclusive) to 180 (exclusive). */
export function normalizeAngle(deg: number): number {
  const a = (((deg + 180) % 360) + 360) % 360 - 180;
  return Object.is(a, -0) ? 0 : a;
}

export function dist(a: Pt, b: Pt): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

const toPt = (p: XY): Pt => ({ x: p[0], y: p[1] });

// ---------- shapes of geometry ----------

/** Shapes drawn on an image (or a video frame), as opposed to text spans and time segments. */
export const SPATIAL_SHAPES: readonly string[] = ["bounding_box", "rotated_box", "polygon", "polyline", "point", "skeleton", "mask"];

export function isSpatial(shape: Known<Shape>): boolean {
  return SPATIAL_SHAPES.includes(shape);
}

// ---------- boxes ----------

/** boxFromCorners is the box spanned by two opposite corners, whichever way the drag went. */
export function boxFromCorners(a: Pt, b: Pt): BoxGeometry {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/** rotate turns v about the origin by deg degrees, clockwise on screen. */
export function rotate(v: Pt, deg: number): Pt {
  const r = (deg * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  return { x: v.x * c - v.y * s, y: v.x * s + v.y * c };
}

/**
 * rotatedCorners gives a rotated box's corners: top-left, top-right,
 * bottom-right, bottom-left as the box itself sees them (before rotation).
 */
export function rotatedCorners(g: RotatedBoxGeometry): Pt[] {
  const hw = g.w / 2;
  const hh = g.h / 2;
  return [
    { x: -hw, y: -hh },
    { x: hw, y: -hh },
    { x: hw, y: hh },
    { x: -hw, y: hh },
  ].map((v) => {
    const r = rotate(v, g.angle);
    return { x: g.cx + r.x, y: g.cy + r.y };
  });
}

/** rotatedExtent is how far a rotated box's corners reach from its centre along x and y. */
export function rotatedExtent(g: RotatedBoxGeometry): { dx: number; dy: number } {
  const r = (g.angle * Math.PI) / 180;
  const c = Math.abs(Math.cos(r));
  const s = Math.abs(Math.sin(r));
  return { dx: (g.w / 2) * c + (g.h / 2) * s, dy: (g.w / 2) * s + (g.h / 2) * c };
}

/** rotateHandle is where a rotated box's rotation handle sits: above the middle of its top edge. */
export function rotateHandle(g: RotatedBoxGeometry, offset: number): Pt {
  const r = rotate({ x: 0, y: -g.h / 2 - offset }, g.angle);
  return { x: g.cx + r.x, y: g.cy + r.y };
}

/** angleTo is the rotation in degrees that points a box's top (its rotation handle) from c towards p. */
export function angleTo(c: Pt, p: Pt): number {
  // Angle 0 points up (−y); clockwise on screen is positive.
  return normalizeAngle((Math.atan2(p.x - c.x, -(p.y - c.y)) * 180) / Math.PI);
}

// ---------- bounds ----------

function pointsBounds(pts: readonly Pt[]): Rect | null {
  if (pts.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of pts) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** geometryPoints lists the points that bound a geometry: corners, vertices or keypoints. */
export function geometryPoints(shape: Known<Shape>, g: Geometry): Pt[] {
  switch (shape) {
    case "bounding_box": {
      const b = g as BoxGeometry;
      return [
        { x: b.x, y: b.y },
        { x: b.x + b.w, y: b.y + b.h },
      ];
    }
    case "rotated_box":
      return rotatedCorners(g as RotatedBoxGeometry);
    case "polygon":
    case "polyline":
      return (g as PointsGeometry).points.map(toPt);
    case "point": {
      const p = g as PointGeometry;
      return [{ x: p.x, y: p.y }];
    }
    case "skeleton":
      return Object.values((g as SkeletonGeometry).points).map((k) => ({ x: k.x, y: k.y }));
    case "mask": {
      const b = maskBounds(g as MaskGeometry);
      return b ? [{ x: b.x, y: b.y }, { x: b.x + b.w, y: b.y + b.h }] : [];
    }
  }
  return [];
}

/** geometryBounds is the axis-aligned rectangle around a geometry, or null for text and time. */
export function geometryBounds(shape: Known<Shape>, g: Geometry): Rect | null {
  return pointsBounds(geometryPoints(shape, g));
}

/** area of a rectangle, polygon (shoelace) or nothing. */
export function polygonArea(pts: readonly XY[]): number {
  let a = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = pts[i];
    const [x2, y2] = pts[(i + 1) % pts.length];
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

// ---------- moving and clamping ----------

function mapPoints(shape: Known<Shape>, g: Geometry, f: (p: Pt) => Pt): Geometry {
  switch (shape) {
    case "bounding_box": {
      const b = g as BoxGeometry;
      const p = f({ x: b.x, y: b.y });
      return { ...b, x: p.x, y: p.y };
    }
    case "rotated_box": {
      const b = g as RotatedBoxGeometry;
      const p = f({ x: b.cx, y: b.cy });
      return { ...b, cx: p.x, cy: p.y };
    }
    case "polygon":
    case "polyline":
      return {
        points: (g as PointsGeometry).points.map((xy) => {
          const p = f(toPt(xy));
          return [p.x, p.y] as XY;
        }),
      };
    case "point": {
      const p = f(g as PointGeometry);
      return { x: p.x, y: p.y };
    }
    case "skeleton": {
      const out: Record<string, Keypoint> = {};
      for (const [id, k] of Object.entries((g as SkeletonGeometry).points)) {
        const p = f(k);
        out[id] = { ...k, x: p.x, y: p.y };
      }
      return { points: out };
    }
  }
  return g;
}

/** translate moves a geometry by (dx, dy); masks, text spans and time segments do not move. */
export function translate(shape: Known<Shape>, g: Geometry, dx: number, dy: number): Geometry {
  return mapPoints(shape, g, (p) => ({ x: p.x + dx, y: p.y + dy }));
}

/** roundGeometry rounds every coordinate (and size and angle) to hundredths. */
export function roundGeometry(shape: Known<Shape>, g: Geometry): Geometry {
  const r = mapPoints(shape, g, (p) => ({ x: round2(p.x), y: round2(p.y) }));
  if (shape === "bounding_box") {
    const b = r as BoxGeometry;
    return { ...b, w: round2(b.w), h: round2(b.h) };
  }
  if (shape === "rotated_box") {
    const b = r as RotatedBoxGeometry;
    return { ...b, w: round2(b.w), h: round2(b.h), angle: round2(b.angle) };
  }
  return r;
}

/**
 * clampDelta shortens a move (dx, dy) of something bounded by r so that it
 * stays inside the item. Something already larger than the item on an axis
 * does not move along it. Without a size, the move is left as it is.
 */
export function clampDelta(r: Rect, dx: number, dy: number, size: Size | null): Pt {
  if (!size) return { x: dx, y: dy };
  const axis = (lo: number, len: number, d: number, limit: number) => {
    if (len > limit) return 0;
    return clamp(lo + d, 0, limit - len) - lo;
  };
  return { x: axis(r.x, r.w, dx, size.width), y: axis(r.y, r.h, dy, size.height) };
}

export function clampPoint(p: Pt, size: Size | null): Pt {
  if (!size) return p;
  return { x: clamp(p.x, 0, size.width), y: clamp(p.y, 0, size.height) };
}

/** clampBox cuts a box down to its part inside the item (which may leave it empty). */
export function clampBox(b: BoxGeometry, size: Size | null): BoxGeometry {
  if (!size) return b;
  const x0 = clamp(b.x, 0, size.width);
  const y0 = clamp(b.y, 0, size.height);
  const x1 = clamp(b.x + b.w, 0, size.width);
  const y1 = clamp(b.y + b.h, 0, size.height);
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

/**
 * clampRotated slides a rotated box's centre until every corner lies inside
 * the item; a box too large to fit on an axis is centred on it (and stays
 * outside: validateLocal says so).
 */
export function clampRotated(b: RotatedBoxGeometry, size: Size | null): RotatedBoxGeometry {
  if (!size) return b;
  const { dx, dy } = rotatedExtent(b);
  const cx = 2 * dx > size.width ? size.width / 2 : clamp(b.cx, dx, size.width - dx);
  const cy = 2 * dy > size.height ? size.height / 2 : clamp(b.cy, dy, size.height - dy);
  return { ...b, cx, cy };
}

/**
 * clampGeometry brings a geometry inside the item: boxes are cut to it,
 * rotated boxes slid into it, and every point of the other shapes clamped to
 * its edges.
 */
export function clampGeometry(shape: Known<Shape>, g: Geometry, size: Size | null): Geometry {
  if (!size) return g;
  switch (shape) {
    case "bounding_box":
      return clampBox(g as BoxGeometry, size);
    case "rotated_box":
      return clampRotated(g as RotatedBoxGeometry, size);
    case "polygon":
    case "polyline":
    case "point":
    case "skeleton":
      return mapPoints(shape, g, (p) => clampPoint(p, size));
  }
  return g;
}

/**
 * tidyGeometry rounds a geometry to hundredths and brings it inside the item
 * so that the rounding cannot push it back out: a rotated box's centre is
 * rounded towards the inside where a corner touches an edge (the server
 * forgives a corner only 1e-6 beyond it).
 */
export function tidyGeometry(shape: Known<Shape>, g: Geometry, size: Size | null): Geometry {
  const r = roundGeometry(shape, clampGeometry(shape, roundGeometry(shape, g), size));
  if (shape !== "rotated_box" || !size) return r;
  const b = r as RotatedBoxGeometry;
  const { dx, dy } = rotatedExtent(b);
  const inward = (c: number, d: number, limit: number) => {
    if (2 * d > limit) return c;
    if (c - d < 0) return Math.ceil(d * 100) / 100;
    if (c + d > limit) return Math.floor((limit - d) * 100) / 100;
    return c;
  };
  return { ...b, cx: inward(b.cx, dx, size.width), cy: inward(b.cy, dy, size.height) };
}

/** moveGeometry translates a geometry by (dx, dy) as far as the item lets it go, keeping its shape. */
export function moveGeometry(shape: Known<Shape>, g: Geometry, dx: number, dy: number, size: Size | null): Geometry {
  const b = geometryBounds(shape, g);
  if (!b) return g;
  const d = clampDelta(b, dx, dy, size);
  if (d.x === 0 && d.y === 0) return g;
  return translate(shape, g, d.x, d.y);
}

// ---------- hit-testing ----------

/** distToSegment is the distance from p to the segment ab. */
export function distToSegment(p: Pt, a: Pt, b: Pt): number {
  return dist(p, closestOnSegment(p, a, b).at);
}

/** closestOnSegment is the point of segment ab nearest to p, and where along ab it lies (0..1). */
export function closestOnSegment(p: Pt, a: Pt, b: Pt): { at: Pt; t: number } {
  const vx = b.x - a.x;
  const vy = b.y - a.y;
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : clamp(((p.x - a.x) * vx + (p.y - a.y) * vy) / len2, 0, 1);
  return { at: { x: a.x + t * vx, y: a.y + t * vy }, t };
}

/** pointInPolygon tests p against a polygon by the even-odd rule. */
export function pointInPolygon(p: Pt, pts: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > p.y !== yj > p.y && p.x < ((xj - xi) * (p.y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface NearestEdge {
  /** The edge runs from point index to point index + 1 (the last of a polygon back to point 0). */
  index: number;
  at: Pt;
  dist: number;
}

/** nearestEdge finds the edge of a polygon (closed) or polyline nearest to p. */
export function nearestEdge(points: readonly XY[], p: Pt, closed: boolean): NearestEdge | null {
  const n = points.length;
  const edges = closed ? n : n - 1;
  let best: NearestEdge | null = null;
  for (let i = 0; i < edges && n >= 2; i++) {
    const { at } = closestOnSegment(p, toPt(points[i]), toPt(points[(i + 1) % n]));
    const d = dist(p, at);
    if (!best || d < best.dist) best = { index: i, at, dist: d };
  }
  return best;
}

/** maskAt reports whether pixel (x, y) is foreground in a column-major COCO RLE. */
export function maskAt(g: MaskGeometry, x: number, y: number): boolean {
  const [h, w] = g.size;
  const px = Math.floor(x);
  const py = Math.floor(y);
  if (px < 0 || py < 0 || px >= w || py >= h) return false;
  let idx = px * h + py;
  for (let i = 0; i < g.counts.length; i++) {
    if (idx < g.counts[i]) return i % 2 === 1;
    idx -= g.counts[i];
  }
  return false;
}

function maskBounds(g: MaskGeometry): Rect | null {
  const [h] = g.size;
  if (!(h > 0)) return null;
  let at = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < g.counts.length; i++) {
    const n = g.counts[i];
    if (i % 2 === 1 && n > 0) {
      const first = at;
      const last = at + n - 1;
      const c0 = Math.floor(first / h);
      const c1 = Math.floor(last / h);
      x0 = Math.min(x0, c0);
      x1 = Math.max(x1, c1 + 1);
      if (c0 === c1) {
        y0 = Math.min(y0, first % h);
        y1 = Math.max(y1, (last % h) + 1);
      } else {
        y0 = 0;
        y1 = h;
      }
    }
    at += n;
  }
  return x0 === Infinity ? null : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Hit is how p touches a geometry: inside an area (area > 0, the area's size)
 * or near a point or line (area 0), at distance d.
 */
export interface Hit {
  area: number;
  dist: number;
}

/**
 * hitGeometry tests p against a geometry with a tolerance tol (in item
 * pixels: a few screen pixels divided by the zoom). edges gives a skeleton's
 * edges. It returns null for a miss.
 */
export function hitGeometry(shape: Known<Shape>, g: Geometry, p: Pt, tol: number, edges?: readonly string[][]): Hit | null {
  switch (shape) {
    case "bounding_box": {
      const b = g as BoxGeometry;
      return hitRect(p, b.x, b.y, b.w, b.h, tol);
    }
    case "rotated_box": {
      const b = g as RotatedBoxGeometry;
      const local = rotate({ x: p.x - b.cx, y: p.y - b.cy }, -b.angle);
      return hitRect(local, -b.w / 2, -b.h / 2, b.w, b.h, tol);
    }
    case "polygon": {
      const pts = (g as PointsGeometry).points;
      if (pts.length >= 3 && pointInPolygon(p, pts)) return { area: polygonArea(pts), dist: 0 };
      const e = nearestEdge(pts, p, true);
      return e && e.dist <= tol ? { area: 0, dist: e.dist } : null;
    }
    case "polyline": {
      const e = nearestEdge((g as PointsGeometry).points, p, false);
      return e && e.dist <= tol ? { area: 0, dist: e.dist } : null;
    }
    case "point": {
      const d = dist(p, g as PointGeometry);
      return d <= tol ? { area: 0, dist: d } : null;
    }
    case "skeleton": {
      const kp = (g as SkeletonGeometry).points;
      let best = Infinity;
      for (const k of Object.values(kp)) best = Math.min(best, dist(p, k));
      for (const [a, b] of edges ?? []) {
        if (kp[a] && kp[b]) best = Math.min(best, distToSegment(p, kp[a], kp[b]));
      }
      return best <= tol ? { area: 0, dist: best } : null;
    }
    case "mask": {
      const m = g as MaskGeometry;
      return maskAt(m, p.x, p.y) ? { area: m.size[0] * m.size[1], dist: 0 } : null;
    }
  }
  return null;
}

function hitRect(p: Pt, x: number, y: number, w: number, h: number, tol: number): Hit | null {
  const dx = Math.max(x - p.x, 0, p.x - (x + w));
  const dy = Math.max(y - p.y, 0, p.y - (y + h));
  const d = Math.hypot(dx, dy);
  if (d === 0) return { area: w * h, dist: 0 };
  return d <= tol ? { area: 0, dist: d } : null;
}

/**
 * pickHit chooses among hits, given in drawing order (the last drawn on top):
 * a point or line within reach beats any area, the nearest first; among
 * areas the smallest wins, so a box inside a larger polygon can be picked.
 * Ties go to the one on top. It returns the index of the winner, or -1.
 */
export function pickHit(hits: readonly (Hit | null)[]): number {
  let best = -1;
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i];
    if (!h) continue;
    if (best < 0) {
      best = i;
      continue;
    }
    const b = hits[best]!;
    const better =
      h.area === 0 && b.area === 0 ? h.dist <= b.dist : h.area === 0 ? true : b.area === 0 ? false : h.area <= b.area;
    if (better) best = i;
  }
  return best;
}

// ---------- polygon simplicity ----------

/** A reason a polygon is not simple, under a path relative to the geometry (as the server words it). */
export interface PolygonFault {
  path: string;
  message: string;
  /** The edges that meet, when two do. */
  edges?: [number, number];
}

function orient(a: Pt, b: Pt, c: Pt): number {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

function onSegment(a: Pt, b: Pt, c: Pt): boolean {
  return Math.min(a.x, b.x) <= c.x && c.x <= Math.max(a.x, b.x) && Math.min(a.y, b.y) <= c.y && c.y <= Math.max(a.y, b.y);
}

/** segmentsMeet reports whether segments ab and cd share a point, and whether they properly cross. */
export function segmentsMeet(a: Pt, b: Pt, c: Pt, d: Pt): { meets: boolean; crosses: boolean } {
  const o1 = Math.sign(orient(a, b, c));
  const o2 = Math.sign(orient(a, b, d));
  const o3 = Math.sign(orient(c, d, a));
  const o4 = Math.sign(orient(c, d, b));
  if (o1 * o2 < 0 && o3 * o4 < 0) return { meets: true, crosses: true };
  const touches =
    (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
  return { meets: touches, crosses: false };
}

/** Polygons with more points than this are left to the server, which checks them in O(n log n). */
export const MAX_LOCAL_POLYGON_CHECK = 5000;

/**
 * polygonFault finds why a polygon is not simple, as the server does: a
 * point given twice, an edge folding back onto the one before, or two edges
 * meeting that are not neighbours. It returns null for a simple polygon (and
 * for one with fewer than 3 points or more than MAX_LOCAL_POLYGON_CHECK,
 * which it does not judge). The pairwise test is O(n²).
 */
export function polygonFault(points: readonly XY[]): PolygonFault | null {
  const n = points.length;
  if (n < 3 || n > MAX_LOCAL_POLYGON_CHECK) return null;
  const pts = points.map(toPt);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${pts[i].x},${pts[i].y}`;
    const j = seen.get(key);
    if (j !== undefined) return { path: `.points[${i}]`, message: `repeats points[${j}]` };
    seen.set(key, i);
  }
  for (let i = 0; i < n; i++) {
    const prev = pts[(i + n - 1) % n];
    const cur = pts[i];
    const next = pts[(i + 1) % n];
    const dot = (cur.x - prev.x) * (next.x - cur.x) + (cur.y - prev.y) * (next.y - cur.y);
    if (orient(prev, cur, next) === 0 && dot < 0) return { path: `.points[${i}]`, message: "the polygon folds back on itself here" };
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // neighbours through point 0
      const m = segmentsMeet(pts[i], pts[(i + 1) % n], pts[j], pts[(j + 1) % n]);
      if (m.meets) {
        return { path: "", message: `the polygon's edges ${i} and ${j} ${m.crosses ? "cross" : "touch"}`, edges: [i, j] };
      }
    }
  }
  return null;
}
