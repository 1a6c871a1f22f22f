// Setup, sign-in/up/out and the signed-in user.
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import { keys } from "./keys";

export const setupQuery = queryOptions({
  queryKey: keys.setup,
  queryFn: () => call(api.GET("/api/v1/setup")),
  staleTime: Infinity,
});

/**
 * meQuery is the signed-in user and their memberships. Its 401 is handled
 * by the route guard, not by the global sign-in redirect.
 */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async () => {
    const me = await call(api.GET("/api/v1/me"));
    return { user: me.user, memberships: me.memberships ?? [] };
  },
  staleTime: 60_000,
  meta: { authRedirect: false },
});

export function useMe() {
  return useQuery(meQuery);
}

/**
 * useMaybeMe is for public pages: it checks afresh on mount, does not retry
 * and never redirects. Use isSuccess, not data: a failed check keeps old data.
 */
export function useMaybeMe() {
  return useQuery({ ...meQuery, retry: false, refetchOnMount: "always" });
}

export interface SetupInput {
  workspace_name: string;
  name: string;
  email: string;
  password: string;
}

export function useSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SetupInput) => call(api.POST("/api/v1/setup", { body })),
    onSuccess: async () => {
      qc.setQueryData(keys.setup, { needed: false });
      await qc.invalidateQueries({ queryKey: keys.me });
    },
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => call(api.POST("/api/v1/auth/signin", { body })),
    meta: { authRedirect: false },
    onSuccess: () => resetUserData(qc),
  });
}

export function useSignUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; email: string; password: string }) =>
      call(api.POST("/api/v1/auth/signup", { body })),
    meta: { authRedirect: false },
    onSuccess: () => resetUserData(qc),
  });
}

/** useSignOut ends the session; the caller leaves the signed-in pages (see useLeaveToSignIn). */
export function useSignOut() {
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/auth/signout")),
    meta: { authRedirect: false },
  });
}

/** resetUserData drops every cached query that belongs to a user. */
export function resetUserData(qc: ReturnType<typeof useQueryClient>) {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "setup" });
}
