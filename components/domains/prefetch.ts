// Server side of the domain page: fetch what the first screen shows (domain header, and on the
// executions tab the first page of rows and its count) before the HTML is sent, so that rows are
// visible at first paint instead of after hydration + a browser round trip. The browser's
// TanStack Query cache is seeded from it (HydrationBoundary) and refreshes as usual.
import type { QueryClient } from "@tanstack/react-query";
import { keys } from "@/components/api/keys";
import type { SwfCall } from "@/components/api/client";
import { fetchExecutionsCount, fetchExecutionsPage } from "@/components/executions-list/fetchers";
import { filtersKey, parseListFilters } from "@/components/executions-list/url-state";
import { parseDomainTab } from "./domain-tabs";
import { fetchDomain } from "./fetchers";

/** Prefetches into `client`; failures are left for the browser to retry and report. */
export async function prefetchDomainPage(
  client: QueryClient,
  call: SwfCall,
  domain: string,
  params: URLSearchParams,
) {
  const tasks: Promise<void>[] = [
    client.prefetchQuery({
      queryKey: keys.domain.describe(domain),
      queryFn: () => fetchDomain(call, domain),
    }),
  ];
  if (parseDomainTab(params.get("tab")) === "executions") {
    const filters = parseListFilters(params);
    const key = filtersKey(filters);
    tasks.push(
      client.prefetchQuery({
        queryKey: keys.executions.list(domain, key, null),
        queryFn: () => fetchExecutionsPage(call, domain, filters, undefined),
      }),
      client.prefetchQuery({
        queryKey: keys.executions.count(domain, key),
        queryFn: () => fetchExecutionsCount(call, domain, filters),
      }),
    );
  }
  await Promise.all(tasks);
}
