// Types of the decision graph, shared by the builder (graph.ts), the collapsing rules
// (graph-collapse.ts) and the layout (graph-layout.ts).
import type { VisualStatus } from "./status";
import type { WorkItemKind } from "./work-items";

/** The work items the graph draws, by their kind (lib/history/work-items), plus the graph's own. */
export type GraphNodeKind =
  | Exclude<WorkItemKind, "run" | "refusal" | "orphan">
  /** WorkflowExecutionStarted. */
  | "start"
  /** A Complete/Fail/Cancel/ContinueAsNew decision SWF refused (…WorkflowExecutionFailed events). */
  | "closeDecision"
  /** The close event. Absent while the run is open. */
  | "end"
  /** Stand-in for the middle of a history too large to show (collapse level 3). */
  | "collapsed";

export interface GraphNode {
  /** Stable id: `<kind>-<id of the first event>`, "start", "end" or "collapsed". */
  id: string;
  kind: GraphNodeKind;
  /** Main text, never an id (ids differ per loop iteration; names make repetitions recognisable). Ends in `×N` when count > 1. */
  label: string;
  /** Secondary text: activityId, timerId, child workflowId, failure cause, … (of the first merged node). */
  subtitle?: string;
  /** For merged nodes: the most severe status among them (see `worstStatus`). */
  status: VisualStatus;
  /** Every history event this node stands for, ascending. Across a graph each event id appears once. */
  eventIds: number[];
  /** Number of original nodes merged into this one (1 when nothing was collapsed). */
  count: number;
  /** For merged nodes (count > 1): how many ended in each status. */
  statusCounts?: Partial<Record<VisualStatus, number>>;
}

export type GraphEdgeKind =
  /** decision → command it issued (or → end for a close decision). */
  | "issued"
  /** command outcome / signal / start / timed-out task → the decision task that processed it. */
  | "outcome"
  /** decision → activity or timer it asked to cancel. */
  | "cancel"
  /** last decision → end for closes that no decision made (terminated, timed out). */
  | "close"
  /** fan-in: a decision that issued nothing (it waited for more results) → the next decision that acted. */
  | "join";

export interface GraphEdge {
  /** `<source>-><target>:<kind>`. */
  id: string;
  source: string;
  target: string;
  kind: GraphEdgeKind;
  /** Outcome edges: what happened ("completed", "fired", "started", "signal", …). */
  label?: string;
  /** Number of original edges merged into this one. */
  count: number;
  /** Goes back to an earlier node: the edge that closes a collapsed loop. */
  loop?: boolean;
}

export interface CollapseInfo {
  /**
   * 0 = nothing collapsed; 1 = repeated steps merged by exact signature; 2 = by node kinds only;
   * 3 = the middle of the history replaced by one "collapsed" node.
   */
  level: 0 | 1 | 2 | 3;
  /** Node count before collapsing. */
  originalNodeCount: number;
  /** Decision tasks inside the "collapsed" node (level 3), else 0. */
  hiddenDecisions: number;
}

export interface DecisionGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  collapse: CollapseInfo;
}
