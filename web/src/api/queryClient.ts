// The app's QueryClient, with the global "401 → sign in" rule.
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: { authRedirect?: boolean };
    mutationMeta: { authRedirect?: boolean };
  }
}

export type UnauthorizedHandler = () => void;

let onUnauthorized: UnauthorizedHandler = () => {};

/** setUnauthorizedHandler is called once by the router setup. */
export function setUnauthorizedHandler(fn: UnauthorizedHandler) {
  onUnauthorized = fn;
}

function handle(err: unknown, meta: { authRedirect?: boolean } | undefined) {
  if (err instanceof ApiError && err.status === 401 && meta?.authRedirect !== false) onUnauthorized();
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (err, query) => handle(err, query.meta) }),
    mutationCache: new MutationCache({ onError: (err, _v, _c, mutation) => handle(err, mutation.meta) }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        // Client errors will not fix themselves; retry only network and 5xx.
        retry: (count, err) => {
          const status = err instanceof ApiError ? err.status : 0;
          return count < 2 && (status === 0 || status >= 500);
        },
      },
    },
  });
}
