// The workflow builder's model: pure functions from graph to graph, with no
// React and no I/O. Every edit returns a new graph and leaves its input alone;
// an edit that does not apply (an unknown stage, a refused edge) returns the
// very same graph, so callers can tell "nothing changed" by identity.
//
// The server is the authority on whether a graph is valid. The model only
// knows the outcomes each stage produces (to draw ports and mark the ones
// without an edge) and maps the server's problems onto stages and edges.

import type { Assignee, Edge, Graph, Position, Route, Router, RouterBy, Stage, StageKind } from "./types";
import { COL_GAP, NODE_W, ORIGIN, ROW_GAP, inPortY, nodeHeight, outPortY, snap, snapPoint } from "./geometry";

export const STAGE_KINDS: readonly StageKind[] = ["start", "annotate", "review", "consensus", "router", "complete"];

export const KIND_LABELS: Record<StageKind, string> = {
  start: "Start",
  annotate: "Annotate",
  review: "Review",
  consensus: "Consensus",
  router: "Router",
  complete: "Complete",
};

/** FIXED_OUTCOMES are the outcomes of every kind but router, whose outcomes are its route names. */
export const FIXED_OUTCOMES: Record<Exclude<StageKind, "router">, readonly string[]> = {
  start: ["next"],
  annotate: ["submitted"],
  review: ["approved", "rejected"],
  consensus: ["agreed", "disagreed"],
  complete: [],
};

/** ID_PATTERN is the form of stage ids and route names. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** OTHERWISE is the route a router by annotator or by metadata takes when no other matches. */
export const OTHERWISE = "otherwise";

/** isHuman tells the kinds whose tasks people work on (and which take assignees). */
export function isHuman(kind: StageKind): boolean {
  return kind === "annotate" || kind === "review" || kind === "consensus";
}

/** outcomesOf lists the outcomes a stage produces, in port order. */
export function outcomesOf(stage: Pick<Stage, "kind" | "router">): string[] {
  if (stage.kind === "router") return (stage.router?.routes ?? []).map((r) => r.name);
  return [...(FIXED_OUTCOMES[stage.kind] ?? [])];
}

/** edgeKey names an edge by its stage and outcome, "from:outcome" (neither may hold a colon). */
export function edgeKey(e: Pick<Edge, "from" | "outcome">): string {
  return `${e.from}:${e.outcome}`;
}

/** findStage returns the stage with that id, or undefined. */
export function findStage(graph: Graph, id: string): Stage | undefined {
  return graph.stages.find((s) => s.id === id);
}

/** findEdge returns the (first) edge leaving a stage by that outcome, or undefined. */
export function findEdge(graph: Graph, from: string, outcome: string): Edge | undefined {
  return graph.edges.find((e) => e.from === from && e.outcome === outcome);
}

// ---------- stages ----------

function defaultsFor(kind: StageKind): Partial<Stage> {
  switch (kind) {
    case "annotate":
    case "review":
      return { assignees: [] };
    case "consensus":
      return { assignees: [], consensus: { annotators: 3, threshold: 0.8, resolvers: [] } };
    case "router":
      return {
        router: {
          by: "sample",
          routes: [
            { name: "sampled", rate: 10 },
            { name: "rest", rate: 90 },
          ],
        },
      };
    default:
      return {};
  }
}

/**
 * newStage makes (but does not add) a stage of that kind at position (snapped
 * to the grid), with an id and a name no stage of graph has: "review" and
 * "Review", else "review-2" and "Review 2", and so on. Human stages start
 * with no assignees, consensus with 3 annotators at 0.8, routers with a 10/90
 * sample.
 */
