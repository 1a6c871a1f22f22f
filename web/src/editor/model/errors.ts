// Field errors (the server's, and validateLocal's issues) bound to what they
// concern. The server names a field by its place in the request,
// "body.label.objects[3].attributes.occlusion"; the editor shows that message
// on the object (by id, so it stays on it when the list changes) and next to
// the Occlusion field.

import type { Issue, Label } from "./types";

export interface FieldError {
  location?: string;
  message?: string;
}

/** Where a location points in a label. */
export type Target =
  | { scope: "object"; index: number; field: string; key?: string }
  | { scope: "classification"; key?: string }
  | { scope: "frame"; index: number; key?: string }
  | { scope: "label" };

/** keyOf reads the first map key of a path: "occlusion", "tags[0]" → "tags", `["a b"]` → "a b". */
function keyOf(rest: string): string | undefined {
  if (rest.startsWith("[\"")) {
    try {
      const end = rest.indexOf('"]');
      return JSON.parse(rest.slice(1, end + 1)) as string;
    } catch {
      return undefined;
    }
  }
  const m = /^\.?([A-Za-z0-9_-]+)/.exec(rest);
  return m?.[1];
}

/**
 * parseLocation finds the label's part of a location, whatever comes before
 * it ("body.label.", "label.", or nothing), and says what it points at.
 */
export function parseLocation(location: string): Target {
  const m = /(?:^|\.)(objects\[(\d+)\]|classifications|frames\[(\d+)\])(.*)$/.exec(location);
  if (!m) return { scope: "label" };
  const rest = m[4] ?? "";
  if (m[2] !== undefined) {
    const index = Number(m[2]);
    const f = /^\.([A-Za-z_]+)(.*)$/.exec(rest);
    if (!f) return { scope: "object", index, field: "" };
    const field = f[1];
    return field === "attributes" ? { scope: "object", index, field, key: keyOf(f[2]) } : { scope: "object", index, field };
  }
  if (m[3] !== undefined) {
    const index = Number(m[3]);
    const f = /^\.classifications(.*)$/.exec(rest);
    return { scope: "frame", index, key: f ? keyOf(f[1]) : undefined };
  }
  return { scope: "classification", key: keyOf(rest) };
}

export interface BoundError {
  /** "attributes", "geometry", "class", "frame", "track", "id", or "" for the object as a whole. */
  field: string;
  /** The attribute id, for field "attributes". */
  key?: string;
  message: string;
  severity: Issue["severity"];
}

export interface BoundErrors {
  /** By object id. */
  objects: Record<string, BoundError[]>;
  /** Item classifications by attribute id ("" for the classifications as a whole). */
  classifications: Record<string, string[]>;
  /** Frame classifications by frame number, then attribute id. */
  frames: Record<number, Record<string, string[]>>;
  /** Whatever names nothing in particular, with its location. */
  general: string[];
  count: number;
}

export function emptyErrors(): BoundErrors {
  return { objects: {}, classifications: {}, frames: {}, general: [], count: 0 };
}

function push<T>(map: Record<string | number, T[]>, key: string | number, v: T) {
  (map[key] ??= []).push(v);
}

/**
 * bindErrors places errors on the objects of label by id: the label they
 * were found in (the one submitted). Unlocated errors, and those naming an
 * object or frame the label does not have, go to general.
 */
export function bindErrors(errors: readonly (FieldError | Issue)[] | undefined, label: Label): BoundErrors {
  const out = emptyErrors();
  for (const e of errors ?? []) {
    const message = e.message ?? "is not valid";
    const location = e.location ?? "";
    const severity: Issue["severity"] = "severity" in e && e.severity === "warning" ? "warning" : "error";
    out.count++;
    const t = location ? parseLocation(location) : ({ scope: "label" } as Target);
    if (t.scope === "object" && label.objects[t.index]) {
      push(out.objects, label.objects[t.index].id, { field: t.field, key: t.key, message, severity });
    } else if (t.scope === "classification") {
      push(out.classifications, t.key ?? "", message);
    } else if (t.scope === "frame" && label.frames?.[t.index]) {
      const frame = label.frames[t.index].frame;
      push((out.frames[frame] ??= {}), t.key ?? "", message);
    } else {
      out.general.push(location ? `${location}: ${message}` : message);
    }
  }
  return out;
}

/** attributeErrors collects one object's messages by attribute id. */
export function attributeErrors(bound: BoundErrors, objectId: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of bound.objects[objectId] ?? []) if (e.field === "attributes" && e.key) push(out, e.key, e.message);
  return out;
}

/** mergeErrors puts two bound sets together (the server's and the local ones). */
export function mergeErrors(a: BoundErrors, b: BoundErrors): BoundErrors {
  const out = emptyErrors();
  for (const src of [a, b]) {
    for (const [id, list] of Object.entries(src.objects)) for (const e of list) push(out.objects, id, e);
    for (const [k, list] of Object.entries(src.classifications)) for (const m of list) push(out.classifications, k, m);
    for (const [f, byKey] of Object.entries(src.frames)) for (const [k, list] of Object.entries(byKey)) for (const m of list) push((out.frames[Number(f)] ??= {}), k, m);
    out.general.push(...src.general);
    out.count += src.count;
  }
  return out;
}
