// Positions for the decision graph, computed with dagre (layered layout, no DOM): the graph view
// hands the result to React Flow as is. Node sizes are fixed per kind so that layout needs no
// text measurement; the view must draw nodes at exactly these sizes.
import { graphlib, layout } from "@dagrejs/dagre";
import type { DecisionGraph, GraphEdge, GraphNode, GraphNodeKind } from "./graph-model";

export type LayoutDirection = "TB" | "LR";

export interface GraphLayoutOptions {
  /** TB = top to bottom (default), LR = left to right. */
  direction?: LayoutDirection;
  /** Gap between nodes of one rank, px (default 24). */
  nodeSep?: number;
  /** Gap between ranks, px (default 48). */
  rankSep?: number;
}

export interface NodeSize {
  width: number;
  height: number;
}

export const NODE_SIZE: Record<GraphNodeKind, NodeSize> = {
  start: { width: 140, height: 44 },
  end: { width: 160, height: 44 },
  decision: { width: 160, height: 44 },
  activity: { width: 200, height: 56 },
  lambda: { width: 200, height: 56 },
  timer: { width: 160, height: 56 },
  child: { width: 200, height: 56 },
  signalExternal: { width: 180, height: 56 },
  cancelExternal: { width: 180, height: 56 },
  marker: { width: 160, height: 44 },
  closeDecision: { width: 180, height: 56 },
  signal: { width: 160, height: 44 },
  cancelRequest: { width: 160, height: 44 },
  collapsed: { width: 240, height: 64 },
};

export interface Point {
  x: number;
  y: number;
}

export interface PositionedNode extends GraphNode {
  /** Top-left corner, px (React Flow's convention; dagre itself works with centres). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PositionedEdge extends GraphEdge {
  /** Suggested route, px, from source to target. */
  points: Point[];
}

export interface GraphLayout {
  nodes: PositionedNode[];
  edges: PositionedEdge[];
  /** Size of the whole drawing, px. */
  width: number;
  height: number;
  direction: LayoutDirection;
}

export function layoutGraph(
  graph: Pick<DecisionGraph, "nodes" | "edges">,
  options: GraphLayoutOptions = {},
): GraphLayout {
  const direction = options.direction ?? "TB";
  // multigraph: a decision may both issue and cancel the same activity.
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({
    rankdir: direction,
    nodesep: options.nodeSep ?? 24,
    ranksep: options.rankSep ?? 48,
    marginx: 16,
    marginy: 16,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...NODE_SIZE[node.kind] });
  for (const edge of graph.edges) {
    if (!g.hasNode(edge.source) || !g.hasNode(edge.target)) continue;
    // Loop edges (closing a collapsed repetition) must not pull the loop's end above its start.
    g.setEdge(edge.source, edge.target, { weight: edge.loop ? 0 : 1, minlen: 1 }, edge.id);
  }
  layout(g);

  const nodes: PositionedNode[] = graph.nodes.map((node) => {
    const laid = g.node(node.id) as { x: number; y: number; width: number; height: number };
    return {
      ...node,
      x: laid.x - laid.width / 2,
      y: laid.y - laid.height / 2,
      width: laid.width,
      height: laid.height,
    };
  });
  const edges: PositionedEdge[] = graph.edges
    .filter((edge) => g.hasNode(edge.source) && g.hasNode(edge.target))
    .map((edge) => {
      const laid = g.edge(edge.source, edge.target, edge.id) as { points?: Point[] } | undefined;
      return { ...edge, points: (laid?.points ?? []).map((p) => ({ x: p.x, y: p.y })) };
    });
  const label = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0, direction };
}
