// The workspace's audit log: pages, verification and a day's anchor.
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components } from "./schema";
import { usePagedList } from "./paged";

export type AuditEntry = components["schemas"]["AuditLine"];

export interface AuditFilter {
  action?: string;
  actor_id?: string;
  target_type?: string;
  /** RFC 3339 times. */
  from?: string;
  to?: string;
}

const auditKey = (ws: string) => ["workspaces", ws, "audit"] as const;

export function useAuditLog(ws: string, filter: AuditFilter) {
  return usePagedList([...auditKey(ws), "list", filter], (cursor) =>
    call(
      api.GET("/api/v1/workspaces/{workspaceID}/audit", {
        params: { path: { workspaceID: ws }, query: { ...filter, cursor, limit: 50 } },
      }),
    ),
  );
}

export function useVerifyAudit(ws: string) {
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/workspaces/{workspaceID}/audit/verify", { params: { path: { workspaceID: ws } } })),
  });
}

export function useAuditAnchor(ws: string, date: string | undefined) {
  return useQuery({
    queryKey: [...auditKey(ws), "anchor", date],
    enabled: !!date,
    retry: false,
    queryFn: () =>
      call(api.GET("/api/v1/workspaces/{workspaceID}/audit/anchor", { params: { path: { workspaceID: ws }, query: { date: date ?? "" } } })),
  });
}

/** exportURL is the JSON Lines export of the log between two times, for a download link. */
export function exportURL(ws: string, filter: Pick<AuditFilter, "from" | "to">): string {
  const q = new URLSearchParams();
  if (filter.from) q.set("from", filter.from);
  if (filter.to) q.set("to", filter.to);
  const s = q.toString();
  return `/api/v1/workspaces/${ws}/audit/export${s ? `?${s}` : ""}`;
}
