// Whether an open run needs someone to look at it, in facts read off the history model: failures
// nothing has made good yet (an activity that failed and was not retried successfully, a decision
// SWF refused, decision tasks timing out one after another, …) and work waiting longer than it
// should (a task scheduled on a list no worker polls, a run with nothing scheduled at all). The
// execution page shows them above the summary; a healthy run yields none. Pure: `now` is given.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { durationSeconds } from "./duration";
import { deadlinesOf, pendingWork, type PendingDeadline } from "./pending";
import {
  historyModel,
  openItems,
  type HistoryModel,
  type WorkItem,
  type WorkItemKind,
} from "./work-items";

/**
 * - `failed`: work that failed or timed out (activity, Lambda function, child workflow, a signal
 *   or cancel request sent to another run), or a decision SWF refused (its `cause` says why);
 * - `decisionTimedOut`: the last `count` decision tasks timed out, none completed since;
 * - `notPickedUp`: a task scheduled longer than the threshold and not started (no worker or
 *   decider polls its task list, or they are all busy);
 * - `idle`: nothing is scheduled at all: the run moves only on a signal, a cancel request or its
 *   own time-out.
 */
export type AttentionKind = "failed" | "decisionTimedOut" | "notPickedUp" | "idle";

export interface AttentionFact {
  kind: AttentionKind;
  /** The event to show: the failure, the latest time-out, the scheduling, the last decision. */
  eventId: number;
  eventType: string;
  /** Epoch ms of that event. */
  at: number;
  /** The work item concerned (absent for `idle` when no decision completed yet). */
  itemKind?: WorkItemKind;
  /** activityId, Lambda id, timer id, marker name, child or target workflow id; "" for a close. */
  id?: string;
  typeName?: string;
  typeVersion?: string;
  attempt?: number;
  refused?: boolean;
  reason?: string;
  details?: string;
  cause?: string;
  timeoutType?: string;
  /** `decisionTimedOut`: how many in a row. */
  count?: number;
  /** `notPickedUp`: the task list it waits on, and for how long (ms). */
  taskList?: string;
  waitedMs?: number;
  /** `notPickedUp`: the time-out that will end the wait, if any. */
  deadline?: PendingDeadline;
  /** `idle`: the last decision issued no decisions at all. */
  issuedNothing?: boolean;
  /** `idle`: when the run itself times out (execution start-to-close), if it has a limit. */
  runDueAt?: number;
}

export interface AttentionOptions {
  /** Work scheduled at least this long ago and not started is reported. Default 1 minute. */
  waitingAfterMs?: number;
}

export const DEFAULT_WAITING_AFTER_MS = 60_000;

/** Kinds whose latest item, per id, is a fact when it failed, timed out or was refused. */
const PER_ID = new Set<WorkItemKind>([
  "activity",
  "lambda",
  "child",
  "timer",
  "marker",
  "signalExternal",
  "cancelExternal",
]);

/** Refused close decisions: the decider wanted the run to end and SWF said no. */
const CLOSE_REFUSALS = new Set([
  "CompleteWorkflowExecutionFailed",
  "FailWorkflowExecutionFailed",
  "CancelWorkflowExecutionFailed",
  "ContinueAsNewWorkflowExecutionFailed",
]);

const lastEvent = (item: WorkItem): HistoryEvent => item.events[item.events.length - 1];
const lastEventId = (item: WorkItem): number => lastEvent(item).eventId ?? 0;

function factOf(item: WorkItem): AttentionFact {
  const event = lastEvent(item);
  return {
    kind: "failed",
    eventId: event.eventId ?? item.firstEventId,
    eventType: event.eventType ?? "",
    at: item.closedAt ?? item.scheduledAt,
    itemKind: item.kind,
    id: item.id,
    typeName: item.type?.name,
    typeVersion: item.type?.version,
    attempt: item.attempt,
    refused: item.refused,
    reason: item.reason,
    details: item.details,
    cause: item.cause,
    timeoutType: item.timeoutType,
  };
}

/**
 * Per kind and id, the item whose last event is the latest: a later successful attempt makes an
 * earlier failure good, and a retry still in flight means the decider is handling it.
 */
function unrecoveredFailures(model: HistoryModel): AttentionFact[] {
  const latest = new Map<string, WorkItem>();
  let lastDecisionCompleted = 0;
  const closeRefusals: WorkItem[] = [];
  for (const item of model.items) {
    if (item.kind === "decision" && item.state === "completed")
      lastDecisionCompleted = Math.max(lastDecisionCompleted, item.closedEventId ?? 0);
    if (item.kind === "refusal" && CLOSE_REFUSALS.has(lastEvent(item).eventType ?? ""))
      closeRefusals.push(item);
    if (!PER_ID.has(item.kind)) continue;
    const key = `${item.kind}\u0000${item.id}`;
    const seen = latest.get(key);
    if (!seen || lastEventId(item) >= lastEventId(seen)) latest.set(key, item);
  }
  const out: AttentionFact[] = [];
  for (const item of latest.values())
    if (item.state === "failed" || item.state === "timedOut") out.push(factOf(item));
  // A refused close is made good by any later decision: the decider had its chance to try again.
  const refusal = closeRefusals[closeRefusals.length - 1];
  if (refusal && refusal.firstEventId > lastDecisionCompleted) out.push(factOf(refusal));
  return out;
}

