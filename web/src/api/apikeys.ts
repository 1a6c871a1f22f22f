// API keys: the signed-in user's own, and a workspace's for its admins.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, PAGE_SIZE } from "./client";
import { usePagedList } from "./paged";
import type { KeyRequest } from "../lib/apikeys";

export const apiKeyQueries = {
  mine: ["me", "api-keys"] as const,
  actions: ["api-key-actions"] as const,
  workspace: (ws: string) => ["workspaces", ws, "api-keys"] as const,
};

export function useMyAPIKeys() {
  return usePagedList(apiKeyQueries.mine, (cursor) =>
    call(api.GET("/api/v1/me/api-keys", { params: { query: { cursor, limit: PAGE_SIZE } } })),
  );
}

/** The actions a key's scope may name; they change only with the server. */
export function useAPIKeyActions(enabled = true) {
  return useQuery({
    queryKey: apiKeyQueries.actions,
    queryFn: async () => (await call(api.GET("/api/v1/api-key-actions"))).items ?? [],
    staleTime: Infinity,
    enabled,
  });
}

export function useCreateAPIKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: KeyRequest) => call(api.POST("/api/v1/me/api-keys", { body })),
    onSuccess: (k) => {
      void qc.invalidateQueries({ queryKey: apiKeyQueries.mine });
      void qc.invalidateQueries({ queryKey: apiKeyQueries.workspace(k.workspace_id) });
    },
  });
}

export function useRevokeMyAPIKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (k: { id: string; workspace_id: string }) =>
      call(api.DELETE("/api/v1/me/api-keys/{keyID}", { params: { path: { keyID: k.id } } })),
    onSuccess: (_data, k) => {
      void qc.invalidateQueries({ queryKey: apiKeyQueries.mine });
      void qc.invalidateQueries({ queryKey: apiKeyQueries.workspace(k.workspace_id) });
    },
  });
}

export function useWorkspaceAPIKeys(workspaceId: string, enabled = true) {
  return usePagedList(
    apiKeyQueries.workspace(workspaceId),
    (cursor) =>
      call(
        api.GET("/api/v1/workspaces/{workspaceID}/api-keys", {
          params: { path: { workspaceID: workspaceId }, query: { cursor, limit: PAGE_SIZE } },
        }),
      ),
    enabled,
  );
}

export function useRevokeWorkspaceAPIKey(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/api-keys/{keyID}", {
          params: { path: { workspaceID: workspaceId, keyID: id } },
        }),
      ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: apiKeyQueries.workspace(workspaceId) });
      void qc.invalidateQueries({ queryKey: apiKeyQueries.mine });
    },
  });
}
