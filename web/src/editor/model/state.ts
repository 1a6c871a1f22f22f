// The editor's state and its operations: pure functions from a state to the
// next one, no React. The state holds the label being edited and what the
// annotator is doing with it — the selection, hidden and locked objects, the
// active class and tool, the drawing in progress, the current video frame —
// and the undo history. Every operation returns a new state and leaves its
// input as it was; an operation that cannot apply (a locked object, an
// unknown id, a read-only editor) returns the state it was given.
//
// Ids: objects are addressed by id. On a video, a track's interpolated
// object on a frame between two keyframes has a virtual id (video.ts); any
// edit of it first turns it into a keyframe of its own, with a fresh id.

import type { Attribute, Classification, ObjectClass, Ontology } from "../../ontology/types";
import {
  angleTo,
  boxFromCorners,
  clampBox,
  clampPoint,
  dist,
  geometryBounds,
  hitGeometry,
  isSpatial,
  moveGeometry,
  normalizeAngle,
  pickHit,
  tidyGeometry,
} from "./geometry";
import { freshId, randomId } from "./ids";
import { cpLength } from "./text";
import type {
  BoxGeometry,
  Geometry,
  Item,
  Keypoint,
  Label,
  LabelObject,
  PointsGeometry,
  Pt,
  RotatedBoxGeometry,
  Size,
  SkeletonGeometry,
  Value,
  Values,
  XY,
} from "./types";
import { prune, setValue, toggleOption } from "./values";
import { isVirtualId, materialize, objectsAt, parseVirtualId, virtualId, type FrameObject } from "./video";

// ---------- the state ----------

/** select: pick, move and edit objects; draw: each press draws an object of the active class. */
export type Tool = "select" | "draw";

/** A drawing in progress, in item pixels. */
export type Draft =
  /** bounding_box: a drag from one corner to the other. */
  | { kind: "box"; classId: string; start: Pt; end: Pt }
  /** rotated_box: drag the size (phase "size"), then turn it by its handle and click (phase "angle"). */
  | { kind: "rotated"; classId: string; phase: "size" | "angle"; start: Pt; end: Pt; angle: number }
  /** polygon (closed) and polyline: click points; the cursor shows the next edge. */
  | { kind: "path"; classId: string; closed: boolean; points: XY[]; cursor: Pt | null }
  /** skeleton: each click places the skeleton's next point (index), which may also be skipped. */
  | { kind: "skeleton"; classId: string; index: number; points: Record<string, Keypoint>; cursor: Pt | null };

/** What undo goes back to. */
export interface Snapshot {
  label: Label;
  selected: string | null;
  frame: number;
}

export interface EditorState {
  readonly ontology: Ontology;
  readonly item: Item;
  /** The item's size in pixels: the item's own, or measured from the image once it loads. */
  readonly size: Size | null;
  readonly label: Label;
  readonly selected: string | null;
  /** Hidden and locked objects, by objectKey (a whole track at once on a video). */
  readonly hidden: readonly string[];
  readonly locked: readonly string[];
  readonly activeClass: string | null;
  readonly tool: Tool;
  /** The video frame shown; 0 for other items. */
  readonly frame: number;
  readonly draft: Draft | null;
  readonly readOnly: boolean;
  readonly past: readonly Snapshot[];
  readonly future: readonly Snapshot[];
  /** The group of the last step: later steps of the same group (one drag, one run of typing) merge into it. */
  readonly group: string | null;
  readonly historyLimit: number;
  /** Where new object and track ids come from (random by default, sequential in tests). */
  readonly newId: () => string;
}

export interface EditorOptions {
  ontology: Ontology;
  item: Item;
  label: Label;
  readOnly?: boolean;
  newId?: () => string;
  historyLimit?: number;
}

export const DEFAULT_HISTORY_LIMIT = 200;
/** A drag shorter than this (item pixels) on either side draws no box. */
export const MIN_BOX_SIZE = 2;
/** How far duplicate moves the copy, in item pixels. */
export const DUPLICATE_OFFSET = 10;

function knownSize(item: Item): Size | null {
  return item.width && item.height && item.width > 0 && item.height > 0 ? { width: item.width, height: item.height } : null;
}

export function createState(o: EditorOptions): EditorState {
  return {
    ontology: o.ontology,
    item: o.item,
    size: knownSize(o.item),
    label: o.label,
    selected: null,
    hidden: [],
    locked: [],
    activeClass: null,
    tool: "select",
    frame: 0,
    draft: null,
    readOnly: !!o.readOnly,
    past: [],
    future: [],
    group: null,
    historyLimit: Math.max(1, o.historyLimit ?? DEFAULT_HISTORY_LIMIT),
    newId: o.newId ?? (() => randomId()),
  };
}

// ---------- reading ----------

export function classById(s: EditorState, id: string | null | undefined): ObjectClass | undefined {
  return id ? s.ontology.objects.find((c) => c.id === id) : undefined;
}

export function shapeOf(s: EditorState, classId: string): string | undefined {
  return classById(s, classId)?.shape;
}

export function isVideo(s: EditorState): boolean {
  return s.item.kind === "video";
}

/** frameCount is the video's number of frames (1 for other items, or when unknown: the last keyframe + 1). */
export function frameCount(s: EditorState): number {
  if (!isVideo(s)) return 1;
  if (s.item.frames && s.item.frames > 0) return s.item.frames;
  const last = Math.max(0, ...s.label.objects.map((o) => o.frame ?? 0), ...(s.label.frames ?? []).map((f) => f.frame));
  return last + 1;
}

/** objectKey names what hide and lock apply to: a track as a whole, or one object. */
export function objectKey(o: Pick<LabelObject, "id" | "track">): string {
  return o.track ? `track:${o.track}` : `id:${o.id}`;
}

/**
 * frameObjects lists what the current view shows, in drawing order: every
 * object of an image or text, and on a video the current frame's keyframes,
 * frameless objects and interpolated track objects.
 */
export function frameObjects(s: EditorState): FrameObject[] {
  if (isVideo(s)) return objectsAt(s.label, s.ontology, s.frame);
  return s.label.objects.map((object, index) => ({ object, index, interpolated: false }));
}

