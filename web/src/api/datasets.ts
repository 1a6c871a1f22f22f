// Datasets, their access lists and their items.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, call, PAGE_SIZE, type DatasetRole, type DatasetWithRole } from "./client";
import { keys } from "./keys";
import { usePagedList } from "./paged";
import { freshFor, refreshDelay, toSignedURL, type SignedURL } from "../lib/signedUrl";
import { decodeTextPreview, TEXT_PREVIEW_BYTES } from "../lib/items";
import type { ItemFilter } from "../lib/itemFilter";

export function useDatasets(ws: string) {
  return usePagedList(keys.datasets(ws), (cursor) =>
    call(
      api.GET("/api/v1/workspaces/{workspaceID}/datasets", {
        params: { path: { workspaceID: ws }, query: { cursor, limit: PAGE_SIZE } },
      }),
    ),
  );
}

export function useDataset(ws: string, ds: string) {
  return useQuery({
    queryKey: keys.dataset(ws, ds),
    queryFn: () =>
      call(api.GET("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}", { params: { path: { workspaceID: ws, datasetID: ds } } })),
  });
}

export interface DatasetInput {
  name: string;
  description?: string;
  /** Leave out for Loupe's own (encrypted) storage. */
  integration_id?: string;
}

export function useCreateDataset(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DatasetInput) =>
      call(api.POST("/api/v1/workspaces/{workspaceID}/datasets", { params: { path: { workspaceID: ws } }, body })),
    onSuccess: (d) => {
      qc.setQueryData(keys.dataset(ws, d.id), d);
      return qc.invalidateQueries({ queryKey: keys.datasets(ws), exact: true });
    },
  });
}

export function useUpdateDataset(ws: string, ds: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; description?: string }) =>
      call(
        api.PATCH("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}", {
          params: { path: { workspaceID: ws, datasetID: ds } },
          body,
        }),
      ),
    onSuccess: (d) => {
      // The answer has no my_role: keep the one we know.
      qc.setQueryData<DatasetWithRole>(keys.dataset(ws, ds), (old) => (old ? { ...old, ...d } : old));
      return qc.invalidateQueries({ queryKey: keys.datasets(ws), exact: true });
    },
  });
}

export function useDeleteDataset(ws: string, ds: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.DELETE("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}", { params: { path: { workspaceID: ws, datasetID: ds } } })),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.dataset(ws, ds) });
      return qc.invalidateQueries({ queryKey: keys.datasets(ws), exact: true });
    },
  });
}

export function useDatasetAccess(ws: string, ds: string, enabled = true) {
  return useQuery({
    queryKey: keys.datasetAccess(ws, ds),
    queryFn: async () => {
      const r = await call(
        api.GET("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/access", {
          params: { path: { workspaceID: ws, datasetID: ds } },
        }),
      );
      return r.items ?? [];
    },
    enabled,
  });
}

/** Whom a grant is for: a user by email or id, or a group. */
export type Grantee = { email: string } | { user_id: string } | { group_id: string };

export function useGrantDatasetAccess(ws: string, ds: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: Grantee & { role: DatasetRole }) =>
      call(
        api.PUT("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/access", {
          params: { path: { workspaceID: ws, datasetID: ds } },
          body: v,
        }),
      ),
    // On failure too: a row's select must show what the server holds.
    onSettled: () => invalidateAccess(qc, ws, ds),
  });
}

export function useRevokeDatasetAccess(ws: string, ds: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { user_id: string } | { group_id: string }) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/access", {
          params: { path: { workspaceID: ws, datasetID: ds }, query: v },
        }),
      ),
    onSuccess: () => invalidateAccess(qc, ws, ds),
  });
}

function invalidateAccess(qc: QueryClient, ws: string, ds: string) {
  // Changing one's own grant may change my_role, and who sees the dataset.
  return Promise.all([
    qc.invalidateQueries({ queryKey: keys.datasetAccess(ws, ds) }),
    qc.invalidateQueries({ queryKey: keys.dataset(ws, ds), exact: true }),
  ]);
}

export function useItems(ws: string, ds: string, filter: ItemFilter) {
  return usePagedList(keys.itemList(ws, ds, filter), (cursor) =>
    call(
      api.GET("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/items", {
        params: {
          path: { workspaceID: ws, datasetID: ds },
          query: {
            cursor,
            limit: PAGE_SIZE,
            type: filter.type,
            metadata: filter.metadata ? JSON.stringify(filter.metadata) : undefined,
          },
        },
      }),
    ),
  );
}

export function useItem(ws: string, ds: string, id: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: keys.item(ws, ds, id),
    queryFn: () =>
      call(
        api.GET("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/items/{itemID}", {
          params: { path: { workspaceID: ws, datasetID: ds, itemID: id } },
        }),
      ),
  });
}

/** invalidateItems refreshes a dataset's item lists and its item count. */
export function invalidateItems(qc: QueryClient, ws: string, ds: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: keys.items(ws, ds) }),
    qc.invalidateQueries({ queryKey: keys.dataset(ws, ds), exact: true }),
    qc.invalidateQueries({ queryKey: keys.datasets(ws), exact: true }),
  ]);
}

export function useDeleteItem(ws: string, ds: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/items/{itemID}", {
          params: { path: { workspaceID: ws, datasetID: ds, itemID: id } },
        }),
      ),
    onSuccess: (_d, id) => {
      qc.removeQueries({ queryKey: keys.itemUrl(ws, ds, id) });
      return invalidateItems(qc, ws, ds);
    },
  });
}

/**
 * useItemURL gives a short-lived URL of an item's file. It is fetched only
 * while `enabled`; with keepFresh a new one is fetched before the old one
 * expires, for as long as the component shows it.
 */
export function useItemURL(ws: string, ds: string, id: string, { enabled = true, keepFresh = true } = {}) {
  return useQuery({
    queryKey: keys.itemUrl(ws, ds, id),
    queryFn: async (): Promise<SignedURL> => {
      let date: string | null = null;
      const body = await call(
        api
          .GET("/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/items/{itemID}/url", {
            params: { path: { workspaceID: ws, datasetID: ds, itemID: id } },
          })
          .then((r) => {
            date = r.response.headers.get("Date");
            return r;
          }),
      );
      return toSignedURL(body, Date.now(), date);
    },
    enabled,
    // Fresh until shortly before it expires; counted from when it arrived.
    staleTime: (q) => (q.state.data ? freshFor(q.state.data) : 0),
    refetchInterval: keepFresh ? (q) => (q.state.data ? refreshDelay(q.state.data, Date.now()) : false) : false,
  });
}

/** useItemText fetches the beginning of a text item for the viewer. */
export function useItemText(ws: string, ds: string, id: string, url: string | undefined, size: number) {
  return useQuery({
    // Keyed by the item: the URL changes as it is refreshed, the text does not.
    queryKey: keys.itemText(ws, ds, id),
    enabled: !!url,
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch(url!, {
        credentials: "same-origin",
        headers: size > TEXT_PREVIEW_BYTES ? { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } : {},
      });
      if (!res.ok) throw new Error(`Could not load the file (${res.status}).`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { text: decodeTextPreview(bytes.slice(0, TEXT_PREVIEW_BYTES)), truncated: size > TEXT_PREVIEW_BYTES };
    },
  });
}
