// The workflow graph as the server stores it (issue 5 spec, "Workflow graph").
// The types are plain structural mirrors of the JSON, so the types generated
// from the OpenAPI document for the same JSON are assignable to them.

/** The kinds of stage a workflow is made of. */
export type StageKind = "start" | "annotate" | "review" | "consensus" | "router" | "complete";

/**
 * Outcome is the name of an edge leaving a stage: a fixed outcome of its kind
 * (next, submitted, approved, rejected, agreed, disagreed) or, on a router,
 * one of its route names.
 */
export type Outcome = string;

/** Position is where the builder draws a stage (its top-left corner), in canvas pixels. */
export interface Position {
  x: number;
  y: number;
}

/** Assignee is a user or a group (by uuid) who works on a human stage. */
export interface Assignee {
  type: "user" | "group";
  id: string;
}

/** Consensus configures a consensus stage: how many annotators, the agreement needed, who resolves. */
export interface Consensus {
  /** 2..10 */
  annotators: number;
  /** 0 < threshold ≤ 1 */
  threshold: number;
  resolvers?: Assignee[];
}

/** RouterBy is what a router splits tasks by. */
export type RouterBy = "sample" | "annotator" | "metadata";

/** Route is one way out of a router; its name is the outcome of its edge. */
export interface Route {
  name: string;
  /** by sample: an integer 0..100; the rates of a router sum to 100. */
  rate?: number;
  /** by annotator: user uuids. */
  users?: string[];
  /** by annotator: group uuids. */
  groups?: string[];
  /** by metadata: the item's metadata key. */
  key?: string;
  /** by metadata: the values (as strings) that take this route. */
  values?: string[];
}

export interface Router {
  by: RouterBy;
  routes: Route[];
}

export interface Stage {
  /** ^[a-z0-9][a-z0-9_-]{0,63}$, stable: edges refer to it. */
  id: string;
  kind: StageKind;
  /** required, at most 100 characters, unique (case-insensitive). */
  name: string;
  position?: Position;
  /** on annotate, review and consensus stages. */
  assignees?: Assignee[];
  /** on consensus stages. */
  consensus?: Consensus;
  /** on router stages. */
  router?: Router;
}

export interface Edge {
  from: string;
  outcome: Outcome;
  to: string;
}

export interface Graph {
  stages: Stage[];
  edges: Edge[];
}