/**
 * findObject finds an object by id. A virtual id names a track on a frame:
 * its interpolated object there, or its keyframe once it has one (so an edit
 * that turned it into a keyframe can go on under the same id).
 */
export function findObject(s: EditorState, id: string | null | undefined): FrameObject | undefined {
  if (!id) return undefined;
  const index = s.label.objects.findIndex((o) => o.id === id);
  if (index >= 0) return { object: s.label.objects[index], index, interpolated: false };
  const v = parseVirtualId(id);
  if (!v) return undefined;
  const k = s.label.objects.findIndex((o) => o.track === v.track && o.frame === v.frame);
  if (k >= 0) return { object: s.label.objects[k], index: k, interpolated: false };
  return objectsAt(s.label, s.ontology, v.frame).find((f) => f.object.id === id);
}

export function selectedObject(s: EditorState): FrameObject | undefined {
  return findObject(s, s.selected);
}

export function isHidden(s: EditorState, o: Pick<LabelObject, "id" | "track">): boolean {
  return s.hidden.includes(objectKey(o));
}

export function isLocked(s: EditorState, o: Pick<LabelObject, "id" | "track">): boolean {
  return s.locked.includes(objectKey(o));
}

export const canUndo = (s: EditorState) => s.past.length > 0;
export const canRedo = (s: EditorState) => s.future.length > 0;

/** classForHotkey finds the object class bound to a key, ignoring case. */
export function classForHotkey(o: Ontology, key: string): ObjectClass | undefined {
  const k = key.toLowerCase();
  return o.objects.find((c) => c.hotkey?.toLowerCase() === k);
}

export function classificationForHotkey(o: Ontology, key: string): Classification | undefined {
  const k = key.toLowerCase();
  return o.classifications.find((c) => c.hotkey?.toLowerCase() === k);
}

/** drawableClasses are the classes this item can have: shapes on an image or a frame, spans on a text. */
export function drawableClasses(s: EditorState): ObjectClass[] {
  return s.ontology.objects.filter((c) => classFits(s.item, c));
}

/**
 * classFits says whether objects of a class belong on this item: text spans
 * on a text; shapes on an image or a video frame (and time segments on a
 * video).
 */
export function classFits(item: Item, c: ObjectClass): boolean {
  if (item.kind === "text") return c.shape === "text_span";
  return isSpatial(c.shape) || (item.kind === "video" && c.shape === "time_segment");
}

/** classDraws says whether the canvas draws new objects of a class: every shape it fits but masks and time segments. */
export function classDraws(item: Item, c: ObjectClass): boolean {
  return classFits(item, c) && isSpatial(c.shape) && c.shape !== "mask";
}

/** usableClasses are the ids of the classes the editor offers for this item: those it draws, or text spans on a text. */
export function usableClasses(s: EditorState): string[] {
  return s.ontology.objects.filter((c) => classDraws(s.item, c) || (s.item.kind === "text" && classFits(s.item, c))).map((c) => c.id);
}

/** hitTest finds the object at p (item pixels) that a click picks, skipping hidden and locked ones. */
export function hitTest(s: EditorState, p: Pt, tolerance: number): string | null {
  const list = frameObjects(s).filter((f) => !isHidden(s, f.object) && !isLocked(s, f.object));
  const hits = list.map((f) => {
    const c = classById(s, f.object.class);
    if (!c) return null;
    return hitGeometry(c.shape, f.object.geometry, p, tolerance, c.skeleton?.edges);
  });
  const i = pickHit(hits);
  return i < 0 ? null : list[i].object.id;
}

// ---------- history ----------

function snapshot(s: EditorState): Snapshot {
  return { label: s.label, selected: s.selected, frame: s.frame };
}

interface CommitOptions {
  /** Steps with the same group, one after the other, undo as one. */
  group?: string;
  /** The selection after the step (unchanged when left out). */
  selected?: string | null;
}

/** commit makes label the new present, recording the step for undo (or merging it into its group). */
export function commit(s: EditorState, label: Label, opts: CommitOptions = {}): EditorState {
  if (s.readOnly) return s;
  const selected = opts.selected === undefined ? s.selected : opts.selected;
  if (label === s.label) return selected === s.selected ? s : { ...s, selected };
  const group = opts.group ?? null;
  if (group !== null && group === s.group && s.past.length > 0) {
    return { ...s, label, selected, future: [] };
  }
  const past = [...s.past, snapshot(s)];
  if (past.length > s.historyLimit) past.splice(0, past.length - s.historyLimit);
  return { ...s, label, selected, past, future: [], group };
}

/** endGroup closes the group of the last step: the next step, even of the same group, is a step of its own. */
export function endGroup(s: EditorState): EditorState {
  return s.group === null ? s : { ...s, group: null };
}

function restore(s: EditorState, snap: Snapshot): EditorState {
  const selected = snap.selected && findObjectIn(snap.label, s, snap.selected) ? snap.selected : null;
  return { ...s, label: snap.label, selected, frame: snap.frame, draft: null, group: null };
}

function findObjectIn(label: Label, s: EditorState, id: string): boolean {
  return label.objects.some((o) => o.id === id) || (isVirtualId(id) && !!findObject({ ...s, label }, id));
}

export function undo(s: EditorState): EditorState {
  if (s.draft) return cancelDraft(s);
  if (s.readOnly || s.past.length === 0) return s;
  const prev = s.past[s.past.length - 1];
  return { ...restore(s, prev), past: s.past.slice(0, -1), future: [...s.future, snapshot(s)] };
}

export function redo(s: EditorState): EditorState {
  if (s.readOnly || s.future.length === 0) return s;
  const next = s.future[s.future.length - 1];
  return { ...restore(s, next), past: [...s.past, snapshot(s)], future: s.future.slice(0, -1) };
}

/**
 * replaceLabel takes a label from outside (another task, a reload): the
 * history starts again, and selection, hidden and locked forget objects the
 * label no longer has.
 */
