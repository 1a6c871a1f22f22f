// validateLocal: the editor's instant feedback on a label, located and worded
// like the server's field errors (internal/ontology's ValidateLabel) so one
// display serves both. The server stays the authority: it runs the same
// rules and more (strict JSON form, its own polygon check in O(n log n)).

import type { Attribute, ObjectClass, Ontology } from "../../ontology/types";
import { polygonFault, rotatedExtent } from "./geometry";
import { cpLength } from "./text";
import type { Issue, Item, Label, LabelObject, Values } from "./types";
import { checkValues, codePoints, eachAttribute, joinKey } from "./values";

const MAX_ID_LENGTH = 64;
const MAX_POINTS = 100000;
const CORNER_SLACK = 1e-6;

type Obj = Record<string, unknown>;

class Collector {
  issues: Issue[] = [];
  add(location: string, message: string, severity: Issue["severity"] = "error") {
    this.issues.push({ location, message, severity });
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** num reads a required finite number field of a geometry, reporting it missing or malformed. */
function num(c: Collector, p: string, g: Obj, key: string, integer = false): number | undefined {
  const v = g[key];
  const at = joinKey(p, key);
  if (v === undefined) c.add(at, "is required");
  else if (typeof v !== "number" || !Number.isFinite(v)) c.add(at, integer ? "must be an integer" : "must be a number");
  else if (integer && !Number.isInteger(v)) c.add(at, "must be an integer");
  else return v;
  return undefined;
}

/** within reports v outside 0..limit; an unknown limit (0 or absent) is not checked. */
function within(c: Collector, p: string, what: string, v: number, limit: number | undefined, dimension: string): boolean {
  if (!limit || limit <= 0 || (v >= 0 && v <= limit)) return true;
  c.add(p, `${what} = ${fmt(v)} lies outside the item's ${dimension} ${limit}`);
  return false;
}

/** fmt writes a number like Go's %g does for the values labels hold. */
function fmt(v: number): string {
  return String(Number.isInteger(v) ? v : Number(v.toPrecision(6)));
}

function point(c: Collector, p: string, x: number, y: number, item: Item): boolean {
  return within(c, p, "x", x, item.width, "width") && within(c, p, "y", y, item.height, "height");
}

function geometry(c: Collector, p: string, cls: ObjectClass, raw: unknown, item: Item) {
  if (raw === undefined || raw === null) {
    c.add(p, "is required");
    return;
  }
  if (!isObj(raw)) {
    c.add(p, "must be an object");
    return;
  }
  const g = raw;
  switch (cls.shape) {
    case "bounding_box": {
      const x = num(c, p, g, "x");
      const y = num(c, p, g, "y");
      const w = num(c, p, g, "w");
      const h = num(c, p, g, "h");
      if (x === undefined || y === undefined || w === undefined || h === undefined) return;
      if (w <= 0) c.add(`${p}.w`, "must be greater than 0");
      if (h <= 0) c.add(`${p}.h`, "must be greater than 0");
      if (within(c, `${p}.x`, "x", x, item.width, "width")) within(c, `${p}.w`, "x + w", x + w, item.width, "width");
      if (within(c, `${p}.y`, "y", y, item.height, "height")) within(c, `${p}.h`, "y + h", y + h, item.height, "height");
      return;
    }
    case "rotated_box": {
      const cx = num(c, p, g, "cx");
      const cy = num(c, p, g, "cy");
      const w = num(c, p, g, "w");
      const h = num(c, p, g, "h");
      const angle = num(c, p, g, "angle");
      if (cx === undefined || cy === undefined || w === undefined || h === undefined || angle === undefined) return;
      if (w <= 0) c.add(`${p}.w`, "must be greater than 0");
      if (h <= 0) c.add(`${p}.h`, "must be greater than 0");
      if (angle < -180 || angle > 180) {
        c.add(`${p}.angle`, "must be between -180 and 180 degrees");
        return;
      }
      const { dx, dy } = rotatedExtent({ cx, cy, w, h, angle });
      corners(c, p, "x", cx - dx, cx + dx, item.width, "width");
      corners(c, p, "y", cy - dy, cy + dy, item.height, "height");
      return;
    }
    case "polygon":
    case "polyline": {
      const pts = g.points;
      if (pts === undefined) return c.add(`${p}.points`, "is required");
      if (!Array.isArray(pts)) return c.add(`${p}.points`, "must be a list");
      const least = cls.shape === "polygon" ? 3 : 2;
      if (pts.length < least) return c.add(`${p}.points`, `a ${cls.shape} needs at least ${least} points`);
      if (pts.length > MAX_POINTS) return c.add(`${p}.points`, `more than ${MAX_POINTS} points`);
      let inside = true;
      let wellFormed = true;
      pts.forEach((xy, i) => {
        const at = `${p}.points[${i}]`;
        if (!Array.isArray(xy) || xy.length !== 2 || !xy.every((n) => typeof n === "number" && Number.isFinite(n))) {
          c.add(at, "must be a list of 2 values");
          wellFormed = false;
          return;
        }
        inside = point(c, at, xy[0], xy[1], item) && inside;
      });
      if (cls.shape === "polygon" && inside && wellFormed) {
        const f = polygonFault(pts as [number, number][]);
        if (f) c.add(p + f.path, f.message);
      }
      return;
    }
    case "point": {
      const x = num(c, p, g, "x");
      const y = num(c, p, g, "y");
      if (x !== undefined && y !== undefined) point(c, p, x, y, item);
      return;
    }
    case "skeleton": {
      const pts = g.points;
      if (pts === undefined) return c.add(`${p}.points`, "is required");
      if (!isObj(pts)) return c.add(`${p}.points`, "must be an object");
      const ids = Object.keys(pts).sort();
      if (ids.length === 0) return c.add(`${p}.points`, "a skeleton needs at least 1 point");
      for (const id of ids) {
        const pp = joinKey(`${p}.points`, id);
        if (!cls.skeleton?.points.some((sp) => sp.id === id)) {
          c.add(pp, `no point '${id}' in the skeleton of '${cls.name}'`);
          continue;
        }
        const k = pts[id];
        if (!isObj(k)) {
          c.add(pp, "must be an object");
          continue;
        }
        const x = num(c, pp, k, "x");
        const y = num(c, pp, k, "y");
        if (k.visible !== undefined && typeof k.visible !== "boolean") c.add(`${pp}.visible`, "must be true or false");
        if (x !== undefined && y !== undefined) point(c, pp, x, y, item);
      }
      return;
    }
    case "mask": {
      const size = g.size;
      const counts = g.counts;
      if (!Array.isArray(size) || size.length !== 2 || !size.every((n) => Number.isInteger(n))) return c.add(`${p}.size`, "must be a list of 2 values");
      const [height, width] = size as number[];
      if (height <= 0 || width <= 0) return c.add(`${p}.size`, "height and width must be greater than 0");
      if (item.height && height !== item.height) c.add(`${p}.size[0]`, `must be ${item.height}, the item's height`);
      if (item.width && width !== item.width) c.add(`${p}.size[1]`, `must be ${item.width}, the item's width`);
      if (!Array.isArray(counts)) return c.add(`${p}.counts`, counts === undefined ? "is required" : "must be a list");
      const pixels = height * width;
      let sum = 0;
      for (let i = 0; i < counts.length; i++) {
        const n = counts[i];
        if (!Number.isInteger(n)) return c.add(`${p}.counts[${i}]`, "must be an integer");
        if (n < 0) return c.add(`${p}.counts[${i}]`, "must be at least 0");
        if (n > pixels - sum) return c.add(`${p}.counts`, `cover more than the ${height}×${width} = ${pixels} pixels of the mask`);
        sum += n;
      }
      if (sum !== pixels) c.add(`${p}.counts`, `cover ${sum} pixels, not the ${height}×${width} = ${pixels} of the mask`);
      return;
    }
    case "text_span": {
      const start = num(c, p, g, "start", true);
      const end = num(c, p, g, "end", true);
      if (start === undefined || end === undefined) return;
      span(c, p, start, end, item.text !== undefined ? cpLength(item.text) : 0, "the text's length");
      return;
    }
    case "time_segment": {
      const start = num(c, p, g, "start");
      const end = num(c, p, g, "end");
      const duration = item.frames && item.fps ? item.frames / item.fps : 0;
      if (start !== undefined && end !== undefined) span(c, p, start, end, duration, "the item's duration in seconds");
      return;
    }
  }
}

function corners(c: Collector, p: string, axis: string, low: number, high: number, limit: number | undefined, dimension: string) {
  if (!limit || limit <= 0) return;
  if (low < -CORNER_SLACK) c.add(p, `a corner at ${axis} = ${fmt(low)} lies outside the item's ${dimension} ${limit}`);
  else if (high > limit + CORNER_SLACK) c.add(p, `a corner at ${axis} = ${fmt(high)} lies outside the item's ${dimension} ${limit}`);
}

function span(c: Collector, p: string, start: number, end: number, length: number, what: string) {
  if (start < 0) c.add(`${p}.start`, "must be at least 0");
  else if (end <= start) c.add(`${p}.end`, `must be greater than start (${fmt(start)})`);
  else if (length > 0 && end > length) c.add(`${p}.end`, `must be at most ${fmt(length)}, ${what}`);
}

function frameCheck(c: Collector, p: string, frame: unknown, item: Item) {
  if (item.kind !== "video") return c.add(p, "only video items have frames");
  if (typeof frame !== "number" || !Number.isInteger(frame)) return c.add(p, "must be an integer");
  if (frame < 0) return c.add(p, "must be at least 0");
  if (item.frames && item.frames > 0 && frame >= item.frames) c.add(p, `must be less than ${item.frames}, the video's frame count`);
}

/**
 * validateLocal checks a label against its ontology and what is known of the
 * item (a zero or missing size, frame count or text is not checked), and
 * returns every problem found, located as the server locates them.
 */
export function validateLocal(label: Label, ontology: Ontology, item: Item): Issue[] {
  const c = new Collector();
  const classes = new Map(ontology.objects.map((o) => [o.id, o]));
  const ids = new Map<string, number>();
  const tracks = new Map<string, { cls: string; index: number }>();
  (label.objects ?? []).forEach((o: LabelObject, i) => {
    const p = `objects[${i}]`;
    if (!o.id) c.add(`${p}.id`, "is required");
    else if (codePoints(o.id) > MAX_ID_LENGTH) c.add(`${p}.id`, `longer than ${MAX_ID_LENGTH} characters`);
    else if (ids.has(o.id)) c.add(`${p}.id`, `duplicate object id '${o.id}' (objects[${ids.get(o.id)}])`);
    else ids.set(o.id, i);
    if (o.frame !== undefined) frameCheck(c, `${p}.frame`, o.frame, item);
    if (o.track) {
      const t = tracks.get(o.track);
      if (codePoints(o.track) > MAX_ID_LENGTH) c.add(`${p}.track`, `longer than ${MAX_ID_LENGTH} characters`);
      else if (!t) tracks.set(o.track, { cls: o.class, index: i });
      else if (t.cls !== o.class) c.add(`${p}.track`, `track '${o.track}' has class '${t.cls}' (objects[${t.index}])`);
    }
    const cls = classes.get(o.class);
    if (!o.class) c.add(`${p}.class`, "is required");
    else if (!cls) c.add(`${p}.class`, `no object class '${o.class}' in the ontology`);
    else {
      geometry(c, `${p}.geometry`, cls, o.geometry, item);
      c.issues.push(...checkValues(`${p}.attributes`, cls.attributes, o.attributes, () => `not an attribute of '${cls.name}'`));
    }
  });

  const itemScope: Attribute[] = ontology.classifications.filter((cl) => cl.scope !== "frame");
  const frameScope: Attribute[] = ontology.classifications.filter((cl) => cl.scope === "frame");
  const owner = new Map<string, { name: string; scope: string }>();
  for (const cl of ontology.classifications) eachAttribute([cl], ({ attribute }) => owner.set(attribute.id, { name: cl.name, scope: cl.scope }));
  c.issues.push(
    ...checkValues("classifications", itemScope, label.classifications, (key) => {
      const o = owner.get(key);
      return o?.scope === "frame" ? `'${o.name}' is a frame classification: give it in frames` : `no item classification '${key}' in the ontology`;
    }),
  );
  const frames = label.frames ?? [];
  if (frames.length > 0 && item.kind !== "video") c.add("frames", "only video items have frames");
  else {
    const seen = new Map<number, number>();
    frames.forEach((fc, i) => {
      const p = `frames[${i}]`;
      if (seen.has(fc.frame)) c.add(`${p}.frame`, `frame ${fc.frame} is already listed (frames[${seen.get(fc.frame)}])`);
      else {
        seen.set(fc.frame, i);
        frameCheck(c, `${p}.frame`, fc.frame, item);
      }
      c.issues.push(
        ...checkValues(`${p}.classifications`, frameScope, fc.classifications as Values, (key) => {
          const o = owner.get(key);
          return o && o.scope !== "frame" ? `'${o.name}' is an item classification: give it in classifications` : `no frame classification '${key}' in the ontology`;
        }),
      );
    });
  }
  return c.issues;
}
