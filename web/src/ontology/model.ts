// The ontology editor's model: pure functions over the ontology document, no
// React. Every operation returns a new document and leaves its input as it was.
//
// The document is a tree. Object classes and classifications are its roots;
// attributes hang under object classes and under options; options hang under
// radio and checklist attributes, and under classifications (which are
// attributes themselves). A node is addressed by a NodePath:
//
//   { root: "objects", index: 0, rest: [{ attr: 1 }, { option: 0 }] }
//
// is objects[0].attributes[1].options[0]. Steps alternate: under an object
// class or an option come attributes ({attr}), under an attribute or a
// classification come options ({option}). pathKey writes a path as
// "objects/0/attributes/1/options/0" (the editor's data-node hooks and the
// keys of errorsByPath); pathLocation writes it as the server does,
// "objects[0].attributes[1].options[0]".

import {
  ATTRIBUTE_TYPES,
  SCOPES,
  SHAPES,
  type Attribute,
  type AttributeType,
  type Classification,
  type ObjectClass,
  type Ontology,
  type Option,
  type Scope,
  type Shape,
  type Skeleton,
  type SkeletonPoint,
} from "./types";

// ---------- paths ----------

export type Root = "objects" | "classifications";
export type Step = { attr: number } | { option: number };

export interface NodePath {
  root: Root;
  /** The index in objects or in classifications. */
  index: number;
  /** The steps below the root node, alternating as described above. */
  rest: Step[];
}

export type NodeKind = "object" | "classification" | "attribute" | "option";
export type AnyNode = ObjectClass | Classification | Attribute | Option;

/** An edit that creates or moves a node returns the new document and where the node now is. */
export interface Edit {
  ontology: Ontology;
  path: NodePath;
}

/** Attribute nesting may go this deep: a top-level attribute (or a classification) is depth 1. */
export const MAX_DEPTH = 5;

export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The colours new object classes get, in order, skipping those already used. */
export const PALETTE: readonly string[] = [
  "#e11d48",
  "#2563eb",
  "#16a34a",
  "#d97706",
  "#9333ea",
  "#0891b2",
  "#db2777",
  "#65a30d",
  "#ea580c",
  "#4f46e5",
  "#0d9488",
  "#78716c",
];

export const HOTKEYS = "abcdefghijklmnopqrstuvwxyz0123456789";

export function emptyOntology(): Ontology {
  return { objects: [], classifications: [] };
}

export function objectPath(index: number): NodePath {
  return { root: "objects", index, rest: [] };
}

export function classificationPath(index: number): NodePath {
  return { root: "classifications", index, rest: [] };
}

export function childPath(p: NodePath, step: Step): NodePath {
  return { root: p.root, index: p.index, rest: [...p.rest, step] };
}

export function parentPath(p: NodePath): NodePath | null {
  if (p.rest.length === 0) return null;
  return { root: p.root, index: p.index, rest: p.rest.slice(0, -1) };
}

function stepIndex(s: Step): number {
  return "attr" in s ? s.attr : s.option;
}

/** The index of the node among its siblings. */
export function indexOf(p: NodePath): number {
  return p.rest.length ? stepIndex(p.rest[p.rest.length - 1]) : p.index;
}

function withIndex(p: NodePath, i: number): NodePath {
  if (p.rest.length === 0) return { ...p, index: i };
  const last = p.rest[p.rest.length - 1];
  return { ...p, rest: [...p.rest.slice(0, -1), "attr" in last ? { attr: i } : { option: i }] };
}

export function nodeKind(p: NodePath): NodeKind {
  if (p.rest.length === 0) return p.root === "objects" ? "object" : "classification";
  return "attr" in p.rest[p.rest.length - 1] ? "attribute" : "option";
}

/** "objects/0/attributes/1/options/0" */
export function pathKey(p: NodePath): string {
  const parts: (string | number)[] = [p.root, p.index];
  for (const s of p.rest) parts.push(...("attr" in s ? ["attributes", s.attr] : ["options", s.option]));
  return parts.join("/");
}

/** "objects[0].attributes[1].options[0]", as the server names the node. */
export function pathLocation(p: NodePath): string {
  let s = `${p.root}[${p.index}]`;
  for (const st of p.rest) s += "attr" in st ? `.attributes[${st.attr}]` : `.options[${st.option}]`;
  return s;
}

/** parsePathKey reads a pathKey back; it gives null for anything pathKey would not write. */
export function parsePathKey(key: string): NodePath | null {
  const parts = key.split("/");
  const root = parts[0];
  if ((root !== "objects" && root !== "classifications") || parts.length % 2 !== 0) return null;
  const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : NaN);
  const index = num(parts[1]);
  if (Number.isNaN(index)) return null;
  const rest: Step[] = [];
  let expect: "attributes" | "options" = root === "objects" ? "attributes" : "options";
  for (let i = 2; i < parts.length; i += 2) {
    const n = num(parts[i + 1]);
    if (parts[i] !== expect || Number.isNaN(n)) return null;
    rest.push(expect === "attributes" ? { attr: n } : { option: n });
    expect = expect === "attributes" ? "options" : "attributes";
  }
  return { root, index, rest };
}

/** attributeDepth is how deep the attribute at p (or the attribute owning the option at p) is nested. */
export function attributeDepth(p: NodePath): number {
  return p.rest.filter((s) => "attr" in s).length + (p.root === "classifications" ? 1 : 0);
}