export function replaceLabel(s: EditorState, label: Label): EditorState {
  if (label === s.label) return s;
  const keys = new Set(label.objects.map(objectKey));
  const selected = s.selected && findObjectIn(label, s, s.selected) ? s.selected : null;
  return {
    ...s,
    label,
    selected,
    hidden: s.hidden.filter((k) => keys.has(k)),
    locked: s.locked.filter((k) => keys.has(k)),
    draft: null,
    past: [],
    future: [],
    group: null,
  };
}

/** setSize records the item's size once it is known (an image without width and height in its item). */
export function setSize(s: EditorState, size: Size | null): EditorState {
  if (s.size?.width === size?.width && s.size?.height === size?.height) return s;
  return { ...s, size };
}

/**
 * setContext takes a new ontology or item (the same task, re-rendered): the
 * label and the history stay; the item's own size replaces a measured one.
 */
export function setContext(s: EditorState, ontology: Ontology, item: Item): EditorState {
  if (ontology === s.ontology && item === s.item) return s;
  const size = knownSize(item) ?? (item.url === s.item.url && item.kind === s.item.kind ? s.size : null);
  const active = classById({ ...s, ontology }, s.activeClass) ? s.activeClass : null;
  const next = { ...s, ontology, item, size, activeClass: active, tool: active ? s.tool : ("select" as Tool) };
  return isVideo(next) ? next : { ...next, frame: 0 };
}

export function setReadOnly(s: EditorState, readOnly: boolean): EditorState {
  return s.readOnly === readOnly ? s : { ...s, readOnly, draft: readOnly ? null : s.draft, tool: readOnly ? "select" : s.tool };
}

// ---------- ids ----------

function takenIds(label: Label): Set<string> {
  const ids = new Set<string>();
  for (const o of label.objects) {
    ids.add(o.id);
    if (o.track) ids.add(o.track);
  }
  return ids;
}

function nextId(s: EditorState, label: Label, also?: Set<string>): string {
  const taken = takenIds(label);
  for (const t of also ?? []) taken.add(t);
  return freshId(s.newId, taken);
}

// ---------- selection, tools, view state ----------

export function select(s: EditorState, id: string | null): EditorState {
  if (id !== null && !findObject(s, id)) return s;
  return id === s.selected ? s : { ...s, selected: id, group: null };
}

/**
 * selectNext moves the selection to the next (dir 1) or previous (dir −1)
 * object shown, skipping hidden ones and wrapping round; with nothing
 * selected it starts at the first (or the last).
 */
export function selectNext(s: EditorState, dir: 1 | -1): EditorState {
  const list = frameObjects(s).filter((f) => !isHidden(s, f.object));
  if (list.length === 0) return s.selected ? { ...s, selected: null } : s;
  const at = list.findIndex((f) => f.object.id === s.selected);
  const i = at < 0 ? (dir === 1 ? 0 : list.length - 1) : (at + dir + list.length) % list.length;
  return { ...s, selected: list[i].object.id, group: null };
}

/**
 * setActiveClass picks the class new objects get; a class drawn on the
 * canvas also turns on the draw tool. Picking the class being drawn again,
 * or null, goes back to select. A drawing in progress is dropped.
 */
export function setActiveClass(s: EditorState, classId: string | null): EditorState {
  const c = classById(s, classId);
  if (!c || (classId === s.activeClass && s.tool === "draw")) return { ...s, activeClass: c ? c.id : null, tool: "select", draft: null };
  const draws = classDraws(s.item, c) && !s.readOnly;
  return { ...s, activeClass: c.id, tool: draws ? "draw" : "select", draft: null };
}

export function setTool(s: EditorState, tool: Tool): EditorState {
  if (tool === s.tool) return s;
  if (tool === "draw" && (s.readOnly || !s.activeClass)) return s;
  return { ...s, tool, draft: null };
}

function toggleKey(list: readonly string[], key: string): string[] {
  return list.includes(key) ? list.filter((k) => k !== key) : [...list, key];
}

/** toggleHidden hides an object (on a video, its whole track) or shows it again. */
export function toggleHidden(s: EditorState, id: string): EditorState {
  const f = findObject(s, id);
  return f ? { ...s, hidden: toggleKey(s.hidden, objectKey(f.object)) } : s;
}

/** toggleLocked locks an object (or its track) against every change, or unlocks it. */
export function toggleLocked(s: EditorState, id: string): EditorState {
  const f = findObject(s, id);
  if (!f || s.readOnly) return s;
  return { ...s, locked: toggleKey(s.locked, objectKey(f.object)) };
}

/** setAllHidden hides every object shown, or shows every one. */
export function setAllHidden(s: EditorState, hidden: boolean): EditorState {
  if (!hidden) return s.hidden.length ? { ...s, hidden: [] } : s;
  return { ...s, hidden: [...new Set([...s.hidden, ...s.label.objects.map(objectKey)])] };
}

// ---------- video frames ----------

/**
 * setFrame shows another video frame (clamped to the video). The selection
 * follows its track: to the track's keyframe or interpolated object there.
 */
export function setFrame(s: EditorState, frame: number): EditorState {
  const f = Math.max(0, Math.min(frameCount(s) - 1, Math.round(frame)));
  if (f === s.frame) return s;
  let selected = s.selected;
  const cur = findObject(s, s.selected);
  const next = { ...s, frame: f, draft: null, group: null };
  if (cur?.object.track) {
    const there = objectsAt(s.label, s.ontology, f).find((o) => o.object.track === cur.object.track);
    if (there) selected = there.object.id;
  }
  return { ...next, selected };
}

export function stepFrame(s: EditorState, delta: number): EditorState {
  return setFrame(s, s.frame + delta);
}

// ---------- editing plumbing ----------

/**
 * editable resolves id to a label object that may change: it refuses locked
 * objects and read-only states, and turns an interpolated object into a
 * keyframe first. It gives the state (with the keyframe added, as part of
 * the step that follows) and the object's index.
 */
