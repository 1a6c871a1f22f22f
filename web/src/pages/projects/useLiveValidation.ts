// Live validation of a workflow graph while it is edited: the server is
// asked about the graph once it has not changed for a moment.
import { useEffect, useState } from "react";
import { useWorkflowCheck, type WorkflowCheck } from "../../api/projects";
import type { FieldError } from "../../workflow/model";
import type { Graph } from "../../workflow/types";

export const VALIDATE_DELAY_MS = 400;

/** useDebounced gives value once it has stayed the same for ms (at once the first time). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(settled, value)) return;
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms, settled]);
  return settled;
}

export type ValidationState = "idle" | "checking" | "valid" | "invalid" | "unavailable";

export interface LiveValidation {
  state: ValidationState;
  /** The last problems the server found; kept while the graph is edited so they stay on their stages. */
  errors: FieldError[] | undefined;
  /** The verdict on the graph as it is now; undefined while it is being checked. */
  valid: boolean | undefined;
}

/** useLiveValidation checks graph on the server VALIDATE_DELAY_MS after its last change. */
export function useLiveValidation(ws: string, graph: Graph | null, enabled = true): LiveValidation {
  const debounced = useDebounced(graph, VALIDATE_DELAY_MS);
  const settled = debounced === graph;
  const check = useWorkflowCheck(ws, enabled && settled ? graph : null);
  const [last, setLast] = useState<WorkflowCheck | undefined>(undefined);
  if (settled && check.data && check.data !== last) setLast(check.data);

  if (!enabled || !graph) return { state: "idle", errors: undefined, valid: undefined };
  const current = settled && check.data ? check.data : undefined;
  let state: ValidationState;
  if (!settled || check.isFetching) state = "checking";
  else if (check.isError) state = "unavailable";
  else if (current) state = current.valid ? "valid" : "invalid";
  else state = "checking";
  return { state, errors: last?.errors, valid: state === "checking" ? undefined : current?.valid };
}
