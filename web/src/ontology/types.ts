// The ontology document, exactly as the API stores it (issue 5 spec, "Ontology
// document"). The types are structural and use plain arrays, so the types
// openapi-typescript generates for the same JSON can be assigned to them.

/**
 * Known<T> is one of the known values T, or any other string. The OpenAPI
 * document types shape, type and scope as plain strings (the Go types carry
 * no enum tags), so those fields take any string: the unions below are the
 * values the editor offers, and the server refuses any other on save.
 */
export type Known<T extends string> = T | (string & {});

/** The shapes an object class is drawn with. */
export type Shape =
  | "bounding_box"
  | "rotated_box"
  | "polygon"
  | "polyline"
  | "point"
  | "skeleton"
  | "mask"
  | "text_span"
  | "time_segment";

export const SHAPES: readonly Shape[] = [
  "bounding_box",
  "rotated_box",
  "polygon",
  "polyline",
  "point",
  "skeleton",
  "mask",
  "text_span",
  "time_segment",
];

/** radio: one option id; checklist: a list of option ids; text: a string; number: a number. */
export type AttributeType = "radio" | "checklist" | "text" | "number";

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ["radio", "checklist", "text", "number"];

/** Where a classification's value lives in a label: on the item, or on each frame of a video. */
export type Scope = "item" | "frame";

export const SCOPES: readonly Scope[] = ["item", "frame"];

/** One choice of a radio or checklist attribute; choosing it may reveal nested attributes. */
export interface Option {
  id: string;
  label: string;
  attributes?: Attribute[];
}

export interface Attribute {
  id: string;
  name: string;
  type: Known<AttributeType>;
  required?: boolean;
  /** radio and checklist only. */
  options?: Option[];
  /** text only; the server's limit is 10000 when it is absent. */
  max_length?: number;
  /** number only. */
  min?: number;
  /** number only. */
  max?: number;
  /** number only. */
  integer?: boolean;
}

/** A classification is an attribute of the whole item (or frame), with a scope and an optional hotkey. */
export interface Classification extends Attribute {
  scope: Known<Scope>;
  hotkey?: string;
}

export interface SkeletonPoint {
  id: string;
  name: string;
}

export interface Skeleton {
  points: SkeletonPoint[];
  /** Each edge is a pair of point ids, [from, to]; optional like the server's (omitempty). */
  edges?: string[][];
}

export interface ObjectClass {
  id: string;
  name: string;
  shape: Known<Shape>;
  /** "#rrggbb". */
  color: string;
  /** One character, a-z or 0-9, unique across objects and classifications. */
  hotkey?: string;
  attributes?: Attribute[];
  /** Required for, and only for, shape "skeleton". */
  skeleton?: Skeleton;
}

export interface Ontology {
  objects: ObjectClass[];
  classifications: Classification[];
}