function editable(s: EditorState, id: string | null | undefined): { label: Label; index: number; id: string } | null {
  if (s.readOnly || !id) return null;
  const f = findObject(s, id);
  if (!f || isLocked(s, f.object)) return null;
  if (!f.interpolated) return { label: s.label, index: f.index, id };
  const newId = nextId(s, s.label);
  const label = materialize(s.label, s.ontology, id, newId);
  const index = label.objects.findIndex((o) => o.id === newId);
  return index < 0 ? null : { label, index, id: newId };
}

function replaceObject(label: Label, index: number, o: LabelObject): Label {
  const objects = label.objects.slice();
  objects[index] = o;
  return { ...label, objects };
}

/** updateObject applies fn to one object as one step (of group, when given); fn returning the object itself changes nothing. */
function updateObject(s: EditorState, id: string, fn: (o: LabelObject, shape: string) => LabelObject, group?: string): EditorState {
  const e = editable(s, id);
  if (!e) return s;
  const o = e.label.objects[e.index];
  const shape = shapeOf(s, o.class) ?? "";
  const next = fn(o, shape);
  if (next === o && e.label === s.label) return s;
  const label = next === o ? e.label : replaceObject(e.label, e.index, next);
  return commit(s, label, { group, selected: s.selected === id ? e.id : s.selected });
}

function withGeometry(o: LabelObject, g: Geometry): LabelObject {
  return g === o.geometry ? o : { ...o, geometry: g };
}

/** tidy rounds and clamps geometry set by the pointer. */
function tidy(s: EditorState, shape: string, g: Geometry): Geometry {
  return tidyGeometry(shape, g, s.size);
}

// ---------- moving, resizing, rotating ----------

/** moveBy moves an object by (dx, dy) item pixels, as far as the item lets it. */
export function moveBy(s: EditorState, id: string, dx: number, dy: number, group?: string): EditorState {
  return updateObject(s, id, (o, shape) => {
    const g = moveGeometry(shape, o.geometry, dx, dy, s.size);
    return withGeometry(o, g === o.geometry ? g : tidy(s, shape, g));
  }, group);
}

/** nudge is an arrow key's move; a run of nudges of one object undoes as one step. */
export function nudge(s: EditorState, id: string, dx: number, dy: number): EditorState {
  return moveBy(s, id, dx, dy, `nudge:${id}`);
}

/**
 * setGeometry replaces an object's geometry (the transformer's result, a
 * vertex drag), rounded and brought inside the item.
 */
export function setGeometry(s: EditorState, id: string, g: Geometry, group?: string): EditorState {
  return updateObject(s, id, (o, shape) => withGeometry(o, tidy(s, shape, g)), group);
}

/** resizeBox gives a bounding box new corners (any two opposite ones), cut to the item. */
export function resizeBox(s: EditorState, id: string, a: Pt, b: Pt, group?: string): EditorState {
  return updateObject(s, id, (o, shape) => {
    if (shape !== "bounding_box") return o;
    const box = clampBox(boxFromCorners(clampPoint(a, s.size), clampPoint(b, s.size)), s.size);
    if (box.w <= 0 || box.h <= 0) return o;
    return withGeometry(o, tidy(s, shape, box));
  }, group);
}

/** rotateTo sets a rotated box's angle (normalised to −180..180), sliding it back inside the item if a corner left it. */
export function rotateTo(s: EditorState, id: string, angle: number, group?: string): EditorState {
  return updateObject(s, id, (o, shape) => {
    if (shape !== "rotated_box") return o;
    const g = o.geometry as RotatedBoxGeometry;
    return withGeometry(o, tidy(s, shape, { ...g, angle: normalizeAngle(angle) }));
  }, group);
}

// ---------- vertices ----------

function pathPoints(o: LabelObject): XY[] {
  return (o.geometry as PointsGeometry).points;
}

/** moveVertex moves point index of a polygon or polyline to p (clamped to the item). */
export function moveVertex(s: EditorState, id: string, index: number, p: Pt, group?: string): EditorState {
  return updateObject(s, id, (o, shape) => {
    if (shape !== "polygon" && shape !== "polyline") return o;
    const pts = pathPoints(o);
    if (index < 0 || index >= pts.length) return o;
    const q = clampPoint(p, s.size);
    const next = pts.slice();
    next[index] = [Math.round(q.x * 100) / 100, Math.round(q.y * 100) / 100];
    return withGeometry(o, { points: next });
  }, group);
}

/** insertVertex adds a point on edge `edge` (from point edge to the next), at p. */
export function insertVertex(s: EditorState, id: string, edge: number, p: Pt): EditorState {
  return updateObject(s, id, (o, shape) => {
    if (shape !== "polygon" && shape !== "polyline") return o;
    const pts = pathPoints(o);
    const edges = shape === "polygon" ? pts.length : pts.length - 1;
    if (edge < 0 || edge >= edges) return o;
    const q = clampPoint(p, s.size);
    const next = pts.slice();
    next.splice(edge + 1, 0, [Math.round(q.x * 100) / 100, Math.round(q.y * 100) / 100]);
    return withGeometry(o, { points: next });
  });
}

/** deleteVertex removes a point, unless the shape would be left with too few (3 for a polygon, 2 for a polyline). */
export function deleteVertex(s: EditorState, id: string, index: number): EditorState {
  return updateObject(s, id, (o, shape) => {
    if (shape !== "polygon" && shape !== "polyline") return o;
    const pts = pathPoints(o);
    const least = shape === "polygon" ? 3 : 2;
    if (index < 0 || index >= pts.length || pts.length <= least) return o;
    return withGeometry(o, { points: pts.filter((_, i) => i !== index) });
  });
}

// ---------- skeleton points ----------

function keypoints(o: LabelObject): Record<string, Keypoint> {
  return (o.geometry as SkeletonGeometry).points;
}

