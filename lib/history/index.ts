// Public API of lib/history: pure functions from an SWF execution history (HistoryEvent[]) to the
// views the console shows. No I/O, no React, no Node-only APIs: used by route handlers and in
// the browser alike. Start with `reviveEvents` when the events came over JSON.
export { reviveEvents } from "./revive";
export {
  attributesKey,
  eventAttributes,
  eventCategory,
  eventTimeMs,
  epochToMs,
  isCloseEvent,
  isFailureEvent,
  EVENT_CATEGORIES,
  type AnyEventAttributes,
  type AttributesKey,
  type AttributesOf,
  type EventCategory,
} from "./events";
export { durationSeconds } from "./duration";
export {
  buildHistoryModel,
  historyModel,
  isOpenState,
  itemStatus,
  itemsOfKind,
  openItems,
  type HistoryModel,
  type WorkItem,
  type WorkItemExecution,
  type WorkItemKind,
  type WorkItemState,
  type WorkItemTimeouts,
} from "./work-items";
export {
  abandonedStatus,
  closeStatusOfEvent,
  isFinalStatus,
  outcomeStatusOfEvent,
  statusOfCloseStatus,
  worstStatus,
  STATUS_STYLE,
  VISUAL_STATUSES,
  type ExecutionStatusValue,
  type StatusStyle,
  type VisualStatus,
} from "./status";
export {
  summarizeExecution,
  type ExecutionCounts,
  type ExecutionFailure,
  type ExecutionSummary,
  type ParentLink,
} from "./summary";
export {
  deadlinesOf,
  pendingWork,
  type DeadlineKind,
  type PendingDeadline,
  type PendingActivity,
  type PendingChild,
  type PendingDecisionTask,
  type PendingExternalRequest,
  type PendingLambda,
  type PendingTimer,
  type PendingWork,
} from "./pending";
export {
  timelineBounds,
  timelineRows,
  type TimelineBounds,
  type TimelineRow,
  type TimelineRowKind,
  type TimelineSegment,
  type TimelineSegmentKind,
} from "./timeline";
export { decisionGraph, DEFAULT_MAX_GRAPH_NODES, type DecisionGraphOptions } from "./graph";
export type {
  CollapseInfo,
  DecisionGraph,
  GraphEdge,
  GraphEdgeKind,
  GraphNode,
  GraphNodeKind,
} from "./graph-model";
export {
  layoutGraph,
  NODE_SIZE,
  type GraphLayout,
  type GraphLayoutOptions,
  type LayoutDirection,
  type NodeSize,
  type Point,
  type PositionedEdge,
  type PositionedNode,
} from "./graph-layout";
export {
  DEFAULT_WAITING_AFTER_MS,
  needsAttention,
  type AttentionFact,
  type AttentionKind,
  type AttentionOptions,
} from "./attention";
export { closeReason, type CloseReason, type FailedWork } from "./close-reason";
export {
  compareRuns,
  type AlignedItem,
  type ItemDifference,
  type ItemTiming,
  type RunComparison,
} from "./compare";
