"use client";
// The decision graph drawn with React Flow: positions from dagre (lib/history layoutGraph), nodes
// in their status colours, fit to view, minimap and zoom controls. Clicking (or Enter on) a node
// selects the events it stands for.
import "@xyflow/react/dist/style.css";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type NodeMouseHandler,
  type ReactFlowInstance,
} from "@xyflow/react";
import {
  useCallback,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
} from "react";
import {
  STATUS_STYLE,
  layoutGraph,
  type DecisionGraph,
  type GraphNode,
  type LayoutDirection,
} from "@/lib/history";
import { formatCount } from "@/components/ui/format";
import { RunLink } from "@/components/history/run-link";
import { STATUS_HEX } from "@/components/timeline/status-colors";
import { Segmented } from "@/components/ui/segmented";
import { KIND_TEXT, SwfNode, type SwfFlowNode } from "./graph-node";
import { useDarkMode } from "./use-dark-mode";
import { TextButton } from "@/components/ui/button";

const nodeTypes = { swf: SwfNode };

export interface GraphViewProps {
  graph: DecisionGraph;
  selectedIds: ReadonlySet<number>;
  selectedNodeId?: string;
  onSelectNode(node: GraphNode): void;
  /** Open an event in the History tab. */
  onShowEvent(eventId: number): void;
  /** Type of an event, for the details panel. */
  typeOf(eventId: number): string | undefined;
  /** Links to the runs a node names (child runs): `/domains/<domain>/executions/…`. */
  domain: string;
  eventOf(eventId: number): HistoryEvent | undefined;
}

