// The decision graph: what each decision task did and what each command led to.
//
//   start ─outcome→ decision ─issued→ command ─outcome→ next decision ─issued→ … → end
//
// A command's later events (started, completed, fired, …) fold into its node's status and
// eventIds. An outcome edge goes to the decision task that processed the event: the first
// DecisionTaskCompleted whose startedEventId is after it. Signals, cancel requests and
// timed-out decision tasks are input nodes with an outcome edge into the decision that saw them.
// One pass with maps keyed by event id; large results are collapsed by graph-collapse.ts.
import {
  attributesAs,
  type ActivityOutcome,
  type ChildOutcome,
  type ExternalOutcome,
  type LambdaOutcome,
} from "./events";
import type { CloseStatus, HistoryEvent } from "@aws-sdk/client-swf";
import { durationSeconds } from "./duration";
import { collapseGraph, type BaseGraph, type RawEdge, type Step } from "./graph-collapse";
import type { DecisionGraph, GraphEdgeKind, GraphNode, GraphNodeKind } from "./graph-model";
import {
  abandonedStatus,
  closeStatusOfEvent,
  outcomeStatusOfEvent,
  statusOfCloseStatus,
  type VisualStatus,
} from "./status";

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

interface QueuedOutcome {
  nodeId: string;
  eventId: number;
  label: string;
  /** Signals, cancel requests and timed-out decision tasks join the step of the decision that processes them. */
  input: boolean;
}

class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges: RawEdge[] = [];
  readonly steps: Step[] = [];
  /** Nodes outside any step: unprocessed inputs, commands whose decision is not in this history. */
  readonly loose: string[] = [];
  readonly stepByCompletedId = new Map<number, Step>();
  private readonly queue: QueuedOutcome[] = [];
  private queueHead = 0;

  node(
    kind: GraphNodeKind,
    eventId: number,
    label: string,
    status: VisualStatus,
    subtitle?: string,
  ): GraphNode {
    const node: GraphNode = {
      id: `${kind}-${eventId}`,
      kind,
      label,
      subtitle,
      status,
      eventIds: [eventId],
      count: 1,
    };
    this.nodes.set(node.id, node);
    return node;
  }

  edge(source: string, target: string, kind: GraphEdgeKind, label?: string): void {
    this.edges.push({ source, target, kind, label });
  }

  /** A command node created by the decision whose DecisionTaskCompleted is `completedId`. */
  issue(node: GraphNode, completedId: number | undefined): void {
    const step = completedId === undefined ? undefined : this.stepByCompletedId.get(completedId);
    if (!step) {
      this.loose.push(node.id);
      return;
    }
    step.nodeIds.push(node.id);
    this.edge(step.nodeIds[0], node.id, "issued");
  }

  /** `node`'s event `eventId` triggers a decision task; linked when that task completes. */
  trigger(node: GraphNode, eventId: number, label: string, input = false): void {
    this.queue.push({ nodeId: node.id, eventId, label, input });
  }

  /**
   * A decision task completed: it processed every queued outcome recorded before it started
   * (events recorded while the decider worked belong to the next task).
   */
  completeDecision(step: Step, startedEventId: number): void {
    const decisionId = step.nodeIds[0];
    while (
      this.queueHead < this.queue.length &&
      this.queue[this.queueHead].eventId < startedEventId
    ) {
      const item = this.queue[this.queueHead++];
      this.edge(item.nodeId, decisionId, "outcome", item.label);
      if (item.input) step.nodeIds.push(item.nodeId);
    }
  }

  /** Outcomes no completed decision task processed. */
  leftovers(): QueuedOutcome[] {
    return this.queue.slice(this.queueHead);
  }
}

function typeName(type: { name?: string } | undefined, fallback: string): string {
  return type?.name || fallback;
}

/** Builds the graph, then collapses it to at most `maxNodes` nodes (rules in graph-collapse.ts). */
export function decisionGraph(
  events: readonly HistoryEvent[],
  options: DecisionGraphOptions = {},
): DecisionGraph {
  const maxNodes = Math.max(10, Math.floor(options.maxNodes ?? DEFAULT_MAX_GRAPH_NODES));
  return collapseGraph(buildDecisionGraph(events), maxNodes);
}

