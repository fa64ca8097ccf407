// Generic access to SWF history events: which attributes member an event carries, which
// family it belongs to (for the history table's filter) and whether it reports a failure.
// Everything else in lib/history builds on these helpers instead of switching on strings.
import type { EventType, HistoryEvent } from "@aws-sdk/client-swf";

/** The name of the attributes member an event of type `T` carries (lowerCamel + "EventAttributes"). */
export type AttributesKey<T extends EventType = EventType> = `${Uncapitalize<T>}EventAttributes`;

/** The attributes object of an event of type `T`. */
export type AttributesOf<T extends EventType> = NonNullable<HistoryEvent[AttributesKey<T>]>;

/** Any event's attributes object. */
export type AnyEventAttributes = AttributesOf<EventType>;

/** `ActivityTaskCompleted` → `activityTaskCompletedEventAttributes`; holds for all 54 types. */
export function attributesKey<T extends EventType>(eventType: T): AttributesKey<T> {
  return `${eventType.charAt(0).toLowerCase()}${eventType.slice(1)}EventAttributes` as AttributesKey<T>;
}

/**
 * The single attributes object of an event, or undefined when it has none. Falls back to any
 * `…EventAttributes` member so that an event type newer than this code still shows its details.
 */
export function eventAttributes(event: HistoryEvent): AnyEventAttributes | undefined {
  if (event.eventType) {
    const direct = event[attributesKey(event.eventType)];
    if (direct) return direct;
  }
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith("EventAttributes") && value && typeof value === "object")
      return value as AnyEventAttributes;
  }
  return undefined;
}

/** Families for the history table's filter. */
export type EventCategory =
  | "workflow"
  | "decision"
  | "activity"
  | "timer"
  | "signal"
  | "marker"
  | "child"
  | "external"
  | "lambda";

export const EVENT_CATEGORIES: readonly EventCategory[] = [
  "workflow",
  "decision",
  "activity",
  "timer",
  "signal",
  "marker",
  "child",
  "external",
  "lambda",
];

// A Record over EventType makes the compiler reject a missing or misspelt type.
// Choices: the close-decision failures (CompleteWorkflowExecutionFailed, …) are "workflow" because
// they are about closing the run; "signal" is a signal *received*; everything this run does to
// *another* execution (signal it, ask it to cancel, and the answers) is "external";
// WorkflowExecutionCancelRequested is "workflow" (a request against this run).
const CATEGORY: Record<EventType, EventCategory> = {
  WorkflowExecutionStarted: "workflow",
  WorkflowExecutionCancelRequested: "workflow",
  WorkflowExecutionCompleted: "workflow",
  WorkflowExecutionFailed: "workflow",
  WorkflowExecutionCanceled: "workflow",
  WorkflowExecutionContinuedAsNew: "workflow",
  WorkflowExecutionTerminated: "workflow",
  WorkflowExecutionTimedOut: "workflow",
  CompleteWorkflowExecutionFailed: "workflow",
  FailWorkflowExecutionFailed: "workflow",
  CancelWorkflowExecutionFailed: "workflow",
  ContinueAsNewWorkflowExecutionFailed: "workflow",

  DecisionTaskScheduled: "decision",
  DecisionTaskStarted: "decision",
  DecisionTaskCompleted: "decision",
  DecisionTaskTimedOut: "decision",

  ActivityTaskScheduled: "activity",
  ScheduleActivityTaskFailed: "activity",
  ActivityTaskStarted: "activity",
  ActivityTaskCompleted: "activity",
  ActivityTaskFailed: "activity",
  ActivityTaskTimedOut: "activity",
  ActivityTaskCanceled: "activity",
  ActivityTaskCancelRequested: "activity",
  RequestCancelActivityTaskFailed: "activity",

  TimerStarted: "timer",
  StartTimerFailed: "timer",
  TimerFired: "timer",
  TimerCanceled: "timer",
  CancelTimerFailed: "timer",

  WorkflowExecutionSignaled: "signal",

  MarkerRecorded: "marker",
  RecordMarkerFailed: "marker",

  StartChildWorkflowExecutionInitiated: "child",
  StartChildWorkflowExecutionFailed: "child",
  ChildWorkflowExecutionStarted: "child",
  ChildWorkflowExecutionCompleted: "child",
  ChildWorkflowExecutionFailed: "child",
  ChildWorkflowExecutionCanceled: "child",
  ChildWorkflowExecutionTerminated: "child",
  ChildWorkflowExecutionTimedOut: "child",

  SignalExternalWorkflowExecutionInitiated: "external",
  SignalExternalWorkflowExecutionFailed: "external",
  ExternalWorkflowExecutionSignaled: "external",
  RequestCancelExternalWorkflowExecutionInitiated: "external",
  RequestCancelExternalWorkflowExecutionFailed: "external",
  ExternalWorkflowExecutionCancelRequested: "external",

  LambdaFunctionScheduled: "lambda",
  ScheduleLambdaFunctionFailed: "lambda",
  LambdaFunctionStarted: "lambda",
  StartLambdaFunctionFailed: "lambda",
  LambdaFunctionCompleted: "lambda",
  LambdaFunctionFailed: "lambda",
  LambdaFunctionTimedOut: "lambda",
};

