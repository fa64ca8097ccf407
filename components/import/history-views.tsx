"use client";
// History, Timeline, Graph and JSON of an event list that is already complete (an imported
// file): the same views as the execution page, with the selection kept in component state
// instead of the URL.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { useCallback, useMemo, useState } from "react";
import type { ExecutionRef } from "@/components/api/keys";
import { HistoryTabPanels, type DetailSelection } from "@/components/execution/history-tab-panels";
import type { DetailTab, DetailUrlState } from "@/components/execution/detail-url";

export function HistoryViews({ events, run }: { events: HistoryEvent[]; run: ExecutionRef }) {
  const selection = useDetailState();
  return (
    <HistoryTabPanels
      run={run}
      events={events}
      total={events.length}
      complete
      selection={selection}
    />
  );
}

/** The execution page's tab and selection, kept in state rather than in the address bar. */
function useDetailState(): DetailSelection {
  const [state, setState] = useState<DetailUrlState>({ tab: "history" });
  const setTab = useCallback((tab: DetailTab) => setState((s) => ({ ...s, tab })), []);
  const selectEvent = useCallback(
    (event: number | undefined, options: { tab?: DetailTab } = {}) =>
      setState((s) => ({ tab: options.tab ?? s.tab, event })),
    [],
  );
  const selectGroup = useCallback(
    (kind: "node" | "row", id: string | undefined, event: number | undefined) =>
      setState((s) => ({ tab: s.tab, event, [kind]: id })),
    [],
  );
  return useMemo(
    () => ({ ...state, setTab, selectEvent, selectGroup }),
    [state, setTab, selectEvent, selectGroup],
  );
}
