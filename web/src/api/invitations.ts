// The public side of an invitation: preview and accept.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import { keys } from "./keys";

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: keys.invitation(token),
    queryFn: () => call(api.GET("/api/v1/invitations/{token}", { params: { path: { token } } })),
    retry: false,
    meta: { authRedirect: false },
  });
}

export function useAcceptInvitation(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; password?: string }) =>
      call(api.POST("/api/v1/invitations/{token}/accept", { params: { path: { token } }, body })),
    meta: { authRedirect: false },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.me, exact: true }),
  });
}
