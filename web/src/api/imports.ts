// Imports: registering the objects already in a dataset's bucket, and
// following the jobs that do it.
import { useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, type Import } from "./client";
import { invalidateItems } from "./datasets";
import { keys } from "./keys";
import { uploadManifest } from "./upload";
import { isActive, justFinished, pollDelay, upsertImport } from "../lib/imports";

/** useImports lists a dataset's recent imports (the server's last 20), newest first. */
export function useImports(ws: string, ds: string) {
  return useQuery({
    queryKey: keys.imports(ws, ds),
    queryFn: async () => {
      const r = await call(
        api.GET("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/imports", {
          params: { path: { workspaceID: ws, datasetID: ds } },
        }),
      );
      return r.items ?? [];
    },
  });
}

/**
 * useImportPolling asks for each queued or running import every second and
 * writes the answer into the list, so the list is the one copy the page
 * shows. An import drops out once done or failed, which stops its polling;
 * then the item grid refreshes to show what it added. It returns the polling
 * errors by import id.
 */
export function useImportPolling(ws: string, ds: string, imports: readonly Import[]): Record<string, unknown> {
  const qc = useQueryClient();
  const active = imports.filter((i) => isActive(i.status));
  return useQueries({
    queries: active.map((imp) => ({
      queryKey: keys.import(ws, ds, imp.id),
      queryFn: async () => {
        const next = await call(
          api.GET("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/imports/{importID}", {
            params: { path: { workspaceID: ws, datasetID: ds, importID: imp.id } },
          }),
        );
        qc.setQueryData<Import[]>(keys.imports(ws, ds), (list) => upsertImport(list, next));
        if (justFinished(imp.status, next.status)) void invalidateItems(qc, ws, ds);
        return next;
      },
      // Asked at once on mount, then every second while it stays in the list as active.
      staleTime: 0,
      refetchInterval: pollDelay(imp.status),
    })),
    combine: (results) => {
      const errors: Record<string, unknown> = {};
      results.forEach((r, i) => {
        if (r.isError && !r.isFetching) errors[active[i].id] = r.error;
      });
      return errors;
    },
  });
}

/** addImport puts a just-started import at the top of the list, then checks the list with the server. */
function addImport(qc: QueryClient, ws: string, ds: string, imp: Import) {
  qc.setQueryData<Import[]>(keys.imports(ws, ds), (list) => upsertImport(list, imp));
  return qc.invalidateQueries({ queryKey: keys.imports(ws, ds), exact: true });
}

/** useStartImport registers every object under a prefix of the dataset's bucket ("" for all of it). */
export function useStartImport(ws: string, ds: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (prefix: string) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/imports", {
          params: { path: { workspaceID: ws, datasetID: ds } },
          body: { prefix },
        }),
      ),
    onSuccess: (imp) => addImport(qc, ws, ds, imp),
  });
}

export interface ManifestUpload {
  file: File;
  onProgress: (loaded: number, total: number) => void;
  /** Aborting it cancels the upload. */
  signal: AbortSignal;
}

/** useUploadManifest uploads a JSON Lines manifest, reporting its progress, and queues its import. */
export function useUploadManifest(ws: string, ds: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress, signal }: ManifestUpload) => {
      const t = uploadManifest(ws, ds, file, onProgress);
      if (signal.aborted) t.abort();
      else signal.addEventListener("abort", () => t.abort(), { once: true });
      return t.promise;
    },
    onSuccess: (imp) => addImport(qc, ws, ds, imp),
  });
}
