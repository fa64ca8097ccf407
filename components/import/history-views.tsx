"use client";
// History, Timeline, Graph and JSON of an event list that is already complete (an imported
// file): the same views as the execution page, with the selection kept in component state
// instead of the URL.
import dynamic from "next/dynamic";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { Activity, useCallback, useMemo, useState } from "react";
import type { GraphNode } from "@/lib/history/graph-model";
import type { TimelineRow } from "@/lib/history/timeline";
import { HistoryTable } from "@/components/history/history-table";
import { useDecisionGraph } from "@/components/graph/use-decision-graph";
import { DetailTabs } from "@/components/execution/detail-tabs";
import type { DetailTab } from "@/components/execution/detail-url";

const TabLoading = () => (
  <p className="p-4 text-sm text-slate-600 dark:text-slate-400">Loading view…</p>
);
const TimelineView = dynamic(
  () => import("@/components/timeline/timeline-view").then((m) => m.TimelineView),
  { ssr: false, loading: TabLoading },
);
const GraphView = dynamic(() => import("@/components/graph/graph-view").then((m) => m.GraphView), {
  ssr: false,
  loading: TabLoading,
});
const HistoryJson = dynamic(
  () => import("@/components/history/history-json").then((m) => m.HistoryJson),
  { ssr: false, loading: TabLoading },
);

type Selection = { kind: "node" | "row"; id: string; eventIds: number[] } | undefined;

export function HistoryViews({
  events,
  domain,
  workflowId,
  runId,
}: {
  events: HistoryEvent[];
  /** Domain the run's links (children, parent) point into. */
  domain: string;
  workflowId: string;
  runId: string;
}) {
  const [tab, setTab] = useState<DetailTab>("history");
  const [visited, setVisited] = useState<ReadonlySet<DetailTab>>(() => new Set(["history"]));
  if (!visited.has(tab)) setVisited(new Set([...visited, tab]));
  const [selectedEvent, setSelectedEvent] = useState<number | undefined>();
  const [selection, setSelection] = useState<Selection>();

  const graph = useDecisionGraph(events, visited.has("graph"));
  const byId = useMemo(() => new Map(events.map((e) => [e.eventId ?? 0, e])), [events]);
  const highlighted = useMemo(() => {
    const ids = new Set<number>(selection?.eventIds);
    if (selectedEvent) ids.add(selectedEvent);
    return ids;
  }, [selection, selectedEvent]);

  const showInHistory = useCallback((id: number) => {
    setSelectedEvent(id);
    setTab("history");
  }, []);
  const onSelectNode = useCallback((node: GraphNode) => {
    setSelection({ kind: "node", id: node.id, eventIds: node.eventIds });
    setSelectedEvent(node.eventIds[0]);
  }, []);
  const onSelectRow = useCallback((row: TimelineRow) => {
    setSelection({ kind: "row", id: row.id, eventIds: row.eventIds });
    setSelectedEvent(row.eventIds[0]);
  }, []);
  const typeOf = useCallback((id: number) => byId.get(id)?.eventType, [byId]);
  const eventOf = useCallback((id: number) => byId.get(id), [byId]);

  return (
    <div className="flex flex-col gap-3">
      <DetailTabs
        tab={tab}
        onChange={setTab}
        badges={{ history: events.length.toLocaleString("en-US") }}
      />
      {(["history", "timeline", "graph", "json"] as const).map((t) =>
        visited.has(t) ? (
          <Activity key={t} mode={tab === t ? "visible" : "hidden"}>
            <div role="tabpanel" id={`panel-${t}`} aria-labelledby={`tab-${t}`}>
              {t === "history" ? (
                <HistoryTable
                  events={events}
                  domain={domain}
                  workflowId={workflowId}
                  selectedEvent={selectedEvent}
                  highlighted={highlighted}
                  onSelectEvent={setSelectedEvent}
                  loading={false}
                />
              ) : t === "timeline" ? (
                <TimelineView
                  events={events}
                  selectedIds={highlighted}
                  selectedRowId={selection?.kind === "row" ? selection.id : undefined}
                  onSelectRow={onSelectRow}
                />
              ) : t === "graph" ? (
                graph ? (
                  <GraphView
                    graph={graph}
                    selectedIds={highlighted}
                    selectedNodeId={selection?.kind === "node" ? selection.id : undefined}
                    onSelectNode={onSelectNode}
                    onShowEvent={showInHistory}
                    typeOf={typeOf}
                    eventOf={eventOf}
                    domain={domain}
                  />
                ) : null
              ) : (
                <HistoryJson
                  events={events}
                  workflowId={workflowId}
                  runId={runId}
                  complete
                  total={events.length}
                />
              )}
            </div>
          </Activity>
        ) : null,
      )}
    </div>
  );
}
