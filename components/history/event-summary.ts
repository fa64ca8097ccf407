// One-line summaries, references and execution links of history events, for the history table.
// Pure: unit-tested in tests/components.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { eventAttributes } from "@/lib/history/events";
import { historyModel, type HistoryModel } from "@/lib/history/work-items";
import { formatSwfDuration, oneLine } from "@/components/ui/format";

export interface EventReference {
  /** Attribute name, e.g. `scheduledEventId`. */
  name: string;
  /** Short label for the chip: "scheduled", "started", "decision", … */
  label: string;
  eventId: number;
}

const REFERENCE_LABEL: Record<string, string> = {
  scheduledEventId: "scheduled",
  startedEventId: "started",
  decisionTaskCompletedEventId: "decision",
  initiatedEventId: "initiated",
  latestCancelRequestedEventId: "cancel req.",
};

/** Ids in another run's history: not links within this one. */
const FOREIGN_REFERENCES = new Set(["parentInitiatedEventId", "externalInitiatedEventId"]);

/** References from an event's attributes to earlier events of the same history (non-zero only). */
export function eventReferences(event: HistoryEvent): EventReference[] {
  const attributes = eventAttributes(event) as Record<string, unknown> | undefined;
  if (!attributes) return [];
  const refs: EventReference[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (!name.endsWith("EventId") || FOREIGN_REFERENCES.has(name)) continue;
    if (typeof value !== "number" || value <= 0) continue;
    refs.push({
      name,
      label: REFERENCE_LABEL[name] ?? name.replace(/EventId$/, ""),
      eventId: value,
    });
  }
  return refs;
}

export function isReferenceAttribute(name: string): boolean {
  return name.endsWith("EventId") && !FOREIGN_REFERENCES.has(name);
}

export interface ExecutionLink {
  /** "parent", "child", "signaled by", "continued as", … */
  label: string;
  workflowId: string;
  runId: string;
}

/** Other executions an event names with a full (workflowId, runId): links to their pages. */
export function eventExecutionLinks(event: HistoryEvent, workflowId: string): ExecutionLink[] {
  const links: ExecutionLink[] = [];
  const push = (label: string, execution: { workflowId?: string; runId?: string } | undefined) => {
    if (execution?.workflowId && execution.runId)
      links.push({ label, workflowId: execution.workflowId, runId: execution.runId });
  };
  const a = eventAttributes(event) as Record<string, unknown> | undefined;
  if (!a) return links;
  switch (event.eventType) {
    case "WorkflowExecutionStarted": {
      const s = event.workflowExecutionStartedEventAttributes;
      push("parent", s?.parentWorkflowExecution);
      if (s?.continuedExecutionRunId)
        links.push({ label: "continued from", workflowId, runId: s.continuedExecutionRunId });
      break;
    }
    case "WorkflowExecutionContinuedAsNew": {
      const runId = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      if (runId) links.push({ label: "continued as", workflowId, runId });
      break;
    }
    case "WorkflowExecutionSignaled":
      push("sent by", event.workflowExecutionSignaledEventAttributes?.externalWorkflowExecution);
      break;
    case "WorkflowExecutionCancelRequested":
      push(
        "requested by",
        event.workflowExecutionCancelRequestedEventAttributes?.externalWorkflowExecution,
      );
      break;
    default:
      if (event.eventType?.startsWith("ChildWorkflowExecution"))
        push("child", a.workflowExecution as { workflowId?: string; runId?: string });
      else if (event.eventType?.startsWith("ExternalWorkflowExecution"))
        push("target", a.workflowExecution as { workflowId?: string; runId?: string });
  }
  return links;
}

const join = (...parts: (string | undefined | false)[]) =>
  parts.filter((p): p is string => !!p).join(" · ");
const typeText = (t: { name?: string; version?: string } | undefined) =>
  t?.name ? `${t.name}${t.version ? ` v${t.version}` : ""}` : undefined;
const payload = (label: string, value: string | undefined, max = 120) =>
  value ? `${label}: ${oneLine(value, max)}` : undefined;