/** moveKeypoint moves (or places, when it was not placed) one skeleton point. */
export function moveKeypoint(s: EditorState, id: string, pointId: string, p: Pt, group?: string): EditorState {
  return updateObject(s, id, (o, shape) => {
    const c = classById(s, o.class);
    if (shape !== "skeleton" || !c?.skeleton?.points.some((sp) => sp.id === pointId)) return o;
    const q = clampPoint(p, s.size);
    const kp = keypoints(o);
    const k: Keypoint = { ...(kp[pointId] ?? {}), x: Math.round(q.x * 100) / 100, y: Math.round(q.y * 100) / 100 };
    return withGeometry(o, { points: { ...kp, [pointId]: k } });
  }, group);
}

/** setKeypointVisible marks a placed point hidden behind something (false) or seen (true: the flag goes). */
export function setKeypointVisible(s: EditorState, id: string, pointId: string, visible: boolean): EditorState {
  return updateObject(s, id, (o, shape) => {
    const kp = shape === "skeleton" ? keypoints(o) : undefined;
    const k = kp?.[pointId];
    if (!kp || !k || (k.visible !== false) === visible) return o;
    const { visible: _drop, ...rest } = k;
    void _drop;
    return withGeometry(o, { points: { ...kp, [pointId]: visible ? rest : { ...rest, visible: false } } });
  });
}

/** removeKeypoint un-places a skeleton point, keeping at least one. */
export function removeKeypoint(s: EditorState, id: string, pointId: string): EditorState {
  return updateObject(s, id, (o, shape) => {
    const kp = shape === "skeleton" ? keypoints(o) : undefined;
    if (!kp?.[pointId] || Object.keys(kp).length <= 1) return o;
    const next = { ...kp };
    delete next[pointId];
    return withGeometry(o, { points: next });
  });
}

// ---------- attributes and class ----------

/** setAttribute sets (or, with undefined, "" or [], clears) a value, clearing nested values the change makes unreachable. */
export function setAttribute(s: EditorState, id: string, attrId: string, v: Value | undefined, group?: string): EditorState {
  return updateObject(s, id, (o) => {
    const attrs = classById(s, o.class)?.attributes;
    return withValues(o, setValue(attrs, o.attributes, attrId, v));
  }, group);
}

/** toggleAttributeOption adds an option to a checklist attribute or takes it out. */
export function toggleAttributeOption(s: EditorState, id: string, attrId: string, optionId: string): EditorState {
  return updateObject(s, id, (o) => withValues(o, toggleOption(classById(s, o.class)?.attributes, o.attributes, attrId, optionId)));
}

function withValues(o: LabelObject, values: Values): LabelObject {
  if (sameValues(o.attributes ?? {}, values)) return o;
  const next = { ...o };
  if (Object.keys(values).length) next.attributes = values;
  else delete next.attributes;
  return next;
}

function sameValues(a: Values, b: Values): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * changeClass gives an object another class of the same shape, keeping the
 * attribute values the new class also has (and can reach). On a video the
 * whole track changes, since a track has one class.
 */
export function changeClass(s: EditorState, id: string, classId: string): EditorState {
  const e = editable(s, id);
  const to = classById(s, classId);
  if (!e || !to) return s;
  const o = e.label.objects[e.index];
  if (o.class === classId || shapeOf(s, o.class) !== to.shape) return s;
  const known = new Set<string>();
  const collect = (attrs: readonly Attribute[] | undefined) =>
    attrs?.forEach((a) => {
      known.add(a.id);
      a.options?.forEach((op) => collect(op.attributes));
    });
  collect(to.attributes);
  const retag = (x: LabelObject): LabelObject => {
    const kept: Values = {};
    for (const [k, v] of Object.entries(x.attributes ?? {})) if (known.has(k)) kept[k] = v;
    return withValues({ ...x, class: classId }, prune(to.attributes, kept));
  };
  const objects = e.label.objects.map((x, i) => (i === e.index || (o.track && x.track === o.track) ? retag(x) : x));
  return commit(s, { ...e.label, objects }, { selected: e.id });
}

// ---------- classifications ----------

function classificationScope(s: EditorState, attrId: string): "item" | "frame" | undefined {
  for (const c of s.ontology.classifications) {
    let found = false;
    const walk = (a: Attribute) => {
      if (a.id === attrId) found = true;
      a.options?.forEach((op) => op.attributes?.forEach(walk));
    };
    walk(c);
    if (found) return c.scope === "frame" ? "frame" : "item";
  }
  return undefined;
}

function scopeAttributes(s: EditorState, scope: "item" | "frame"): Attribute[] {
  return s.ontology.classifications.filter((c) => (c.scope === "frame" ? "frame" : "item") === scope);
}

/** frameValues are the frame classifications' values on a frame. */
export function frameValues(label: Label, frame: number): Values {
  return label.frames?.find((f) => f.frame === frame)?.classifications ?? {};
}

function updateValues(s: EditorState, attrId: string, fn: (attrs: Attribute[], values: Values | undefined) => Values, group?: string): EditorState {
  if (s.readOnly) return s;
  const scope = classificationScope(s, attrId);
  if (!scope) return s;
  const attrs = scopeAttributes(s, scope);
  if (scope === "item") {
    const values = fn(attrs, s.label.classifications);
    if (sameValues(s.label.classifications ?? {}, values)) return s;
    const label = { ...s.label };
    if (Object.keys(values).length) label.classifications = values;
    else delete label.classifications;
    return commit(s, label, { group });
  }
  if (!isVideo(s)) return s;
  const current = s.label.frames?.find((f) => f.frame === s.frame)?.classifications;
  const values = fn(attrs, current);
  if (sameValues(current ?? {}, values)) return s;
  const others = (s.label.frames ?? []).filter((f) => f.frame !== s.frame);
  const frames = Object.keys(values).length ? [...others, { frame: s.frame, classifications: values }].sort((a, b) => a.frame - b.frame) : others;
  const label = { ...s.label };
  if (frames.length) label.frames = frames;
  else delete label.frames;
  return commit(s, label, { group });
}

/**
 * setClassification sets the value of an item classification (or of a
 * frame classification on the current frame, for frame scope), clearing the
 * values the change makes unreachable. A frame left without values leaves
 * the label's frames.
 */
export function setClassification(s: EditorState, attrId: string, v: Value | undefined, group?: string): EditorState {
  return updateValues(s, attrId, (attrs, values) => setValue(attrs, values, attrId, v), group);
}

