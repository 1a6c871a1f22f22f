// The label's JSON, exactly as docs/ontologies.md writes it: objects with id,
// class, frame, track, geometry and attributes in that order; the empty
// optional fields left out; frames in frame order, a frame without values
// left out.

import type { FrameClassifications, Geometry, Label, LabelObject, Values } from "./types";

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function hasKeys(v: Values | undefined): v is Values {
  return !!v && Object.keys(v).length > 0;
}

/** toJSON gives the label as the plain document the API takes, a copy sharing nothing with label. */
export function toJSON(label: Label): Label {
  const objects = label.objects.map((o) => {
    const out: LabelObject = { id: o.id, class: o.class } as LabelObject;
    if (o.frame !== undefined) out.frame = o.frame;
    if (o.track) out.track = o.track;
    out.geometry = clone(o.geometry);
    if (hasKeys(o.attributes)) out.attributes = clone(o.attributes);
    return out;
  });
  const doc: Label = { objects };
  if (hasKeys(label.classifications)) doc.classifications = clone(label.classifications);
  const frames = (label.frames ?? [])
    .filter((f) => hasKeys(f.classifications))
    .map((f) => ({ frame: f.frame, classifications: clone(f.classifications) }))
    .sort((a, b) => a.frame - b.frame);
  if (frames.length) doc.frames = frames;
  return doc;
}

export function toJSONText(label: Label, indent = 2): string {
  return JSON.stringify(toJSON(label), null, indent);
}

/** LabelParseError says what is wrong with a document that is not a label at all. */
export class LabelParseError extends Error {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(location ? `${location}: ${message}` : message);
    this.name = "LabelParseError";
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * parseLabel reads a label document (JSON text or an already parsed value).
 * It checks the form the editor relies on — objects with string ids and
 * classes and an object for geometry — and leaves the rules of the ontology
 * to validateLocal and the server.
 */
export function parseLabel(input: string | unknown): Label {
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new LabelParseError("", `the label is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObj(doc)) throw new LabelParseError("", "a label must be an object");
  if (!Array.isArray(doc.objects)) throw new LabelParseError("objects", "must be a list");
  const objects = doc.objects.map((o: unknown, i: number): LabelObject => {
    const p = `objects[${i}]`;
    if (!isObj(o)) throw new LabelParseError(p, "must be an object");
    if (typeof o.id !== "string") throw new LabelParseError(`${p}.id`, "must be a string");
    if (typeof o.class !== "string") throw new LabelParseError(`${p}.class`, "must be a string");
    if (!isObj(o.geometry)) throw new LabelParseError(`${p}.geometry`, "must be an object");
    if (o.frame !== undefined && !Number.isInteger(o.frame)) throw new LabelParseError(`${p}.frame`, "must be an integer");
    if (o.track !== undefined && typeof o.track !== "string") throw new LabelParseError(`${p}.track`, "must be a string");
    if (o.attributes !== undefined && !isObj(o.attributes)) throw new LabelParseError(`${p}.attributes`, "must be an object");
    const out: LabelObject = { id: o.id, class: o.class, geometry: clone(o.geometry) as unknown as Geometry };
    if (o.frame !== undefined) out.frame = o.frame as number;
    if (o.track) out.track = o.track as string;
    if (o.attributes) out.attributes = clone(o.attributes) as Values;
    return out;
  });
  const label: Label = { objects };
  if (doc.classifications !== undefined) {
    if (!isObj(doc.classifications)) throw new LabelParseError("classifications", "must be an object");
    label.classifications = clone(doc.classifications) as Values;
  }
  if (doc.frames !== undefined) {
    if (!Array.isArray(doc.frames)) throw new LabelParseError("frames", "must be a list");
    label.frames = doc.frames.map((f: unknown, i: number): FrameClassifications => {
      if (!isObj(f) || !Number.isInteger(f.frame)) throw new LabelParseError(`frames[${i}].frame`, "must be an integer");
      if (!isObj(f.classifications)) throw new LabelParseError(`frames[${i}].classifications`, "must be an object");
      return { frame: f.frame as number, classifications: clone(f.classifications) as Values };
    });
  }
  return label;
}
