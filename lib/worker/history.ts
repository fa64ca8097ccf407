/**
 * A typed, read-only view of one run's history for deciders: "what happened to activity X",
 * "which signals arrived", "which timers are open", "what did the child or Lambda function
 * return". Pure: build it from any event list (a decision task's pages,
 * GetWorkflowExecutionHistory, a hand-written test fixture). Deciders recompute their next step
 * from this view on every decision task. The correlation of events is the console's history model
 * (lib/history/work-items.ts); this module only shapes its items for deciders.
 */
import type {
  ActivityTaskTimeoutType,
  ActivityType,
  CloseStatus,
  EventType,
  HistoryEvent,
  WorkflowExecution,
  WorkflowExecutionStartedEventAttributes,
  WorkflowType,
} from "@aws-sdk/client-swf";
import {
  attributesKey,
  eventAttributes,
  type AttributesKey,
  type AttributesOf,
} from "../history/events";
import { buildHistoryModel, type WorkItem } from "../history/work-items";

export type { AttributesKey, AttributesOf };

/** The attributes of `event` if it is of type `type`. */
export function attributesOf<T extends EventType>(
  event: HistoryEvent,
  type: T,
): AttributesOf<T> | undefined {
  if (event.eventType !== type) return undefined;
  return (event[attributesKey(type)] ?? undefined) as AttributesOf<T> | undefined;
}

export type ActivityStatus =
  | "scheduled"
  | "started"
  | "completed"
  | "failed"
  | "timedOut"
  | "canceled"
  /** ScheduleActivityTaskFailed: the decision was refused (`cause` says why). */
  | "scheduleFailed";

/** One attempt of an activity id (ids may be reused once the previous attempt closed). */
export interface ActivityState {
  activityId: string;
  activityType: ActivityType;
  status: ActivityStatus;
  /** Scheduled or started. */
  open: boolean;
  /** 1 for the first attempt of this id, 2 for the next, … */
  attempt: number;
  input?: string;
  control?: string;
  taskList?: string;
  /** 0 when the schedule decision failed. */
  scheduledEventId: number;
  startedEventId?: number;
  /** The event that closed the attempt (or the ScheduleActivityTaskFailed event). */
  closedEventId?: number;
  identity?: string;
  result?: string;
  reason?: string;
  details?: string;
  timeoutType?: ActivityTaskTimeoutType;
  /** Cause of a ScheduleActivityTaskFailed. */
  cause?: string;
  /** An ActivityTaskCancelRequested was recorded for this attempt. */
  cancelRequested: boolean;
  scheduledAt?: Date;
  closedAt?: Date;
}

export type TimerStatus = "started" | "fired" | "canceled" | "startFailed";

export interface TimerState {
  timerId: string;
  status: TimerStatus;
  open: boolean;
  attempt: number;
  /** Seconds, as recorded. */
  startToFireTimeout?: string;
  control?: string;
  /** The TimerStarted event (0 when StartTimer failed). */
  startedEventId: number;
  closedEventId?: number;
  cause?: string;
  startedAt?: Date;
  /** When the timer fires (start time + startToFireTimeout), if known. */
  fireAt?: Date;
}

export type ChildStatus =
  | "initiated"
  | "started"
  | "completed"
  | "failed"
  | "canceled"
  | "terminated"
  | "timedOut"
  | "startFailed";

export interface ChildState {
  workflowId: string;
  workflowType: WorkflowType;
  status: ChildStatus;
  open: boolean;
  attempt: number;
  /** Known once the child started. */
  runId?: string;
  input?: string;
  control?: string;
  /** 0 when the start decision was refused outright. */
  initiatedEventId: number;
  startedEventId?: number;
  closedEventId?: number;
  result?: string;
  reason?: string;
  details?: string;
  cause?: string;
}

export type LambdaStatus =
  | "scheduled"
  | "started"
  | "completed"
  | "failed"
  | "timedOut"
  /** StartLambdaFunctionFailed: SWF could not invoke the function (`cause`, `details` say why). */
  | "startFailed"
  /** ScheduleLambdaFunctionFailed: the decision was refused (`cause` says why). */
  | "scheduleFailed";

