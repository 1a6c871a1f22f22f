// User groups of a workspace and their members.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, PAGE_SIZE } from "./client";
import { keys } from "./keys";
import { fetchAll, usePagedList } from "./paged";

const fetchGroupsPage = (ws: string) => (cursor: string | undefined) =>
  call(
    api.GET("/api/v1/workspaces/{workspaceID}/groups", {
      params: { path: { workspaceID: ws }, query: { cursor, limit: PAGE_SIZE } },
    }),
  );

export function useGroups(ws: string) {
  return usePagedList(keys.groups(ws), fetchGroupsPage(ws));
}

/** useAllGroups loads every group, for pickers. */
export function useAllGroups(ws: string, enabled = true) {
  return useQuery({
    queryKey: keys.allGroups(ws),
    queryFn: () => fetchAll(fetchGroupsPage(ws)),
    enabled,
  });
}

export function useGroup(ws: string, groupId: string) {
  return useQuery({
    queryKey: keys.group(ws, groupId),
    queryFn: () =>
      call(
        api.GET("/api/v1/workspaces/{workspaceID}/groups/{groupID}", {
          params: { path: { workspaceID: ws, groupID: groupId } },
        }),
      ),
  });
}

export function useCreateGroup(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) =>
      call(api.POST("/api/v1/workspaces/{workspaceID}/groups", { params: { path: { workspaceID: ws } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.groups(ws) }),
  });
}

export function useRenameGroup(ws: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) =>
      call(
        api.PATCH("/api/v1/workspaces/{workspaceID}/groups/{groupID}", {
          params: { path: { workspaceID: ws, groupID: groupId } },
          body,
        }),
      ),
    onSuccess: (g) => {
      qc.setQueryData(keys.group(ws, groupId), g);
      return qc.invalidateQueries({ queryKey: keys.groups(ws), exact: true });
    },
  });
}

export function useDeleteGroup(ws: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/groups/{groupID}", {
          params: { path: { workspaceID: ws, groupID: groupId } },
        }),
      ),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.group(ws, groupId) });
      return qc.invalidateQueries({ queryKey: keys.groups(ws), exact: true });
    },
  });
}

export function useGroupMembers(ws: string, groupId: string) {
  return usePagedList(keys.groupMembers(ws, groupId), (cursor) =>
    call(
      api.GET("/api/v1/workspaces/{workspaceID}/groups/{groupID}/members", {
        params: { path: { workspaceID: ws, groupID: groupId }, query: { cursor, limit: PAGE_SIZE } },
      }),
    ),
  );
}

function useGroupMembership(ws: string, groupId: string, method: "PUT" | "DELETE") {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => {
      const params = { path: { workspaceID: ws, groupID: groupId, userID: userId } };
      const path = "/api/v1/workspaces/{workspaceID}/groups/{groupID}/members/{userID}" as const;
      return call(method === "PUT" ? api.PUT(path, { params }) : api.DELETE(path, { params }));
    },
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.groupMembers(ws, groupId) }),
        qc.invalidateQueries({ queryKey: keys.group(ws, groupId), exact: true }),
        qc.invalidateQueries({ queryKey: keys.groups(ws), exact: true }),
      ]),
  });
}

export const useAddGroupMember = (ws: string, groupId: string) => useGroupMembership(ws, groupId, "PUT");
export const useRemoveGroupMember = (ws: string, groupId: string) => useGroupMembership(ws, groupId, "DELETE");