export function GraphView({
  graph,
  selectedIds,
  selectedNodeId,
  onSelectNode,
  onShowEvent,
  typeOf,
  domain,
  eventOf,
}: GraphViewProps) {
  const [direction, setDirection] = useState<LayoutDirection>("TB");
  const layout = useMemo(() => layoutGraph(graph, { direction }), [graph, direction]);
  const dark = useDarkMode();

  const highlightedId = useMemo(() => {
    if (selectedNodeId && layout.nodes.some((n) => n.id === selectedNodeId)) return selectedNodeId;
    if (selectedIds.size === 0) return undefined;
    return layout.nodes.find((n) => n.eventIds.some((id) => selectedIds.has(id)))?.id;
  }, [layout, selectedIds, selectedNodeId]);

  const nodes = useMemo<SwfFlowNode[]>(
    () =>
      layout.nodes.map((n) => ({
        id: n.id,
        type: "swf",
        position: { x: n.x, y: n.y },
        width: n.width,
        height: n.height,
        data: { node: n, direction, highlighted: n.id === highlightedId },
        draggable: false,
        connectable: false,
        selectable: true,
        focusable: true,
        selected: n.id === highlightedId,
        ariaLabel: `${KIND_TEXT[n.kind]} ${n.label}${n.subtitle ? ` (${n.subtitle})` : ""}: ${STATUS_STYLE[n.status].label}, ${n.eventIds.length} event${n.eventIds.length === 1 ? "" : "s"}`,
        sourcePosition: direction === "LR" ? Position.Right : Position.Bottom,
        targetPosition: direction === "LR" ? Position.Left : Position.Top,
      })),
    [layout, direction, highlightedId],
  );

  const edges = useMemo<Edge[]>(() => {
    const labelled = layout.edges.length <= 120;
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    return layout.edges.map((e) => {
      const source = byId.get(e.source);
      const stroke =
        e.kind === "cancel"
          ? STATUS_HEX.canceled
          : e.kind === "outcome" && source
            ? STATUS_HEX[source.status]
            : "#94a3b8";
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: "smoothstep",
        focusable: false,
        label:
          labelled && e.kind === "outcome" && e.label
            ? e.count > 1
              ? `${e.label} ×${e.count}`
              : e.label
            : undefined,
        labelStyle: { fontSize: 10, fill: dark ? "#cbd5e1" : "#475569" },
        labelBgStyle: { fill: dark ? "#020617" : "#ffffff" },
        style: {
          stroke,
          strokeWidth: 1.5,
          // Joins (fan-in from decisions that only waited) are dotted: no event travels on them.
          strokeDasharray:
            e.kind === "join" ? "2 3" : e.kind === "cancel" || e.loop ? "5 4" : undefined,
        },
        markerEnd: { type: MarkerType.ArrowClosed, color: stroke, width: 14, height: 14 },
      };
    });
  }, [layout, dark]);

  const selectedNode = useMemo(
    () => layout.nodes.find((n) => n.id === highlightedId),
    [layout, highlightedId],
  );

  const onNodeClick: NodeMouseHandler<SwfFlowNode> = useCallback(
    (_, n) => onSelectNode(n.data.node),
    [onSelectNode],
  );
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key !== "Enter" && e.key !== " ") return;
      const el = (e.target as HTMLElement).closest<HTMLElement>(".react-flow__node");
      const node = el ? layout.nodes.find((n) => n.id === el.dataset.id) : undefined;
      if (node) {
        e.preventDefault();
        onSelectNode(node);
      }
    },
    [layout, onSelectNode],
  );

  // Fit the whole graph when it stays readable; otherwise start at the Start node at a readable
  // zoom (a 300-node graph fitted into the canvas is a grey smudge).
  const canvasRef = useRef<HTMLDivElement>(null);
  const onInit = useCallback(
    (instance: ReactFlowInstance<SwfFlowNode, Edge>) => {
      const el = canvasRef.current;
      if (!el || layout.width === 0 || layout.height === 0) return;
      const w = el.clientWidth;
      const h = el.clientHeight;
      const fit = Math.min(w / layout.width, h / layout.height);
      if (fit >= 0.8) {
        void instance.fitView({ padding: 0.12, maxZoom: 1.1 });
        return;
      }
      // Too big to read when fitted: fit the cross axis (between 0.6 and 1) and start at the
      // beginning of the run; centred on the Start node when even that is too wide.
      const across = direction === "LR" ? h / layout.height : w / layout.width;
      const zoom = Math.max(0.6, Math.min(1, across * 0.95));
      const start = layout.nodes.find((n) => n.kind === "start") ?? layout.nodes[0];
      if (!start) return;
      let x: number;
      let y: number;
      if (direction === "LR") {
        x = 16 - start.x * zoom;
        y =
          layout.height * zoom <= h
            ? (h - layout.height * zoom) / 2
            : h / 2 - (start.y + start.height / 2) * zoom;
      } else {
        y = 16 - start.y * zoom;
        x =
          layout.width * zoom <= w
            ? (w - layout.width * zoom) / 2
            : w / 2 - (start.x + start.width / 2) * zoom;
      }
      void instance.setViewport({ x, y, zoom });
    },
    [layout, direction],
  );

  const c = graph.collapse;
  return (
    <div className="flex flex-col gap-2" data-testid="graph">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
        <span>
          {formatCount(graph.nodes.length)} nodes · {formatCount(graph.edges.length)} edges
        </span>
        {c.level > 0 ? (
          <span
            className="rounded bg-amber-50 px-2 py-0.5 text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
            data-testid="graph-collapsed"
          >
            Simplified from {formatCount(c.originalNodeCount)} nodes:{" "}
            {c.level === 3
              ? `repeated steps merged, ${formatCount(c.hiddenDecisions)} decisions in the middle folded`
              : "repeated steps merged (×N)"}
          </span>
        ) : null}
        <div className="ml-auto">
          <Segmented
            label="Layout direction"
            options={[
              { value: "TB", label: "Top → bottom" },
              { value: "LR", label: "Left → right" },
            ]}
            value={direction}
            onChange={setDirection}
          />
        </div>
      </div>
      <div className="flex flex-col gap-3 lg:flex-row">
        <div
          className="h-[calc(100vh-19rem)] min-h-[28rem] min-w-0 overflow-hidden lg:flex-1 rounded-lg border border-slate-200 dark:border-slate-800"
          onKeyDown={onKeyDown}
          ref={canvasRef}
          data-testid="graph-canvas"
        >
          <ReactFlow
            key={direction}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodeClick={onNodeClick}
            colorMode={dark ? "dark" : "light"}
            onInit={onInit}
            // The page's own background in both themes (React Flow's dark theme is a grey).
            style={{ "--xy-background-color": "transparent" } as CSSProperties}
            minZoom={0.05}
            maxZoom={2}
            nodesDraggable={false}
            nodesConnectable={false}
            edgesFocusable={false}
            elementsSelectable
            onlyRenderVisibleElements={nodes.length > 150}
            ariaLabelConfig={{
              "node.a11yDescription.default": "Press Enter to select this node and its events.",
            }}
          >
            <Background gap={24} size={1} />
            <Controls showInteractive={false} />
            {/* On a phone the overview would cover a third of the graph it overviews. */}
            <MiniMap
              className="max-sm:hidden"
              pannable
              zoomable
              nodeColor={(n) => STATUS_HEX[(n as SwfFlowNode).data.node.status]}
              ariaLabel="Graph overview"
            />
          </ReactFlow>
        </div>
        <aside
          className="w-full shrink-0 rounded-lg border border-slate-200 p-3 text-sm lg:w-72 dark:border-slate-800"
          aria-label="Selected node"
          data-testid="graph-selection"
        >
          {selectedNode ? (
            <NodeDetails
              node={selectedNode}
              onShowEvent={onShowEvent}
              typeOf={typeOf}
              childRuns={childRuns(selectedNode, eventOf)}
              domain={domain}
            />
          ) : (
            <p className="text-slate-600 dark:text-slate-400">
              Select a node to see the events it stands for.
            </p>
          )}
        </aside>
      </div>
    </div>
  );
}

