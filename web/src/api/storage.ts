// Storage integrations: the workspace's own buckets (S3, GCS, Azure).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, PAGE_SIZE, type BucketConfig, type BucketCredentials, type StorageKind } from "./client";
import { keys } from "./keys";
import { fetchAll, usePagedList } from "./paged";

const fetchIntegrationsPage = (ws: string) => (cursor: string | undefined) =>
  call(
    api.GET("/api/v1/workspaces/{workspaceID}/storage-integrations", {
      params: { path: { workspaceID: ws }, query: { cursor, limit: PAGE_SIZE } },
    }),
  );

export function useIntegrations(ws: string) {
  return usePagedList(keys.integrations(ws), fetchIntegrationsPage(ws));
}

/** useAllIntegrations loads every integration, for the dataset form's select and for naming them. */
export function useAllIntegrations(ws: string, enabled = true) {
  return useQuery({
    queryKey: keys.allIntegrations(ws),
    queryFn: () => fetchAll(fetchIntegrationsPage(ws)),
    enabled,
  });
}

export interface IntegrationInput {
  name: string;
  kind: StorageKind;
  config: BucketConfig;
  credentials?: BucketCredentials;
}

export function useCreateIntegration(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: IntegrationInput) =>
      call(api.POST("/api/v1/workspaces/{workspaceID}/storage-integrations", { params: { path: { workspaceID: ws } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.integrations(ws) }),
  });
}

export interface IntegrationPatch {
  id: string;
  name?: string;
  config?: BucketConfig;
  /** Leave out to keep the stored credentials; {} switches to the server's environment's. */
  credentials?: BucketCredentials;
}

export function useUpdateIntegration(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: IntegrationPatch) =>
      call(
        api.PATCH("/api/v1/workspaces/{workspaceID}/storage-integrations/{integrationID}", {
          params: { path: { workspaceID: ws, integrationID: id } },
          body,
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.integrations(ws) }),
  });
}

export function useDeleteIntegration(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/storage-integrations/{integrationID}", {
          params: { path: { workspaceID: ws, integrationID: id } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.integrations(ws) }),
  });
}

/** useCheckIntegration tries the bucket with the stored settings: {ok} or {ok: false, problem}. */
export function useCheckIntegration(ws: string) {
  return useMutation({
    mutationFn: (id: string) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/storage-integrations/{integrationID}/check", {
          params: { path: { workspaceID: ws, integrationID: id } },
        }),
      ),
  });
}