/** One scheduling of a Lambda function id (ids may be reused once the previous one closed). */
export interface LambdaState {
  id: string;
  /** The function's name. */
  name?: string;
  status: LambdaStatus;
  open: boolean;
  attempt: number;
  input?: string;
  control?: string;
  /** 0 when the schedule decision failed. */
  scheduledEventId: number;
  startedEventId?: number;
  closedEventId?: number;
  result?: string;
  reason?: string;
  details?: string;
  timeoutType?: string;
  cause?: string;
  scheduledAt?: Date;
  closedAt?: Date;
}

export interface SignalInfo {
  name: string;
  input?: string;
  eventId: number;
  at?: Date;
  /** Set when another execution sent it (SignalExternalWorkflowExecution). */
  externalWorkflowExecution?: WorkflowExecution;
  /** Arrived after the previous decision task (see `WorkflowHistory.isNew`). */
  isNew: boolean;
}

export interface MarkerInfo {
  name: string;
  details?: string;
  eventId: number;
  isNew: boolean;
}

/** A decision SWF refused (`…Failed` event of a decision), e.g. UNHANDLED_DECISION on a close. */
export interface DecisionFailure {
  eventType: EventType;
  eventId: number;
  cause?: string;
  /** activityId, timerId, workflowId or markerName the failed decision named, when it has one. */
  id?: string;
  isNew: boolean;
}

export interface CloseInfo {
  status: CloseStatus;
  eventId: number;
  result?: string;
  reason?: string;
  details?: string;
}

export interface HistoryMeta {
  /** Events after this one are "new" (the previous decision task's DecisionTaskStarted; 0: all). */
  previousStartedEventId?: number;
  /** The decision task's DecisionTaskStarted (default: the last event). */
  startedEventId?: number;
}

const DECISION_FAILURES: Partial<Record<EventType, string>> = {
  ScheduleActivityTaskFailed: "activityId",
  RequestCancelActivityTaskFailed: "activityId",
  StartTimerFailed: "timerId",
  CancelTimerFailed: "timerId",
  RecordMarkerFailed: "markerName",
  StartChildWorkflowExecutionFailed: "workflowId",
  SignalExternalWorkflowExecutionFailed: "workflowId",
  RequestCancelExternalWorkflowExecutionFailed: "workflowId",
  CompleteWorkflowExecutionFailed: "",
  FailWorkflowExecutionFailed: "",
  CancelWorkflowExecutionFailed: "",
  ContinueAsNewWorkflowExecutionFailed: "",
  ScheduleLambdaFunctionFailed: "id",
};

const date = (ms: number | undefined): Date | undefined =>
  ms === undefined ? undefined : new Date(ms);

/** A refused decision, or a child whose start failed (it never ran). */
const neverRan = (item: WorkItem): boolean =>
  item.refused || item.events.at(-1)?.eventType === "StartChildWorkflowExecutionFailed";

/**
 * Items of one id, oldest first, as deciders count attempts: a refusal because the id is still in
 * use (ACTIVITY_ID_ALREADY_IN_USE, a child's WORKFLOW_ALREADY_RUNNING, …) is not an attempt of its
 * own; it would hide the attempt that is still running. `decisionFailures()` reports it.
 */
function attemptLists(items: readonly WorkItem[]): Map<string, WorkItem[]> {
  const lists = new Map<string, WorkItem[]>();
  for (const item of items) {
    let list = lists.get(item.id);
    if (!list) lists.set(item.id, (list = []));
    const previous = list.at(-1);
    const previousOpenThen =
      previous !== undefined &&
      (previous.closedEventId === undefined || previous.closedEventId > item.firstEventId);
    if (neverRan(item) && previousOpenThen) continue;
    list.push(item);
  }
  return lists;
}

function mapLists<T>(
  lists: Map<string, WorkItem[]>,
  shape: (item: WorkItem, attempt: number) => T,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const [id, list] of lists)
    out.set(
      id,
      list.map((item, i) => shape(item, i + 1)),
    );
  return out;
}

const ACTIVITY_STATUS: Record<WorkItem["state"], ActivityStatus> = {
  scheduled: "scheduled",
  started: "started",
  completed: "completed",
  failed: "failed",
  timedOut: "timedOut",
  canceled: "canceled",
  terminated: "canceled",
  continuedAsNew: "canceled",
};

