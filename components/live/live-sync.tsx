"use client";
// Views subscribe to the live stream by rendering one of these: each turns the stream's messages
// into TanStack Query cache updates (new history events patched into the execution's tail, task-list
// counts set as pushed; lists, counts and the inbox invalidated so that they refetch once).
import { useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { taskListsTopic, topicString } from "@/lib/console/live/topics";
import { isCloseEvent } from "@/lib/history/events";
import { reviveEvents } from "@/lib/history/revive";
import {
  extendTail,
  lastPageEventId,
  type HistoryPage,
  type HistoryTail,
} from "@/components/execution/history-merge";
import { keys, type ExecutionRef } from "@/components/api/keys";
import type { LiveMessage } from "./live-client";
import { useLiveTopic } from "./use-live";

/**
 * Reads `key` again from now. Invalidating cancels a read in flight and sends a new one, except a
 * first read (no data yet), which it joins, though that read may predate the change that asks
 * for this: such a read is let land first, then read again. (Cancelling it instead would starve
 * a busy view: each change would cancel its first read before it could land.)
 */
function refetchFresh(client: QueryClient, key: readonly unknown[]) {
  const firstReads = client
    .getQueryCache()
    .findAll({ queryKey: key, fetchStatus: "fetching" })
    .filter((q) => q.state.data === undefined)
    .map((q) => q.promise);
  void Promise.allSettled(firstReads).then(() => client.invalidateQueries({ queryKey: key }));
}

/**
 * Invalidates `key` at once, then at most every `ms`: changes during the pause are not lost, they
 * cost one more refetch when it ends.
 */
function useThrottledInvalidate(ms = 250) {
  const client = useQueryClient();
  return useMemo(() => {
    const paused = new Map<string, { again: boolean }>();
    const run = (key: readonly unknown[], id: string) => {
      refetchFresh(client, key);
      const state = { again: false };
      paused.set(id, state);
      setTimeout(() => {
        paused.delete(id);
        if (state.again) run(key, id);
      }, ms);
    };
    return (key: readonly unknown[]) => {
      const id = JSON.stringify(key);
      const state = paused.get(id);
      if (state) state.again = true;
      else run(key, id);
    };
  }, [client, ms]);
}

/**
 * Applies pushed events to the run's tail; anything it cannot patch is refetched. Events that
 * arrive while the tail is being read are applied once that read has landed: the read may predate
 * them, and its answer would replace a tail patched meanwhile. (Waiting rather than reading again:
 * a busy run's pushes would otherwise cancel every read before it lands.)
 */
export function applyExecutionMessage(
  client: QueryClient,
  ref: ExecutionRef,
  m: LiveMessage,
  waited = false,
) {
  const tailKey = keys.execution.tail(ref);
  if (m.type === "events") {
    const reading = client.getQueryCache().find({ queryKey: tailKey, exact: true })?.promise;
    if (reading && !waited) {
      // Once: any read started after this message arrived has its events anyway.
      const again = () => applyExecutionMessage(client, ref, m, true);
      void reading.then(again, again);
      return;
    }
    const tail = client.getQueryData<HistoryTail>(tailKey);
    const pages = client.getQueryData<InfiniteData<HistoryPage>>(keys.execution.history(ref));
    const known = Math.max(lastPageEventId(pages?.pages), tail?.lastEventId ?? 0);
    const events = reviveEvents(m.events);
    const first = events[0]?.eventId ?? 0;
    if (tail && first <= known + 1) {
      client.setQueryData(tailKey, extendTail(tail, events, m.lastEventId));
    } else refetchFresh(client, tailKey);
    void client.invalidateQueries({ queryKey: keys.execution.describe(ref) });
    if (events.some((e) => isCloseEvent(e.eventType)))
      void client.invalidateQueries({ queryKey: keys.inbox.all() });
    return;
  }
  // Changed, or the stream (re)opened (`resync`): re-read from now.
  refetchFresh(client, tailKey);
  refetchFresh(client, keys.execution.describe(ref));
}

export function ExecutionLiveSync({ domain, workflowId, runId }: ExecutionRef) {
  const client = useQueryClient();
  const topic = topicString({ kind: "execution", domain, workflowId, runId });
  useLiveTopic(topic, (m) => applyExecutionMessage(client, { domain, workflowId, runId }, m));
  return null;
}

/** A domain's lists and counts. */
export function DomainLiveSync({ domain }: { domain: string }) {
  const invalidate = useThrottledInvalidate();
  // The execution list itself listens through useLiveExecutionsList, so that pausing it pauses
  // pushed refreshes too.
  useLiveTopic(topicString({ kind: "executions", domain }), () => {
    invalidate(keys.executions.overview(domain));
    invalidate(keys.executions.openCount(domain));
    invalidate(keys.executions.openTaskLists(domain));
  });
  return null;
}

/**
 * The pending task counts of the task lists a view shows: counted by the console for all tabs and
 * set into the cache as they arrive (poll mode), or refetched when the engine says they changed
 * (push mode). Returns the task lists the stream covers (it names as many as fit in one topic).
 */
export function useLiveTaskLists(
  domain: string,
  taskLists: readonly string[] | undefined,
): ReadonlySet<string> {
  const client = useQueryClient();
  const invalidate = useThrottledInvalidate();
  const { topic, named } = taskLists
    ? taskListsTopic(domain, taskLists)
    : { topic: null, named: new Set<string>() };
  useLiveTopic(topic, (m) => {
    if (m.type !== "counts") {
      // Push mode: the counts, and which lists the engine holds pending tasks on.
      invalidate(keys.pendingAll(domain));
      return invalidate(keys.executions.openTaskLists(domain));
    }
    for (const { taskList, decision, activity } of m.counts)
      client.setQueryData(keys.pendingTasks(domain, taskList), { decision, activity });
  });
  return named;
}

/**
 * The execution list's rows and count, refetched on a change while `live` (not paused). While
 * paused the rows stay as they are; returns whether a change arrived meanwhile, for the list to
 * say so.
 */
export function useLiveExecutionsList(domain: string, live: boolean): boolean {
  const invalidate = useThrottledInvalidate();
  const client = useQueryClient();
  const resumed = useRef(false);
  const [changedWhilePaused, setChangedWhilePaused] = useState(false);
  useEffect(() => {
    // Resuming after a pause: catch up with what changed meanwhile.
    if (live && resumed.current) {
      setChangedWhilePaused(false);
      void client.invalidateQueries({ queryKey: keys.executions.all(domain) });
    }
    resumed.current = true;
  }, [live, client, domain]);
  useLiveTopic(topicString({ kind: "executions", domain }), () => {
    if (!live) return setChangedWhilePaused(true);
    invalidate(keys.executions.lists(domain));
    invalidate(keys.executions.counts(domain));
  });
  return changedWhilePaused;
}

export function InboxLiveSync() {
  const invalidate = useThrottledInvalidate();
  useLiveTopic("inbox", () => invalidate(keys.inbox.all()));
  return null;
}
