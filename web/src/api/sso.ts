// Single sign-on: a workspace's OpenID Connect and SAML providers (admins), and the sign-in
// page's question "which SSO does this address or workspace offer?" (everyone).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "./client";
import type { components } from "./schema";

type Schemas = components["schemas"];
export type SSOConfig = Schemas["SSOConfigOutputBody"];
export type SSOConnection = Schemas["SSOConnection"];
export type SSOCheck = Schemas["SSOCheck"];
export type SSOTestReport = Schemas["TestSSOOutputBody"];
export type SSOOption = Schemas["SSOOption"];
export type SSOProtocol = "oidc" | "saml";
export type OIDCInput = Schemas["PutOIDCInputBody"];
export type SAMLInput = Schemas["PutSAMLInputBody"];
export type SSOTestInput = Schemas["TestSSOInputBody"];

const ssoKey = (ws: string) => ["workspaces", ws, "sso"] as const;

export function useSSO(ws: string) {
  return useQuery({
    queryKey: ssoKey(ws),
    queryFn: () => call(api.GET("/api/v1/workspaces/{workspaceID}/sso", { params: { path: { workspaceID: ws } } })),
  });
}

function useSaveSSO<I>(ws: string, save: (body: I) => Promise<SSOConfig>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: save, onSuccess: (data) => qc.setQueryData(ssoKey(ws), data) });
}

export function usePutOIDC(ws: string) {
  return useSaveSSO(ws, (body: OIDCInput) =>
    call(api.PUT("/api/v1/workspaces/{workspaceID}/sso/oidc", { params: { path: { workspaceID: ws } }, body })),
  );
}

export function usePutSAML(ws: string) {
  return useSaveSSO(ws, (body: SAMLInput) =>
    call(api.PUT("/api/v1/workspaces/{workspaceID}/sso/saml", { params: { path: { workspaceID: ws } }, body })),
  );
}

export function useSetSSOOnly(ws: string) {
  return useSaveSSO(ws, (ssoOnly: boolean) =>
    call(api.PUT("/api/v1/workspaces/{workspaceID}/sso/policy", { params: { path: { workspaceID: ws } }, body: { sso_only: ssoOnly } })),
  );
}

export function useDeleteSSO(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (protocol: SSOProtocol) =>
      call(api.DELETE("/api/v1/workspaces/{workspaceID}/sso/{protocol}", { params: { path: { workspaceID: ws, protocol } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ssoKey(ws) }),
  });
}

/** useTestSSO asks the provider as sign-in will: every step that passed, then the first that failed. */
export function useTestSSO(ws: string) {
  return useMutation({
    mutationFn: (body: SSOTestInput) => call(api.POST("/api/v1/workspaces/{workspaceID}/sso/test", { params: { path: { workspaceID: ws } }, body })),
  });
}

/** ssoOptions tells which single sign-on an address (by its domain) or a workspace offers; none is an empty list. */
export async function ssoOptions(by: { email: string } | { workspaceId: string }): Promise<SSOOption[]> {
  const query = "email" in by ? { email: by.email } : { workspace_id: by.workspaceId };
  const out = await call(api.GET("/api/v1/auth/sso", { params: { query } }));
  return out.options ?? [];
}

export function useSSOOptions(workspaceId: string | null) {
  return useQuery({
    queryKey: ["sso-options", workspaceId],
    queryFn: () => ssoOptions({ workspaceId: workspaceId ?? "" }),
    enabled: !!workspaceId,
    retry: false,
  });
}

/** ssoStartURL is where a browser begins signing in, landing on next (a path of Loupe) afterwards. */
export function ssoStartURL(o: SSOOption, next: string): string {
  return next && next !== "/" ? `${o.start_url}?return_to=${encodeURIComponent(next)}` : o.start_url;
}

export const protocolLabel: Record<SSOProtocol, string> = { oidc: "OpenID Connect", saml: "SAML" };