function activityState(item: WorkItem, attempt: number): ActivityState {
  return {
    activityId: item.id,
    activityType: (item.type ?? {}) as ActivityType,
    status: item.refused ? "scheduleFailed" : ACTIVITY_STATUS[item.state],
    open: item.open,
    attempt,
    input: item.input,
    control: item.control,
    taskList: item.taskList,
    scheduledEventId: item.refused ? 0 : item.firstEventId,
    startedEventId: item.startedEventId,
    closedEventId: item.closedEventId,
    identity: item.identity,
    result: item.result,
    reason: item.reason,
    details: item.details,
    timeoutType: item.timeoutType as ActivityTaskTimeoutType | undefined,
    cause: item.cause,
    cancelRequested: item.cancelRequested,
    scheduledAt: item.refused ? undefined : date(item.scheduledAt),
    closedAt: date(item.closedAt),
  };
}

function timerState(item: WorkItem, attempt: number): TimerState {
  const status: TimerStatus = item.refused
    ? "startFailed"
    : item.open
      ? "started"
      : item.state === "completed"
        ? "fired"
        : "canceled";
  return {
    timerId: item.id,
    status,
    open: item.open,
    attempt,
    startToFireTimeout: item.startToFireTimeout,
    control: item.control,
    startedEventId: item.refused ? 0 : item.firstEventId,
    closedEventId: item.closedEventId,
    cause: item.cause,
    startedAt: item.refused ? undefined : date(item.scheduledAt),
    fireAt: date(item.fireAt),
  };
}

function childState(item: WorkItem, attempt: number): ChildState {
  const startFailed =
    item.refused || item.events.at(-1)?.eventType === "StartChildWorkflowExecutionFailed";
  return {
    workflowId: item.id,
    workflowType: (item.type ?? {}) as WorkflowType,
    status: startFailed
      ? "startFailed"
      : item.state === "scheduled"
        ? "initiated"
        : (item.state as ChildStatus),
    open: item.open,
    attempt,
    runId: item.execution?.runId,
    input: item.input,
    control: item.control,
    initiatedEventId: item.refused ? 0 : item.firstEventId,
    startedEventId: item.startedEventId,
    closedEventId: item.closedEventId,
    result: item.result,
    reason: item.reason,
    details: item.details,
    cause: item.cause,
  };
}

function lambdaState(item: WorkItem, attempt: number): LambdaState {
  const startFailed = item.events.at(-1)?.eventType === "StartLambdaFunctionFailed";
  return {
    id: item.id,
    name: item.type?.name,
    status: item.refused
      ? "scheduleFailed"
      : startFailed
        ? "startFailed"
        : (item.state as LambdaStatus),
    open: item.open,
    attempt,
    input: item.input,
    control: item.control,
    scheduledEventId: item.refused ? 0 : item.firstEventId,
    startedEventId: item.startedEventId,
    closedEventId: item.closedEventId,
    result: item.result,
    reason: item.reason,
    details: item.details,
    timeoutType: item.timeoutType,
    cause: item.cause,
    scheduledAt: item.refused ? undefined : date(item.scheduledAt),
    closedAt: date(item.closedAt),
  };
}

const latest = <T>(lists: Map<string, T[]>): T[] =>
  [...lists.values()].map((attempts) => attempts.at(-1)!);

/** The latest completed attempt of an id (activity or Lambda function), if any. */
const lastCompleted = <T extends { status: string }>(attempts: readonly T[] = []): T | undefined =>
  attempts.filter((a) => a.status === "completed").at(-1);

export class WorkflowHistory {
  readonly events: readonly HistoryEvent[];
  readonly previousStartedEventId: number;
  readonly startedEventId: number;

  private readonly byId = new Map<number, HistoryEvent>();
  private readonly activityAttemptsById: Map<string, ActivityState[]>;
  private readonly timerAttemptsById: Map<string, TimerState[]>;
  private readonly childAttemptsById: Map<string, ChildState[]>;
  private readonly lambdaAttemptsById: Map<string, LambdaState[]>;
  private readonly signalList: SignalInfo[] = [];
  private readonly markerList: MarkerInfo[] = [];
  private readonly failures: DecisionFailure[] = [];
  private readonly startedAttributes: WorkflowExecutionStartedEventAttributes | undefined;
  private readonly cancelRequestEventId: number = 0;
  private readonly closeInfo: CloseInfo | undefined;
  private readonly executionContext: string | undefined;

