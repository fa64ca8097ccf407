// Why a run closed without completing, in one line an operator can group by: the failure reason,
// the timeout type, the termination reason or cause, the cancellation's details — and, when the
// run failed after an activity (or Lambda function, or child) failed, what that was and why.
// Works on a whole history or on its last page only (read in reverse order), in any order.
import type { CloseStatus, HistoryEvent } from "@aws-sdk/client-swf";
import { closeStatusOfEvent } from "./status";

export interface CloseCause {
  /** "activity" | "lambda" | "child": the kind of work item that failed before the run did. */
  kind: "activity" | "lambda" | "child";
  /** Activity type / function name / child workflow type name. */
  name: string;
  /** Its failure reason, or "timed out (START_TO_CLOSE)", "terminated", … */
  reason: string;
}

export interface CloseReason {
  status: CloseStatus;
  /** One line: "PaymentDeclined", "START_TO_CLOSE", "OPERATOR_INITIATED: stuck order". Never empty. */
  reason: string;
  details?: string;
  cause?: CloseCause;
}

const NO_REASON = "(no reason given)";

/** The close reason of a closed run, or undefined when the events hold no close event. */
export function closeReason(events: readonly HistoryEvent[]): CloseReason | undefined {
  const close = events.find((e) => closeStatusOfEvent(e.eventType) !== undefined);
  if (!close) return undefined;
  const status = closeStatusOfEvent(close.eventType)!;
  const result = ((): Omit<CloseReason, "status"> => {
    switch (close.eventType) {
      case "WorkflowExecutionFailed": {
        const a = close.workflowExecutionFailedEventAttributes;
        return { reason: a?.reason || NO_REASON, details: a?.details };
      }
      case "WorkflowExecutionTimedOut":
        return {
          reason: close.workflowExecutionTimedOutEventAttributes?.timeoutType ?? "TIMED_OUT",
        };
      case "WorkflowExecutionTerminated": {
        const a = close.workflowExecutionTerminatedEventAttributes;
        const reason = [a?.cause, a?.reason].filter(Boolean).join(": ");
        return { reason: reason || NO_REASON, details: a?.details };
      }
      case "WorkflowExecutionCanceled": {
        const details = close.workflowExecutionCanceledEventAttributes?.details;
        return { reason: details || "canceled", details };
      }
      default:
        return { reason: status };
    }
  })();
  const cause = status === "FAILED" ? lastFailedWork(events, close.eventId ?? Infinity) : undefined;
  return { status, ...result, ...(cause ? { cause } : {}) };
}

/** One line for a group heading: "PaymentDeclined — after activity ChargeCard failed: CardDeclined". */
export function closeReasonText(r: Pick<CloseReason, "reason" | "cause">): string {
  return r.cause
    ? `${r.reason} — after ${r.cause.kind} ${r.cause.name} failed: ${r.cause.reason}`
    : r.reason;
}

/** The last failed work item before the close event (highest event id below it). */
function lastFailedWork(events: readonly HistoryEvent[], closeId: number): CloseCause | undefined {
  let best: { id: number; cause: CloseCause } | undefined;
  for (const e of events) {
    const id = e.eventId ?? 0;
    if (id >= closeId || (best && best.id >= id)) continue;
    const cause = failedWork(e, events);
    if (cause) best = { id, cause };
  }
  return best?.cause;
}

function failedWork(e: HistoryEvent, events: readonly HistoryEvent[]): CloseCause | undefined {
  const scheduled = (id: number | undefined) => events.find((x) => x.eventId === id);
  switch (e.eventType) {
    case "ActivityTaskFailed": {
      const a = e.activityTaskFailedEventAttributes;
      const s = scheduled(a?.scheduledEventId)?.activityTaskScheduledEventAttributes;
      return {
        kind: "activity",
        name: s?.activityType?.name ?? `activity #${a?.scheduledEventId ?? "?"}`,
        reason: a?.reason || NO_REASON,
      };
    }
    case "ActivityTaskTimedOut": {
      const a = e.activityTaskTimedOutEventAttributes;
      const s = scheduled(a?.scheduledEventId)?.activityTaskScheduledEventAttributes;
      return {
        kind: "activity",
        name: s?.activityType?.name ?? `activity #${a?.scheduledEventId ?? "?"}`,
        reason: `timed out (${a?.timeoutType ?? "?"})`,
      };
    }
    case "LambdaFunctionFailed": {
      const a = e.lambdaFunctionFailedEventAttributes;
      const s = scheduled(a?.scheduledEventId)?.lambdaFunctionScheduledEventAttributes;
      return { kind: "lambda", name: s?.name ?? "function", reason: a?.reason || NO_REASON };
    }
    case "LambdaFunctionTimedOut": {
      const a = e.lambdaFunctionTimedOutEventAttributes;
      const s = scheduled(a?.scheduledEventId)?.lambdaFunctionScheduledEventAttributes;
      return {
        kind: "lambda",
        name: s?.name ?? "function",
        reason: `timed out (${a?.timeoutType ?? "?"})`,
      };
    }
    case "ChildWorkflowExecutionFailed": {
      const a = e.childWorkflowExecutionFailedEventAttributes;
      return {
        kind: "child",
        name: a?.workflowType?.name ?? "child",
        reason: a?.reason || NO_REASON,
      };
    }
    case "ChildWorkflowExecutionTimedOut": {
      const a = e.childWorkflowExecutionTimedOutEventAttributes;
      return {
        kind: "child",
        name: a?.workflowType?.name ?? "child",
        reason: `timed out (${a?.timeoutType ?? "?"})`,
      };
    }
    case "ChildWorkflowExecutionTerminated":
      return {
        kind: "child",
        name: e.childWorkflowExecutionTerminatedEventAttributes?.workflowType?.name ?? "child",
        reason: "terminated",
      };
    default:
      return undefined;
  }
}