/** The key attributes of an event on one line (never more than ~300 characters). */
export function eventSummary(event: HistoryEvent): string {
  switch (event.eventType) {
    case "WorkflowExecutionStarted": {
      const a = event.workflowExecutionStartedEventAttributes;
      return join(
        typeText(a?.workflowType),
        a?.taskList?.name && `task list ${a.taskList.name}`,
        payload("input", a?.input),
      );
    }
    case "WorkflowExecutionSignaled": {
      const a = event.workflowExecutionSignaledEventAttributes;
      return join(
        a?.signalName,
        payload("input", a?.input),
        a?.externalWorkflowExecution?.workflowId &&
          `from ${a.externalWorkflowExecution.workflowId}`,
      );
    }
    case "WorkflowExecutionCancelRequested":
      return join(event.workflowExecutionCancelRequestedEventAttributes?.cause);
    case "WorkflowExecutionCompleted":
      return join(payload("result", event.workflowExecutionCompletedEventAttributes?.result));
    case "WorkflowExecutionFailed": {
      const a = event.workflowExecutionFailedEventAttributes;
      return join(a?.reason && `reason: ${oneLine(a.reason, 80)}`, payload("details", a?.details));
    }
    case "WorkflowExecutionCanceled":
      return join(payload("details", event.workflowExecutionCanceledEventAttributes?.details));
    case "WorkflowExecutionTerminated": {
      const a = event.workflowExecutionTerminatedEventAttributes;
      return join(
        a?.cause,
        a?.reason && `reason: ${oneLine(a.reason, 80)}`,
        payload("details", a?.details),
        a?.childPolicy && `child policy ${a.childPolicy}`,
      );
    }
    case "WorkflowExecutionTimedOut":
      return join(event.workflowExecutionTimedOutEventAttributes?.timeoutType);
    case "WorkflowExecutionContinuedAsNew": {
      const a = event.workflowExecutionContinuedAsNewEventAttributes;
      return join(
        typeText(a?.workflowType),
        a?.newExecutionRunId && `new run ${a.newExecutionRunId}`,
        payload("input", a?.input, 80),
      );
    }
    case "DecisionTaskScheduled": {
      const a = event.decisionTaskScheduledEventAttributes;
      return join(
        a?.taskList?.name && `task list ${a.taskList.name}`,
        a?.startToCloseTimeout && `timeout ${formatSwfDuration(a.startToCloseTimeout)}`,
      );
    }
    case "DecisionTaskStarted":
      return join(
        event.decisionTaskStartedEventAttributes?.identity &&
          `identity ${event.decisionTaskStartedEventAttributes.identity}`,
      );
    case "DecisionTaskCompleted":
      return join(payload("context", event.decisionTaskCompletedEventAttributes?.executionContext));
    case "DecisionTaskTimedOut":
      return join(event.decisionTaskTimedOutEventAttributes?.timeoutType);
    case "ActivityTaskScheduled": {
      const a = event.activityTaskScheduledEventAttributes;
      return join(
        typeText(a?.activityType),
        a?.activityId && `id ${a.activityId}`,
        a?.taskList?.name && `task list ${a.taskList.name}`,
        payload("input", a?.input, 80),
      );
    }
    case "ActivityTaskStarted":
      return join(
        event.activityTaskStartedEventAttributes?.identity &&
          `identity ${event.activityTaskStartedEventAttributes.identity}`,
      );
    case "ActivityTaskCompleted":
      return join(payload("result", event.activityTaskCompletedEventAttributes?.result));
    case "ActivityTaskFailed": {
      const a = event.activityTaskFailedEventAttributes;
      return join(a?.reason && `reason: ${oneLine(a.reason, 80)}`, payload("details", a?.details));
    }
    case "ActivityTaskTimedOut": {
      const a = event.activityTaskTimedOutEventAttributes;
      return join(a?.timeoutType, payload("details", a?.details));
    }
    case "ActivityTaskCanceled":
      return join(payload("details", event.activityTaskCanceledEventAttributes?.details));
    case "ActivityTaskCancelRequested":
      return join(
        event.activityTaskCancelRequestedEventAttributes?.activityId &&
          `id ${event.activityTaskCancelRequestedEventAttributes.activityId}`,
      );
    case "TimerStarted": {
      const a = event.timerStartedEventAttributes;
      return join(
        a?.timerId && `id ${a.timerId}`,
        a?.startToFireTimeout && `fires after ${formatSwfDuration(a.startToFireTimeout)}`,
        payload("control", a?.control, 60),
      );
    }
    case "TimerFired":
      return join(
        event.timerFiredEventAttributes?.timerId && `id ${event.timerFiredEventAttributes.timerId}`,
      );
    case "TimerCanceled":
      return join(
        event.timerCanceledEventAttributes?.timerId &&
          `id ${event.timerCanceledEventAttributes.timerId}`,
      );
    case "MarkerRecorded": {
      const a = event.markerRecordedEventAttributes;
      return join(a?.markerName, payload("details", a?.details));
    }
    case "StartChildWorkflowExecutionInitiated": {
      const a = event.startChildWorkflowExecutionInitiatedEventAttributes;
      return join(a?.workflowId, typeText(a?.workflowType), payload("input", a?.input, 80));
    }
    case "ChildWorkflowExecutionStarted":
    case "ChildWorkflowExecutionCompleted":
    case "ChildWorkflowExecutionFailed":
    case "ChildWorkflowExecutionCanceled":
    case "ChildWorkflowExecutionTerminated":
    case "ChildWorkflowExecutionTimedOut": {
      const a = eventAttributes(event) as
        | {
            workflowExecution?: { workflowId?: string };
            workflowType?: { name?: string; version?: string };
            result?: string;
            reason?: string;
            details?: string;
            timeoutType?: string;
          }
        | undefined;
      return join(
        a?.workflowExecution?.workflowId,
        typeText(a?.workflowType),
        a?.timeoutType,
        a?.reason && `reason: ${oneLine(a.reason, 80)}`,
        payload("result", a?.result),
        payload("details", a?.details, 80),
      );
    }
    case "SignalExternalWorkflowExecutionInitiated": {
      const a = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
      return join(
        a?.signalName,
        a?.workflowId && `to ${a.workflowId}`,
        payload("input", a?.input, 80),
      );
    }
    case "RequestCancelExternalWorkflowExecutionInitiated":
      return join(
        event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes?.workflowId &&
          `to ${event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes.workflowId}`,
      );
    case "ExternalWorkflowExecutionSignaled":
    case "ExternalWorkflowExecutionCancelRequested": {
      const a = eventAttributes(event) as
        { workflowExecution?: { workflowId?: string } } | undefined;
      return join(a?.workflowExecution?.workflowId);
    }
    case "LambdaFunctionScheduled": {
      const a = event.lambdaFunctionScheduledEventAttributes;
      return join(a?.name, a?.id && `id ${a.id}`, payload("input", a?.input, 80));
    }
    case "LambdaFunctionCompleted":
      return join(payload("result", event.lambdaFunctionCompletedEventAttributes?.result));
    case "LambdaFunctionFailed": {
      const a = event.lambdaFunctionFailedEventAttributes;
      return join(a?.reason && `reason: ${oneLine(a.reason, 80)}`, payload("details", a?.details));
    }
    default:
      return genericSummary(event);
  }
}

