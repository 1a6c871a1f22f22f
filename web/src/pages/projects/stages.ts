// Where a project's tasks stand: the stage counts in the order of the workflow.
import type { StageCount, TaskStatus } from "../../api/projects";
import type { Graph, Stage, StageKind } from "../../workflow/types";

export const TASK_STATUSES: readonly TaskStatus[] = ["new", "in_progress", "reopened", "skipped", "completed"];

const taskStatusLabels: Record<TaskStatus, string> = {
  new: "New",
  in_progress: "In progress",
  reopened: "Reopened",
  skipped: "Skipped",
  completed: "Completed",
};

export function taskStatusLabel(s: TaskStatus): string {
  return taskStatusLabels[s] ?? s;
}

/** The kinds of stage where tasks wait: people work on them, or they are done. */
export const HOLDING_KINDS: readonly StageKind[] = ["annotate", "review", "consensus", "complete"];

export function holdsTasks(kind: string): boolean {
  return (HOLDING_KINDS as readonly string[]).includes(kind);
}

/**
 * workflowOrder lists a graph's stages as a task meets them: breadth-first
 * from the start along the edges (in their order), then the stages the start
 * does not reach, in the graph's order; complete stages come last.
 */
export function workflowOrder(graph: Graph): Stage[] {
  const byId = new Map(graph.stages.map((s) => [s.id, s]));
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!byId.has(e.to)) continue;
    const l = out.get(e.from);
    if (l) l.push(e.to);
    else out.set(e.from, [e.to]);
  }
  const seen = new Set<string>();
  const queue = graph.stages.filter((s) => s.kind === "start").map((s) => s.id);
  queue.forEach((id) => seen.add(id));
  for (let i = 0; i < queue.length; i++) {
    for (const to of out.get(queue[i]) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  for (const s of graph.stages) if (!seen.has(s.id)) queue.push(s.id);
  const ordered = queue.map((id) => byId.get(id)!);
  return [...ordered.filter((s) => s.kind !== "complete"), ...ordered.filter((s) => s.kind === "complete")];
}

export interface StageRow {
  id: string;
  name: string;
  /** undefined for a stage the workflow no longer has (its tasks are still counted). */
  kind: StageKind | undefined;
  counts: Record<TaskStatus, number>;
  total: number;
}

function emptyCounts(): Record<TaskStatus, number> {
  return { new: 0, in_progress: 0, reopened: 0, skipped: 0, completed: 0 };
}

/**
 * stageRows puts the stage counts in workflow order: one row for each stage
 * where tasks wait (those holding none too), then rows for stages the counts
 * name but the workflow lacks.
 */
export function stageRows(graph: Graph, counts: readonly StageCount[]): StageRow[] {
  const rows = new Map<string, StageRow>();
  for (const s of workflowOrder(graph)) {
    if (!holdsTasks(s.kind)) continue;
    rows.set(s.id, { id: s.id, name: s.name, kind: s.kind, counts: emptyCounts(), total: 0 });
  }
  for (const c of counts) {
    let row = rows.get(c.stage);
    if (!row) {
      row = { id: c.stage, name: c.stage, kind: undefined, counts: emptyCounts(), total: 0 };
      rows.set(c.stage, row);
    }
    row.counts[c.status] = (row.counts[c.status] ?? 0) + c.count;
    row.total += c.count;
  }
  return [...rows.values()];
}

/** totalTasks sums the counts. */
export function totalTasks(rows: readonly StageRow[]): number {
  return rows.reduce((n, r) => n + r.total, 0);
}

/** share is n of total as a percentage for a bar's width, 0 for an empty total. */
export function share(n: number, total: number): number {
  return total > 0 ? Math.round((n / total) * 1000) / 10 : 0;
}

/** stagePath sums a workflow up in words: its stages after the start, in workflow order ("Annotate → Review → Complete"). */
export function stagePath(graph: Graph): string {
  return workflowOrder(graph)
    .filter((s) => s.kind !== "start")
    .map((s) => s.name)
    .join(" → ");
}
