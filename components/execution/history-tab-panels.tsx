"use client";
// The tab bar and the four views of one event list — History, Timeline, Graph, JSON — shared by
// the execution page (selection in the URL) and the import page (selection in state). A view
// mounts the first time its tab is visited and then stays mounted, hidden, to keep its state.
import dynamic from "next/dynamic";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { Activity } from "react";
import type { DecisionGraph, GraphNode } from "@/lib/history/graph-model";
import type { TimelineRow } from "@/lib/history/timeline";
import { HistoryTable } from "@/components/history/history-table";
import { DetailTabs } from "./detail-tabs";
import type { DetailTab } from "./detail-url";

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

export interface HistoryTabPanelsProps {
  tab: DetailTab;
  onTabChange: (tab: DetailTab) => void;
  /** Tabs opened so far: only these are mounted. */
  visited: ReadonlySet<DetailTab>;
  /** The History tab's badge (the number of events). */
  historyBadge: string;
  events: HistoryEvent[];
  /** Events of the run in all (may exceed `events.length` while pages load). */
  total: number;
  complete: boolean;
  domain: string;
  workflowId: string;
  runId: string;
  graph: DecisionGraph | undefined;
  /** The timeline's clock while the run is live; undefined for a closed or imported run. */
  now?: number;
  selectedEvent: number | undefined;
  /** Events highlighted in every view (the selected event and the selected node's or row's). */
  selectedIds: ReadonlySet<number>;
  selectedRowId: string | undefined;
  selectedNodeId: string | undefined;
  onSelectEvent: (id: number | undefined) => void;
  onSelectRow: (row: TimelineRow) => void;
  onSelectNode: (node: GraphNode) => void;
  onShowEvent: (id: number) => void;
  typeOf: (id: number) => string | undefined;
  eventOf: (id: number) => HistoryEvent | undefined;
}

export function HistoryTabPanels(props: HistoryTabPanelsProps) {
  const { tab, visited, events, domain, workflowId, runId, graph, selectedIds } = props;
  return (
    <div className="flex flex-col gap-3">
      <DetailTabs tab={tab} onChange={props.onTabChange} badges={{ history: props.historyBadge }} />
      {TABS.map((t) =>
        visited.has(t) ? (
          <Activity key={t} mode={tab === t ? "visible" : "hidden"}>
            <div role="tabpanel" id={`panel-${t}`} aria-labelledby={`tab-${t}`}>
              {t === "history" ? (
                <HistoryTable
                  events={events}
                  domain={domain}
                  workflowId={workflowId}
                  selectedEvent={props.selectedEvent}
                  highlighted={selectedIds}
                  onSelectEvent={props.onSelectEvent}
                  loading={!props.complete}
                />
              ) : t === "timeline" ? (
                <TimelineView
                  events={events}
                  now={props.now}
                  selectedIds={selectedIds}
                  selectedRowId={props.selectedRowId}
                  onSelectRow={props.onSelectRow}
                />
              ) : t === "graph" ? (
                graph ? (
                  <GraphView
                    graph={graph}
                    selectedIds={selectedIds}
                    selectedNodeId={props.selectedNodeId}
                    onSelectNode={props.onSelectNode}
                    onShowEvent={props.onShowEvent}
                    typeOf={props.typeOf}
                    eventOf={props.eventOf}
                    domain={domain}
                  />
                ) : (
                  <p className="text-sm text-slate-600 dark:text-slate-400">No events yet.</p>
                )
              ) : (
                <HistoryJson
                  events={events}
                  workflowId={workflowId}
                  runId={runId}
                  complete={props.complete}
                  total={props.total}
                />
              )}
            </div>
          </Activity>
        ) : null,
      )}
    </div>
  );
}
