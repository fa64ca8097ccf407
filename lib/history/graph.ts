// The decision graph: what each decision task did and what each command led to.
//
//   start ─outcome→ decision ─issued→ command ─outcome→ next decision ─issued→ … → end
//
// Built from the work items of the history model. A command is one node whose status is its
// item's state. An outcome edge goes to the decision task that processed the event: the first
// DecisionTaskCompleted whose startedEventId is after it. Signals, cancel requests and timed-out
// decision tasks are input nodes with an outcome edge into the decision that saw them. Fan-in: a
// decision that issued nothing (it waited for more results) joins the next decision that acts, so
// the branches of a fan-out meet where the workflow moved on. Large results are collapsed by
// graph-collapse.ts.
import type { CloseStatus, HistoryEvent } from "@aws-sdk/client-swf";
import { durationSeconds } from "./duration";
import { collapseGraph, type BaseGraph, type RawEdge, type Step } from "./graph-collapse";
import type { DecisionGraph, GraphNode, GraphNodeKind } from "./graph-model";
import { statusOfCloseStatus, type VisualStatus } from "./status";
import { historyModel, itemStatus, type HistoryModel, type WorkItem } from "./work-items";

export interface DecisionGraphOptions {
  /** Upper bound on the number of nodes returned (default 300, minimum 10). */
  maxNodes?: number;
}

export const DEFAULT_MAX_GRAPH_NODES = 300;

const CLOSE_LABEL: Record<CloseStatus, string> = {
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELED: "Canceled",
  CONTINUED_AS_NEW: "Continued as new",
  TERMINATED: "Terminated",
  TIMED_OUT: "Timed out",
};

const CLOSE_DECISION_LABEL: Record<string, string> = {
  CompleteWorkflowExecutionFailed: "Complete workflow",
  FailWorkflowExecutionFailed: "Fail workflow",
  CancelWorkflowExecutionFailed: "Cancel workflow",
  ContinueAsNewWorkflowExecutionFailed: "Continue as new",
};

/** An event that makes SWF schedule a decision task, and the node it comes from. */
interface Trigger {
  nodeId: string;
  eventId: number;
  label: string;
  /** Signals, cancel requests and timed-out decision tasks join the step of the decision that processes them. */
  input: boolean;
}

const typeName = (type: WorkItem["type"], fallback: string): string => type?.name || fallback;

/** Kind, label and subtitle of the node for a command or input item; undefined for items with no node. */
function nodeShape(
  item: WorkItem,
): { kind: GraphNodeKind; label: string; subtitle?: string } | undefined {
  const refusedOr = (subtitle: string | undefined) => (item.refused ? item.cause : subtitle);
  switch (item.kind) {
    case "activity":
      return {
        kind: "activity",
        label: typeName(item.type, "Activity"),
        subtitle: refusedOr(item.id),
      };
    case "lambda":
      return { kind: "lambda", label: typeName(item.type, "Lambda"), subtitle: refusedOr(item.id) };
    case "timer": {
      if (item.refused) return { kind: "timer", label: "Start timer", subtitle: item.cause };
      const seconds = durationSeconds(item.startToFireTimeout);
      return {
        kind: "timer",
        label: seconds === undefined ? "Timer" : `Timer ${seconds}s`,
        subtitle: item.id,
      };
    }
    case "child":
      return {
        kind: "child",
        label: typeName(item.type, "Child workflow"),
        subtitle: refusedOr(item.id),
      };
    case "signalExternal":
      return {
        kind: "signalExternal",
        label: `Signal ${item.signalName ?? ""}`,
        subtitle: item.id,
      };
    case "cancelExternal":
      return { kind: "cancelExternal", label: "Request cancel", subtitle: item.id };
    case "marker":
      return {
        kind: "marker",
        label: item.id || "Marker",
        subtitle: item.refused ? item.cause : undefined,
      };
    case "signal":
      return { kind: "signal", label: `Signal ${item.id}`, subtitle: item.execution?.workflowId };
    case "cancelRequest":
      return { kind: "cancelRequest", label: "Cancel requested", subtitle: item.cause };
    case "refusal": {
      const type = item.events[0]?.eventType ?? "";
      if (type === "RequestCancelActivityTaskFailed")
        return { kind: "activity", label: "Cancel activity", subtitle: item.cause };
      if (type === "CancelTimerFailed")
        return { kind: "timer", label: "Cancel timer", subtitle: item.cause };
      return {
        kind: "closeDecision",
        label: CLOSE_DECISION_LABEL[type] ?? type,
        subtitle: item.cause,
      };
    }
    default:
      return undefined;
  }
}