// ---------- reading ----------

type Branch = { attributes?: Attribute[]; options?: Option[] };

function childOf(node: AnyNode, s: Step): AnyNode | undefined {
  const b = node as Branch;
  return "attr" in s ? b.attributes?.[s.attr] : b.options?.[s.option];
}

/** getNode gives the node at p, or undefined when there is none. */
export function getNode(o: Ontology, p: NodePath): AnyNode | undefined {
  let node: AnyNode | undefined = o[p.root][p.index];
  for (const s of p.rest) {
    if (!node) return undefined;
    node = childOf(node, s);
  }
  return node;
}

export function isChoice(type: string | undefined): boolean {
  return type === "radio" || type === "checklist";
}

/** nodeName is what the tree shows: an option's label, any other node's name. */
export function nodeName(node: AnyNode): string {
  return "label" in node ? node.label : node.name;
}

export interface WalkEntry {
  path: NodePath;
  kind: NodeKind;
  node: AnyNode;
}

/** walk visits every node in document order: objects (depth first), then classifications. */
export function walk(o: Ontology, visit: (e: WalkEntry) => void): void {
  const down = (node: AnyNode, path: NodePath) => {
    visit({ path, kind: nodeKind(path), node });
    const b = node as Branch;
    const kind = nodeKind(path);
    if (kind === "object" || kind === "option") b.attributes?.forEach((a, i) => down(a, childPath(path, { attr: i })));
    else b.options?.forEach((op, i) => down(op, childPath(path, { option: i })));
  };
  o.objects.forEach((n, i) => down(n, objectPath(i)));
  o.classifications.forEach((n, i) => down(n, classificationPath(i)));
}

/** children lists the paths of a node's children. */
export function childPaths(o: Ontology, p: NodePath): NodePath[] {
  const node = getNode(o, p);
  if (!node) return [];
  const kind = nodeKind(p);
  const b = node as Branch;
  if (kind === "object" || kind === "option") return (b.attributes ?? []).map((_, i) => childPath(p, { attr: i }));
  return (b.options ?? []).map((_, i) => childPath(p, { option: i }));
}

/**
 * idPath names a node by the ids on its way from the root,
 * "objects:car/occlusion/partial": unlike a NodePath, it stays put when
 * nodes move. It is undefined when there is no node at p.
 */
export function idPath(o: Ontology, p: NodePath): string | undefined {
  let node: AnyNode | undefined = o[p.root][p.index];
  if (!node) return undefined;
  const ids = [node.id];
  for (const s of p.rest) {
    node = childOf(node, s);
    if (!node) return undefined;
    ids.push(node.id);
  }
  return `${p.root}:${ids.join("/")}`;
}

/** pointIdPath names a skeleton point the same way: "objects:person#head". */
export function pointIdPath(o: Ontology, objectIndex: number, pointId: string): string {
  return `${idPath(o, objectPath(objectIndex)) ?? ""}#${pointId}`;
}

/**
 * savedIds lists the idPath of every node and skeleton point of a saved
 * document: labels may refer to those ids, so renaming those nodes must not
 * change them (UpdateOptions.autoId false).
 */
export function savedIds(o: Ontology): Set<string> {
  const out = new Set<string>();
  walk(o, ({ path, kind, node }) => {
    out.add(idPath(o, path)!);
    if (kind === "object") (node as ObjectClass).skeleton?.points.forEach((pt) => out.add(pointIdPath(o, path.index, pt.id)));
  });
  return out;
}

// ---------- writing, the plumbing ----------

function mapIn(node: AnyNode, steps: readonly Step[], fn: (n: AnyNode) => AnyNode): AnyNode {
  if (steps.length === 0) return fn(node);
  const [s, ...rest] = steps;
  const b = node as Branch;
  if ("attr" in s) {
    const list = b.attributes;
    if (!list || !(s.attr in list)) throw new RangeError(`no attribute ${s.attr}`);
    const next = list.slice();
    next[s.attr] = mapIn(list[s.attr], rest, fn) as Attribute;
    return { ...node, attributes: next };
  }
  const list = b.options;
  if (!list || !(s.option in list)) throw new RangeError(`no option ${s.option}`);
  const next = list.slice();
  next[s.option] = mapIn(list[s.option], rest, fn) as Option;
  return { ...node, options: next };
}

/** updateAt replaces the node at p with fn(node); it throws RangeError when there is no such node. */
export function updateAt(o: Ontology, p: NodePath, fn: (n: AnyNode) => AnyNode): Ontology {
  const list = o[p.root];
  if (!(p.index in list)) throw new RangeError(`no node at ${pathKey(p)}`);
  if (p.root === "objects") {
    const objects = o.objects.slice();
    objects[p.index] = mapIn(objects[p.index], p.rest, fn) as ObjectClass;
    return { ...o, objects };
  }
  const classifications = o.classifications.slice();
  classifications[p.index] = mapIn(classifications[p.index], p.rest, fn) as Classification;
  return { ...o, classifications };
}

