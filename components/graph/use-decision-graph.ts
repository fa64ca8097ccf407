"use client";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { useMemo } from "react";
import { decisionGraph } from "@/lib/history/graph";
import type { DecisionGraph } from "@/lib/history/graph-model";

/**
 * The decision graph of `events`, collapsed to at most 300 nodes by lib/history (a 25,000-event
 * history never becomes 25,000 nodes). Computed only while `enabled` (graph tab open, or a node
 * selected in the URL).
 */
export function useDecisionGraph(
  events: HistoryEvent[],
  enabled: boolean,
): DecisionGraph | undefined {
  return useMemo(
    () => (enabled && events.length > 0 ? decisionGraph(events) : undefined),
    [events, enabled],
  );
}