/** The events of an item that trigger a decision task, with the edge label they get. */
function triggersOf(item: WorkItem, nodeId: string): Trigger[] {
  const at = (eventId: number | undefined, label: string, input = false): Trigger[] =>
    eventId === undefined ? [] : [{ nodeId, eventId, label, input }];
  if (item.refused) return at(item.firstEventId, "failed");
  switch (item.kind) {
    case "signal":
      return at(item.firstEventId, "signal", true);
    case "cancelRequest":
      return at(item.firstEventId, "cancel requested", true);
    case "refusal":
      return at(item.firstEventId, "failed");
    case "decision":
      return item.state === "timedOut" ? at(item.closedEventId, "timed out", true) : [];
    case "timer":
      return item.state === "completed" ? at(item.closedEventId, "fired") : [];
    case "child":
      // Starting a child triggers a decision in the parent, and so does its close.
      return [
        ...at(item.startedEventId, "started"),
        ...(item.open ? [] : at(item.closedEventId, outcomeLabel(item.state))),
      ];
    case "signalExternal":
    case "cancelExternal":
      return item.open
        ? []
        : at(item.closedEventId, item.state === "failed" ? "failed" : "delivered");
    case "activity":
    case "lambda":
      return item.open ? [] : at(item.closedEventId, outcomeLabel(item.state));
    default:
      return [];
  }
}

/** Builds the graph, then collapses it to at most `maxNodes` nodes (rules in graph-collapse.ts). */
export function decisionGraph(
  source: readonly HistoryEvent[] | HistoryModel,
  options: DecisionGraphOptions = {},
): DecisionGraph {
  const maxNodes = Math.max(10, Math.floor(options.maxNodes ?? DEFAULT_MAX_GRAPH_NODES));
  return collapseGraph(buildDecisionGraph(source), maxNodes);
}