/** Child runs a node stands for (from its ChildWorkflowExecutionStarted events), at most 20. */
function childRuns(node: GraphNode, eventOf: (id: number) => HistoryEvent | undefined) {
  if (node.kind !== "child") return [];
  const runs: { workflowId: string; runId: string }[] = [];
  for (const id of node.eventIds) {
    const e = eventOf(id)?.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (e?.workflowId && e.runId) runs.push({ workflowId: e.workflowId, runId: e.runId });
    if (runs.length >= 20) break;
  }
  return runs;
}

function NodeDetails({
  node,
  onShowEvent,
  typeOf,
  childRuns,
  domain,
}: {
  node: GraphNode;
  onShowEvent(id: number): void;
  typeOf(id: number): string | undefined;
  childRuns: { workflowId: string; runId: string }[];
  domain: string;
}) {
  const shown = node.eventIds.slice(0, 40);
  return (
    <div className="space-y-2">
      <div>
        <p className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
          {KIND_TEXT[node.kind]}
        </p>
        <h3 className="break-words font-semibold">{node.label}</h3>
        {node.subtitle ? (
          <p className="break-words text-xs text-slate-600 dark:text-slate-300">{node.subtitle}</p>
        ) : null}
      </div>
      <p>
        <span
          className={`rounded-full border px-2 py-0.5 text-xs ${STATUS_STYLE[node.status].bg} ${STATUS_STYLE[node.status].text} ${STATUS_STYLE[node.status].border}`}
        >
          {STATUS_STYLE[node.status].label}
        </span>
        {node.count > 1 ? (
          <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">
            {formatCount(node.count)} merged
          </span>
        ) : null}
      </p>
      {childRuns.length > 0 ? (
        <ul className="space-y-0.5 text-xs" aria-label="Child runs">
          {childRuns.map((c) => (
            <li key={c.runId}>
              <RunLink
                className="break-all text-sky-700 hover:underline dark:text-sky-400"
                domain={domain}
                workflowId={c.workflowId}
                runId={c.runId}
              >
                Open child run {c.workflowId} →
              </RunLink>
            </li>
          ))}
        </ul>
      ) : null}
      <div>
        <div className="mb-1 flex items-baseline justify-between">
          <h4 className="text-xs font-semibold">
            {formatCount(node.eventIds.length)} event{node.eventIds.length === 1 ? "" : "s"}
          </h4>
          <TextButton className="text-xs" onClick={() => onShowEvent(node.eventIds[0])}>
            Show in history →
          </TextButton>
        </div>
        <ul
          className="max-h-80 space-y-0.5 overflow-auto text-xs"
          data-testid="graph-selection-events"
        >
          {shown.map((id) => (
            <li key={id}>
              <button
                type="button"
                className="flex w-full gap-2 rounded px-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
                onClick={() => onShowEvent(id)}
              >
                <span className="w-12 shrink-0 font-mono text-sky-700 dark:text-sky-400">
                  #{id}
                </span>
                <span className="truncate">{typeOf(id) ?? ""}</span>
              </button>
            </li>
          ))}
        </ul>
        {node.eventIds.length > shown.length ? (
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            and {formatCount(node.eventIds.length - shown.length)} more
          </p>
        ) : null}
      </div>
    </div>
  );
}
