// Data fetching for the executions list, shared by the browser (TanStack Query hooks in
// queries.ts, through /api/swf) and the server (first page rendered with the HTML, see
// components/domains/prefetch.ts). No React, no "use client": both sides import it.
import type {
  WorkflowExecutionCount,
  WorkflowExecutionInfo,
  WorkflowExecutionInfos,
} from "@aws-sdk/client-swf";
import type { ActionName } from "@/lib/swf/actions";
import type { Wire } from "@/components/ui/wire";
import type { PageCursor } from "./pagination";
import { buildVisibilityQuery, type ListFilters } from "./url-state";

/** Calls one allow-listed SWF action (components/swf-api.ts `callSwf` in the browser). */
export type SwfCall = <T>(action: ActionName, input: object, signal?: AbortSignal) => Promise<T>;

export type ExecutionInfo = Wire<WorkflowExecutionInfo>;

export interface ExecutionsPage {
  executionInfos: ExecutionInfo[];
  nextPageToken?: string;
  /** The resolved input this page was fetched with (freeze it for the next page's token). */
  input: Record<string, unknown>;
  /** When the page was fetched (ms): "now" for durations of open executions. */
  fetchedAt: number;
}

/** Query keys under one prefix per domain, so that one invalidation refreshes a domain's views. */
export const executionKeys = {
  all: (domain: string) => ["swf", domain, "executions"] as const,
  list: (domain: string, key: string, token: string | null) =>
    ["swf", domain, "executions", "list", key, token] as const,
  count: (domain: string, key: string) => ["swf", domain, "executions", "count", key] as const,
};

/** One page: page 1 resolves relative time ranges now; later pages reuse the frozen input. */
export async function fetchExecutionsPage(
  call: SwfCall,
  domain: string,
  filters: ListFilters,
  cursor: PageCursor | undefined,
  signal?: AbortSignal,
): Promise<ExecutionsPage> {
  const now = Date.now();
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
  const query = buildVisibilityQuery(domain, filters, Date.now());
  return call<WorkflowExecutionCount>(query.countAction, query.input, signal);
}