export function newStage(graph: Graph, kind: StageKind, position: Position): Stage {
  const ids = new Set(graph.stages.map((s) => s.id));
  const names = new Set(graph.stages.map((s) => s.name.trim().toLowerCase()));
  const label = KIND_LABELS[kind];
  for (let n = 1; ; n++) {
    const id = n === 1 ? kind : `${kind}-${n}`;
    const name = n === 1 ? label : `${label} ${n}`;
    if (!ids.has(id) && !names.has(name.toLowerCase())) {
      return { id, kind, name, position: snapPoint(position), ...defaultsFor(kind) };
    }
  }
}

/** addStage appends a stage; a stage whose id is taken is refused. */
export function addStage(graph: Graph, stage: Stage): Graph {
  if (findStage(graph, stage.id)) return graph;
  return { ...graph, stages: [...graph.stages, stage] };
}

function mapStage(graph: Graph, id: string, f: (s: Stage) => Stage): Graph {
  const i = graph.stages.findIndex((s) => s.id === id);
  if (i < 0) return graph;
  const next = f(graph.stages[i]);
  if (next === graph.stages[i]) return graph;
  const stages = graph.stages.slice();
  stages[i] = next;
  return { ...graph, stages };
}

/** moveStage puts a stage at a position (as given: the canvas snaps). */
export function moveStage(graph: Graph, id: string, position: Position): Graph {
  return mapStage(graph, id, (s) =>
    s.position && s.position.x === position.x && s.position.y === position.y ? s : { ...s, position: { x: position.x, y: position.y } },
  );
}

export function renameStage(graph: Graph, id: string, name: string): Graph {
  return mapStage(graph, id, (s) => (s.name === name ? s : { ...s, name }));
}

/** StagePatch is what updateStage may change: anything but the id and the kind. */
export type StagePatch = Partial<Omit<Stage, "id" | "kind">>;

/**
 * updateStage patches a stage's fields (name, position, assignees, consensus,
 * router). It does not touch edges: rename and remove routes with the route
 * functions below, which keep the router's edges in step.
 */
export function updateStage(graph: Graph, id: string, patch: StagePatch): Graph {
  return mapStage(graph, id, (s) => ({ ...s, ...patch, id: s.id, kind: s.kind }));
}

/** deleteStage removes a stage and every edge from or to it. */
export function deleteStage(graph: Graph, id: string): Graph {
  if (!findStage(graph, id)) return graph;
  return {
    ...graph,
    stages: graph.stages.filter((s) => s.id !== id),
    edges: graph.edges.filter((e) => e.from !== id && e.to !== id),
  };
}

// ---------- edges ----------

/**
 * canConnect tells whether connect would draw that edge: both stages exist,
 * the outcome is one from produces, from is not a complete and to not a start.
 */
export function canConnect(graph: Graph, from: string, outcome: string, to: string): boolean {
  const a = findStage(graph, from);
  const b = findStage(graph, to);
  if (!a || !b) return false;
  if (a.kind === "complete" || b.kind === "start") return false;
  return outcomesOf(a).includes(outcome);
}

/**
 * connect draws the edge of from's outcome to to, replacing the one that
 * outcome had (in its place, so edge indexes stay put). Edges into a start,
 * from a complete, or of an outcome from does not produce are refused.
 */
export function connect(graph: Graph, from: string, outcome: string, to: string): Graph {
  if (!canConnect(graph, from, outcome, to)) return graph;
  const same = (e: Edge) => e.from === from && e.outcome === outcome;
  const i = graph.edges.findIndex(same);
  if (i < 0) return { ...graph, edges: [...graph.edges, { from, outcome, to }] };
  // Keep the first edge of that outcome (in its place) and drop any duplicate.
  const edges = graph.edges.filter((e, j) => j <= i || !same(e));
  if (edges.length === graph.edges.length && graph.edges[i].to === to) return graph;
  edges[i] = { from, outcome, to };
  return { ...graph, edges };
}

/** disconnect removes the edge(s) of from's outcome. */
export function disconnect(graph: Graph, from: string, outcome: string): Graph {
  const edges = graph.edges.filter((e) => e.from !== from || e.outcome !== outcome);
  return edges.length === graph.edges.length ? graph : { ...graph, edges };
}

