// Why a run closed the way it did: the close status with its reason, details, timeout type or
// termination cause, and — when the run ended badly after a piece of its work failed — that work
// item (activity, Lambda function or child workflow) with its type and reason. The failures view
// groups closed runs by this; the execution page shows it in its header.
import type { CloseStatus, HistoryEvent } from "@aws-sdk/client-swf";
import { historyModel, type HistoryModel, type WorkItem } from "./work-items";

/** The failed work a bad close followed. */
export interface FailedWork {
  kind: "activity" | "lambda" | "child";
  /** activityId, Lambda id or child workflowId. */
  id: string;
  /** Activity type, Lambda function or child workflow type name. */
  typeName?: string;
  typeVersion?: string;
  state: WorkItem["state"];
  reason?: string;
  details?: string;
  timeoutType?: string;
  cause?: string;
  attempt: number;
  /** The event that reported the failure. */
  eventId?: number;
}

export interface CloseReason {
  status: CloseStatus;
  /** Epoch ms of the close event. */
  closedAt: number;
  eventId: number;
  /** FailWorkflowExecution's reason, or the termination reason. */
  reason?: string;
  details?: string;
  /** TIMED_OUT: `START_TO_CLOSE`. */
  timeoutType?: string;
  /** TERMINATED: `OPERATOR_INITIATED`, `CHILD_POLICY_APPLIED`, `EVENT_LIMIT_EXCEEDED`. */
  cause?: string;
  /** COMPLETED: the result. */
  result?: string;
  /** CONTINUED_AS_NEW: the new run. */
  newRunId?: string;
  /** FAILED, TIMED_OUT, TERMINATED: the failed work it followed, if any. */
  after?: FailedWork;
  /**
   * One line for people and for grouping: "FAILED: CardDeclined · after ChargeCard failed:
   * insufficient funds". Only stable parts (no ids, no times), so equal causes give equal lines.
   */
  summary: string;
}

const WORK_KINDS = new Set<WorkItem["kind"]>(["activity", "lambda", "child"]);
/** Statuses a failure of work can lead to. A canceled run's canceled work is its consequence. */
const AFTER_WORK = new Set<CloseStatus>(["FAILED", "TIMED_OUT", "TERMINATED"]);

/** An activity or Lambda function that failed or timed out; a child that ended in any other way than completing. */
function unsuccessful(item: WorkItem): boolean {
  if (item.state === "failed" || item.state === "timedOut") return true;
  return item.kind === "child" && (item.state === "canceled" || item.state === "terminated");
}

/**
 * The most recent unsuccessful activity, Lambda function or child before the close that no later
 * attempt of the same id made good (a failure followed by a successful retry is not the cause).
 */
function failedWorkBefore(model: HistoryModel, closeEventId: number): WorkItem | undefined {
  const closed = model.items
    .filter((i) => WORK_KINDS.has(i.kind) && (i.closedEventId ?? Infinity) < closeEventId)
    .sort((a, b) => b.closedEventId! - a.closedEventId!);
  const recovered = new Set<string>();
  for (const item of closed) {
    const key = `${item.kind}:${item.id}`;
    if (item.state === "completed") recovered.add(key);
    else if (unsuccessful(item) && !recovered.has(key)) return item;
  }
  return undefined;
}

function describeWork(work: FailedWork): string {
  const what = work.typeName ?? work.id;
  const how = work.state === "timedOut" ? "timed out" : work.state;
  const why = work.reason ?? work.timeoutType ?? work.cause;
  return `${what} ${how}${why ? `: ${why}` : ""}`;
}

/** Why the run closed; undefined while it is open (no close event in `source`). */
export function closeReason(
  source: readonly HistoryEvent[] | HistoryModel,
): CloseReason | undefined {
  const model = historyModel(source);
  const run = model.run;
  if (!model.closeStatus || run?.closedEventId === undefined || run.closedAt === undefined)
    return undefined;
  const status = model.closeStatus;
  const closeEvent = run.events[run.events.length - 1];
  const out: CloseReason = {
    status,
    closedAt: run.closedAt,
    eventId: run.closedEventId,
    reason: run.reason,
    details: run.details,
    timeoutType: run.timeoutType,
    cause: run.cause,
    result: run.result,
    newRunId: closeEvent.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId,
    summary: status,
  };
  if (AFTER_WORK.has(status)) {
    const item = failedWorkBefore(model, run.closedEventId);
    if (item) {
      out.after = {
        kind: item.kind as FailedWork["kind"],
        id: item.id,
        typeName: item.type?.name,
        typeVersion: item.type?.version,
        state: item.state,
        reason: item.reason,
        details: item.details,
        timeoutType: item.timeoutType,
        cause: item.cause,
        attempt: item.attempt,
        eventId: item.closedEventId,
      };
    }
  }
  const own = out.reason ?? out.timeoutType ?? out.cause;
  out.summary = [
    own ? `${status}: ${own}` : status,
    out.after ? `after ${describeWork(out.after)}` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  return out;
}