/** mapSiblings replaces the list holding the node at p with fn(list). */
function mapSiblings(o: Ontology, p: NodePath, fn: (list: AnyNode[]) => AnyNode[]): Ontology {
  const parent = parentPath(p);
  if (!parent) {
    return p.root === "objects"
      ? { ...o, objects: fn(o.objects) as ObjectClass[] }
      : { ...o, classifications: fn(o.classifications) as Classification[] };
  }
  const field = "attr" in p.rest[p.rest.length - 1] ? "attributes" : "options";
  return updateAt(o, parent, (n) => ({ ...n, [field]: fn(((n as Branch)[field] ?? []) as AnyNode[]) }));
}

// ---------- names and ids ----------

/** slugify turns a name into an id: "Occluded %" → "occluded", "Car (parked)" → "car_parked". */
export function slugify(text: string, fallback = "item"): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+/, "")
    .slice(0, 64)
    .replace(/_+$/, "");
  return s || fallback;
}

/** uniqueId gives base, or base_2, base_3…, whichever is not taken (and is at most 64 characters). */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const id = base.slice(0, 64 - suffix.length).replace(/[_-]+$/, "") + suffix;
    if (!taken.has(id)) return id;
  }
}

function uniqueName(prefix: string, names: readonly string[]): string {
  const taken = new Set(names.map((n) => n.trim().toLowerCase()));
  for (let n = names.length + 1; ; n++) {
    const name = `${prefix} ${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** isAutoId reports whether id is still the one made from name, possibly with uniqueId's _2-style suffix. */
export function isAutoId(id: string, name: string, fallback = "item"): boolean {
  const slug = slugify(name, fallback);
  if (id === slug) return true;
  const m = /^(.*)(_\d+)$/.exec(id);
  return !!m && Number(m[2].slice(1)) >= 2 && m[1] === slug.slice(0, 64 - m[2].length).replace(/[_-]+$/, "");
}

const FALLBACK: Record<NodeKind, string> = {
  object: "object",
  classification: "classification",
  attribute: "attribute",
  option: "option",
};

function collectIds(node: AnyNode, kind: NodeKind, path: NodePath, skip: string, into: Set<string>) {
  // Options are not in an attribute id scope, but their nested attributes are.
  if (kind !== "option" && pathKey(path) !== skip) into.add(node.id);
  const b = node as Branch;
  if (kind === "object" || kind === "option") b.attributes?.forEach((a, i) => collectIds(a, "attribute", childPath(path, { attr: i }), skip, into));
  else b.options?.forEach((op, i) => collectIds(op, "option", childPath(path, { option: i }), skip, into));
}

/**
 * scopeIds gives the ids the node at p (existing or about to be added) must
 * differ from: other objects' ids; other attribute ids in the same object
 * class; other option ids of the same attribute. Classifications and their
 * nested attributes share one scope across all classifications, since a
 * label's classification values are one flat map.
 */
export function scopeIds(o: Ontology, p: NodePath): Set<string> {
  const ids = new Set<string>();
  const kind = nodeKind(p);
  const skip = pathKey(p);
  if (kind === "option") {
    const parent = parentPath(p)!;
    const options = (getNode(o, parent) as Attribute | undefined)?.options ?? [];
    options.forEach((op, i) => {
      if (i !== indexOf(p)) ids.add(op.id);
    });
  } else if (kind === "object") {
    o.objects.forEach((ob, i) => {
      if (i !== p.index) ids.add(ob.id);
    });
  } else if (p.root === "objects") {
    const ob = o.objects[p.index];
    const root = objectPath(p.index);
    ob?.attributes?.forEach((a, i) => collectIds(a, "attribute", childPath(root, { attr: i }), skip, ids));
  } else {
    o.classifications.forEach((c, i) => collectIds(c, "classification", classificationPath(i), skip, ids));
  }
  return ids;
}

function nextColor(o: Ontology): string {
  const used = new Set(o.objects.map((ob) => ob.color.toLowerCase()));
  return PALETTE.find((c) => !used.has(c)) ?? PALETTE[o.objects.length % PALETTE.length];
}

function newOption(taken: readonly Option[]): Option {
  const label = uniqueName("Option", taken.map((op) => op.label));
  return { id: uniqueId(slugify(label, "option"), new Set(taken.map((op) => op.id))), label };
}

// ---------- adding ----------

/** addObject appends "Object N": a bounding box in a colour no other object class uses yet. */
export function addObject(o: Ontology): Edit {
  const path = objectPath(o.objects.length);
  const name = uniqueName("Object", o.objects.map((ob) => ob.name));
  const object: ObjectClass = {
    id: uniqueId(slugify(name, "object"), scopeIds(o, path)),
    name,
    shape: "bounding_box",
    color: nextColor(o),
  };
  return { ontology: { ...o, objects: [...o.objects, object] }, path };
}

/** addClassification appends "Classification N", an item-scope radio with one option. */
export function addClassification(o: Ontology): Edit {
  const path = classificationPath(o.classifications.length);
  const name = uniqueName("Classification", o.classifications.map((c) => c.name));
  const c: Classification = {
    id: uniqueId(slugify(name, "classification"), scopeIds(o, path)),
    name,
    type: "radio",
    scope: "item",
    options: [newOption([])],
  };
  return { ontology: { ...o, classifications: [...o.classifications, c] }, path };
}

/** canAddAttribute reports whether an attribute may be added under the object class or option at parent. */
export function canAddAttribute(o: Ontology, parent: NodePath): boolean {
  const kind = nodeKind(parent);
  if (!getNode(o, parent)) return false;
  if (kind === "object") return true;
  return kind === "option" && attributeDepth(parent) < MAX_DEPTH;
}

/** addAttribute appends "Attribute N" (a radio with one option) under an object class or an option. */
export function addAttribute(o: Ontology, parent: NodePath): Edit {
  if (!canAddAttribute(o, parent)) throw new RangeError(`cannot add an attribute under ${pathKey(parent)}`);
  const siblings = (getNode(o, parent) as Branch).attributes ?? [];
  const path = childPath(parent, { attr: siblings.length });
  const name = uniqueName("Attribute", siblings.map((a) => a.name));
  const attr: Attribute = {
    id: uniqueId(slugify(name, "attribute"), scopeIds(o, path)),
    name,
    type: "radio",
    options: [newOption([])],
  };
  const ontology = updateAt(o, parent, (n) => ({ ...n, attributes: [...siblings, attr] }));
  return { ontology, path };
}

export function canAddOption(o: Ontology, parent: NodePath): boolean {
  const kind = nodeKind(parent);
  const node = getNode(o, parent) as Attribute | undefined;
  return (kind === "attribute" || kind === "classification") && !!node && isChoice(node.type);
}

/** addOption appends "Option N" under a radio or checklist attribute or classification. */
export function addOption(o: Ontology, parent: NodePath): Edit {
  if (!canAddOption(o, parent)) throw new RangeError(`cannot add an option under ${pathKey(parent)}`);
  const options = (getNode(o, parent) as Attribute).options ?? [];
  const path = childPath(parent, { option: options.length });
  const ontology = updateAt(o, parent, (n) => ({ ...n, options: [...options, newOption(options)] }));
  return { ontology, path };
}

// ---------- removing and moving ----------

export function removeNode(o: Ontology, p: NodePath): Ontology {
  if (!getNode(o, p)) throw new RangeError(`no node at ${pathKey(p)}`);
  const i = indexOf(p);
  return mapSiblings(o, p, (list) => list.filter((_, j) => j !== i));
}

/** moveNode moves a node up (delta -1) or down (+1) among its siblings; at either end it stays. */
export function moveNode(o: Ontology, p: NodePath, delta: number): Edit {
  if (!getNode(o, p)) throw new RangeError(`no node at ${pathKey(p)}`);
  const i = indexOf(p);
  const j = i + delta;
  let moved = false;
  const ontology = mapSiblings(o, p, (list) => {
    if (j < 0 || j >= list.length) return list;
    moved = true;
    const next = list.slice();
    [next[i], next[j]] = [next[j], next[i]];
    return next;
  });
  return moved ? { ontology, path: withIndex(p, j) } : { ontology: o, path: p };
}

// ---------- updating ----------

/**
 * A NodePatch sets fields of one node. A field given as undefined (or a
 * hotkey given as "") is removed. type and shape changes carry their
 * consequences, see withType and withShape.
 */
export interface NodePatch {
  id?: string;
  name?: string;
  label?: string;
  shape?: Shape;
  color?: string;
  hotkey?: string;
  type?: AttributeType;
  required?: boolean;
  max_length?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  scope?: Scope;
}

export interface UpdateOptions {
  /**
   * autoId (default true): a rename also renames the id while the id is still
   * the one made from the old name. Pass false for nodes whose ids are already
   * in use by labels.
   */
  autoId?: boolean;
}

/** withType changes an attribute's type: text and number lose their options, choices lose text and number limits. */
export function withType<T extends Attribute>(a: T, type: AttributeType): T {
  const next: T = { ...a, type };
  if (isChoice(type)) {
    delete next.max_length;
    delete next.min;
    delete next.max;
    delete next.integer;
    next.options = a.options?.length ? a.options : [newOption([])];
  } else {
    delete next.options;
    if (type === "text") {
      delete next.min;
      delete next.max;
      delete next.integer;
    } else {
      delete next.max_length;
    }
  }
  return next;
}

/** withShape changes an object's shape: skeleton gets a one-point skeleton, any other shape none. */
export function withShape(ob: ObjectClass, shape: Shape): ObjectClass {
  const next: ObjectClass = { ...ob, shape };
  if (shape === "skeleton") next.skeleton = ob.skeleton ?? { points: [{ id: "point_1", name: "Point 1" }], edges: [] };
  else delete next.skeleton;
  return next;
}

/** updateNode sets fields of the node at p; see NodePatch and UpdateOptions. */
export function updateNode(o: Ontology, p: NodePath, patch: NodePatch, opts: UpdateOptions = {}): Ontology {
  const kind = nodeKind(p);
  const current = getNode(o, p);
  if (!current) throw new RangeError(`no node at ${pathKey(p)}`);
  const renamed = kind === "option" ? "label" in patch && patch.label !== undefined : "name" in patch && patch.name !== undefined;
  let newId: string | undefined;
  if (renamed && !("id" in patch) && opts.autoId !== false && isAutoId(current.id, nodeName(current), FALLBACK[kind])) {
    const name = (kind === "option" ? patch.label : patch.name) ?? "";
    newId = uniqueId(slugify(name, FALLBACK[kind]), scopeIds(o, p));
  }
  return updateAt(o, p, (n) => {
    let next = { ...n } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (k === "type" || k === "shape") continue;
      if (v === undefined || (k === "hotkey" && v === "")) delete next[k];
      else next[k] = v;
    }
    if (newId !== undefined) next.id = newId;
    if (patch.type && (kind === "attribute" || kind === "classification")) next = withType(next as unknown as Attribute, patch.type) as unknown as Record<string, unknown>;
    if (patch.shape && kind === "object") next = withShape(next as unknown as ObjectClass, patch.shape) as unknown as Record<string, unknown>;
    return next as unknown as AnyNode;
  });
}

/** setAttributeType is updateNode with a type change alone. */
export function setAttributeType(o: Ontology, p: NodePath, type: AttributeType): Ontology {
  return updateNode(o, p, { type });
}

// ---------- skeletons ----------

function mapSkeleton(o: Ontology, objectIndex: number, fn: (s: Skeleton) => Skeleton): Ontology {
  return updateAt(o, objectPath(objectIndex), (n) => {
    const ob = n as ObjectClass;
    return { ...ob, skeleton: fn(ob.skeleton ?? { points: [], edges: [] }) };
  });
}

/** addSkeletonPoint appends "Point N" to an object class's skeleton. */
export function addSkeletonPoint(o: Ontology, objectIndex: number): Ontology {
  return mapSkeleton(o, objectIndex, (s) => {
    const name = uniqueName("Point", s.points.map((pt) => pt.name));
    const id = uniqueId(slugify(name, "point"), new Set(s.points.map((pt) => pt.id)));
    return { ...s, points: [...s.points, { id, name }] };
  });
}

/** updateSkeletonPoint renames a point (its id following while it is automatic) or changes its id; edges follow the id. */
export function updateSkeletonPoint(
  o: Ontology,
  objectIndex: number,
  pointIndex: number,
  patch: Partial<SkeletonPoint>,
  opts: UpdateOptions = {},
): Ontology {
  return mapSkeleton(o, objectIndex, (s) => {
    const pt = s.points[pointIndex];
    if (!pt) throw new RangeError(`no point ${pointIndex}`);
    const next: SkeletonPoint = { ...pt, ...patch };
    if (patch.name !== undefined && patch.id === undefined && opts.autoId !== false && isAutoId(pt.id, pt.name, "point")) {
      next.id = uniqueId(slugify(patch.name, "point"), new Set(s.points.filter((_, i) => i !== pointIndex).map((q) => q.id)));
    }
    const points = s.points.slice();
    points[pointIndex] = next;
    const edges = next.id === pt.id ? s.edges : s.edges?.map((e) => e.map((end) => (end === pt.id ? next.id : end)));
    return edges ? { points, edges } : { points };
  });
}

/** removeSkeletonPoint removes a point and every edge that touches it. */
export function removeSkeletonPoint(o: Ontology, objectIndex: number, pointIndex: number): Ontology {
  return mapSkeleton(o, objectIndex, (s) => {
    const pt = s.points[pointIndex];
    if (!pt) throw new RangeError(`no point ${pointIndex}`);
    return { points: s.points.filter((_, i) => i !== pointIndex), edges: (s.edges ?? []).filter((e) => !e.includes(pt.id)) };
  });
}

/** canAddEdge: two distinct known points, not already joined (either way round). */
export function canAddEdge(s: Skeleton | undefined, from: string, to: string): boolean {
  if (!s || from === to) return false;
  const ids = new Set(s.points.map((pt) => pt.id));
  if (!ids.has(from) || !ids.has(to)) return false;
  return !(s.edges ?? []).some(([a, b]) => (a === from && b === to) || (a === to && b === from));
}

/** addSkeletonEdge joins two points; it leaves the document as it was when canAddEdge says no. */
export function addSkeletonEdge(o: Ontology, objectIndex: number, from: string, to: string): Ontology {
  if (!canAddEdge(o.objects[objectIndex]?.skeleton, from, to)) return o;
  return mapSkeleton(o, objectIndex, (s) => ({ ...s, edges: [...(s.edges ?? []), [from, to]] }));
}

export function removeSkeletonEdge(o: Ontology, objectIndex: number, edgeIndex: number): Ontology {
  return mapSkeleton(o, objectIndex, (s) => ({ ...s, edges: (s.edges ?? []).filter((_, i) => i !== edgeIndex) }));
}

// ---------- hotkeys ----------

interface Hotkeyed {
  path: NodePath;
  name: string;
  hotkey: string;
}

function hotkeyed(o: Ontology): Hotkeyed[] {
  const out: Hotkeyed[] = [];
  o.objects.forEach((ob, i) => ob.hotkey && out.push({ path: objectPath(i), name: ob.name, hotkey: ob.hotkey }));
  o.classifications.forEach((c, i) => c.hotkey && out.push({ path: classificationPath(i), name: c.name, hotkey: c.hotkey }));
  return out;
}

/** freeHotkeys lists the keys (a-z, then 0-9) no object class or classification other than except uses. */
export function freeHotkeys(o: Ontology, except?: NodePath): string[] {
  const skip = except ? pathKey(except) : "";
  const used = new Set(hotkeyed(o).filter((h) => pathKey(h.path) !== skip).map((h) => h.hotkey.toLowerCase()));
  return [...HOTKEYS].filter((k) => !used.has(k));
}

/** hotkeyOwner gives the object class or classification (other than except) that uses key. */
export function hotkeyOwner(o: Ontology, key: string, except?: NodePath): { path: NodePath; name: string } | null {
  const skip = except ? pathKey(except) : "";
  const k = key.toLowerCase();
  const h = hotkeyed(o).find((x) => x.hotkey.toLowerCase() === k && pathKey(x.path) !== skip);
  return h ? { path: h.path, name: h.name } : null;
}

// ---------- validation ----------

/** A field error as the server's problem+json carries it (huma's ErrorDetail). */
export interface FieldError {
  location?: string;
  message?: string;
}

// The messages are the server's (internal/ontology/check.go), so that one
// problem found by both shows once.
const ID_RULE = "must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit";
const REQUIRED = "is required";

function checkId(errs: Required<FieldError>[], where: string, id: string) {
  if (!id) errs.push({ location: `${where}.id`, message: REQUIRED });
  else if (!ID_PATTERN.test(id)) errs.push({ location: `${where}.id`, message: ID_RULE });
}

/**
 * validateLocal gives instant feedback before the server answers: empty
 * names, ids that break the id pattern, duplicate object and classification
 * names, duplicate hotkeys, and radios and checklists without options.
 * Locations are the server's ("objects[0].hotkey"). The server checks the
 * rest, and is the authority.
 */
export function validateLocal(o: Ontology): Required<FieldError>[] {
  const errs: Required<FieldError>[] = [];
  walk(o, ({ path, kind, node }) => {
    const where = pathLocation(path);
    if (kind === "option") {
      if (!(node as Option).label.trim()) errs.push({ location: `${where}.label`, message: REQUIRED });
    } else if (!(node as Attribute).name.trim()) {
      errs.push({ location: `${where}.name`, message: REQUIRED });
    }
    checkId(errs, where, node.id);
    if (kind === "attribute" || kind === "classification") {
      const a = node as Attribute;
      if (isChoice(a.type) && !a.options?.length) {
        errs.push({ location: `${where}.options`, message: `a ${a.type} attribute needs at least 1 option` });
      }
    }
    if (kind === "object") {
      (node as ObjectClass).skeleton?.points.forEach((pt, i) => {
        const pw = `${where}.skeleton.points[${i}]`;
        if (!pt.name.trim()) errs.push({ location: `${pw}.name`, message: REQUIRED });
        checkId(errs, pw, pt.id);
      });
    }
  });
  const dupNames = (root: Root, what: string) => {
    const seen = new Set<string>();
    o[root].forEach((n, i) => {
      if (!n.name.trim()) return;
      const k = n.name.toLowerCase();
      if (seen.has(k)) errs.push({ location: `${root}[${i}].name`, message: `duplicate ${what} name '${n.name}'` });
      else seen.add(k);
    });
  };
  dupNames("objects", "object");
  dupNames("classifications", "classification");
  const owners = new Map<string, string>();
  for (const h of hotkeyed(o)) {
    const where = `${pathLocation(h.path)}.hotkey`;
    const owner = owners.get(h.hotkey);
    if (!/^[a-z0-9]$/.test(h.hotkey)) errs.push({ location: where, message: "must be one character, a-z or 0-9" });
    else if (owner !== undefined) errs.push({ location: where, message: `'${h.hotkey}' is already the hotkey of '${owner}'` });
    else owners.set(h.hotkey, h.name);
  }
  return errs;
}

/**
 * NodeErrors maps a node's pathKey to its errors by field: "id", "name",
 * "hotkey", "options", "skeleton.points[1].id"…; the field "" is the node
 * itself. The node key "" holds errors about the whole document ("objects").
 */
export type NodeErrors = Record<string, Record<string, string>>;

const LOCATION_ROOT = /(?:^|\.)(objects|classifications)(?=\[|\.|$)/;

/**
 * locate reads a location such as "body.schema.objects[3].attributes[0].options[1].id"
 * (any prefix before objects or classifications) into a node key and a field:
 * { key: "objects/3/attributes/0/options/1", field: "id", from: "objects[3]…" }.
 * It gives null for locations outside the ontology.
 */
export function locate(location: string): { key: string; field: string; relative: string } | null {
  const m = LOCATION_ROOT.exec(location);
  if (!m) return null;
  const relative = location.slice(m.index + (m[0].startsWith(".") ? 1 : 0));
  const root = m[1] as Root;
  let s = relative.slice(root.length);
  const head = /^\[(\d+)\]/.exec(s);
  if (!head) return { key: "", field: relative, relative };
  const path: NodePath = { root, index: Number(head[1]), rest: [] };
  s = s.slice(head[0].length);
  let expect: "attributes" | "options" = root === "objects" ? "attributes" : "options";
  for (;;) {
    const step = new RegExp(`^\\.${expect}\\[(\\d+)\\]`).exec(s);
    if (!step) break;
    path.rest.push(expect === "attributes" ? { attr: Number(step[1]) } : { option: Number(step[1]) });
    s = s.slice(step[0].length);
    expect = expect === "attributes" ? "options" : "attributes";
  }
  return { key: pathKey(path), field: s.replace(/^\./, ""), relative };
}

/**
 * errorsByPath files field errors (the server's, or validateLocal's) under
 * the node and field they concern. A message that repeats its location
 * ("objects[3].hotkey: 'c' is already…") loses that prefix. Errors whose
 * location is outside the ontology are left out: they are the page's.
 */
export function errorsByPath(errors: readonly FieldError[] | undefined): NodeErrors {
  const out: NodeErrors = {};
  for (const e of errors ?? []) {
    if (!e.location || !e.message) continue;
    const at = locate(e.location);
    if (!at) continue;
    let msg = e.message;
    for (const prefix of [`${e.location}: `, `${at.relative}: `]) {
      if (msg.startsWith(prefix)) msg = msg.slice(prefix.length);
    }
    const fields = (out[at.key] ??= {});
    const had = fields[at.field];
    if (had === undefined) fields[at.field] = msg;
    else if (!had.split("; ").includes(msg)) fields[at.field] = `${had}; ${msg}`;
  }
  return out;
}

/** mergeErrors joins two NodeErrors, field by field. */
export function mergeErrors(a: NodeErrors, b: NodeErrors): NodeErrors {
  const out: NodeErrors = {};
  for (const src of [a, b]) {
    for (const [key, fields] of Object.entries(src)) {
      const into = (out[key] ??= {});
      for (const [f, m] of Object.entries(fields)) {
        into[f] = into[f] === undefined || into[f] === m ? m : `${into[f]}; ${m}`;
      }
    }
  }
  return out;
}

// ---------- the canonical document ----------

function optionJSON(op: Option): Option {
  const out: Option = { id: op.id, label: op.label };
  if (op.attributes?.length) out.attributes = op.attributes.map(attributeJSON);
  return out;
}

function attributeTail(a: Attribute, out: Attribute) {
  if (a.required) out.required = true;
  if (isChoice(a.type)) out.options = (a.options ?? []).map(optionJSON);
  if (a.type === "text" && a.max_length !== undefined) out.max_length = a.max_length;
  if (a.type === "number") {
    if (a.min !== undefined) out.min = a.min;
    if (a.max !== undefined) out.max = a.max;
    if (a.integer) out.integer = true;
  }
}

function attributeJSON(a: Attribute): Attribute {
  const out: Attribute = { id: a.id, name: a.name, type: a.type };
  attributeTail(a, out);
  return out;
}

function classificationJSON(c: Classification): Classification {
  const out: Classification = { id: c.id, name: c.name, type: c.type, scope: c.scope };
  if (c.hotkey) out.hotkey = c.hotkey;
  attributeTail(c, out);
  return out;
}

function objectJSON(ob: ObjectClass): ObjectClass {
  const out: ObjectClass = { id: ob.id, name: ob.name, shape: ob.shape, color: ob.color };
  if (ob.hotkey) out.hotkey = ob.hotkey;
  if (ob.attributes?.length) out.attributes = ob.attributes.map(attributeJSON);
  if (ob.shape === "skeleton" && ob.skeleton) {
    out.skeleton = { points: ob.skeleton.points.map((pt) => ({ id: pt.id, name: pt.name })) };
    if (ob.skeleton.edges?.length) out.skeleton.edges = ob.skeleton.edges.map((e) => e.slice());
  }
  return out;
}

/**
 * toJSON gives the canonical document: keys in the spec's order, empty
 * optional fields (no hotkey, no attributes, no edges, required and integer
 * false) left out, and only the fields that belong to each attribute type and shape.
 */
export function toJSON(o: Ontology): Ontology {
  return { objects: o.objects.map(objectJSON), classifications: o.classifications.map(classificationJSON) };
}

/** toJSONText is toJSON, indented for people. */
export function toJSONText(o: Ontology): string {
  return JSON.stringify(toJSON(o), null, 2);
}

// ---------- import ----------

export type ParseResult = { ok: true; ontology: Ontology } | { ok: false; error: string };

class ShapeError extends Error {}

type Obj = Record<string, unknown>;

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function fail(where: string, what: string, v: unknown): never {
  throw new ShapeError(`${where}: expected ${what}, got ${describe(v)}`);
}

function asObj(v: unknown, where: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(where, "an object", v);
  return v as Obj;
}

function asList(v: unknown, where: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(where, "an array", v);
  return v;
}

function reqString(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (v === undefined) throw new ShapeError(`${where}.${key}: required`);
  if (typeof v !== "string") fail(`${where}.${key}`, "a string", v);
  return v;
}

function optString(o: Obj, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") fail(`${where}.${key}`, "a string", v);
  return v;
}

function optNumber(o: Obj, key: string, where: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number") fail(`${where}.${key}`, "a number", v);
  return v;
}

function optBool(o: Obj, key: string, where: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") fail(`${where}.${key}`, "true or false", v);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, where: string, allowed: readonly T[]): T {
  const v = reqString(o, key, where);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ShapeError(`${where}.${key}: '${v}' is not one of ${allowed.join(", ")}`);
  }
  return v as T;
}

function readOption(v: unknown, where: string): Option {
  const o = asObj(v, where);
  const op: Option = { id: reqString(o, "id", where), label: reqString(o, "label", where) };
  const attrs = asList(o.attributes, `${where}.attributes`);
  if (attrs.length) op.attributes = attrs.map((a, i) => readAttribute(a, `${where}.attributes[${i}]`));
  return op;
}

function readAttributeInto(o: Obj, where: string, a: Attribute) {
  const required = optBool(o, "required", where);
  if (required !== undefined) a.required = required;
  if (o.options !== undefined) a.options = asList(o.options, `${where}.options`).map((op, i) => readOption(op, `${where}.options[${i}]`));
  for (const key of ["max_length", "min", "max"] as const) {
    const n = optNumber(o, key, where);
    if (n !== undefined) a[key] = n;
  }
  const integer = optBool(o, "integer", where);
  if (integer !== undefined) a.integer = integer;
}

function readAttribute(v: unknown, where: string): Attribute {
  const o = asObj(v, where);
  const a: Attribute = { id: reqString(o, "id", where), name: reqString(o, "name", where), type: oneOf(o, "type", where, ATTRIBUTE_TYPES) };
  readAttributeInto(o, where, a);
  return a;
}

function readClassification(v: unknown, where: string): Classification {
  const o = asObj(v, where);
  const c: Classification = {
    id: reqString(o, "id", where),
    name: reqString(o, "name", where),
    type: oneOf(o, "type", where, ATTRIBUTE_TYPES),
    scope: oneOf(o, "scope", where, SCOPES),
  };
  const hotkey = optString(o, "hotkey", where);
  if (hotkey !== undefined) c.hotkey = hotkey;
  readAttributeInto(o, where, c);
  return c;
}

function readObject(v: unknown, where: string): ObjectClass {
  const o = asObj(v, where);
  const ob: ObjectClass = {
    id: reqString(o, "id", where),
    name: reqString(o, "name", where),
    shape: oneOf(o, "shape", where, SHAPES),
    color: reqString(o, "color", where),
  };
  const hotkey = optString(o, "hotkey", where);
  if (hotkey !== undefined) ob.hotkey = hotkey;
  const attrs = asList(o.attributes, `${where}.attributes`);
  if (attrs.length) ob.attributes = attrs.map((a, i) => readAttribute(a, `${where}.attributes[${i}]`));
  if (o.skeleton !== undefined) {
    const sw = `${where}.skeleton`;
    const s = asObj(o.skeleton, sw);
    ob.skeleton = {
      points: asList(s.points, `${sw}.points`).map((pt, i) => {
        const pw = `${sw}.points[${i}]`;
        const p = asObj(pt, pw);
        return { id: reqString(p, "id", pw), name: reqString(p, "name", pw) };
      }),
    };
    if (s.edges !== undefined) {
      ob.skeleton.edges = asList(s.edges, `${sw}.edges`).map((e, i) => {
        const ew = `${sw}.edges[${i}]`;
        if (!Array.isArray(e) || e.length !== 2 || e.some((x) => typeof x !== "string")) fail(ew, "a pair of point ids", e);
        return e as string[];
      });
    }
  }
  return ob;
}

/** jsonSyntaxError rewrites the engine's JSON.parse message with a line and column people can find. */
function jsonSyntaxError(text: string, err: unknown): string {
  let msg = err instanceof Error ? err.message : String(err);
  let line: number | undefined;
  let col: number | undefined;
  const lc = /\(?(?:at )?line (\d+) column (\d+)(?: of the JSON data)?\)?/.exec(msg);
  const pos = /\s*(?:in JSON )?at position (\d+)/.exec(msg);
  if (lc) {
    line = Number(lc[1]);
    col = Number(lc[2]);
  } else if (pos || /end of (JSON )?input|unexpected end/i.test(msg)) {
    const before = pos ? text.slice(0, Number(pos[1])) : text.trimEnd();
    line = before.split("\n").length;
    col = before.length - before.lastIndexOf("\n");
  }
  msg = msg
    .replace(lc?.[0] ?? "\u0000", "")
    .replace(pos?.[0] ?? "\u0000", "")
    .replace(/^JSON\.parse: |^JSON Parse error: /, "")
    .replace(/\s+in JSON$/, "")
    .trim()
    .replace(/[.:]$/, "");
  const where = line !== undefined ? ` at line ${line}, column ${col}` : "";
  return `Not valid JSON${where}: ${msg || "syntax error"}.`;
}

/**
 * parseOntologyJSON reads an ontology document for import. It refuses text
 * that is not JSON (saying where), and JSON whose fields have the wrong kind
 * of value or an unknown shape or type (saying which field). It does not
 * check names, ids or hotkeys: validateLocal and the server do that. Missing
 * "objects" or "classifications" are empty; unknown fields are dropped.
 */
export function parseOntologyJSON(text: string): ParseResult {
  if (!text.trim()) return { ok: false, error: "Paste an ontology document (JSON) first." };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: jsonSyntaxError(text, e) };
  }
  try {
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
      return { ok: false, error: `The document must be a JSON object with "objects" and "classifications", not ${describe(doc)}.` };
    }
    const d = doc as Obj;
    if (d.objects === undefined && d.classifications === undefined) {
      return { ok: false, error: `The document has neither "objects" nor "classifications".` };
    }
    return {
      ok: true,
      ontology: {
        objects: asList(d.objects, "objects").map((v, i) => readObject(v, `objects[${i}]`)),
        classifications: asList(d.classifications, "classifications").map((v, i) => readClassification(v, `classifications[${i}]`)),
      },
    };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: e.message };
    throw e;
  }
}
