// One status vocabulary for every view (execution list, timeline, graph, pending work), with one
// colour table, so that "timed out" is the same orange everywhere in the console.
import type { CloseStatus, EventType } from "@aws-sdk/client-swf";

/**
 * - running: started and not finished (an activity a worker holds, a started child, a counting timer, an open run)
 * - scheduled: waiting to be picked up (a scheduled activity or decision task, an initiated child)
 * - pending: outcome not known from this history (an external signal/cancel awaiting its answer,
 *   a child still open when its parent closed — children outlive parents)
 * - the rest are final outcomes.
 */
export type VisualStatus =
  | "running"
  | "scheduled"
  | "completed"
  | "failed"
  | "timedOut"
  | "canceled"
  | "terminated"
  | "continuedAsNew"
  | "pending";

export const VISUAL_STATUSES: readonly VisualStatus[] = [
  "running",
  "scheduled",
  "pending",
  "completed",
  "failed",
  "timedOut",
  "canceled",
  "terminated",
  "continuedAsNew",
];

/** An execution's status as SWF reports it: OPEN or its close status. */
export type ExecutionStatusValue = "OPEN" | CloseStatus;

export function statusOfCloseStatus(
  closeStatus: ExecutionStatusValue | string | undefined | null,
): VisualStatus {
  switch (closeStatus) {
    case "COMPLETED":
      return "completed";
    case "FAILED":
      return "failed";
    case "TIMED_OUT":
      return "timedOut";
    case "CANCELED":
      return "canceled";
    case "TERMINATED":
      return "terminated";
    case "CONTINUED_AS_NEW":
      return "continuedAsNew";
    default:
      // OPEN, absent (an open execution has no close status) or an unknown future value.
      return "running";
  }
}

/** The close status a close event stands for, or undefined for any other event. */
export function closeStatusOfEvent(
  eventType: EventType | string | undefined,
): CloseStatus | undefined {
  switch (eventType) {
    case "WorkflowExecutionCompleted":
      return "COMPLETED";
    case "WorkflowExecutionFailed":
      return "FAILED";
    case "WorkflowExecutionCanceled":
      return "CANCELED";
    case "WorkflowExecutionContinuedAsNew":
      return "CONTINUED_AS_NEW";
    case "WorkflowExecutionTerminated":
      return "TERMINATED";
    case "WorkflowExecutionTimedOut":
      return "TIMED_OUT";
    default:
      return undefined;
  }
}

/**
 * The status an outcome event gives to the task it closes: `…Completed`, `TimerFired` and the
 * external acknowledgements are successes; `…Failed`, `…TimedOut`, `…Canceled`, `…Terminated`
 * map to their names. Undefined for events that close nothing.
 */
export function outcomeStatusOfEvent(
  eventType: EventType | string | undefined,
): VisualStatus | undefined {
  if (!eventType) return undefined;
  if (
    eventType === "TimerFired" ||
    eventType === "ExternalWorkflowExecutionSignaled" ||
    eventType === "ExternalWorkflowExecutionCancelRequested"
  )
    return "completed";
  if (eventType === "WorkflowExecutionContinuedAsNew") return "continuedAsNew";
  if (eventType.endsWith("Completed")) return "completed";
  if (eventType.endsWith("Failed")) return "failed";
  if (eventType.endsWith("TimedOut")) return "timedOut";
  if (eventType.endsWith("Canceled")) return "canceled";
  if (eventType.endsWith("Terminated")) return "terminated";
  return undefined;
}

/**
 * What happened to work still open when the run closed: SWF discards it silently. We
 * show it as terminated / timed out when the run was, and as canceled otherwise (the run moved
 * on without it).
 */
export function abandonedStatus(closeStatus: CloseStatus | undefined): VisualStatus {
  if (closeStatus === "TERMINATED") return "terminated";
  if (closeStatus === "TIMED_OUT") return "timedOut";
  return "canceled";
}

/** True for statuses that will not change any more. */
export function isFinalStatus(status: VisualStatus): boolean {
  return status !== "running" && status !== "scheduled" && status !== "pending";
}

/**
 * Severity order used when several items are merged into one (a collapsed graph node): the
 * merged item shows the most alarming status among them.
 */
const SEVERITY: Record<VisualStatus, number> = {
  failed: 8,
  timedOut: 7,
  terminated: 6,
  canceled: 5,
  running: 4,
  scheduled: 3,
  pending: 2,
  continuedAsNew: 1,
  completed: 0,
};