export function toggleClassificationOption(s: EditorState, attrId: string, optionId: string): EditorState {
  return updateValues(s, attrId, (attrs, values) => toggleOption(attrs, values, attrId, optionId));
}

// ---------- deleting, duplicating, ordering ----------

/** deleteObject removes an object (a keyframe on a video). Interpolated objects have nothing to remove. */
export function deleteObject(s: EditorState, id: string): EditorState {
  if (s.readOnly) return s;
  const f = findObject(s, id);
  if (!f || f.interpolated || isLocked(s, f.object)) return s;
  const gone = f.object.id;
  const objects = s.label.objects.filter((o) => o.id !== gone);
  return commit(s, { ...s.label, objects }, { selected: s.selected === id || s.selected === gone ? null : s.selected });
}

/** deleteTrack removes every keyframe of a track. */
export function deleteTrack(s: EditorState, track: string): EditorState {
  if (s.readOnly || !track || s.locked.includes(`track:${track}`)) return s;
  const objects = s.label.objects.filter((o) => o.track !== track);
  if (objects.length === s.label.objects.length) return s;
  const sel = findObject(s, s.selected);
  return commit(s, { ...s.label, objects }, { selected: sel?.object.track === track ? null : s.selected });
}

/**
 * duplicateObject copies an object with its attributes under a new id,
 * DUPLICATE_OFFSET pixels down and right (as far as the item lets it), right
 * after the original, and selects the copy. On a video the copy starts a
 * track of its own on the current frame.
 */
export function duplicateObject(s: EditorState, id: string): EditorState {
  if (s.readOnly) return s;
  const f = findObject(s, id);
  if (!f) return s;
  const shape = shapeOf(s, f.object.class) ?? "";
  const copyId = nextId(s, s.label);
  const copy: LabelObject = { ...f.object, id: copyId, geometry: moveGeometry(shape, structuredClone(f.object.geometry), DUPLICATE_OFFSET, DUPLICATE_OFFSET, s.size) };
  if (f.object.attributes) copy.attributes = structuredClone(f.object.attributes);
  if (f.object.track) {
    copy.track = nextId(s, s.label, new Set([copyId]));
    copy.frame = s.frame;
  }
  copy.geometry = tidy(s, shape, copy.geometry);
  const at = f.interpolated ? s.label.objects.length : f.index + 1;
  const objects = s.label.objects.slice();
  objects.splice(at, 0, copy);
  return commit(s, { ...s.label, objects }, { selected: copyId });
}

/** reorderObject moves an object to index `to` of the list (which is also the drawing order: later is on top). */
export function reorderObject(s: EditorState, id: string, to: number): EditorState {
  if (s.readOnly) return s;
  const from = s.label.objects.findIndex((o) => o.id === id);
  if (from < 0) return s;
  const target = Math.max(0, Math.min(s.label.objects.length - 1, to));
  if (target === from) return s;
  const objects = s.label.objects.slice();
  const [o] = objects.splice(from, 1);
  objects.splice(target, 0, o);
  return commit(s, { ...s.label, objects });
}

/** raise moves an object up (delta > 0, towards the top of the drawing) or down the list. */
export function raise(s: EditorState, id: string, delta: number): EditorState {
  const from = s.label.objects.findIndex((o) => o.id === id);
  return from < 0 ? s : reorderObject(s, id, from + delta);
}

// ---------- keyframes ----------

/**
 * addKeyframe makes the selected track object a keyframe on the current
 * frame: an interpolated one becomes one; a keyframe on another frame (the
 * track has none here) is copied here, extending the track.
 */
export function addKeyframe(s: EditorState, id: string): EditorState {
  if (s.readOnly || !isVideo(s)) return s;
  const f = findObject(s, id);
  if (!f || isLocked(s, f.object)) return s;
  if (f.interpolated) {
    const e = editable(s, id);
    return e ? commit(s, e.label, { selected: e.id }) : s;
  }
  const o = f.object;
  if (!o.track || o.frame === s.frame) return s;
  if (s.label.objects.some((x) => x.track === o.track && x.frame === s.frame)) return s;
  const copyId = nextId(s, s.label);
  const copy: LabelObject = { ...structuredClone(o), id: copyId, frame: s.frame };
  let at = s.label.objects.length;
  s.label.objects.forEach((k, i) => {
    if (k.track === o.track && k.frame !== undefined && k.frame < s.frame) at = i + 1;
  });
  const objects = s.label.objects.slice();
  objects.splice(at, 0, copy);
  return commit(s, { ...s.label, objects }, { selected: copyId });
}

// ---------- drawing ----------

function newObject(s: EditorState, classId: string, g: Geometry): { label: Label; id: string } {
  const id = nextId(s, s.label);
  const o: LabelObject = { id, class: classId, geometry: g };
  if (isVideo(s)) {
    o.frame = s.frame;
    o.track = nextId(s, s.label, new Set([id]));
  }
  return { label: { ...s.label, objects: [...s.label.objects, o] }, id };
}

/** createObject adds an object of a class with a geometry (rounded, brought inside the item) and selects it. */
export function createObject(s: EditorState, classId: string, g: Geometry): EditorState {
  const c = classById(s, classId);
  if (s.readOnly || !c) return s;
  const { label, id } = newObject(s, classId, tidy(s, c.shape, g));
  return { ...commit(s, label, { selected: id }), draft: null };
}

/**
 * createSpan adds a text span of a class from a selection's code-point
 * offsets (either order; cut to the text). An empty selection adds nothing.
 */
export function createSpan(s: EditorState, classId: string, start: number, end: number): EditorState {
  const c = classById(s, classId);
  if (s.readOnly || c?.shape !== "text_span") return s;
  const len = s.item.text !== undefined ? cpLength(s.item.text) : Infinity;
  const a = Math.max(0, Math.min(start, end, len));
  const b = Math.min(len, Math.max(start, end));
  if (!(b > a)) return s;
  const { label, id } = newObject(s, classId, { start: Math.round(a), end: Math.round(b) });
  return commit(s, label, { selected: id });
}

