// The signed-in user's profile, password and sessions.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, PAGE_SIZE } from "./client";
import { keys } from "./keys";
import { usePagedList } from "./paged";

export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => call(api.PATCH("/api/v1/me", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.me, exact: true }),
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      call(api.POST("/api/v1/me/password", { body })),
    // A wrong current password must show next to the field, not sign out.
    meta: { authRedirect: false },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.sessions }),
  });
}

export function useSessions() {
  return usePagedList(keys.sessions, (cursor) =>
    call(api.GET("/api/v1/me/sessions", { params: { query: { cursor, limit: PAGE_SIZE } } })),
  );
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: { id: string; current: boolean }) =>
      call(api.DELETE("/api/v1/me/sessions/{sessionID}", { params: { path: { sessionID: s.id } } })),
    // Revoking the current session signs out: the caller leaves (useLeaveToSignIn).
    onSuccess: (_data, s) => (s.current ? undefined : qc.invalidateQueries({ queryKey: keys.sessions })),
  });
}
