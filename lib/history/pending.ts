// What an execution is waiting for right now: open activities, timers, children, the decision
// task, Lambda functions, and signals/cancel requests sent to other executions without an answer
// yet — the open work items of the history model, in the shapes the pending-work panel shows.
import type { ActivityType, HistoryEvent, WorkflowType } from "@aws-sdk/client-swf";
import {
  historyModel,
  openItems,
  type HistoryModel,
  type WorkItem,
  type WorkItemKind,
} from "./work-items";

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

function taskOf(item: WorkItem): PendingDecisionTask & PendingLambda {
  return {
    id: item.id,
    name: item.type?.name,
    scheduledEventId: item.firstEventId,
    startedEventId: item.startedEventId,
    state: item.state === "started" ? "started" : "scheduled",
    scheduledAt: date(item.scheduledAt),
    startedAt: dateOrUndefined(item.startedAt),
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
  const decisionTask = (item: WorkItem | undefined): PendingDecisionTask | undefined => {
    if (!item) return undefined;
    const { id: _id, name: _name, ...task } = taskOf(item);
    return task;
  };
  return {
    closed,
    activities: of("activity").map(activityOf),
    timers: of("timer").map(timerOf),
    children: of("child").map(childOf),
    decisionTask: decisionTask(started ?? waiting[0]),
    queuedDecisionTask: decisionTask(started ? waiting[0] : waiting[1]),
    externalSignals: of("signalExternal").map(externalOf),
    externalCancels: of("cancelExternal").map(externalOf),
    lambdas: of("lambda").map(taskOf),
  };
}
