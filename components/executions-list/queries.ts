"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { streamIsLive } from "@/components/live/live-client";
import { keys } from "@/components/api/keys";
import { callSwf } from "@/components/api/client";
import { fetchExecutionsCount, fetchExecutionsPage } from "./fetchers";
import type { PageCursor } from "./pagination";
import { filtersKey, type ListFilters } from "./url-state";

export { type ExecutionInfo, type ExecutionsPage } from "./fetchers";

/** How often the list and its count refresh while auto-refresh is on. */
export const REFRESH_MS = 5_000;

/** One page of executions (page 1 may arrive with the HTML: see components/domains/prefetch.ts). */
export function useExecutionsPage(
  domain: string,
  filters: ListFilters,
  cursor: PageCursor | undefined,
  live: boolean,
) {
  const key = filtersKey(filters);
  const client = useQueryClient();
  const queryKey = keys.executions.list(domain, key, cursor?.token ?? null);
  return useQuery({
    queryKey,
    // Paused: what is on screen stays, whatever invalidates it; a page not loaded yet still loads.
    enabled: live || client.getQueryData(queryKey) === undefined,
    queryFn: ({ signal }) => fetchExecutionsPage(callSwf, domain, filters, cursor, signal),
    // While the live stream is up, changes invalidate these queries (components/live).
    refetchInterval: () => (live && !streamIsLive() ? REFRESH_MS : false),
    // While paging within one query keep the rows on screen; after a filter change show nothing stale.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[4] === key ? previous : undefined,
  });
}

/** CountOpen/CountClosed with the list's filters (the same resolved time range). */
export function useExecutionsCount(
  domain: string,
  filters: ListFilters,
  live: boolean,
  enabled = true,
) {
  const client = useQueryClient();
  const queryKey = keys.executions.count(domain, filtersKey(filters));
  return useQuery({
    queryKey,
    enabled: enabled && (live || client.getQueryData(queryKey) === undefined),
    queryFn: ({ signal }) => fetchExecutionsCount(callSwf, domain, filters, signal),
    // While the live stream is up, changes invalidate these queries (components/live).
    refetchInterval: () => (live && !streamIsLive() ? REFRESH_MS : false),
  });
}