/** The uncollapsed graph, as steps (one per completed decision task). Exported for tests and tools. */
export function buildDecisionGraph(events: readonly HistoryEvent[]): BaseGraph {
  const g = new GraphBuilder();
  const prefix: string[] = [];
  const suffix: string[] = [];
  // Open decision tasks by scheduledEventId, with their started event id once started.
  const openDecisions = new Map<number, { node: GraphNode; startedEventId?: number }>();
  const activityBySchedule = new Map<number, GraphNode>();
  const openActivityByActivityId = new Map<string, GraphNode>();
  const lambdaBySchedule = new Map<number, GraphNode>();
  const timerByStart = new Map<number, GraphNode>();
  const childByInitiated = new Map<number, GraphNode>();
  const externalByInitiated = new Map<number, GraphNode>();
  let lastDecisionId: string | undefined;
  let end: GraphNode | undefined;
  let closeStatus: CloseStatus | undefined;

  /** Folds an outcome event into a node: status, event id, and the decision it triggers. */
  const settle = (
    node: GraphNode | undefined,
    eventId: number,
    status: VisualStatus,
    label: string,
    triggers = true,
  ): void => {
    if (!node) return;
    node.status = status;
    node.eventIds.push(eventId);
    if (triggers) g.trigger(node, eventId, label);
  };

  for (const event of events) {
    const id = event.eventId ?? 0;
    const type = event.eventType;
    switch (type) {
      case "WorkflowExecutionStarted": {
        const a = event.workflowExecutionStartedEventAttributes;
        const node: GraphNode = {
          id: "start",
          kind: "start",
          label: "Start",
          subtitle: a?.workflowType?.name,
          status: "completed",
          eventIds: [id],
          count: 1,
        };
        g.nodes.set(node.id, node);
        prefix.push(node.id);
        g.trigger(node, id, "started");
        break;
      }
      case "WorkflowExecutionSignaled": {
        const a = event.workflowExecutionSignaledEventAttributes;
        g.trigger(
          g.node(
            "signal",
            id,
            `Signal ${a?.signalName ?? ""}`,
            "completed",
            a?.externalWorkflowExecution?.workflowId,
          ),
          id,
          "signal",
          true,
        );
        break;
      }
      case "WorkflowExecutionCancelRequested":
        g.trigger(
          g.node(
            "cancelRequest",
            id,
            "Cancel requested",
            "canceled",
            event.workflowExecutionCancelRequestedEventAttributes?.cause,
          ),
          id,
          "cancel requested",
          true,
        );
        break;

      case "DecisionTaskScheduled":
        openDecisions.set(id, { node: g.node("decision", id, "Decision", "scheduled") });
        break;
      case "DecisionTaskStarted": {
        const open = openDecisions.get(
          event.decisionTaskStartedEventAttributes?.scheduledEventId ?? -1,
        );
        if (open) {
          open.startedEventId = id;
          open.node.status = "running";
          open.node.eventIds.push(id);
        }
        break;
      }
      case "DecisionTaskCompleted": {
        const a = event.decisionTaskCompletedEventAttributes;
        const open = openDecisions.get(a?.scheduledEventId ?? -1);
        if (!open) break;
        openDecisions.delete(a?.scheduledEventId ?? -1);
        open.node.status = "completed";
        open.node.eventIds.push(id);
        const step: Step = { nodeIds: [open.node.id] };
        g.steps.push(step);
        g.stepByCompletedId.set(id, step);
        g.completeDecision(step, a?.startedEventId ?? open.startedEventId ?? id);
        lastDecisionId = open.node.id;
        break;
      }
      case "DecisionTaskTimedOut": {
        const a = event.decisionTaskTimedOutEventAttributes;
        const open = openDecisions.get(a?.scheduledEventId ?? -1);
        if (!open) break;
        openDecisions.delete(a?.scheduledEventId ?? -1);
        open.node.subtitle = a?.timeoutType;
        settle(open.node, id, "timedOut", "timed out", false);
        g.trigger(open.node, id, "timed out", true);
        break;
      }

      case "ActivityTaskScheduled": {
        const a = event.activityTaskScheduledEventAttributes;
        const node = g.node(
          "activity",
          id,
          typeName(a?.activityType, "Activity"),
          "scheduled",
          a?.activityId,
        );
        activityBySchedule.set(id, node);
        openActivityByActivityId.set(a?.activityId ?? "", node);
        g.issue(node, a?.decisionTaskCompletedEventId);
        break;
      }
      case "ActivityTaskStarted": {
        const node = activityBySchedule.get(
          event.activityTaskStartedEventAttributes?.scheduledEventId ?? -1,
        );
        settle(node, id, "running", "started", false);
        break;
      }
      case "ActivityTaskCancelRequested": {
        const a = event.activityTaskCancelRequestedEventAttributes;
        const node = openActivityByActivityId.get(a?.activityId ?? "");
        if (!node) break;
        node.eventIds.push(id);
        const step = g.stepByCompletedId.get(a?.decisionTaskCompletedEventId ?? -1);
        if (step) g.edge(step.nodeIds[0], node.id, "cancel");
        break;
      }
      case "ActivityTaskCompleted":
      case "ActivityTaskFailed":
      case "ActivityTaskTimedOut":
      case "ActivityTaskCanceled": {
        const a = attributesAs<ActivityOutcome>(event);
        const scheduledId = a?.scheduledEventId ?? -1;
        const node = activityBySchedule.get(scheduledId);
        if (!node) break;
        activityBySchedule.delete(scheduledId);
        if (openActivityByActivityId.get(node.subtitle ?? "") === node)
          openActivityByActivityId.delete(node.subtitle ?? "");
        const status = outcomeStatusOfEvent(type) ?? "completed";
        settle(node, id, status, labelOf(status));
        break;
      }
      case "ScheduleActivityTaskFailed": {
        const a = event.scheduleActivityTaskFailedEventAttributes;
        commandFailed(
          g,
          g.node("activity", id, typeName(a?.activityType, "Activity"), "failed", a?.cause),
          a?.decisionTaskCompletedEventId,
        );
        break;
      }
      case "RequestCancelActivityTaskFailed": {
        const a = event.requestCancelActivityTaskFailedEventAttributes;
        commandFailed(
          g,
          g.node("activity", id, "Cancel activity", "failed", a?.cause),
          a?.decisionTaskCompletedEventId,
        );
        break;
      }

      case "LambdaFunctionScheduled": {
        const a = event.lambdaFunctionScheduledEventAttributes;
        const node = g.node("lambda", id, a?.name || "Lambda", "scheduled", a?.id);
        lambdaBySchedule.set(id, node);
        g.issue(node, a?.decisionTaskCompletedEventId);
        break;
      }
      case "LambdaFunctionStarted":
        settle(
          lambdaBySchedule.get(event.lambdaFunctionStartedEventAttributes?.scheduledEventId ?? -1),
          id,
          "running",
          "started",
          false,
        );
        break;
      case "LambdaFunctionCompleted":
      case "LambdaFunctionFailed":
      case "LambdaFunctionTimedOut":
      case "StartLambdaFunctionFailed": {
        const a = attributesAs<LambdaOutcome>(event);
        const scheduledId = a?.scheduledEventId ?? -1;
        const node = lambdaBySchedule.get(scheduledId);
        lambdaBySchedule.delete(scheduledId);
        const status = outcomeStatusOfEvent(type) ?? "completed";
        settle(node, id, status, labelOf(status));
        break;
      }
      case "ScheduleLambdaFunctionFailed": {
        const a = event.scheduleLambdaFunctionFailedEventAttributes;
        commandFailed(
          g,
          g.node("lambda", id, a?.name || "Lambda", "failed", a?.cause),
          a?.decisionTaskCompletedEventId,
        );
        break;
      }

      case "TimerStarted": {
        const a = event.timerStartedEventAttributes;
        const seconds = durationSeconds(a?.startToFireTimeout);
        const node = g.node(
          "timer",
          id,
          seconds === undefined ? "Timer" : `Timer ${seconds}s`,
          "running",
          a?.timerId,
        );
        timerByStart.set(id, node);
        g.issue(node, a?.decisionTaskCompletedEventId);
        break;
      }
      case "TimerFired": {
        const startedId = event.timerFiredEventAttributes?.startedEventId ?? -1;
        settle(timerByStart.get(startedId), id, "completed", "fired");
        timerByStart.delete(startedId);
        break;
      }
      case "TimerCanceled": {
        const a = event.timerCanceledEventAttributes;
        const node = timerByStart.get(a?.startedEventId ?? -1);
        timerByStart.delete(a?.startedEventId ?? -1);
        // A cancelled timer triggers nothing; the decision that cancelled it points at it.
        settle(node, id, "canceled", "canceled", false);
        const step = g.stepByCompletedId.get(a?.decisionTaskCompletedEventId ?? -1);
        if (node && step) g.edge(step.nodeIds[0], node.id, "cancel");
        break;
      }
      case "StartTimerFailed": {
        const a = event.startTimerFailedEventAttributes;
        commandFailed(
          g,
          g.node("timer", id, "Start timer", "failed", a?.cause),
          a?.decisionTaskCompletedEventId,
        );
        break;
      }
      case "CancelTimerFailed": {
        const a = event.cancelTimerFailedEventAttributes;
        commandFailed(
          g,
          g.node("timer", id, "Cancel timer", "failed", a?.cause),
          a?.decisionTaskCompletedEventId,
        );
        break;
      }

      case "StartChildWorkflowExecutionInitiated": {
        const a = event.startChildWorkflowExecutionInitiatedEventAttributes;
        const node = g.node(
          "child",
          id,
          typeName(a?.workflowType, "Child workflow"),
          "scheduled",
          a?.workflowId,
        );
        childByInitiated.set(id, node);
        g.issue(node, a?.decisionTaskCompletedEventId);
        break;
      }
      case "StartChildWorkflowExecutionFailed": {
        const a = event.startChildWorkflowExecutionFailedEventAttributes;
        const initiated = childByInitiated.get(a?.initiatedEventId ?? -1);
        if (initiated) {
          childByInitiated.delete(a?.initiatedEventId ?? -1);
          settle(initiated, id, "failed", "failed");
        } else {
          commandFailed(
            g,
            g.node("child", id, typeName(a?.workflowType, "Child workflow"), "failed", a?.cause),
            a?.decisionTaskCompletedEventId,
          );
        }
        break;
      }
      case "ChildWorkflowExecutionStarted":
        // Starting a child triggers a decision in the parent.
        settle(
          childByInitiated.get(
            event.childWorkflowExecutionStartedEventAttributes?.initiatedEventId ?? -1,
          ),
          id,
          "running",
          "started",
        );
        break;
      case "ChildWorkflowExecutionCompleted":
      case "ChildWorkflowExecutionFailed":
      case "ChildWorkflowExecutionTimedOut":
      case "ChildWorkflowExecutionCanceled":
      case "ChildWorkflowExecutionTerminated": {
        const a = attributesAs<ChildOutcome>(event);
        const initiatedId = a?.initiatedEventId ?? -1;
        const status = outcomeStatusOfEvent(type) ?? "completed";
        settle(childByInitiated.get(initiatedId), id, status, labelOf(status));
        childByInitiated.delete(initiatedId);
        break;
      }

      case "SignalExternalWorkflowExecutionInitiated": {
        const a = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
        const node = g.node(
          "signalExternal",
          id,
          `Signal ${a?.signalName ?? ""}`,
          "pending",
          a?.workflowId,
        );
        externalByInitiated.set(id, node);
        g.issue(node, a?.decisionTaskCompletedEventId);
        break;
      }
      case "RequestCancelExternalWorkflowExecutionInitiated": {
        const a = event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
        const node = g.node("cancelExternal", id, "Request cancel", "pending", a?.workflowId);
        externalByInitiated.set(id, node);
        g.issue(node, a?.decisionTaskCompletedEventId);
        break;
      }
      case "ExternalWorkflowExecutionSignaled":
      case "ExternalWorkflowExecutionCancelRequested":
      case "SignalExternalWorkflowExecutionFailed":
      case "RequestCancelExternalWorkflowExecutionFailed": {
        const a = attributesAs<ExternalOutcome>(event);
        const initiatedId = a?.initiatedEventId ?? -1;
        const status = outcomeStatusOfEvent(type) ?? "completed";
        settle(
          externalByInitiated.get(initiatedId),
          id,
          status,
          type?.endsWith("Failed") ? "failed" : "delivered",
        );
        externalByInitiated.delete(initiatedId);
        break;
      }

      case "MarkerRecorded": {
        const a = event.markerRecordedEventAttributes;
        g.issue(
          g.node("marker", id, a?.markerName ?? "Marker", "completed"),
          a?.decisionTaskCompletedEventId,
        );
        break;
      }
      case "RecordMarkerFailed": {
        const a = event.recordMarkerFailedEventAttributes;
        commandFailed(
          g,
          g.node("marker", id, a?.markerName ?? "Marker", "failed", a?.cause),
          a?.decisionTaskCompletedEventId,
        );
        break;
      }

      case "CompleteWorkflowExecutionFailed":
      case "FailWorkflowExecutionFailed":
      case "CancelWorkflowExecutionFailed":
      case "ContinueAsNewWorkflowExecutionFailed": {
        const a = attributesAs<
          | "CompleteWorkflowExecutionFailed"
          | "FailWorkflowExecutionFailed"
          | "CancelWorkflowExecutionFailed"
          | "ContinueAsNewWorkflowExecutionFailed"
        >(event);
        const label = CLOSE_DECISION_LABEL[type];
        commandFailed(
          g,
          g.node("closeDecision", id, label, "failed", a?.cause),
          a?.decisionTaskCompletedEventId,
        );
        break;
      }
    }

    const closing = closeStatusOfEvent(type);
    if (closing) {
      closeStatus = closing;
      end = {
        id: "end",
        kind: "end",
        label: CLOSE_LABEL[closing],
        status: statusOfCloseStatus(closing),
        eventIds: [id],
        count: 1,
      };
      const a = attributesAs<"WorkflowExecutionFailed" | "WorkflowExecutionTerminated">(event);
      end.subtitle = a?.reason ?? event.workflowExecutionTimedOutEventAttributes?.timeoutType;
      g.nodes.set(end.id, end);
      const byDecision = attributesAs<
        | "WorkflowExecutionCompleted"
        | "WorkflowExecutionFailed"
        | "WorkflowExecutionCanceled"
        | "WorkflowExecutionContinuedAsNew"
      >(event);
      const step = byDecision
        ? g.stepByCompletedId.get(byDecision.decisionTaskCompletedEventId ?? -1)
        : undefined;
      if (step) g.edge(step.nodeIds[0], end.id, "issued");
    }
  }

  // Decision tasks still open: the one the decider holds or waits for; at close, abandoned.
  const pending = [...openDecisions.values()];
  for (const task of pending) {
    if (closeStatus) task.node.status = abandonedStatus(closeStatus);
    task.node.subtitle ??=
      task.startedEventId === undefined ? "waiting for a decider" : "decider working";
    suffix.push(task.node.id);
  }
  // Outcomes no completed decision processed go to the open task that will see them.
  for (const item of g.leftovers()) {
    const target = closeStatus
      ? undefined
      : (pending.find((t) => t.startedEventId !== undefined && item.eventId < t.startedEventId) ??
        pending[pending.length - 1]);
    if (target) g.edge(item.nodeId, target.node.id, "outcome", item.label);
    if (item.input) suffix.push(item.nodeId);
  }
  suffix.push(...g.loose);

  // Work left open at close was dropped silently by SWF; children outlive the parent (unknown).
  if (closeStatus) {
    const cutOff = abandonedStatus(closeStatus);
    for (const open of [activityBySchedule, lambdaBySchedule, timerByStart, externalByInitiated]) {
      for (const node of open.values()) node.status = cutOff;
    }
    for (const node of childByInitiated.values()) node.status = "pending";
  }

  if (end) {
    if (!g.edges.some((e) => e.target === "end")) {
      // Terminated or timed out: no decision made it; draw it after the last decision work.
      const from =
        pending.length > 0 ? pending[pending.length - 1].node.id : (lastDecisionId ?? prefix[0]);
      if (from) g.edge(from, end.id, "close");
    }
    suffix.push(end.id);
  }

  return { nodes: g.nodes, edges: g.edges, prefix, steps: g.steps, suffix };
}

const CLOSE_DECISION_LABEL: Record<string, string> = {
  CompleteWorkflowExecutionFailed: "Complete workflow",
  FailWorkflowExecutionFailed: "Fail workflow",
  CancelWorkflowExecutionFailed: "Cancel workflow",
  ContinueAsNewWorkflowExecutionFailed: "Continue as new",
};

/** A decision SWF refused: a failed command node that also triggers the next decision. */
function commandFailed(g: GraphBuilder, node: GraphNode, completedId: number | undefined): void {
  g.issue(node, completedId);
  g.trigger(node, node.eventIds[0], "failed");
}

function labelOf(status: VisualStatus): string {
  switch (status) {
    case "timedOut":
      return "timed out";
    case "continuedAsNew":
      return "continued as new";
    default:
      return status;
  }
}