  constructor(events: readonly HistoryEvent[], meta: HistoryMeta = {}) {
    const sorted = [...events].sort((a, b) => (a.eventId ?? 0) - (b.eventId ?? 0));
    this.events = sorted;
    this.previousStartedEventId = meta.previousStartedEventId ?? 0;
    this.startedEventId = meta.startedEventId ?? sorted.at(-1)?.eventId ?? 0;
    const model = buildHistoryModel(sorted);
    const ofKind = (kind: WorkItem["kind"]) => model.items.filter((i) => i.kind === kind);

    this.activityAttemptsById = mapLists(attemptLists(ofKind("activity")), activityState);
    this.timerAttemptsById = mapLists(attemptLists(ofKind("timer")), timerState);
    this.childAttemptsById = mapLists(attemptLists(ofKind("child")), childState);
    this.lambdaAttemptsById = mapLists(attemptLists(ofKind("lambda")), lambdaState);

    for (const item of model.items) {
      const eventId = item.firstEventId;
      const isNew = this.isNew(eventId);
      if (item.kind === "signal")
        this.signalList.push({
          name: item.id,
          input: item.input,
          eventId,
          at: date(item.scheduledAt),
          externalWorkflowExecution: item.execution as WorkflowExecution | undefined,
          isNew,
        });
      else if (item.kind === "marker" && !item.refused)
        this.markerList.push({ name: item.id, details: item.details, eventId, isNew });
      else if (item.kind === "cancelRequest") this.cancelRequestEventId = eventId;
      else if (item.kind === "decision" && item.executionContext !== undefined)
        this.executionContext = item.executionContext;
    }

    const run = model.run;
    if (run?.events[0]?.eventType === "WorkflowExecutionStarted")
      this.startedAttributes = run.events[0].workflowExecutionStartedEventAttributes;
    if (model.closeStatus && run?.closedEventId !== undefined)
      this.closeInfo = {
        status: model.closeStatus,
        eventId: run.closedEventId,
        result: run.result,
        reason: run.reason,
        details: run.details,
      };

    for (const event of sorted) {
      const eventId = event.eventId ?? 0;
      this.byId.set(eventId, event);
      const failureKey = event.eventType ? DECISION_FAILURES[event.eventType] : undefined;
      if (failureKey === undefined) continue;
      const attrs = (eventAttributes(event) ?? {}) as Record<string, unknown>;
      this.failures.push({
        eventType: event.eventType!,
        eventId,
        cause: attrs.cause as string | undefined,
        id: failureKey ? (attrs[failureKey] as string | undefined) : undefined,
        isNew: this.isNew(eventId),
      });
    }
  }

  // ---- the execution ----

  /** Attributes of WorkflowExecutionStarted (throws if the history does not begin with it). */
  get started(): WorkflowExecutionStartedEventAttributes {
    if (!this.startedAttributes) throw new Error("history has no WorkflowExecutionStarted event");
    return this.startedAttributes;
  }

  /** The execution's input. */
  get input(): string | undefined {
    return this.startedAttributes?.input;
  }

  /** The execution's input parsed as JSON (`undefined` when there is none). */
  inputJson<T = unknown>(): T | undefined {
    const input = this.input;
    return input === undefined || input === "" ? undefined : (JSON.parse(input) as T);
  }

  get workflowType(): WorkflowType | undefined {
    return this.startedAttributes?.workflowType;
  }

  /** The parent execution when this run is a child workflow. */
  get parent(): WorkflowExecution | undefined {
    return this.startedAttributes?.parentWorkflowExecution;
  }

  /** Whether a WorkflowExecutionCancelRequested was recorded. */
  get cancelRequested(): boolean {
    return this.cancelRequestEventId > 0;
  }

  /** The id of the (latest) WorkflowExecutionCancelRequested event, 0 if none. */
  get cancelRequestedEventId(): number {
    return this.cancelRequestEventId;
  }

  /** Set when the history ends with a close event. */
  get closed(): CloseInfo | undefined {
    return this.closeInfo;
  }

  /** The executionContext of the last DecisionTaskCompleted. */
  get latestExecutionContext(): string | undefined {
    return this.executionContext;
  }