/** Family of an event type. An unknown (future) type is guessed from its name, else "workflow". */
export function eventCategory(eventType: EventType | string | undefined): EventCategory {
  if (!eventType) return "workflow";
  const known = (CATEGORY as Record<string, EventCategory | undefined>)[eventType];
  if (known) return known;
  if (eventType.includes("Lambda")) return "lambda";
  if (eventType.includes("Activity")) return "activity";
  if (eventType.includes("Timer")) return "timer";
  if (eventType.includes("Child")) return "child";
  if (eventType.includes("External")) return "external";
  if (eventType.includes("Decision")) return "decision";
  if (eventType.includes("Marker")) return "marker";
  return "workflow";
}

/**
 * True for events that report something going wrong: every `…Failed` (activity, child, Lambda,
 * the run itself, and the decision failures such as `ScheduleActivityTaskFailed`) and every
 * `…TimedOut`. Cancellations and terminations are deliberate acts, not failures; they have their
 * own VisualStatus colours.
 */
export function isFailureEvent(eventType: EventType | string | undefined): boolean {
  return !!eventType && (eventType.endsWith("Failed") || eventType.endsWith("TimedOut"));
}

/** True for the six events that close a run. */
export function isCloseEvent(eventType: EventType | string | undefined): boolean {
  return (
    eventType === "WorkflowExecutionCompleted" ||
    eventType === "WorkflowExecutionFailed" ||
    eventType === "WorkflowExecutionCanceled" ||
    eventType === "WorkflowExecutionContinuedAsNew" ||
    eventType === "WorkflowExecutionTerminated" ||
    eventType === "WorkflowExecutionTimedOut"
  );
}

/**
 * The event time in epoch milliseconds. Tolerates an event whose timestamp was not revived
 * (ISO string or epoch number straight from JSON) so that a forgotten `reviveEvents` degrades
 * gracefully instead of producing NaN everywhere.
 */
export function eventTimeMs(event: HistoryEvent): number {
  const t: unknown = event.eventTimestamp;
  if (t instanceof Date) return t.getTime();
  if (typeof t === "number") return epochToMs(t);
  if (typeof t === "string") return Date.parse(t);
  return NaN;
}

/**
 * SWF's wire format sends epoch *seconds* (fractional), JSON.stringify of our own Dates sends ISO
 * strings, and some servers send epoch milliseconds. Any number below 1e11 is read as seconds:
 * 1e11 s is the year 5138, 1e11 ms is March 1973, so no real SWF timestamp is ambiguous.
 */
export function epochToMs(value: number): number {
  return Math.abs(value) < 1e11 ? value * 1000 : value;
}