/**
 * missingOutcomes lists, by stage id, the outcomes that have no edge yet
 * (only stages that miss one are listed). The canvas marks them at once,
 * before the server has a say.
 */
export function missingOutcomes(graph: Graph): Record<string, string[]> {
  const have = new Set(graph.edges.map(edgeKey));
  const out: Record<string, string[]> = {};
  for (const s of graph.stages) {
    const missing = [...new Set(outcomesOf(s))].filter((o) => !have.has(edgeKey({ from: s.id, outcome: o })));
    if (missing.length) out[s.id] = missing;
  }
  return out;
}

// ---------- routers ----------

function mapRouter(graph: Graph, id: string, f: (r: Router, s: Stage) => Router): Graph {
  return mapStage(graph, id, (s) => {
    if (s.kind !== "router") return s;
    const router = s.router ?? { by: "sample", routes: [] };
    const next = f(router, s);
    return next === s.router ? s : { ...s, router: next };
  });
}

function blankRoute(by: RouterBy, name: string): Route {
  switch (by) {
    case "sample":
      return { name, rate: 0 };
    case "annotator":
      return { name, users: [], groups: [] };
    case "metadata":
      return { name, key: "", values: [] };
  }
}

/** nextRouteName is a route name the router does not have yet: route-2, route-3… */
export function nextRouteName(router: Router): string {
  const taken = new Set(router.routes.map((r) => r.name));
  for (let n = router.routes.length + 1; ; n++) {
    const name = `route-${n}`;
    if (!taken.has(name)) return name;
  }
}

/** addRoute adds a route with a fresh name (before "otherwise", which stays last). */
export function addRoute(graph: Graph, stageId: string): Graph {
  return mapRouter(graph, stageId, (r) => {
    const route = blankRoute(r.by, nextRouteName(r));
    const routes = r.routes.slice();
    const other = r.by !== "sample" ? routes.findIndex((x) => x.name === OTHERWISE) : -1;
    if (other >= 0) routes.splice(other, 0, route);
    else routes.push(route);
    return { ...r, routes };
  });
}

/**
 * renameRoute renames the route at index, and the outcome of its edge with it.
 * A name another route of the router has is refused (two routes would share
 * one edge).
 */
export function renameRoute(graph: Graph, stageId: string, index: number, name: string): Graph {
  const stage = findStage(graph, stageId);
  const routes = stage?.kind === "router" ? (stage.router?.routes ?? []) : [];
  const old = routes[index];
  if (!old || old.name === name || routes.some((r, i) => i !== index && r.name === name)) return graph;
  const next = mapRouter(graph, stageId, (r) => ({ ...r, routes: r.routes.map((x, i) => (i === index ? { ...x, name } : x)) }));
  return {
    ...next,
    edges: next.edges.map((e) => (e.from === stageId && e.outcome === old.name ? { ...e, outcome: name } : e)),
  };
}

/** updateRoute patches the route at index (anything but its name). */
export function updateRoute(graph: Graph, stageId: string, index: number, patch: Partial<Omit<Route, "name">>): Graph {
  return mapRouter(graph, stageId, (r) =>
    index < 0 || index >= r.routes.length
      ? r
      : { ...r, routes: r.routes.map((x, i) => (i === index ? { ...x, ...patch, name: x.name } : x)) },
  );
}

/** removeRoute removes the route at index and its edge. */
export function removeRoute(graph: Graph, stageId: string, index: number): Graph {
  const stage = findStage(graph, stageId);
  const routes = stage?.kind === "router" ? (stage.router?.routes ?? []) : [];
  const old = routes[index];
  if (!old) return graph;
  const next = mapRouter(graph, stageId, (r) => ({ ...r, routes: r.routes.filter((_, i) => i !== index) }));
  const shared = routes.some((r, i) => i !== index && r.name === old.name);
  return shared ? next : disconnect(next, stageId, old.name);
}