  event(eventId: number): HistoryEvent | undefined {
    return this.byId.get(eventId);
  }

  /** Whether the event came after the previous decision task (what this decision has not yet seen). */
  isNew(eventId: number): boolean {
    return eventId > this.previousStartedEventId;
  }

  /** Events after the previous decision task's DecisionTaskStarted. */
  get newEvents(): HistoryEvent[] {
    return this.events.filter((e) => (e.eventId ?? 0) > this.previousStartedEventId);
  }

  // ---- activities ----

  /** The latest attempt of an activity id, or `undefined` if it was never scheduled. */
  activity(activityId: string): ActivityState | undefined {
    return this.activityAttemptsById.get(activityId)?.at(-1);
  }

  /** Every attempt of an activity id, oldest first. */
  activityAttempts(activityId: string): ActivityState[] {
    return [...(this.activityAttemptsById.get(activityId) ?? [])];
  }

  /** The latest attempt of every activity id, in scheduling order. */
  activities(): ActivityState[] {
    return latest(this.activityAttemptsById);
  }

  /** Activities scheduled or started and not yet closed. */
  openActivities(): ActivityState[] {
    return this.activities().filter((a) => a.open);
  }

  /** The result of the latest completed attempt of an activity id. */
  result(activityId: string): string | undefined {
    return lastCompleted(this.activityAttemptsById.get(activityId))?.result;
  }

  /** Results of completed activities by activity id (latest completion of each id). */
  results(): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const [id, attempts] of this.activityAttemptsById) {
      const done = lastCompleted(attempts);
      if (done) out[id] = done.result;
    }
    return out;
  }

  // ---- timers ----

  /** The latest timer with this id. */
  timer(timerId: string): TimerState | undefined {
    return this.timerAttemptsById.get(timerId)?.at(-1);
  }

  /** The latest timer of every id, in start order. */
  timers(): TimerState[] {
    return latest(this.timerAttemptsById);
  }

  openTimers(): TimerState[] {
    return this.timers().filter((t) => t.open);
  }

  // ---- child workflows ----

  /** The latest child workflow started with this workflowId. */
  child(workflowId: string): ChildState | undefined {
    return this.childAttemptsById.get(workflowId)?.at(-1);
  }

  children(): ChildState[] {
    return latest(this.childAttemptsById);
  }

  /** Children initiated or started and not yet closed. */
  openChildren(): ChildState[] {
    return this.children().filter((c) => c.open);
  }

  // ---- Lambda functions ----

  /** The latest scheduling of a Lambda function id, or `undefined` if it was never scheduled. */
  lambda(id: string): LambdaState | undefined {
    return this.lambdaAttemptsById.get(id)?.at(-1);
  }

  /** Every scheduling of a Lambda function id, oldest first. */
  lambdaAttempts(id: string): LambdaState[] {
    return [...(this.lambdaAttemptsById.get(id) ?? [])];
  }

  /** The latest scheduling of every Lambda function id, in scheduling order. */
  lambdas(): LambdaState[] {
    return latest(this.lambdaAttemptsById);
  }

  /** Lambda functions scheduled or started and not yet closed. */
  openLambdas(): LambdaState[] {
    return this.lambdas().filter((l) => l.open);
  }

  /** The result of the latest completed scheduling of a Lambda function id. */
  lambdaResult(id: string): string | undefined {
    return lastCompleted(this.lambdaAttemptsById.get(id))?.result;
  }

  // ---- signals, markers, failures ----

  /** Signals received, oldest first; only those named `name` if given. */
  signals(name?: string): SignalInfo[] {
    return this.signalList.filter((s) => name === undefined || s.name === name);
  }

  /** Signals received since the previous decision task. */
  newSignals(name?: string): SignalInfo[] {
    return this.signals(name).filter((s) => s.isNew);
  }

  /** The most recent signal named `name`. */
  lastSignal(name: string): SignalInfo | undefined {
    return this.signals(name).at(-1);
  }

  /** Markers recorded, oldest first; only those named `name` if given. */
  markers(name?: string): MarkerInfo[] {
    return this.markerList.filter((m) => name === undefined || m.name === name);
  }

  /** Decisions that SWF refused (`…Failed` events), oldest first. */
  decisionFailures(): DecisionFailure[] {
    return [...this.failures];
  }
}
