// The label document, exactly as docs/ontologies.md ("Labels") gives it: the
// objects drawn on an item, with their geometry by shape and their attribute
// values, the item's classifications, and a video's frame classifications.
// Labels refer to the ontology by ids only (web/src/ontology/types.ts).

/** A value of one attribute: radio, an option id; checklist, option ids; text, a string; number, a number. */
export type Value = string | string[] | number;

/** Values of attributes (nested ones included) in one flat map keyed by attribute id. */
export type Values = Record<string, Value>;

/** bounding_box: the top-left corner and the size, in item pixels. */
export interface BoxGeometry {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * rotated_box: the centre, the size and the rotation in degrees from −180 to
 * 180. A positive angle turns the box clockwise on screen (the y axis points
 * down), as Konva and CSS rotate.
 */
export interface RotatedBoxGeometry {
  cx: number;
  cy: number;
  w: number;
  h: number;
  angle: number;
}

/** An [x, y] pair. */
export type XY = [number, number];

/** polygon (3 or more points, closed implicitly) and polyline (2 or more). */
export interface PointsGeometry {
  points: XY[];
}

/** point. */
export interface PointGeometry {
  x: number;
  y: number;
}

/** One placed point of a skeleton; visible false marks it placed but hidden behind something. */
export interface Keypoint {
  x: number;
  y: number;
  visible?: boolean;
}

/** skeleton: the placed points keyed by the skeleton's point ids; points not placed are left out. */
export interface SkeletonGeometry {
  points: Record<string, Keypoint>;
}

/** mask: uncompressed COCO RLE; size is [height, width]. The editor shows masks but does not paint them. */
export interface MaskGeometry {
  size: [number, number];
  counts: number[];
}

/** text_span: offsets in Unicode code points, start inclusive, end exclusive. */
export interface SpanGeometry {
  start: number;
  end: number;
}

/** time_segment: seconds. */
export type TimeSegmentGeometry = SpanGeometry;

export type Geometry =
  | BoxGeometry
  | RotatedBoxGeometry
  | PointsGeometry
  | PointGeometry
  | SkeletonGeometry
  | MaskGeometry
  | SpanGeometry;

export interface LabelObject {
  /** Unique in the label, up to 64 characters. */
  id: string;
  /** The id of an object class of the ontology. */
  class: string;
  /** Video items only: the frame it is drawn on. */
  frame?: number;
  /** Ties the objects that are one thing across frames: a video track's keyframes. */
  track?: string;
  geometry: Geometry;
  attributes?: Values;
}

export interface FrameClassifications {
  frame: number;
  classifications: Values;
}

export interface Label {
  objects: LabelObject[];
  /** Values of the item classifications. */
  classifications?: Values;
  /** Video items only: values of the frame classifications, one entry per frame that has any. */
  frames?: FrameClassifications[];
}

/** What the editor knows of the item it labels (the Editor's item prop). */
export interface Item {
  kind: "image" | "video" | "text";
  url?: string;
  text?: string;
  width?: number;
  height?: number;
  frames?: number;
  fps?: number;
}

/** A point in item pixels (or, for view maths, in screen pixels). */
export interface Pt {
  x: number;
  y: number;
}

/** An axis-aligned rectangle. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The item's size in pixels, when known. */
export interface Size {
  width: number;
  height: number;
}

export function emptyLabel(): Label {
  return { objects: [] };
}

/**
 * A problem found in a label, located like the server's field errors:
 * "objects[3].attributes.occlusion". An error would make the server refuse
 * the label; a warning is worth a look (the editor's own checks).
 */
export interface Issue {
  location: string;
  message: string;
  severity: "error" | "warning";
}
