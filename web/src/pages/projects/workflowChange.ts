// Changing a live project's workflow: reading the server's answer to a dry
// run (the plan, or the stages that need a mapping) for the page.
import type { FieldError } from "../../workflow/model";
import type { Graph, Stage } from "../../workflow/types";
import type { WorkflowMove } from "../../api/projects";
import { holdsTasks } from "./stages";

export interface ChangeProblems {
  /** By stage id of the current workflow: why its tasks need a stage of the new one. */
  mapping: Record<string, string>;
  /** About the new graph, for the builder (locations body.workflow…). */
  workflow: FieldError[];
  /** Anything else. */
  other: string[];
}

const MAPPING = /(?:^|\.)mapping\.(.+)$/;
const WORKFLOW = /(?:^|\.)workflow(?:$|[.[])/;

/**
 * changeProblems sorts a refused change's errors: body.mapping.<stageId> to
 * that stage, body.workflow… to the builder, the rest aside.
 */
export function changeProblems(errors: readonly FieldError[] | undefined): ChangeProblems {
  const out: ChangeProblems = { mapping: {}, workflow: [], other: [] };
  for (const e of errors ?? []) {
    const message = e.message || "invalid";
    const loc = e.location ?? "";
    const m = MAPPING.exec(loc);
    if (m) {
      const id = m[1];
      out.mapping[id] = out.mapping[id] ? `${out.mapping[id]}; ${message}` : message;
    } else if (WORKFLOW.test(loc)) {
      out.workflow.push(e);
    } else {
      out.other.push(message);
    }
  }
  return out;
}

/** mappingTargets are the stages of the new graph that tasks may move to. */
export function mappingTargets(graph: Graph): Stage[] {
  return graph.stages.filter((s) => holdsTasks(s.kind));
}

/**
 * cleanMapping keeps the choices that still make sense: for stages asked
 * about, or chosen before, and leading to a stage the new graph has where
 * tasks can wait.
 */
export function cleanMapping(mapping: Record<string, string>, graph: Graph): Record<string, string> {
  const targets = new Set(mappingTargets(graph).map((s) => s.id));
  const out: Record<string, string> = {};
  for (const [from, to] of Object.entries(mapping)) if (to && targets.has(to)) out[from] = to;
  return out;
}

export interface MoveRow {
  from: string;
  to: string;
  fromName: string;
  toName: string;
  tasks: number;
  stays: boolean;
}

/** moveRows names the stages of a plan's moves: from in the current graph, to in the new one. */
export function moveRows(moves: readonly WorkflowMove[], current: Graph, next: Graph): MoveRow[] {
  const name = (g: Graph, id: string) => g.stages.find((s) => s.id === id)?.name ?? id;
  return moves.map((m) => ({
    from: m.from,
    to: m.to,
    fromName: name(current, m.from),
    toName: name(next, m.to),
    tasks: m.tasks,
    stays: m.from === m.to,
  }));
}

/** sameGraph tells whether two graphs are the same JSON (positions included). */
export function sameGraph(a: Graph, b: Graph): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
