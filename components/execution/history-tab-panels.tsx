"use client";
// The tab bar and the four views of one event list — History, Timeline, Graph, JSON — shared by
// the execution page (selection in the URL) and the import page (selection in state). A view
// mounts the first time its tab is visited and then stays mounted, hidden, to keep its state.
import dynamic from "next/dynamic";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { Activity, useCallback, useMemo, useState } from "react";
import type { DecisionGraph, GraphNode } from "@/lib/history/graph-model";
import { timelineRows, type TimelineRow } from "@/lib/history/timeline";
import type { ExecutionRef } from "@/components/api/keys";
import { useDecisionGraph } from "@/components/graph/use-decision-graph";
import { HistoryTable } from "@/components/history/history-table";
import { formatCount } from "@/components/ui/format";
import { DetailTabs } from "./detail-tabs";
import type { DetailTab, DetailUrlState } from "./detail-url";

// The other views load on demand: React Flow and dagre stay out of the first screen's JavaScript.
const loadTimeline = () => import("@/components/timeline/timeline-view");
const loadGraph = () => import("@/components/graph/graph-view");
const loadJson = () => import("@/components/history/history-json");
const TabLoading = () => (
  <p className="p-4 text-sm text-slate-600 dark:text-slate-400">Loading view…</p>
);
const TimelineView = dynamic(() => loadTimeline().then((m) => m.TimelineView), {
  ssr: false,
  loading: TabLoading,
});
const GraphView = dynamic(() => loadGraph().then((m) => m.GraphView), {
  ssr: false,
  loading: TabLoading,
});
const HistoryJson = dynamic(() => loadJson().then((m) => m.HistoryJson), {
  ssr: false,
  loading: TabLoading,
});

/** Fetches the code of the on-demand views ahead of their first visit. */
export function preloadHistoryViews(): void {
  void loadTimeline();
  void loadGraph();
  void loadJson();
}

const TABS = ["history", "timeline", "graph", "json"] as const;

/**
 * Where the tab and the selection live — the address bar on the execution page (useDetailUrl),
 * component state on the import page (useDetailState) — and how to change them.
 */
export interface DetailSelection extends DetailUrlState {
  setTab(tab: DetailTab): void;
  selectEvent(eventId: number | undefined, options?: { tab?: DetailTab }): void;
  selectGroup(kind: "node" | "row", id: string | undefined, firstEventId: number | undefined): void;
}

export interface HistoryTabPanelsProps {
  /** The run the events belong to (links to children and parent point into its domain). */
  run: ExecutionRef;
  events: HistoryEvent[];
  /** Events of the run in all (may exceed `events.length` while pages load). */
  total: number;
  complete: boolean;
  /** The timeline's clock while the run is live; undefined for a closed or imported run. */
  now?: number;
  selection: DetailSelection;
}

export function HistoryTabPanels({
  run,
  events,
  total,
  complete,
  now,
  selection,
}: HistoryTabPanelsProps) {
  const { tab, setTab, selectEvent, selectGroup } = selection;
  // Tabs mount on first visit and stay (hidden) afterwards, so that the history keeps its
  // scroll position and expanded rows.
  const [visited, setVisited] = useState<ReadonlySet<DetailTab>>(() => new Set([tab]));
  if (!visited.has(tab)) setVisited(new Set([...visited, tab]));

  const graph = useDecisionGraph(events, visited.has("graph") || !!selection.node);
  const selectedIds = useSelectedIds(events, graph, selection);
  const byId = useMemo(() => new Map(events.map((e) => [e.eventId ?? 0, e])), [events]);
  const typeOf = useCallback((id: number) => byId.get(id)?.eventType, [byId]);
  const eventOf = useCallback((id: number) => byId.get(id), [byId]);
  const showInHistory = useCallback(
    (id: number) => selectEvent(id, { tab: "history" }),
    [selectEvent],
  );
  const onSelectNode = useCallback(
    (node: GraphNode) => selectGroup("node", node.id, node.eventIds[0]),
    [selectGroup],
  );
  const onSelectRow = useCallback(
    (row: TimelineRow) => selectGroup("row", row.id, row.eventIds[0]),
    [selectGroup],
  );
  const onSelectEvent = useCallback((id: number | undefined) => selectEvent(id), [selectEvent]);

  return (
    <div className="flex flex-col gap-3">
      <DetailTabs tab={tab} onChange={setTab} badges={{ history: formatCount(total) }} />
      {TABS.map((t) =>
        visited.has(t) ? (
          <Activity key={t} mode={tab === t ? "visible" : "hidden"}>
            <div role="tabpanel" id={`panel-${t}`} aria-labelledby={`tab-${t}`}>
              {t === "history" ? (
                <HistoryTable
                  events={events}
                  domain={run.domain}
                  workflowId={run.workflowId}
                  selectedEvent={selection.event}
                  highlighted={selectedIds}
                  onSelectEvent={onSelectEvent}
                  loading={!complete}
                />
              ) : t === "timeline" ? (
                <TimelineView
                  events={events}
                  now={now}
                  selectedIds={selectedIds}
                  selectedRowId={selection.row}
                  onSelectRow={onSelectRow}
                />
              ) : t === "graph" ? (
                graph ? (
                  <GraphView
                    graph={graph}
                    selectedIds={selectedIds}
                    selectedNodeId={selection.node}
                    onSelectNode={onSelectNode}
                    onShowEvent={showInHistory}
                    typeOf={typeOf}
                    eventOf={eventOf}
                    domain={run.domain}
                  />
                ) : (
                  <p className="text-sm text-slate-600 dark:text-slate-400">No events yet.</p>
                )
              ) : (
                <HistoryJson
                  events={events}
                  workflowId={run.workflowId}
                  runId={run.runId}
                  complete={complete}
                  total={total}
                />
              )}
            </div>
          </Activity>
        ) : null,
      )}
    </div>
  );
}

/** The selected event plus the events of a selected graph node or timeline row. */
function useSelectedIds(
  events: HistoryEvent[],
  graph: DecisionGraph | undefined,
  { event, node, row }: DetailUrlState,
): ReadonlySet<number> {
  const rows = useMemo(() => (row ? timelineRows(events) : undefined), [events, row]);
  return useMemo(() => {
    const ids = new Set<number>();
    if (event) ids.add(event);
    if (node) graph?.nodes.find((n) => n.id === node)?.eventIds.forEach((id) => ids.add(id));
    if (row) rows?.find((r) => r.id === row)?.eventIds.forEach((id) => ids.add(id));
    return ids;
  }, [event, node, row, graph, rows]);
}
