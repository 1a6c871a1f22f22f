import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import type { Page } from "./client";

/** Fetches one page given a cursor (undefined for the first page). */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<Page<T>>;

/**
 * usePagedList wraps useInfiniteQuery for the API's {items, next_cursor}
 * lists and flattens the loaded pages into one array.
 */
export function usePagedList<T>(queryKey: QueryKey, fetchPage: PageFetcher<T>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey,
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (last) => last.next_cursor || undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return { ...query, items };
}

/** fetchAll follows next_cursor until the end (bounded), for pickers. */
export async function fetchAll<T>(fetchPage: PageFetcher<T>, maxPages = 50): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    out.push(...(page.items ?? []));
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return out;
}
