// Workspaces, their members and invitations.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, PAGE_SIZE, type CreatedInvitation, type Role, type UserType } from "./client";
import { keys } from "./keys";
import { fetchAll, usePagedList } from "./paged";

export function useWorkspace(ws: string) {
  return useQuery({
    queryKey: keys.workspace(ws),
    queryFn: () => call(api.GET("/api/v1/workspaces/{workspaceID}", { params: { path: { workspaceID: ws } } })),
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => call(api.POST("/api/v1/workspaces", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.me, exact: true }),
  });
}

export interface WorkspacePatch {
  name?: string;
  is_workforce?: boolean;
  email_domains?: string[];
  signed_url_lifetime_seconds?: number;
}

export function useUpdateWorkspace(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: WorkspacePatch) =>
      call(api.PATCH("/api/v1/workspaces/{workspaceID}", { params: { path: { workspaceID: ws } }, body })),
    onSuccess: (data) => {
      qc.setQueryData(keys.workspace(ws), data);
      // The name and the workforce flag also show in the workspace switcher.
      return qc.invalidateQueries({ queryKey: keys.me, exact: true });
    },
  });
}

const fetchMembersPage = (ws: string) => (cursor: string | undefined) =>
  call(
    api.GET("/api/v1/workspaces/{workspaceID}/members", {
      params: { path: { workspaceID: ws }, query: { cursor, limit: PAGE_SIZE } },
    }),
  );

export function useMembers(ws: string) {
  return usePagedList(keys.members(ws), fetchMembersPage(ws));
}

/** useAllMembers loads every member, for pickers. */
export function useAllMembers(ws: string, enabled = true) {
  return useQuery({
    queryKey: keys.allMembers(ws),
    queryFn: () => fetchAll(fetchMembersPage(ws)),
    enabled,
  });
}

export function useUpdateMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { userId: string; role?: Role; user_type?: UserType }) =>
      call(
        api.PATCH("/api/v1/workspaces/{workspaceID}/members/{userID}", {
          params: { path: { workspaceID: ws, userID: v.userId } },
          body: { role: v.role, user_type: v.user_type },
        }),
      ),
    // On failure too: the selects must show what the server really holds.
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.members(ws) }),
        qc.invalidateQueries({ queryKey: keys.me, exact: true }),
      ]),
  });
}

export function useRemoveMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/members/{userID}", {
          params: { path: { workspaceID: ws, userID: userId } },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.members(ws) }),
        qc.invalidateQueries({ queryKey: keys.groups(ws) }),
        qc.invalidateQueries({ queryKey: keys.me, exact: true }),
      ]),
  });
}

export function useInvitations(ws: string, enabled = true) {
  return usePagedList(
    keys.invitations(ws),
    (cursor) =>
      call(
        api.GET("/api/v1/workspaces/{workspaceID}/invitations", {
          params: { path: { workspaceID: ws }, query: { cursor, limit: PAGE_SIZE } },
        }),
      ),
    enabled,
  );
}

export interface InviteInput {
  email: string;
  role: Role;
  user_type: UserType;
}

export function useCreateInvitation(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: InviteInput): Promise<CreatedInvitation> =>
      call(api.POST("/api/v1/workspaces/{workspaceID}/invitations", { params: { path: { workspaceID: ws } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.invitations(ws) }),
  });
}

export function useRevokeInvitation(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/invitations/{invitationID}", {
          params: { path: { workspaceID: ws, invitationID: invitationId } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.invitations(ws) }),
  });
}
