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

/**
 * How long the HTML waits for SWF. The engine and AWS answer these reads in well under a second;
 * beyond this the page goes out without them and the browser reads them itself (with the full
 * CONSOLE_SWF_TIMEOUT_SECONDS, showing its spinner meanwhile and the fault if SWF never answers),
 * so that a hung SWF does not leave a blank tab for the length of the console's timeout.
 */
export const PREFETCH_BUDGET_MS = 2_000;

/**
 * Prefetches into `client` for at most `budgetMs`; failures, and reads still running then, are
 * left for the browser to retry and report (only answered queries are dehydrated).
 */
export async function prefetchDomainPage(
  client: QueryClient,
  call: SwfCall,
  domain: string,
  params: URLSearchParams,
  budgetMs = PREFETCH_BUDGET_MS,
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(tasks),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs))),
  ]);
  clearTimeout(timer);
}