/** Failures of decisions (`…Failed` with a cause) and anything newer: its scalar attributes. */
function genericSummary(event: HistoryEvent): string {
  const a = eventAttributes(event) as Record<string, unknown> | undefined;
  if (!a) return "";
  const parts: string[] = [];
  const cause = a.cause;
  if (typeof cause === "string") parts.push(cause);
  for (const [key, value] of Object.entries(a)) {
    if (key === "cause" || key.endsWith("EventId")) continue;
    if (typeof value === "string" || typeof value === "number")
      parts.push(`${key} ${oneLine(String(value), 60)}`);
    else if (
      value &&
      typeof value === "object" &&
      "name" in value &&
      typeof (value as { name: unknown }).name === "string"
    )
      parts.push(typeText(value as { name?: string; version?: string }) ?? "");
    if (parts.length >= 4) break;
  }
  return join(...parts);
}

/**
 * What a decision task's decisions produced, from the events that name it in
 * `decisionTaskCompletedEventId`: `ActivityTaskScheduled, MarkerRecorded ×100`.
 */
export function issuedSummary(types: readonly string[] | undefined): string {
  if (!types || types.length === 0) return "";
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return `→ ${[...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(", ")}`;
}

/**
 * Event types caused by each DecisionTaskCompleted (keyed by its id), in event order. A cancelled
 * timer is left out: TimerCanceled names the decision that cancelled it but is not a new command
 * in the table's sense (the timer row already shows it).
 */
export function issuedByDecision(
  source: readonly HistoryEvent[] | HistoryModel,
): Map<number, string[]> {
  const model = historyModel(source);
  const out = new Map<number, string[]>();
  for (const [decisionId, commands] of model.commandsByDecision) {
    const types = commands
      .map((e) => e.eventType ?? "")
      .filter((t) => t !== "" && t !== "TimerCanceled");
    if (types.length > 0) out.set(decisionId, types);
  }
  return out;
}