/** setSpan moves a text span's ends (code points, cut to the text). */
export function setSpan(s: EditorState, id: string, start: number, end: number): EditorState {
  const len = s.item.text !== undefined ? cpLength(s.item.text) : Infinity;
  const a = Math.max(0, Math.min(start, end, len));
  const b = Math.min(len, Math.max(start, end));
  if (!(b > a)) return s;
  return updateObject(s, id, (o, shape) => (shape === "text_span" ? withGeometry(o, { start: a, end: b }) : o));
}

export interface PointerOptions {
  /** How near (item pixels) a click must come to a point to hit it: the first point closes a polygon. */
  tolerance?: number;
  /** Place a skeleton point as not visible (Alt+click). */
  hidden?: boolean;
}

function drawing(s: EditorState): ObjectClass | undefined {
  if (s.readOnly || s.tool !== "draw") return undefined;
  const c = classById(s, s.activeClass);
  return c && classDraws(s.item, c) ? c : undefined;
}

function skeletonOrder(c: ObjectClass): string[] {
  return c.skeleton?.points.map((p) => p.id) ?? [];
}

/**
 * pointerDown is a press of the draw tool at p: it starts a box, places a
 * point, adds a vertex (or closes the polygon on its first point, or ends
 * the path on its last), places the next skeleton point, or fixes a rotated
 * box's angle.
 */
export function pointerDown(s: EditorState, p0: Pt, opts: PointerOptions = {}): EditorState {
  const c = drawing(s);
  if (!c) return s;
  const p = clampPoint(p0, s.size);
  const tol = opts.tolerance ?? 6;
  const d = s.draft && s.draft.classId === c.id ? s.draft : null;
  switch (c.shape) {
    case "bounding_box":
      return { ...s, draft: { kind: "box", classId: c.id, start: p, end: p } };
    case "rotated_box":
      if (d?.kind === "rotated" && d.phase === "angle") return finishDraft(s);
      return { ...s, draft: { kind: "rotated", classId: c.id, phase: "size", start: p, end: p, angle: 0 } };
    case "point":
      return createObject(s, c.id, { x: p.x, y: p.y });
    case "polygon":
    case "polyline": {
      if (d?.kind !== "path") return { ...s, draft: { kind: "path", classId: c.id, closed: c.shape === "polygon", points: [[p.x, p.y]], cursor: p } };
      const first = d.points[0];
      const last = d.points[d.points.length - 1];
      if (d.closed && dist(p, { x: first[0], y: first[1] }) <= tol) return d.points.length >= 3 ? finishDraft(s) : s;
      if (dist(p, { x: last[0], y: last[1] }) <= tol / 2) return d.points.length >= (d.closed ? 3 : 2) ? finishDraft(s) : s;
      return { ...s, draft: { ...d, points: [...d.points, [p.x, p.y]], cursor: p } };
    }
    case "skeleton": {
      const order = skeletonOrder(c);
      const cur = d?.kind === "skeleton" ? d : { kind: "skeleton" as const, classId: c.id, index: 0, points: {}, cursor: p };
      const pid = order[cur.index];
      if (pid === undefined) return s;
      const k: Keypoint = opts.hidden ? { x: p.x, y: p.y, visible: false } : { x: p.x, y: p.y };
      const next = { ...cur, points: { ...cur.points, [pid]: k }, index: cur.index + 1, cursor: p };
      return next.index >= order.length ? finishDraft({ ...s, draft: next }) : { ...s, draft: next };
    }
  }
  return s;
}

/** pointerMove follows the pointer: the far corner of a box being dragged, a rotated box's angle, a path's next edge. */
export function pointerMove(s: EditorState, p0: Pt): EditorState {
  const d = s.draft;
  if (!d || s.readOnly) return s;
  const p = clampPoint(p0, s.size);
  switch (d.kind) {
    case "box":
      return { ...s, draft: { ...d, end: p } };
    case "rotated":
      if (d.phase === "size") return { ...s, draft: { ...d, end: p } };
      // The handle may be turned from anywhere, outside the image too.
      return { ...s, draft: { ...d, angle: Math.round(angleTo(rotatedDraftCentre(d), p0) * 100) / 100 } };
    case "path":
    case "skeleton":
      return { ...s, draft: { ...d, cursor: p } };
  }
}

function rotatedDraftCentre(d: Extract<Draft, { kind: "rotated" }>): Pt {
  return { x: (d.start.x + d.end.x) / 2, y: (d.start.y + d.end.y) / 2 };
}

/** draftRotatedBox is the rotated box a rotated draft stands for. */
export function draftRotatedBox(d: Extract<Draft, { kind: "rotated" }>): RotatedBoxGeometry {
  const c = rotatedDraftCentre(d);
  return { cx: c.x, cy: c.y, w: Math.abs(d.end.x - d.start.x), h: Math.abs(d.end.y - d.start.y), angle: d.angle };
}

/**
 * pointerUp ends a drag: a box large enough becomes an object (a smaller
 * one is dropped), a rotated box goes on to its angle.
 */
export function pointerUp(s: EditorState, p0: Pt): EditorState {
  const d = s.draft;
  if (!d || s.readOnly) return s;
  const p = clampPoint(p0, s.size);
  if (d.kind === "box") {
    const box: BoxGeometry = boxFromCorners(d.start, p);
    if (box.w < MIN_BOX_SIZE || box.h < MIN_BOX_SIZE) return { ...s, draft: null };
    return createObject(s, d.classId, box);
  }
  if (d.kind === "rotated" && d.phase === "size") {
    const next = { ...d, end: p };
    if (Math.abs(next.end.x - next.start.x) < MIN_BOX_SIZE || Math.abs(next.end.y - next.start.y) < MIN_BOX_SIZE) return { ...s, draft: null };
    return { ...s, draft: { ...next, phase: "angle" } };
  }
  return s;
}

