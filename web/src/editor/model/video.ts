// Video: the objects of one track are its keyframes, one per frame at most.
// Between two keyframes the editor shows the track interpolated linearly —
// boxes, rotated boxes, points and skeleton points move, polygons and
// polylines with the same number of points move point by point; other
// geometry is held from the keyframe before. Interpolated objects are not in
// the label: they exist on screen only, under a virtual id, until an edit
// turns one into a keyframe (materialize).

import type { Ontology } from "../../ontology/types";
import { normalizeAngle } from "./geometry";
import type {
  BoxGeometry,
  Geometry,
  Keypoint,
  Label,
  LabelObject,
  PointGeometry,
  PointsGeometry,
  RotatedBoxGeometry,
  SkeletonGeometry,
  XY,
} from "./types";

const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

/** lerpAngle turns from a to b by the shorter way round, in degrees. */
export function lerpAngle(a: number, b: number, t: number): number {
  const d = normalizeAngle(b - a);
  return normalizeAngle(a + d * t);
}

/**
 * interpolateGeometry is the geometry a fraction t (0..1) of the way from a
 * to b, or null when the shape does not interpolate (then a is held).
 */
export function interpolateGeometry(shape: string, a: Geometry, b: Geometry, t: number): Geometry | null {
  switch (shape) {
    case "bounding_box": {
      const p = a as BoxGeometry;
      const q = b as BoxGeometry;
      return { x: lerp(p.x, q.x, t), y: lerp(p.y, q.y, t), w: lerp(p.w, q.w, t), h: lerp(p.h, q.h, t) };
    }
    case "rotated_box": {
      const p = a as RotatedBoxGeometry;
      const q = b as RotatedBoxGeometry;
      return { cx: lerp(p.cx, q.cx, t), cy: lerp(p.cy, q.cy, t), w: lerp(p.w, q.w, t), h: lerp(p.h, q.h, t), angle: lerpAngle(p.angle, q.angle, t) };
    }
    case "point": {
      const p = a as PointGeometry;
      const q = b as PointGeometry;
      return { x: lerp(p.x, q.x, t), y: lerp(p.y, q.y, t) };
    }
    case "polygon":
    case "polyline": {
      const p = (a as PointsGeometry).points;
      const q = (b as PointsGeometry).points;
      if (p.length !== q.length) return null;
      return { points: p.map((xy, i) => [lerp(xy[0], q[i][0], t), lerp(xy[1], q[i][1], t)] as XY) };
    }
    case "skeleton": {
      const p = (a as SkeletonGeometry).points;
      const q = (b as SkeletonGeometry).points;
      const out: Record<string, Keypoint> = {};
      for (const [id, k] of Object.entries(p)) {
        const m = q[id];
        out[id] = m ? { ...k, x: lerp(k.x, m.x, t), y: lerp(k.y, m.y, t) } : { ...k };
      }
      return { points: out };
    }
  }
  return null;
}

/** A virtual id names a track's interpolated object on one frame. */
export function virtualId(track: string, frame: number): string {
  return `~${track}@${frame}`;
}

export function parseVirtualId(id: string): { track: string; frame: number } | null {
  const m = /^~(.*)@(\d+)$/.exec(id);
  return m ? { track: m[1], frame: Number(m[2]) } : null;
}

export function isVirtualId(id: string): boolean {
  return parseVirtualId(id) !== null;
}

/** An object as it appears on one frame: a keyframe of the label, or interpolated between two. */
export interface FrameObject {
  object: LabelObject;
  /** Its index in label.objects; -1 when interpolated. */
  index: number;
  interpolated: boolean;
}

/** keyframes lists a track's objects by frame, the earliest first. */
export function keyframes(label: Label, track: string): LabelObject[] {
  return label.objects.filter((o) => o.track === track && o.frame !== undefined).sort((a, b) => a.frame! - b.frame!);
}

/** keyframeMap gives every track's keyframe numbers, for the timeline's markers. */
export function keyframeMap(label: Label): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const o of label.objects) {
    if (!o.track || o.frame === undefined) continue;
    const list = out.get(o.track) ?? [];
    list.push(o.frame);
    out.set(o.track, list);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

function shapeOf(ontology: Ontology, classId: string): string | undefined {
  return ontology.objects.find((c) => c.id === classId)?.shape;
}

/**
 * interpolatedAt is a track's object on a frame strictly between two of its
 * keyframes, or null when the frame is a keyframe or lies outside the track.
 * Its class and attributes are those of the keyframe before.
 */
export function interpolatedAt(label: Label, ontology: Ontology, track: string, frame: number): LabelObject | null {
  const keys = keyframes(label, track);
  let prev: LabelObject | undefined;
  let next: LabelObject | undefined;
  for (const k of keys) {
    if (k.frame === frame) return null;
    if (k.frame! < frame) prev = k;
    else if (!next) next = k;
  }
  if (!prev || !next) return null;
  const t = (frame - prev.frame!) / (next.frame! - prev.frame!);
  const shape = shapeOf(ontology, prev.class) ?? "";
  const geometry = interpolateGeometry(shape, prev.geometry, next.geometry, t) ?? prev.geometry;
  const o: LabelObject = { id: virtualId(track, frame), class: prev.class, frame, track, geometry };
  if (prev.attributes) o.attributes = prev.attributes;
  return o;
}

/**
 * objectsAt lists what a video frame shows, in label order: the objects drawn
 * on it, objects without a frame (they apply to every frame), and each
 * track's interpolated object where the frame lies between two keyframes
 * (placed where the track's keyframe before it is).
 */
export function objectsAt(label: Label, ontology: Ontology, frame: number): FrameObject[] {
  const out: FrameObject[] = [];
  const onFrame = new Set<string>();
  for (const o of label.objects) if (o.track && o.frame === frame) onFrame.add(o.track);
  const done = new Set<string>();
  label.objects.forEach((o, index) => {
    if (o.frame === undefined || o.frame === frame) {
      out.push({ object: o, index, interpolated: false });
      return;
    }
    if (!o.track || onFrame.has(o.track) || done.has(o.track)) return;
    const v = interpolatedAt(label, ontology, o.track, frame);
    if (v) {
      done.add(o.track);
      out.push({ object: v, index: -1, interpolated: true });
    }
  });
  return out;
}

/**
 * materialize turns a track's interpolated object into a keyframe with the
 * given id, inserted after the track's keyframe before it. It returns the
 * label unchanged when the virtual id names no interpolated object.
 */
export function materialize(label: Label, ontology: Ontology, vid: string, id: string): Label {
  const v = parseVirtualId(vid);
  if (!v) return label;
  const o = interpolatedAt(label, ontology, v.track, v.frame);
  if (!o) return label;
  const keyframe: LabelObject = { ...o, id };
  if (o.attributes) keyframe.attributes = { ...o.attributes };
  let at = label.objects.length;
  label.objects.forEach((k, i) => {
    if (k.track === v.track && k.frame !== undefined && k.frame < v.frame) at = i + 1;
  });
  const objects = label.objects.slice();
  objects.splice(at, 0, keyframe);
  return { ...label, objects };
}

/** nearestKeyframe is the keyframe of a track at or before frame, else the first after it. */
export function nearestKeyframe(label: Label, track: string, frame: number): LabelObject | undefined {
  const keys = keyframes(label, track);
  let best: LabelObject | undefined;
  for (const k of keys) if (k.frame! <= frame) best = k;
  return best ?? keys[0];
}
