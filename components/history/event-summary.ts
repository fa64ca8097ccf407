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

type Attributes = Record<string, unknown>;
/** One piece of a summary, read from the event's attributes; nothing when the attribute is absent. */
type Part = (a: Attributes) => string | undefined;

const text = (v: unknown) => (typeof v === "string" && v ? v : undefined);
const prefixed = (prefix: string | undefined, v: string | undefined) =>
  v && (prefix ? `${prefix} ${v}` : v);
/** A plain attribute, optionally after a word ("id", "identity", "to"). */
const field =
  (key: string, prefix?: string): Part =>
  (a) =>
    prefixed(prefix, text(a[key]));
/** A free-text payload (input, result, details), cut to `max` characters. */
const data =
  (key: string, label = key, max?: number): Part =>
  (a) =>
    payload(label, text(a[key]), max);
const typeName =
  (key: string): Part =>
  (a) =>
    typeText(a[key] as { name?: string; version?: string } | undefined);
const workflowOf =
  (key: string, prefix?: string): Part =>
  (a) =>
    prefixed(prefix, (a[key] as { workflowId?: string } | undefined)?.workflowId);
const timeout =
  (key: string, prefix: string): Part =>
  (a) => {
    const v = text(a[key]);
    return v && `${prefix} ${formatSwfDuration(v)}`;
  };
const taskList: Part = (a) => prefixed("task list", (a.taskList as { name?: string })?.name);
const reason: Part = (a) => {
  const r = text(a.reason);
  return r && `reason: ${oneLine(r, 80)}`;
};

const CHILD: Part[] = [
  workflowOf("workflowExecution"),
  typeName("workflowType"),
  field("timeoutType"),
  reason,
  data("result"),
  data("details", "details", 80),
];
const FAILURE = [reason, data("details")];

/** The key attributes of each event type, in the order shown. */
const SUMMARY: Record<string, Part[]> = {
  WorkflowExecutionStarted: [typeName("workflowType"), taskList, data("input")],
  WorkflowExecutionSignaled: [
    field("signalName"),
    data("input"),
    workflowOf("externalWorkflowExecution", "from"),
  ],
  WorkflowExecutionCancelRequested: [field("cause")],
  WorkflowExecutionCompleted: [data("result")],
  WorkflowExecutionFailed: FAILURE,
  WorkflowExecutionCanceled: [data("details")],
  WorkflowExecutionTerminated: [field("cause"), ...FAILURE, field("childPolicy", "child policy")],
  WorkflowExecutionTimedOut: [field("timeoutType")],
  WorkflowExecutionContinuedAsNew: [
    typeName("workflowType"),
    field("newExecutionRunId", "new run"),
    data("input", "input", 80),
  ],
  DecisionTaskScheduled: [taskList, timeout("startToCloseTimeout", "timeout")],
  DecisionTaskStarted: [field("identity", "identity")],
  DecisionTaskCompleted: [data("executionContext", "context")],
  DecisionTaskTimedOut: [field("timeoutType")],
  ActivityTaskScheduled: [
    typeName("activityType"),
    field("activityId", "id"),
    taskList,
    data("input", "input", 80),
  ],
  ActivityTaskStarted: [field("identity", "identity")],
  ActivityTaskCompleted: [data("result")],
  ActivityTaskFailed: FAILURE,
  ActivityTaskTimedOut: [field("timeoutType"), data("details")],
  ActivityTaskCanceled: [data("details")],
  ActivityTaskCancelRequested: [field("activityId", "id")],
  TimerStarted: [
    field("timerId", "id"),
    timeout("startToFireTimeout", "fires after"),
    data("control", "control", 60),
  ],
  TimerFired: [field("timerId", "id")],
  TimerCanceled: [field("timerId", "id")],
  MarkerRecorded: [field("markerName"), data("details")],
  StartChildWorkflowExecutionInitiated: [
    field("workflowId"),
    typeName("workflowType"),
    data("input", "input", 80),
  ],
  ChildWorkflowExecutionStarted: CHILD,
  ChildWorkflowExecutionCompleted: CHILD,
  ChildWorkflowExecutionFailed: CHILD,
  ChildWorkflowExecutionCanceled: CHILD,
  ChildWorkflowExecutionTerminated: CHILD,
  ChildWorkflowExecutionTimedOut: CHILD,
  SignalExternalWorkflowExecutionInitiated: [
    field("signalName"),
    field("workflowId", "to"),
    data("input", "input", 80),
  ],
  RequestCancelExternalWorkflowExecutionInitiated: [field("workflowId", "to")],
  ExternalWorkflowExecutionSignaled: [workflowOf("workflowExecution")],
  ExternalWorkflowExecutionCancelRequested: [workflowOf("workflowExecution")],
  LambdaFunctionScheduled: [field("name"), field("id", "id"), data("input", "input", 80)],
  LambdaFunctionCompleted: [data("result")],
  LambdaFunctionFailed: FAILURE,
};

/** The key attributes of an event on one line (never more than ~300 characters). */
export function eventSummary(event: HistoryEvent): string {
  const parts = SUMMARY[event.eventType ?? ""];
  if (!parts) return genericSummary(event);
  const a = (eventAttributes(event) ?? {}) as Attributes;
  return join(...parts.map((part) => part(a)));
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
