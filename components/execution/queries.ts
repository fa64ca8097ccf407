"use client";
// Data for the execution page, through TanStack Query and the console's `/api/swf/*` door:
//  - DescribeWorkflowExecution, polled every 2 s while the run is open;
//  - the history, as forward pages of 1,000 events (useInfiniteQuery) that keep loading in the
//    background after the first one rendered;
//  - a "tail" of the newest events (reverse order): it tells the total event count at once, brings
//    the close event (result, failure) before the middle of a long history has loaded, and is
//    what the live view polls to show new events without reloading.
import type { HistoryEvent, WorkflowExecutionDetail } from "@aws-sdk/client-swf";
import {
  useInfiniteQuery,
  useQuery,
  useQueryClient,
  type InfiniteData,
} from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { isCloseEvent } from "@/lib/history/events";
import { reviveEvents } from "@/lib/history/revive";
import { streamIsLive } from "@/components/live/live-client";
import { callSwf } from "@/components/api/client";
import { keys, type ExecutionRef } from "@/components/api/keys";
import {
  extendTail,
  lastPageEventId,
  mergeHistory,
  type HistoryPage,
  type HistoryTail,
} from "./history-merge";
import { retryRead } from "@/components/api/retry";

export type { ExecutionRef };

/** Events per forward page: SWF's maximum. */
export const HISTORY_PAGE_SIZE = 1000;
/** How often an open execution is refreshed. */
export const LIVE_INTERVAL_MS = 2000;
/** Newest events fetched by the first tail request: enough for the close event and the count. */
const TAIL_FIRST_PAGE_SIZE = 20;
/** Newest events per live poll; a burst bigger than this walks back page by page. */
const TAIL_PAGE_SIZE = 50;

interface RawHistoryOutput {
  events?: unknown[];
  nextPageToken?: string;
}