export function worstStatus(a: VisualStatus, b: VisualStatus): VisualStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

export interface StatusStyle {
  /** Human label ("Timed out"). */
  label: string;
  /** Soft background for badges, rows and nodes (light + dark). */
  bg: string;
  /** Text colour to use on `bg` and on the page background. */
  text: string;
  /** Border colour for badges and graph nodes. */
  border: string;
  /** Strong fill for timeline bars, dots and edges. */
  solid: string;
  /** Tailwind `stroke-` class for SVG edges and outlines. */
  stroke: string;
}

// Full class names only: Tailwind finds classes by scanning source text, so they must never be
// assembled from pieces. Contrast: text-*-800 on *-100 and text-*-200 on *-900/40 pass WCAG AA.
export const STATUS_STYLE: Record<VisualStatus, StatusStyle> = {
  running: {
    label: "Running",
    bg: "bg-blue-100 dark:bg-blue-900/40",
    text: "text-blue-800 dark:text-blue-200",
    border: "border-blue-400 dark:border-blue-500",
    solid: "bg-blue-500 dark:bg-blue-400",
    stroke: "stroke-blue-500 dark:stroke-blue-400",
  },
  scheduled: {
    label: "Scheduled",
    bg: "bg-amber-100 dark:bg-amber-900/40",
    text: "text-amber-800 dark:text-amber-200",
    border: "border-amber-400 dark:border-amber-500",
    solid: "bg-amber-400 dark:bg-amber-300",
    stroke: "stroke-amber-400 dark:stroke-amber-300",
  },
  pending: {
    label: "Pending",
    bg: "bg-slate-100 dark:bg-slate-800/60",
    text: "text-slate-700 dark:text-slate-300",
    border: "border-dashed border-slate-400 dark:border-slate-500",
    solid: "bg-slate-400 dark:bg-slate-500",
    stroke: "stroke-slate-400 dark:stroke-slate-500",
  },
  completed: {
    label: "Completed",
    bg: "bg-emerald-100 dark:bg-emerald-900/40",
    text: "text-emerald-800 dark:text-emerald-200",
    border: "border-emerald-400 dark:border-emerald-500",
    solid: "bg-emerald-500 dark:bg-emerald-400",
    stroke: "stroke-emerald-500 dark:stroke-emerald-400",
  },
  failed: {
    label: "Failed",
    bg: "bg-red-100 dark:bg-red-900/40",
    text: "text-red-800 dark:text-red-200",
    border: "border-red-500 dark:border-red-500",
    solid: "bg-red-500 dark:bg-red-400",
    stroke: "stroke-red-500 dark:stroke-red-400",
  },
  timedOut: {
    label: "Timed out",
    bg: "bg-orange-100 dark:bg-orange-900/40",
    text: "text-orange-800 dark:text-orange-200",
    border: "border-orange-500 dark:border-orange-500",
    solid: "bg-orange-500 dark:bg-orange-400",
    stroke: "stroke-orange-500 dark:stroke-orange-400",
  },
  canceled: {
    label: "Canceled",
    bg: "bg-zinc-200 dark:bg-zinc-700/60",
    text: "text-zinc-800 dark:text-zinc-200",
    border: "border-zinc-400 dark:border-zinc-500",
    solid: "bg-zinc-500 dark:bg-zinc-400",
    stroke: "stroke-zinc-500 dark:stroke-zinc-400",
  },
  terminated: {
    label: "Terminated",
    bg: "bg-fuchsia-100 dark:bg-fuchsia-900/40",
    text: "text-fuchsia-800 dark:text-fuchsia-200",
    border: "border-fuchsia-500 dark:border-fuchsia-500",
    solid: "bg-fuchsia-600 dark:bg-fuchsia-400",
    stroke: "stroke-fuchsia-600 dark:stroke-fuchsia-400",
  },
  continuedAsNew: {
    label: "Continued as new",
    bg: "bg-violet-100 dark:bg-violet-900/40",
    text: "text-violet-800 dark:text-violet-200",
    border: "border-violet-400 dark:border-violet-500",
    solid: "bg-violet-500 dark:bg-violet-400",
    stroke: "stroke-violet-500 dark:stroke-violet-400",
  },
};
