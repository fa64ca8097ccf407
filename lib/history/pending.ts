// What an execution is waiting for right now: open activities, timers, children, the decision
// task, Lambda functions, and signals/cancel requests sent to other executions without an answer
// yet — the open work items of the history model, in the shapes the pending-work panel shows.
import type { ActivityType, HistoryEvent, WorkflowType } from "@aws-sdk/client-swf";
import { durationSeconds } from "./duration";
import {
  historyModel,
  openItems,
  type HistoryModel,
  type WorkItem,
  type WorkItemKind,
} from "./work-items";

/** Which of SWF's time-outs a deadline is. */
export type DeadlineKind = "scheduleToStart" | "scheduleToClose" | "startToClose" | "heartbeat";

/**
 * A time-out that applies to a task in its current state: while scheduled, schedule-to-start and
 * schedule-to-close; once started, start-to-close, schedule-to-close and the heartbeat. "NONE"
 * (no limit) is left out.
 */
export interface PendingDeadline {
  kind: DeadlineKind;
  /** The time-out, in seconds, as the scheduling event recorded it. */
  seconds: number;
  /**
   * When SWF times the task out if nothing happens first. Absent for the heartbeat (SWF does not
   * record when a worker last heartbeat: neither the history nor DescribeWorkflowExecution says)
   * and for a Lambda function's start-to-close before it started.
   */
  dueAt?: Date;
}

export interface PendingActivity {
  activityId: string;
  activityType?: ActivityType;
  scheduledEventId: number;
  startedEventId?: number;
  state: "scheduled" | "started";
  scheduledAt: Date;
  startedAt?: Date;
  /** Worker identity from `ActivityTaskStarted`. */
  identity?: string;
  /** A RequestCancelActivityTask was recorded; the worker learns of it at its next heartbeat. */
  cancelRequested: boolean;
  /** 1 for the first `ActivityTaskScheduled` with this activityId in the run, 2 for the first retry, … */
  attempt: number;
  input?: string;
  taskList?: string;
  /** The deadlines that apply now, the soonest first (those without a due time last). */
  deadlines: PendingDeadline[];
}

export interface PendingTimer {
  timerId: string;
  startedEventId: number;
  startedAt: Date;
  startToFireTimeout?: string;
  /** startedAt + startToFireTimeout; absent if the duration is unreadable. */
  fireAt?: Date;
}

export interface PendingChild {
  workflowId: string;
  /** Known once `ChildWorkflowExecutionStarted` is recorded. */
  runId?: string;
  workflowType?: WorkflowType;
  initiatedEventId: number;
  startedEventId?: number;
  state: "initiated" | "started";
  initiatedAt: Date;
  startedAt?: Date;
}

export interface PendingDecisionTask {
  scheduledEventId: number;
  startedEventId?: number;
  state: "scheduled" | "started";
  scheduledAt: Date;
  startedAt?: Date;
  /** The task list it was scheduled on (the run's, unless a decision overrode it). */
  taskList?: string;
  /** 1 + the decision tasks that timed out just before it. */
  attempt: number;
  /** Started: its start-to-close; scheduled: a schedule-to-start, if one was recorded. */
  deadlines: PendingDeadline[];
}

export interface PendingExternalRequest {
  kind: "signal" | "cancel";
  workflowId: string;
  runId?: string;
  /** Signals only. */
  signalName?: string;
  initiatedEventId: number;
  initiatedAt: Date;
}

export interface PendingLambda {
  id: string;
  name?: string;
  scheduledEventId: number;
  startedEventId?: number;
  state: "scheduled" | "started";
  scheduledAt: Date;
  startedAt?: Date;
  /** Its start-to-close (due once started). */
  deadlines: PendingDeadline[];
}

export interface PendingWork {
  /**
   * True once a close event is in the history. SWF then discards everything open, so all
   * lists are empty — except that child executions outlive their parent; they are not listed
   * because this history can no longer tell whether they are still running.
   */
  closed: boolean;
  activities: PendingActivity[];
  timers: PendingTimer[];
  children: PendingChild[];
  /** The decision task being worked on, or else the one waiting for a decider. */
  decisionTask?: PendingDecisionTask;
  /**
   * A second decision task, scheduled while `decisionTask` is started (new events arrived while
   * the decider worked). Dispatched when the started one completes or times out.
   */
  queuedDecisionTask?: PendingDecisionTask;
  externalSignals: PendingExternalRequest[];
  externalCancels: PendingExternalRequest[];
  lambdas: PendingLambda[];
}

const date = (ms: number): Date => new Date(ms);
const dateOrUndefined = (ms: number | undefined): Date | undefined =>
  ms === undefined ? undefined : new Date(ms);

/** Which time-outs run while a task is scheduled, and which once it started (SWF's rules). */
const DEADLINES: Record<"scheduled" | "started", DeadlineKind[]> = {
  scheduled: ["scheduleToStart", "scheduleToClose"],
  started: ["startToClose", "scheduleToClose", "heartbeat"],
};

/**
 * The deadlines of an open activity, decision task or Lambda function in its current state, the
 * soonest first. `fallback` supplies what the scheduling event did not record (a decision task's
 * start-to-close defaults to the run's).
 */