function toDate(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const d = new Date(value as string);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** DescribeWorkflowExecution with its timestamps turned back into Dates. */
export async function describeExecution(
  ref: ExecutionRef,
  signal?: AbortSignal,
): Promise<WorkflowExecutionDetail> {
  const out = await callSwf<WorkflowExecutionDetail>(
    "DescribeWorkflowExecution",
    { domain: ref.domain, execution: { workflowId: ref.workflowId, runId: ref.runId } },
    signal,
  );
  const info = out.executionInfo;
  return {
    ...out,
    executionInfo: info && {
      ...info,
      startTimestamp: toDate(info.startTimestamp),
      closeTimestamp: toDate(info.closeTimestamp),
    },
    latestActivityTaskTimestamp: toDate(out.latestActivityTaskTimestamp),
  };
}

export async function fetchHistoryPage(
  ref: ExecutionRef,
  options: { nextPageToken?: string; maximumPageSize?: number; reverseOrder?: boolean },
  signal?: AbortSignal,
): Promise<HistoryPage> {
  const out = await callSwf<RawHistoryOutput>(
    "GetWorkflowExecutionHistory",
    {
      domain: ref.domain,
      execution: { workflowId: ref.workflowId, runId: ref.runId },
      maximumPageSize: options.maximumPageSize ?? HISTORY_PAGE_SIZE,
      ...(options.nextPageToken ? { nextPageToken: options.nextPageToken } : {}),
      ...(options.reverseOrder ? { reverseOrder: true } : {}),
    },
    signal,
  );
  return { events: reviveEvents(out.events ?? []), nextPageToken: out.nextPageToken || undefined };
}

/**
 * `pushed`: the page keeps this run's live topic open (ExecutionLiveSync), so every pushed event
 * refreshes the description; it then polls only while the stream is down.
 */
export function useExecutionDescription(ref: ExecutionRef, { pushed = false } = {}) {
  return useQuery({
    queryKey: keys.execution.describe(ref),
    queryFn: ({ signal }) => describeExecution(ref, signal),
    retry: retryRead,
    staleTime: 1000,
    structuralSharing: false,
    refetchInterval: (query) =>
      query.state.data?.executionInfo?.executionStatus === "OPEN" && !(pushed && streamIsLive())
        ? LIVE_INTERVAL_MS
        : false,
  });
}

export interface ExecutionHistory {
  /** Events 1…N without gaps: what every view renders. */
  events: HistoryEvent[];
  /** The newest events (close event included once closed), even while the middle is loading. */
  tailEvents: HistoryEvent[];
  /** Number of events in the history as far as known (the newest event's id). */
  total: number;
  /** Every page loaded and the tail connected: `events` is the whole history (so far, if open). */
  complete: boolean;
  /** The first page (or the whole of a short history) is there. */
  ready: boolean;
  /** A history close event has been seen (in the pages or the tail). */
  closed: boolean;
  error: Error | null;
  /** Epoch ms of the last successful refresh. */
  updatedAt: number;
  /** Try again after an error (continues where the loading stopped). */
  retry(): void;
}

/**
 * The whole history of one run. Renders from the first page; further pages load one after the
 * other in the background; while `live`, newest events are polled every 2 s until a close event
 * shows up.
 */
export function useExecutionHistory(
  ref: ExecutionRef,
  options: { live: boolean },
): ExecutionHistory {
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: keys.execution.history(ref),
    queryFn: ({ pageParam, signal }) => fetchHistoryPage(ref, { nextPageToken: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextPageToken,
    retry: retryRead,
    // History is append-only: a loaded page never changes; new events come through the tail.
    staleTime: Infinity,
    structuralSharing: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = pages;
  useEffect(() => {
    // Background loading, one page at a time, so that the first screen never waits for the rest.
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);

  const pageList = pages.data?.pages;
  const closedInPages = useMemo(() => {
    const last = pageList?.[pageList.length - 1]?.events;
    return !!last && last.length > 0 && isCloseEvent(last[last.length - 1].eventType);
  }, [pageList]);

  const tail = useQuery({
    queryKey: keys.execution.tail(ref),
    queryFn: async ({ signal }): Promise<HistoryTail> => {
      const previous = queryClient.getQueryData<HistoryTail>(keys.execution.tail(ref));
      const loaded = queryClient.getQueryData<InfiniteData<HistoryPage>>(
        keys.execution.history(ref),
      );
      const known = Math.max(lastPageEventId(loaded?.pages), previous?.lastEventId ?? 0);
      const fresh: HistoryEvent[] = [];
      let newest = 0;
      let token: string | undefined;
      for (let round = 0; ; round++) {
        const page = await fetchHistoryPage(
          ref,
          {
            reverseOrder: true,
            maximumPageSize: known === 0 ? TAIL_FIRST_PAGE_SIZE : TAIL_PAGE_SIZE,
            nextPageToken: token,
          },
          signal,
        );
        let reached = false;
        for (const event of page.events) {
          const id = event.eventId ?? 0;
          newest = Math.max(newest, id);
          if (id > known) fresh.push(event);
          else reached = true;
        }
        token = page.nextPageToken;
        // First poll: one page is enough (the forward pages bring the rest). Later polls walk
        // back to the last event known, so that a burst of new events is not missed.
        if (reached || !token || known === 0 || round >= 50) break;
      }
      return extendTail(previous, fresh, newest);
    },
    retry: retryRead,
    staleTime: 1000,
    structuralSharing: false,
    refetchOnWindowFocus: false,
    refetchInterval: (query) => {
      // While the live stream is up, new events are pushed into this query (components/live).
      if (!options.live || closedInPages || streamIsLive()) return false;
      const events = query.state.data?.events;
      const last = events?.[events.length - 1];
      return last && isCloseEvent(last.eventType) ? false : LIVE_INTERVAL_MS;
    },
  });

  const tailData = tail.data;
  const events = useMemo(() => mergeHistory(pageList, tailData), [pageList, tailData]);
  const tailEvents = tailData?.events ?? EMPTY;
  const lastLoaded = events.length > 0 ? (events[events.length - 1].eventId ?? 0) : 0;
  const total = Math.max(lastLoaded, tailData?.lastEventId ?? 0);
  const lastTail = tailEvents[tailEvents.length - 1];
  const closed = closedInPages || (!!lastTail && isCloseEvent(lastTail.eventType));
  const ready = events.length > 0 || (pages.isSuccess && tail.isSuccess);
  return {
    events,
    tailEvents,
    total,
    complete: pages.isSuccess && !hasNextPage && lastLoaded >= total,
    ready,
    closed,
    error: pages.error ?? tail.error ?? null,
    updatedAt: Math.max(pages.dataUpdatedAt, tail.dataUpdatedAt),
    retry: () => {
      if (pages.isError) void (pages.data ? fetchNextPage() : pages.refetch());
      if (tail.isError) void tail.refetch();
    },
  };
}

const EMPTY: HistoryEvent[] = [];