/**
 * setRouterBy switches what a router splits by, keeping its route names (and
 * so its edges): each route keeps only the fields of the new rule, and a
 * router by annotator or metadata gets an "otherwise" route if it has none.
 */
export function setRouterBy(graph: Graph, stageId: string, by: RouterBy): Graph {
  return mapRouter(graph, stageId, (r) => {
    if (r.by === by) return r;
    const routes: Route[] = r.routes.map((x) => {
      switch (by) {
        case "sample":
          return { name: x.name, rate: x.rate ?? 0 };
        case "annotator":
          return x.name === OTHERWISE ? { name: x.name } : { name: x.name, users: x.users ?? [], groups: x.groups ?? [] };
        case "metadata":
          return x.name === OTHERWISE ? { name: x.name } : { name: x.name, key: x.key ?? "", values: x.values ?? [] };
      }
    });
    if (by !== "sample" && !routes.some((x) => x.name === OTHERWISE)) routes.push({ name: OTHERWISE });
    return { by, routes };
  });
}

/** rateTotal sums the rates of a router's routes (a missing rate counts 0). */
export function rateTotal(router: Router | undefined): number {
  return (router?.routes ?? []).reduce((sum, r) => sum + (typeof r.rate === "number" && Number.isFinite(r.rate) ? r.rate : 0), 0);
}

// ---------- assignees ----------

export function sameAssignee(a: Assignee, b: Assignee): boolean {
  return a.type === b.type && a.id === b.id;
}

/** withAssignee adds an assignee to a list unless it is there already. */
export function withAssignee(list: readonly Assignee[] | undefined, a: Assignee): Assignee[] {
  const l = list ?? [];
  return l.some((x) => sameAssignee(x, a)) ? [...l] : [...l, { type: a.type, id: a.id }];
}

export function withoutAssignee(list: readonly Assignee[] | undefined, a: Assignee): Assignee[] {
  return (list ?? []).filter((x) => !sameAssignee(x, a));
}

// ---------- the server's problems ----------

/** FieldError is one entry of a problem's errors, as the API sends it. */
export interface FieldError {
  location?: string;
  message?: string;
}

/** Located is where a problem location points in a graph. */
export type Located =
  | { element: "stage"; index: number; path: string }
  | { element: "edge"; index: number; path: string };

