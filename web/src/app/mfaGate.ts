// Members of a workspace that requires two-factor authentication, who have no second factor, are
// refused everything of it by the API (with a mark, see lib/mfa). Entering the workspace asks once,
// and sends them to enrollment, with the way back.
import type { QueryClient } from "@tanstack/react-query";
import { redirect, type LoaderFunctionArgs } from "react-router";
import { api, call } from "../api/client";
import { keys } from "../api/keys";
import { isMFAEnrollmentRequired } from "../api/mfa";
import { enrollPath } from "../lib/mfa";

export function mfaGate(queryClient: QueryClient) {
  return async ({ params, request }: LoaderFunctionArgs) => {
    const ws = params.workspaceId ?? "";
    try {
      await queryClient.fetchQuery({
        queryKey: keys.workspace(ws),
        queryFn: () => call(api.GET("/api/v1/workspaces/{workspaceID}", { params: { path: { workspaceID: ws } } })),
        staleTime: 15_000,
      });
    } catch (err) {
      if (isMFAEnrollmentRequired(err)) {
        const url = new URL(request.url);
        throw redirect(enrollPath(ws, url.pathname + url.search));
      }
      // Anything else is the workspace pages' to show.
    }
    return null;
  };
}
