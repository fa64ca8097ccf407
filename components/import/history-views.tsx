"use client";
// History, Timeline, Graph and JSON of an event list that is already complete (an imported
// file): the same views as the execution page, with the selection kept in component state
// instead of the URL.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { useCallback, useMemo, useState } from "react";
import type { GraphNode } from "@/lib/history/graph-model";
import type { TimelineRow } from "@/lib/history/timeline";
import { useDecisionGraph } from "@/components/graph/use-decision-graph";
import { HistoryTabPanels } from "@/components/execution/history-tab-panels";
import type { DetailTab } from "@/components/execution/detail-url";

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
    <HistoryTabPanels
      tab={tab}
      onTabChange={setTab}
      visited={visited}
      historyBadge={events.length.toLocaleString("en-US")}
      events={events}
      total={events.length}
      complete
      domain={domain}
      workflowId={workflowId}
      runId={runId}
      graph={graph}
      selectedEvent={selectedEvent}
      selectedIds={highlighted}
      selectedRowId={selection?.kind === "row" ? selection.id : undefined}
      selectedNodeId={selection?.kind === "node" ? selection.id : undefined}
      onSelectEvent={setSelectedEvent}
      onSelectRow={onSelectRow}
      onSelectNode={onSelectNode}
      onShowEvent={showInHistory}
      typeOf={typeOf}
      eventOf={eventOf}
    />
  );
}
