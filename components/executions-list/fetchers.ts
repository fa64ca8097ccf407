// Data fetching for the executions list, shared by the browser (TanStack Query hooks in
// queries.ts, through /api/swf) and the server (first page rendered with the HTML, see
// components/domains/prefetch.ts). No React, no "use client": both sides import it.
import type {
  WorkflowExecutionCount,
  WorkflowExecutionInfo,
  WorkflowExecutionInfos,
} from "@aws-sdk/client-swf";
import type { SwfCall } from "@/components/api/client";
import { readClock } from "@/components/ui/clock";
import type { Wire } from "@/components/ui/wire";
import type { PageCursor } from "./pagination";
import { buildVisibilityQuery, type ListFilters } from "./url-state";

export type ExecutionInfo = Wire<WorkflowExecutionInfo>;

export interface ExecutionsPage {
  executionInfos: ExecutionInfo[];
  nextPageToken?: string;
  /** The resolved input this page was fetched with (freeze it for the next page's token). */
  input: Record<string, unknown>;
  /** When the page was fetched (ms): "now" for durations of open executions. */
  fetchedAt: number;
}

/** One page: page 1 resolves relative time ranges now; later pages reuse the frozen input. */
export async function fetchExecutionsPage(
  call: SwfCall,
  domain: string,
  filters: ListFilters,
  cursor: PageCursor | undefined,
  signal?: AbortSignal,
): Promise<ExecutionsPage> {
  // The page's clock (the server's time): "the last hour" is SWF's last hour, not the browser's.
  const now = readClock();
  const query = buildVisibilityQuery(domain, filters, now);
  const input = cursor ? cursor.input : query.input;
  const output = await call<Wire<WorkflowExecutionInfos>>(
    query.listAction,
    {
      ...input,
      maximumPageSize: filters.pageSize,
      ...(cursor ? { nextPageToken: cursor.token } : {}),
    },
    signal,
  );
  return {
    executionInfos: output.executionInfos ?? [],
    ...(output.nextPageToken ? { nextPageToken: output.nextPageToken } : {}),
    input,
    fetchedAt: now,
  };
}

/** CountOpen/CountClosed with the list's filters. */
export function fetchExecutionsCount(
  call: SwfCall,
  domain: string,
  filters: ListFilters,
  signal?: AbortSignal,
) {
  const query = buildVisibilityQuery(domain, filters, readClock());
  return call<WorkflowExecutionCount>(query.countAction, query.input, signal);
}

/** The most executions "select all matching" gathers for one bulk action. */
export const MATCHING_LIMIT = 10_000;

/**
 * Every execution the list's filters match, page after page of SWF's largest page (1,000), up to
 * `limit`: what "select all matching" hands to the bulk actions. `onProgress` hears the running
 * total; `truncated` says more matched than `limit`.
 */
export async function fetchAllMatching(
  call: SwfCall,
  domain: string,
  filters: ListFilters,
  options: { limit?: number; signal?: AbortSignal; onProgress?: (n: number) => void } = {},
): Promise<{ executions: ExecutionInfo[]; truncated: boolean }> {
  const limit = options.limit ?? MATCHING_LIMIT;
  const wide = { ...filters, pageSize: 1000 };
  const executions: ExecutionInfo[] = [];
  let cursor: PageCursor | undefined;
  for (;;) {
    const page = await fetchExecutionsPage(call, domain, wide, cursor, options.signal);
    executions.push(...page.executionInfos);
    options.onProgress?.(Math.min(executions.length, limit));
    if (executions.length >= limit)
      return {
        executions: executions.slice(0, limit),
        truncated: executions.length > limit || !!page.nextPageToken,
      };
    if (!page.nextPageToken) return { executions, truncated: false };
    cursor = { token: page.nextPageToken, input: page.input };
  }
}