/** The uncollapsed graph, as steps (one per completed decision task). Exported for tests and tools. */
export function buildDecisionGraph(source: readonly HistoryEvent[] | HistoryModel): BaseGraph {
  const model = historyModel(source);
  const { closeStatus, run } = model;
  const nodes = new Map<string, GraphNode>();
  /** Edges with the id of the event that creates them, sorted by it at the end. */
  const keyed: { key: number; edge: RawEdge }[] = [];
  const edge = (
    key: number,
    source: string,
    target: string,
    kind: RawEdge["kind"],
    label?: string,
  ) => keyed.push({ key, edge: { source, target, kind, label } });
  const prefix: string[] = [];
  const suffix: string[] = [];
  const loose: string[] = [];
  const steps: Step[] = [];
  const stepByCompletedId = new Map<number, Step>();
  const triggers: Trigger[] = [];
  /** Decision tasks still open: the one the decider holds or waits for; at close, abandoned. */
  const pending: { node: GraphNode; startedEventId?: number }[] = [];
  /** Completed decisions with the id of the event that started them, in completion order. */
  const completed: { step: Step; startedEventId: number; completedId: number }[] = [];
  const commands: { item: WorkItem; node: GraphNode }[] = [];

  const addNode = (
    id: string,
    kind: GraphNodeKind,
    label: string,
    status: VisualStatus,
    eventIds: number[],
    subtitle?: string,
  ) => {
    const node: GraphNode = { id, kind, label, subtitle, status, eventIds, count: 1 };
    nodes.set(id, node);
    return node;
  };
  const idsOf = (item: WorkItem) => item.events.map((e) => e.eventId ?? 0);

  for (const item of model.items) {
    if (item.kind === "run") {
      if (item.events[0]?.eventType === "WorkflowExecutionStarted") {
        addNode("start", "start", "Start", "completed", [item.firstEventId], item.type?.name);
        prefix.push("start");
        triggers.push({
          nodeId: "start",
          eventId: item.firstEventId,
          label: "started",
          input: false,
        });
      }
      continue;
    }
    if (item.kind === "decision") {
      const status = itemStatus(item, closeStatus);
      const node = addNode(
        `decision-${item.firstEventId}`,
        "decision",
        "Decision",
        status,
        idsOf(item),
      );
      if (item.state === "completed" && item.closedEventId !== undefined) {
        const step: Step = { nodeIds: [node.id] };
        steps.push(step);
        stepByCompletedId.set(item.closedEventId, step);
        const startedId =
          (item.events.at(-1)?.decisionTaskCompletedEventAttributes?.startedEventId ??
            item.startedEventId) ||
          item.closedEventId;
        completed.push({ step, startedEventId: startedId, completedId: item.closedEventId });
      } else if (item.state === "timedOut") {
        node.subtitle = item.timeoutType;
      } else {
        node.subtitle =
          item.startedEventId === undefined ? "waiting for a decider" : "decider working";
        pending.push({ node, startedEventId: item.startedEventId });
      }
      triggers.push(...triggersOf(item, node.id));
      continue;
    }
    const shape = nodeShape(item);
    if (!shape) continue;
    const node = addNode(
      `${shape.kind}-${item.firstEventId}`,
      shape.kind,
      shape.label,
      itemStatus(item, closeStatus),
      idsOf(item),
      shape.subtitle,
    );
    triggers.push(...triggersOf(item, node.id));
    if (item.kind !== "signal" && item.kind !== "cancelRequest") commands.push({ item, node });
  }

  // Each completed decision processed the triggers recorded before it started (events recorded
  // while the decider worked belong to the next task). Triggers are in event order already
  // except that items list them by their first event: sort once.
  triggers.sort((a, b) => a.eventId - b.eventId);
  let head = 0;
  for (const { step, startedEventId, completedId } of completed) {
    while (head < triggers.length && triggers[head].eventId < startedEventId) {
      const t = triggers[head++];
      edge(completedId, t.nodeId, step.nodeIds[0], "outcome", t.label);
      if (t.input) step.nodeIds.push(t.nodeId);
    }
  }

  for (const { item, node } of commands) {
    const step =
      item.decisionEventId === undefined ? undefined : stepByCompletedId.get(item.decisionEventId);
    if (step) {
      step.nodeIds.push(node.id);
      edge(item.firstEventId, step.nodeIds[0], node.id, "issued");
    } else {
      loose.push(node.id);
    }
    const cancelStep = stepByCompletedId.get(item.cancelDecisionEventId ?? -1);
    if (cancelStep) {
      const cancelEvent = item.events.find(
        (e) => e.eventType === "ActivityTaskCancelRequested" || e.eventType === "TimerCanceled",
      );
      edge(cancelEvent?.eventId ?? item.firstEventId, cancelStep.nodeIds[0], node.id, "cancel");
    }
  }

  for (const task of pending) suffix.push(task.node.id);
  // Outcomes no completed decision processed go to the open task that will see them.
  for (const t of triggers.slice(head)) {
    const target = closeStatus
      ? undefined
      : (pending.find((p) => p.startedEventId !== undefined && t.eventId < p.startedEventId) ??
        pending.at(-1));
    if (target) edge(Number.MAX_SAFE_INTEGER, t.nodeId, target.node.id, "outcome", t.label);
    if (t.input) suffix.push(t.nodeId);
  }
  suffix.push(...loose);

  if (closeStatus && run?.closedEventId !== undefined) {
    const end = addNode(
      "end",
      "end",
      CLOSE_LABEL[closeStatus],
      statusOfCloseStatus(closeStatus),
      [run.closedEventId],
      run.reason ?? run.timeoutType,
    );
    const step = stepByCompletedId.get(run.decisionEventId ?? -1);
    if (step) edge(run.closedEventId, step.nodeIds[0], end.id, "issued");
    else {
      // Terminated or timed out: no decision made it; draw it after the last decision work.
      const from = pending.at(-1)?.node.id ?? completed.at(-1)?.step.nodeIds[0] ?? prefix[0];
      if (from) edge(Number.MAX_SAFE_INTEGER, from, end.id, "close");
    }
    suffix.push(end.id);
  }

  keyed.sort((a, b) => a.key - b.key);
  const edges = keyed.map((k) => k.edge);
  edges.push(...joinEdges(completed, edges));
  return { nodes, edges, prefix, steps, suffix };
}

/**
 * Fan-in: a completed decision that issued nothing only waited for more results. Its branch
 * joins the next decision that did act (issued a command, cancelled or closed the run), so the
 * branches of a fan-out meet there.
 */
function joinEdges(completed: readonly { step: Step }[], edges: readonly RawEdge[]): RawEdge[] {
  const acting = new Set<string>();
  for (const e of edges) if (e.kind === "issued" || e.kind === "cancel") acting.add(e.source);
  const joins: RawEdge[] = [];
  let waiting: string[] = [];
  for (const { step } of completed) {
    const decisionId = step.nodeIds[0];
    if (!acting.has(decisionId)) {
      waiting.push(decisionId);
      continue;
    }
    for (const source of waiting) joins.push({ source, target: decisionId, kind: "join" });
    waiting = [];
  }
  return joins;
}

function outcomeLabel(status: WorkItem["state"]): string {
  switch (status) {
    case "timedOut":
      return "timed out";
    case "continuedAsNew":
      return "continued as new";
    default:
      return status;
  }
}
