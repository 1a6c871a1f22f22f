// The task queue: managers' listing and bulk changes, and a worker's claim, submit, review, skip and drafts.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components } from "./schema";
import { usePagedList } from "./paged";

type Schemas = components["schemas"];
export type QueueRow = Schemas["QueueRow"];
export type Task = Schemas["Task"];
export type TaskView = Schemas["TaskView"];

export interface QueueFilter {
  stage?: string;
  status?: Task["status"];
  unassigned?: boolean;
  item_type?: QueueRow["item_type"];
  min_priority?: number;
  sort?: "priority" | "age" | "name";
}

const queueKey = (ws: string, p: string) => ["workspaces", ws, "projects", p, "queue"] as const;

export function useQueue(ws: string, p: string, filter: QueueFilter, enabled = true) {
  return usePagedList(
    [...queueKey(ws, p), filter],
    (cursor) =>
      call(
        api.GET("/api/v1/workspaces/{workspaceID}/projects/{projectID}/tasks", {
          params: { path: { workspaceID: ws, projectID: p }, query: { ...filter, cursor, limit: 50 } },
        }),
      ),
    enabled,
  );
}

export interface TaskChange {
  task_ids: string[];
  assign_to?: string;
  unassign?: boolean;
  priority?: number;
  move_to?: string;
}

export function useChangeTasks(ws: string, p: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskChange) =>
      call(api.PATCH("/api/v1/workspaces/{workspaceID}/projects/{projectID}/tasks", { params: { path: { workspaceID: ws, projectID: p } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["workspaces", ws, "projects", p] }),
  });
}

export function useClaimNext(ws: string, p: string) {
  return useMutation({
    mutationFn: () =>
      call(api.POST("/api/v1/workspaces/{workspaceID}/projects/{projectID}/tasks/next", { params: { path: { workspaceID: ws, projectID: p } } })),
  });
}

export function useSubmitTask(ws: string, p: string) {
  return useMutation({
    mutationFn: (v: { task: string; label: unknown; revision: number; active_ms?: number }) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}/submit", {
          params: { path: { workspaceID: ws, projectID: p, taskID: v.task } },
          body: { label: v.label as Schemas["Label"], revision: v.revision, active_ms: v.active_ms },
        }),
      ),
  });
}

export function useReviewTask(ws: string, p: string) {
  return useMutation({
    mutationFn: (v: { task: string; decision: "approve" | "reject"; notes?: string; active_ms?: number }) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}/review", {
          params: { path: { workspaceID: ws, projectID: p, taskID: v.task } },
          body: { decision: v.decision, notes: v.notes, active_ms: v.active_ms },
        }),
      ),
  });
}

export function useSkipTask(ws: string, p: string) {
  return useMutation({
    mutationFn: (v: { task: string; reason: string; active_ms?: number }) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}/skip", {
          params: { path: { workspaceID: ws, projectID: p, taskID: v.task } },
          body: { reason: v.reason, active_ms: v.active_ms },
        }),
      ),
  });
}

export function useSaveDraft(ws: string, p: string) {
  return useMutation({
    mutationFn: (v: { task: string; label: unknown }) =>
      call(
        api.PUT("/api/v1/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}/draft", {
          params: { path: { workspaceID: ws, projectID: p, taskID: v.task } },
          body: { label: v.label },
        }),
      ),
  });
}