/** The decision tasks that timed out since the last one completed (none: undefined). */
function decisionTimeouts(model: HistoryModel): AttentionFact | undefined {
  let count = 0;
  let latest: WorkItem | undefined;
  for (let i = model.items.length - 1; i >= 0; i--) {
    const item = model.items[i];
    if (item.kind !== "decision" || item.open) continue;
    if (item.state !== "timedOut") break;
    count++;
    latest ??= item;
  }
  if (!latest) return undefined;
  return {
    kind: "decisionTimedOut",
    eventId: latest.closedEventId ?? latest.firstEventId,
    eventType: "DecisionTaskTimedOut",
    at: latest.closedAt ?? latest.scheduledAt,
    itemKind: "decision",
    timeoutType: latest.timeoutType,
    count,
  };
}

/** Scheduled tasks nobody has picked up for at least `after` ms: activities and the decision task. */
function waiting(model: HistoryModel, now: number, after: number): AttentionFact[] {
  const pending = pendingWork(model);
  const out: AttentionFact[] = [];
  for (const item of openItems(model)) {
    if (item.state !== "scheduled" || now - item.scheduledAt < after) continue;
    if (item.kind === "activity") {
      out.push({
        kind: "notPickedUp",
        eventId: item.firstEventId,
        eventType: "ActivityTaskScheduled",
        at: item.scheduledAt,
        itemKind: "activity",
        id: item.id,
        typeName: item.type?.name,
        typeVersion: item.type?.version,
        attempt: item.attempt,
        taskList: item.taskList,
        waitedMs: now - item.scheduledAt,
        deadline: deadlinesOf(item).find((d) => d.dueAt !== undefined),
      });
    }
  }
  // A decision task queued behind a started one waits for that one, not for a decider.
  const task = pending.decisionTask;
  if (task && task.state === "scheduled" && now - task.scheduledAt.getTime() >= after) {
    out.unshift({
      kind: "notPickedUp",
      eventId: task.scheduledEventId,
      eventType: "DecisionTaskScheduled",
      at: task.scheduledAt.getTime(),
      itemKind: "decision",
      attempt: task.attempt,
      taskList: task.taskList,
      waitedMs: now - task.scheduledAt.getTime(),
      deadline: task.deadlines.find((d) => d.dueAt !== undefined),
    });
  }
  return out;
}

/** Nothing open at all: no decision task, no work, no request to another run. */
function idle(model: HistoryModel): AttentionFact | undefined {
  if (openItems(model).length > 0) return undefined;
  const decisions = model.items.filter((i) => i.kind === "decision" && i.state === "completed");
  const last = decisions[decisions.length - 1];
  const run = model.run;
  const runSeconds = durationSeconds(run?.timeouts?.startToClose);
  const runDueAt =
    run?.startedAt !== undefined && runSeconds !== undefined
      ? run.startedAt + runSeconds * 1000
      : undefined;
  const eventId = last?.closedEventId ?? run?.firstEventId ?? 0;
  return {
    kind: "idle",
    eventId,
    eventType: last ? "DecisionTaskCompleted" : "WorkflowExecutionStarted",
    at: last?.closedAt ?? run?.scheduledAt ?? 0,
    itemKind: last ? "decision" : undefined,
    issuedNothing: last ? (model.commandsByDecision.get(eventId)?.length ?? 0) === 0 : undefined,
    runDueAt,
  };
}

/**
 * What needs attention in an open run at `now` (epoch ms): failures not made good yet, the
 * newest first, then the decision-task time-outs in a row, then waiting work and an idle run.
 * Empty for a closed run (its close reason says what happened) and for a healthy one.
 */
export function needsAttention(
  source: readonly HistoryEvent[] | HistoryModel,
  now: number,
  options: AttentionOptions = {},
): AttentionFact[] {
  const model = historyModel(source);
  if (model.closeStatus !== undefined || !model.run) return [];
  const after = options.waitingAfterMs ?? DEFAULT_WAITING_AFTER_MS;
  const failures = unrecoveredFailures(model).sort((a, b) => b.eventId - a.eventId);
  const timeouts = decisionTimeouts(model);
  const idleRun = idle(model);
  return [
    ...failures,
    ...(timeouts ? [timeouts] : []),
    ...waiting(model, now, after),
    ...(idleRun ? [idleRun] : []),
  ];
}