export function deadlinesOf(
  item: WorkItem,
  fallback: WorkItem["timeouts"] = undefined,
): PendingDeadline[] {
  const state = item.state === "started" ? "started" : "scheduled";
  const kinds = item.kind === "lambda" ? (["startToClose"] as DeadlineKind[]) : DEADLINES[state];
  const out: PendingDeadline[] = [];
  for (const kind of kinds) {
    const seconds = durationSeconds(item.timeouts?.[kind] ?? fallback?.[kind]);
    if (seconds === undefined) continue;
    const from =
      kind === "startToClose"
        ? item.startedAt
        : kind === "heartbeat"
          ? undefined
          : item.scheduledAt;
    out.push({
      kind,
      seconds,
      dueAt: from === undefined ? undefined : new Date(from + seconds * 1000),
    });
  }
  return out.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity));
}

function activityOf(item: WorkItem): PendingActivity {
  return {
    activityId: item.id,
    activityType: item.type as ActivityType | undefined,
    scheduledEventId: item.firstEventId,
    startedEventId: item.startedEventId,
    state: item.state === "started" ? "started" : "scheduled",
    scheduledAt: date(item.scheduledAt),
    startedAt: dateOrUndefined(item.startedAt),
    identity: item.identity,
    cancelRequested: item.cancelRequested,
    attempt: item.attempt,
    input: item.input,
    taskList: item.taskList,
    deadlines: deadlinesOf(item),
  };
}

function timerOf(item: WorkItem): PendingTimer {
  return {
    timerId: item.id,
    startedEventId: item.firstEventId,
    startedAt: date(item.scheduledAt),
    startToFireTimeout: item.startToFireTimeout,
    fireAt: dateOrUndefined(item.fireAt),
  };
}

function childOf(item: WorkItem): PendingChild {
  return {
    workflowId: item.id,
    runId: item.execution?.runId,
    workflowType: item.type as WorkflowType | undefined,
    initiatedEventId: item.firstEventId,
    startedEventId: item.startedEventId,
    state: item.state === "started" ? "started" : "initiated",
    initiatedAt: date(item.scheduledAt),
    startedAt: dateOrUndefined(item.startedAt),
  };
}

function lambdaOf(item: WorkItem): PendingLambda {
  return {
    id: item.id,
    name: item.type?.name,
    scheduledEventId: item.firstEventId,
    startedEventId: item.startedEventId,
    state: item.state === "started" ? "started" : "scheduled",
    scheduledAt: date(item.scheduledAt),
    startedAt: dateOrUndefined(item.startedAt),
    deadlines: deadlinesOf(item),
  };
}

/**
 * A decision task. Its scheduling event records its task list and start-to-close; when a history
 * lacks them, the run's own (from WorkflowExecutionStarted) apply, as they do in SWF.
 */
function decisionTaskOf(item: WorkItem, run: WorkItem | undefined): PendingDecisionTask {
  return {
    scheduledEventId: item.firstEventId,
    startedEventId: item.startedEventId,
    state: item.state === "started" ? "started" : "scheduled",
    scheduledAt: date(item.scheduledAt),
    startedAt: dateOrUndefined(item.startedAt),
    taskList: item.taskList ?? run?.taskList,
    attempt: item.attempt,
    deadlines: deadlinesOf(item, { startToClose: run?.timeouts?.taskStartToClose }),
  };
}

function externalOf(item: WorkItem): PendingExternalRequest {
  return {
    kind: item.kind === "signalExternal" ? "signal" : "cancel",
    workflowId: item.id,
    runId: item.execution?.runId,
    signalName: item.signalName,
    initiatedEventId: item.firstEventId,
    initiatedAt: date(item.scheduledAt),
  };
}

/** Open work at the end of `events` (or of a model built from them), each list in opening order. */
export function pendingWork(source: readonly HistoryEvent[] | HistoryModel): PendingWork {
  const model = historyModel(source);
  const closed = model.closeStatus !== undefined;
  if (closed) {
    return {
      closed,
      activities: [],
      timers: [],
      children: [],
      externalSignals: [],
      externalCancels: [],
      lambdas: [],
    };
  }
  const open = openItems(model);
  const of = (kind: WorkItemKind) => open.filter((item) => item.kind === kind);
  // At most one started and one scheduled decision task exist at a time.
  const tasks = of("decision");
  const started = tasks.find((t) => t.state === "started");
  const waiting = tasks.filter((t) => t.state === "scheduled");
  const decisionTask = (item: WorkItem | undefined): PendingDecisionTask | undefined =>
    item ? decisionTaskOf(item, model.run) : undefined;
  return {
    closed,
    activities: of("activity").map(activityOf),
    timers: of("timer").map(timerOf),
    children: of("child").map(childOf),
    decisionTask: decisionTask(started ?? waiting[0]),
    queuedDecisionTask: decisionTask(started ? waiting[0] : waiting[1]),
    externalSignals: of("signalExternal").map(externalOf),
    externalCancels: of("cancelExternal").map(externalOf),
    lambdas: of("lambda").map(lambdaOf),
  };
}