/**
 * finishDraft ends a drawing (Enter): a polygon of 3 or more points, a
 * polyline of 2 or more, a skeleton with a point placed, a rotated box at
 * its angle. A drawing not yet complete stays as it is.
 */
export function finishDraft(s: EditorState): EditorState {
  const d = s.draft;
  if (!d || s.readOnly) return s;
  switch (d.kind) {
    case "box":
      return s;
    case "rotated":
      if (d.phase !== "angle") return s;
      return createObject(s, d.classId, draftRotatedBox(d));
    case "path":
      if (d.points.length < (d.closed ? 3 : 2)) return s;
      return createObject(s, d.classId, { points: d.points });
    case "skeleton":
      if (Object.keys(d.points).length === 0) return s;
      return createObject(s, d.classId, { points: d.points });
  }
}

/** cancelDraft drops the drawing in progress (Escape). */
export function cancelDraft(s: EditorState): EditorState {
  return s.draft ? { ...s, draft: null } : s;
}

/** skipKeypoint leaves the skeleton point being placed unplaced and goes on to the next (finishing after the last). */
export function skipKeypoint(s: EditorState): EditorState {
  const c = drawing(s);
  if (!c || c.shape !== "skeleton") return s;
  const order = skeletonOrder(c);
  const d = s.draft?.kind === "skeleton" ? s.draft : { kind: "skeleton" as const, classId: c.id, index: 0, points: {}, cursor: null };
  const next = { ...d, index: d.index + 1 };
  if (next.index >= order.length) return Object.keys(next.points).length ? finishDraft({ ...s, draft: next }) : { ...s, draft: null };
  return { ...s, draft: next };
}

/** removeLastPoint takes back a path's last vertex or a skeleton's last step (Backspace while drawing). */
export function removeLastPoint(s: EditorState): EditorState {
  const d = s.draft;
  if (!d) return s;
  if (d.kind === "path") return d.points.length <= 1 ? { ...s, draft: null } : { ...s, draft: { ...d, points: d.points.slice(0, -1) } };
  if (d.kind === "skeleton") {
    if (d.index === 0) return { ...s, draft: null };
    const c = classById(s, d.classId);
    const pid = c ? skeletonOrder(c)[d.index - 1] : undefined;
    const points = { ...d.points };
    if (pid) delete points[pid];
    return { ...s, draft: { ...d, index: d.index - 1, points } };
  }
  return s;
}

/** currentKeypoint names the skeleton point the next click places, while drawing a skeleton. */
export function currentKeypoint(s: EditorState): { id: string; name: string; index: number; count: number } | null {
  const d = s.draft;
  const c = classById(s, d?.kind === "skeleton" ? d.classId : s.tool === "draw" ? s.activeClass : null);
  if (!c || c.shape !== "skeleton" || !c.skeleton) return null;
  const index = d?.kind === "skeleton" ? d.index : 0;
  const pt = c.skeleton.points[index];
  return pt ? { id: pt.id, name: pt.name, index, count: c.skeleton.points.length } : null;
}

// ---------- copying another label ----------

export interface CopyResult {
  state: EditorState;
  /** Objects copied, and objects left out (a class unknown here, a shape this item cannot have, a frame beyond the video). */
  copied: number;
  skipped: number;
}

/**
 * copyFrom brings the labels of another document (the previous task's) into
 * this one as one step: its objects under new ids (tracks renumbered
 * together), its classifications and frame values. "append" keeps what is
 * here and adds to it (values here win); "replace" starts from the copy.
 */
export function copyFrom(s: EditorState, source: Label, mode: "append" | "replace" = "append"): CopyResult {
  if (s.readOnly) return { state: s, copied: 0, skipped: 0 };
  const base: Label = mode === "replace" ? { objects: [] } : s.label;
  const video = isVideo(s);
  const frames = frameCount(s);
  const taken = takenIds(base);
  const tracks = new Map<string, string>();
  const fresh = () => {
    const id = freshId(s.newId, taken);
    taken.add(id);
    return id;
  };
  const copied: LabelObject[] = [];
  let skipped = 0;
  for (const o of source.objects) {
    const c = classById(s, o.class);
    if (!c || !classFits(s.item, c) || (video && o.frame !== undefined && s.item.frames && o.frame >= frames)) {
      skipped++;
      continue;
    }
    const x: LabelObject = { id: fresh(), class: o.class, geometry: structuredClone(o.geometry) };
    if (video) {
      if (o.frame !== undefined) x.frame = o.frame;
      if (o.track) {
        if (!tracks.has(o.track)) tracks.set(o.track, fresh());
        x.track = tracks.get(o.track);
      }
    }
    if (o.attributes && Object.keys(o.attributes).length) x.attributes = structuredClone(o.attributes);
    copied.push(x);
  }
  const label: Label = { objects: [...base.objects, ...copied] };
  const cls = { ...(source.classifications ?? {}), ...(base.classifications ?? {}) };
  if (Object.keys(cls).length) label.classifications = cls;
  if (video) {
    const byFrame = new Map<number, Values>();
    for (const f of source.frames ?? []) if (f.frame < frames || !s.item.frames) byFrame.set(f.frame, { ...f.classifications });
    for (const f of base.frames ?? []) byFrame.set(f.frame, { ...(byFrame.get(f.frame) ?? {}), ...f.classifications });
    const list = [...byFrame.entries()].filter(([, v]) => Object.keys(v).length).sort((a, b) => a[0] - b[0]).map(([frame, classifications]) => ({ frame, classifications }));
    if (list.length) label.frames = list;
  }
  const state = commit(s, label, { selected: null });
  return { state: { ...state, hidden: [], locked: mode === "replace" ? [] : state.locked }, copied: copied.length, skipped };
}

// ---------- what the panels show ----------

/** boundsOf is an object's bounding rectangle (for scrolling it into view), or null for text and time. */
export function boundsOf(s: EditorState, id: string) {
  const f = findObject(s, id);
  const shape = f && shapeOf(s, f.object.class);
  return f && shape ? geometryBounds(shape, f.object.geometry) : null;
}

/** virtualIdFor is the id a track's object has on a frame when interpolated there. */
export { virtualId };