const LOCATION = /(?:^|\.)(stages|edges)\[(\d+)\](?:\.(.*)|(\[.*))?$/;

/**
 * locate reads a problem location such as "body.graph.stages[2].router.routes"
 * or "body.workflow.edges[3].from" (whatever comes before "stages[" or
 * "edges["): the element, its index and the rest of the path ("router.routes",
 * "from"; "" for the element itself). Other locations give null.
 */
export function locate(location: string | undefined): Located | null {
  if (!location) return null;
  const m = LOCATION.exec(location);
  if (!m) return null;
  const path = m[3] ?? m[4] ?? "";
  return { element: m[1] === "stages" ? "stage" : "edge", index: Number(m[2]), path };
}

/** ElementErrors are the server's messages by stage id, by edge key ("from:outcome") and for the graph. */
export interface ElementErrors {
  stages: Record<string, string[]>;
  edges: Record<string, string[]>;
  graph: string[];
}

/** StageFieldError is a message about one field of a stage ("name", "router.routes[1].rate"…; "" for the stage). */
export interface StageFieldError {
  path: string;
  message: string;
}

function text(path: string, message: string): string {
  if (!path || message.includes(path)) return message;
  return `${path}: ${message}`;
}

/**
 * errorsByElement maps the server's field errors onto the stages and edges of
 * graph (the graph they were about): stages[i] to the id of the i-th stage,
 * edges[j] to the key of the j-th edge. A message about a field of the
 * element is prefixed with that field ("name: required"). Errors that name no
 * element (or one the graph does not have) are the graph's.
 */
export function errorsByElement(graph: Graph, fieldErrors: readonly FieldError[] | undefined): ElementErrors {
  const out: ElementErrors = { stages: {}, edges: {}, graph: [] };
  for (const fe of fieldErrors ?? []) {
    const message = fe.message || "invalid";
    const at = locate(fe.location);
    if (at?.element === "stage" && graph.stages[at.index]) {
      (out.stages[graph.stages[at.index].id] ??= []).push(text(at.path, message));
    } else if (at?.element === "edge" && graph.edges[at.index]) {
      (out.edges[edgeKey(graph.edges[at.index])] ??= []).push(text(at.path, message));
    } else {
      out.graph.push(message);
    }
  }
  return out;
}

/** stageFieldErrors lists the server's messages about the stage with that id, by field path. */
export function stageFieldErrors(graph: Graph, fieldErrors: readonly FieldError[] | undefined, stageId: string): StageFieldError[] {
  const index = graph.stages.findIndex((s) => s.id === stageId);
  if (index < 0) return [];
  const out: StageFieldError[] = [];
  for (const fe of fieldErrors ?? []) {
    const at = locate(fe.location);
    if (at?.element === "stage" && at.index === index) out.push({ path: at.path, message: fe.message || "invalid" });
  }
  return out;
}

// ---------- undo and redo ----------

/**
 * History keeps the states an editor went through, for undo and redo: push
 * records a new present (and forgets what was undone), at most limit steps
 * back.
 */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private current: T;
  readonly limit: number;

  constructor(initial: T, limit = 100) {
    this.current = initial;
    this.limit = Math.max(1, limit);
  }

  get present(): T {
    return this.current;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** push makes next the present; pushing the present itself records nothing. */
  push(next: T): void {
    if (Object.is(next, this.current)) return;
    this.past.push(this.current);
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
    this.current = next;
    this.future = [];
  }

  /** undo steps back and returns the new present (the same one when there is nothing to undo). */
  undo(): T {
    const prev = this.past.pop();
    if (prev === undefined) return this.current;
    this.future.push(this.current);
    this.current = prev;
    return prev;
  }

  /** redo steps forward again and returns the new present. */
  redo(): T {
    const next = this.future.pop();
    if (next === undefined) return this.current;
    this.past.push(this.current);
    this.current = next;
    return next;
  }

  /** replace changes the present without recording a step (a run of typing that undoes at once). */
  replace(value: T): void {
    this.current = value;
    this.future = [];
  }

  /** reset forgets every step and starts again from value. */
  reset(value: T): void {
    this.past = [];
    this.future = [];
    this.current = value;
  }
}

// ---------- geometry ----------

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** stageRect is where a stage is drawn (a stage without a position is drawn at 0,0). */
export function stageRect(stage: Stage): Rect {
  const p = stage.position ?? { x: 0, y: 0 };
  return { x: p.x, y: p.y, w: NODE_W, h: nodeHeight(outcomesOf(stage).length) };
}

/** outPort is the canvas point of the port of a stage's outcome (null if it does not produce it). */
export function outPort(stage: Stage, outcome: string): Position | null {
  const i = outcomesOf(stage).indexOf(outcome);
  if (i < 0) return null;
  const p = stage.position ?? { x: 0, y: 0 };
  return { x: p.x + NODE_W, y: p.y + outPortY(i) };
}

/** inPort is the canvas point of a stage's input port. */
export function inPort(stage: Stage): Position {
  const p = stage.position ?? { x: 0, y: 0 };
  return { x: p.x, y: p.y + inPortY(outcomesOf(stage).length) };
}

/** stageAt is the stage drawn at a canvas point (the topmost: the last one drawn), or undefined. */
export function stageAt(graph: Graph, point: Position): Stage | undefined {
  for (let i = graph.stages.length - 1; i >= 0; i--) {
    const r = stageRect(graph.stages[i]);
    if (point.x >= r.x && point.x <= r.x + r.w && point.y >= r.y && point.y <= r.y + r.h) return graph.stages[i];
  }
  return undefined;
}

/**
 * freePosition is the spot nearest to preferred where a new stage of kind
 * covers no stage already on the canvas (with a margin), searched ring by ring
 * on a grid of one node width and one row across, so a new stage never lands
 * on another.
 */
export function freePosition(graph: Graph, kind: StageKind, preferred: Position): Position {
  const margin = 20;
  const probe: Stage = { id: "", kind, name: "", position: preferred, ...defaultsFor(kind) };
  const h = stageRect(probe).h;
  const rects = graph.stages.map(stageRect);
  const free = (p: Position) =>
    rects.every((r) => p.x + NODE_W + margin <= r.x || r.x + r.w + margin <= p.x || p.y + h + margin <= r.y || r.y + r.h + margin <= p.y);
  const sx = NODE_W + margin * 2;
  const sy = h + margin * 2;
  for (let ring = 0; ring <= 12; ring++) {
    for (let dy = -ring; dy <= ring; dy++) {
      for (let dx = -ring; dx <= ring; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const p = snapPoint({ x: preferred.x + dx * sx, y: preferred.y + dy * sy });
        if (free(p)) return p;
      }
    }
  }
  return snapPoint(preferred);
}

/** graphBounds is the rectangle around every stage, or null for an empty graph. */
export function graphBounds(graph: Graph): Rect | null {
  if (!graph.stages.length) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const s of graph.stages) {
    const r = stageRect(s);
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** needsLayout tells whether some stage has no position. */
export function needsLayout(graph: Graph): boolean {
  return graph.stages.some((s) => !s.position || !Number.isFinite(s.position.x) || !Number.isFinite(s.position.y));
}

/**
 * autoLayout places every stage left to right by its distance (in edges) from
 * the start: one column per distance, stages in the order they were reached,
 * each column centred on the tallest. Stages the start does not reach come in
 * a last column. Positions are snapped to the grid.
 */
export function autoLayout(graph: Graph): Graph {
  const byId = new Map(graph.stages.map((s) => [s.id, s]));
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!byId.has(e.to)) continue;
    const l = out.get(e.from);
    if (l) l.push(e.to);
    else out.set(e.from, [e.to]);
  }
  const depth = new Map<string, number>();
  const order: string[] = [];
  const queue = graph.stages.filter((s) => s.kind === "start").map((s) => s.id);
  for (const id of queue) depth.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    order.push(id);
    for (const to of out.get(id) ?? []) {
      if (depth.has(to)) continue;
      depth.set(to, depth.get(id)! + 1);
      queue.push(to);
    }
  }
  let last = -1;
  for (const d of depth.values()) last = Math.max(last, d);
  for (const s of graph.stages) {
    if (depth.has(s.id)) continue;
    depth.set(s.id, last + 1);
    order.push(s.id);
  }

  const columns: Stage[][] = [];
  for (const id of order) {
    const d = depth.get(id)!;
    (columns[d] ??= []).push(byId.get(id)!);
  }
  const heightOf = (col: Stage[]) => col.reduce((h, s) => h + stageRect(s).h, 0) + ROW_GAP * Math.max(0, col.length - 1);
  const tallest = Math.max(0, ...columns.map((c) => (c ? heightOf(c) : 0)));
  const pos = new Map<string, Position>();
  columns.forEach((col, d) => {
    if (!col) return;
    let y = ORIGIN.y + (tallest - heightOf(col)) / 2;
    for (const s of col) {
      pos.set(s.id, { x: snap(ORIGIN.x + d * (NODE_W + COL_GAP)), y: snap(y) });
      y += stageRect(s).h + ROW_GAP;
    }
  });
  return { ...graph, stages: graph.stages.map((s) => ({ ...s, position: pos.get(s.id)! })) };
}
