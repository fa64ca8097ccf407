/**
 * A typed, read-only view of one run's history for deciders: "what happened to activity X",
 * "which signals arrived", "which timers are open", "what did the child return". Pure: build it
 * from any event list (a decision task's pages, GetWorkflowExecutionHistory, a hand-written test
 * fixture). Deciders recompute their next step from this view on every decision task.
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

/** The attributes member of an event of type `T`, e.g. `activityTaskCompletedEventAttributes`. */
export type AttributesKey<T extends EventType = EventType> = `${Uncapitalize<T>}EventAttributes`;
export type AttributesOf<T extends EventType> = NonNullable<HistoryEvent[AttributesKey<T>]>;

/** The attributes of `event` if it is of type `type`. */
export function attributesOf<T extends EventType>(
  event: HistoryEvent,
  type: T,
): AttributesOf<T> | undefined {
  if (event.eventType !== type) return undefined;
  const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventAttributes` as AttributesKey<T>;
  return (event[key] ?? undefined) as AttributesOf<T> | undefined;
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

function anyAttributes(event: HistoryEvent): Record<string, unknown> | undefined {
  if (!event.eventType) return undefined;
  const type = event.eventType;
  const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventAttributes` as AttributesKey;
  return event[key] as Record<string, unknown> | undefined;
}

function plusSeconds(at: Date | undefined, seconds: string | undefined): Date | undefined {
  if (!at || seconds === undefined || !/^\d+$/.test(seconds)) return undefined;
  return new Date(at.getTime() + Number(seconds) * 1000);
}

export class WorkflowHistory {
  readonly events: readonly HistoryEvent[];
  readonly previousStartedEventId: number;
  readonly startedEventId: number;

  private readonly byId = new Map<number, HistoryEvent>();
  private readonly activityAttemptsById = new Map<string, ActivityState[]>();
  private readonly activityByScheduled = new Map<number, ActivityState>();
  private readonly timerAttemptsById = new Map<string, TimerState[]>();
  private readonly timerByStarted = new Map<number, TimerState>();
  private readonly childAttemptsById = new Map<string, ChildState[]>();
  private readonly childByInitiated = new Map<number, ChildState>();
  private readonly signalList: SignalInfo[] = [];
  private readonly markerList: MarkerInfo[] = [];
  private readonly failures: DecisionFailure[] = [];
  private startedAttributes: WorkflowExecutionStartedEventAttributes | undefined;
  private cancelRequestEventId = 0;
  private closeInfo: CloseInfo | undefined;
  private executionContext: string | undefined;

  constructor(events: readonly HistoryEvent[], meta: HistoryMeta = {}) {
    const sorted = [...events].sort((a, b) => (a.eventId ?? 0) - (b.eventId ?? 0));
    this.events = sorted;
    this.previousStartedEventId = meta.previousStartedEventId ?? 0;
    this.startedEventId = meta.startedEventId ?? sorted.at(-1)?.eventId ?? 0;
    for (const event of sorted) this.apply(event);
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
    return [...this.activityAttemptsById.values()].map((attempts) => attempts.at(-1)!);
  }

  /** Activities scheduled or started and not yet closed. */
  openActivities(): ActivityState[] {
    return this.activities().filter((a) => a.open);
  }

  /** The result of the latest completed attempt of an activity id. */
  result(activityId: string): string | undefined {
    return this.activityAttempts(activityId)
      .filter((a) => a.status === "completed")
      .at(-1)?.result;
  }

  /** Results of completed activities by activity id (latest completion of each id). */
  results(): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const [id, attempts] of this.activityAttemptsById) {
      const done = attempts.filter((a) => a.status === "completed").at(-1);
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
    return [...this.timerAttemptsById.values()].map((attempts) => attempts.at(-1)!);
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
    return [...this.childAttemptsById.values()].map((attempts) => attempts.at(-1)!);
  }

  /** Children initiated or started and not yet closed. */
  openChildren(): ChildState[] {
    return this.children().filter((c) => c.open);
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

  // ---- building ----

  private apply(event: HistoryEvent): void {
    const eventId = event.eventId ?? 0;
    const at = event.eventTimestamp;
    this.byId.set(eventId, event);
    const isNew = this.isNew(eventId);

    const failureKey = event.eventType ? DECISION_FAILURES[event.eventType] : undefined;
    if (failureKey !== undefined) {
      const attrs = anyAttributes(event) ?? {};
      this.failures.push({
        eventType: event.eventType!,
        eventId,
        cause: attrs.cause as string | undefined,
        id: failureKey ? (attrs[failureKey] as string | undefined) : undefined,
        isNew,
      });
    }

    switch (event.eventType) {
      case "WorkflowExecutionStarted":
        this.startedAttributes = event.workflowExecutionStartedEventAttributes;
        break;
      case "WorkflowExecutionCancelRequested":
        this.cancelRequestEventId = eventId;
        break;
      case "WorkflowExecutionSignaled": {
        const a = event.workflowExecutionSignaledEventAttributes!;
        this.signalList.push({
          name: a.signalName!,
          input: a.input,
          eventId,
          at,
          externalWorkflowExecution: a.externalWorkflowExecution,
          isNew,
        });
        break;
      }
      case "MarkerRecorded": {
        const a = event.markerRecordedEventAttributes!;
        this.markerList.push({ name: a.markerName!, details: a.details, eventId, isNew });
        break;
      }
      case "DecisionTaskCompleted":
        this.executionContext =
          event.decisionTaskCompletedEventAttributes?.executionContext ?? this.executionContext;
        break;

      // activities
      case "ActivityTaskScheduled": {
        const a = event.activityTaskScheduledEventAttributes!;
        const attempts = this.listFor(this.activityAttemptsById, a.activityId!);
        const state: ActivityState = {
          activityId: a.activityId!,
          activityType: a.activityType!,
          status: "scheduled",
          open: true,
          attempt: attempts.length + 1,
          input: a.input,
          control: a.control,
          taskList: a.taskList?.name,
          scheduledEventId: eventId,
          cancelRequested: false,
          scheduledAt: at,
        };
        attempts.push(state);
        this.activityByScheduled.set(eventId, state);
        break;
      }
      case "ScheduleActivityTaskFailed": {
        const a = event.scheduleActivityTaskFailedEventAttributes!;
        const attempts = this.listFor(this.activityAttemptsById, a.activityId!);
        // ACTIVITY_ID_ALREADY_IN_USE leaves the open attempt as the current state.
        if (attempts.at(-1)?.open) break;
        attempts.push({
          activityId: a.activityId!,
          activityType: a.activityType!,
          status: "scheduleFailed",
          open: false,
          attempt: attempts.length + 1,
          scheduledEventId: 0,
          closedEventId: eventId,
          cause: a.cause,
          cancelRequested: false,
          closedAt: at,
        });
        break;
      }
      case "ActivityTaskStarted": {
        const a = event.activityTaskStartedEventAttributes!;
        const state = this.activityByScheduled.get(a.scheduledEventId!);
        if (state)
          Object.assign(state, {
            status: "started",
            startedEventId: eventId,
            identity: a.identity,
          });
        break;
      }
      case "ActivityTaskCancelRequested": {
        const id = event.activityTaskCancelRequestedEventAttributes!.activityId!;
        const state = this.activity(id);
        if (state?.open) state.cancelRequested = true;
        break;
      }
      case "ActivityTaskCompleted": {
        const a = event.activityTaskCompletedEventAttributes!;
        this.closeActivity(a.scheduledEventId!, "completed", eventId, at, { result: a.result });
        break;
      }
      case "ActivityTaskFailed": {
        const a = event.activityTaskFailedEventAttributes!;
        this.closeActivity(a.scheduledEventId!, "failed", eventId, at, {
          reason: a.reason,
          details: a.details,
        });
        break;
      }
      case "ActivityTaskTimedOut": {
        const a = event.activityTaskTimedOutEventAttributes!;
        this.closeActivity(a.scheduledEventId!, "timedOut", eventId, at, {
          timeoutType: a.timeoutType,
          details: a.details,
        });
        break;
      }
      case "ActivityTaskCanceled": {
        const a = event.activityTaskCanceledEventAttributes!;
        this.closeActivity(a.scheduledEventId!, "canceled", eventId, at, { details: a.details });
        break;
      }

      // timers
      case "TimerStarted": {
        const a = event.timerStartedEventAttributes!;
        const attempts = this.listFor(this.timerAttemptsById, a.timerId!);
        const state: TimerState = {
          timerId: a.timerId!,
          status: "started",
          open: true,
          attempt: attempts.length + 1,
          startToFireTimeout: a.startToFireTimeout,
          control: a.control,
          startedEventId: eventId,
          startedAt: at,
          fireAt: plusSeconds(at, a.startToFireTimeout),
        };
        attempts.push(state);
        this.timerByStarted.set(eventId, state);
        break;
      }
      case "StartTimerFailed": {
        const a = event.startTimerFailedEventAttributes!;
        const attempts = this.listFor(this.timerAttemptsById, a.timerId!);
        if (attempts.at(-1)?.open) break; // TIMER_ID_ALREADY_IN_USE
        attempts.push({
          timerId: a.timerId!,
          status: "startFailed",
          open: false,
          attempt: attempts.length + 1,
          startedEventId: 0,
          closedEventId: eventId,
          cause: a.cause,
        });
        break;
      }
      case "TimerFired": {
        const state = this.timerByStarted.get(event.timerFiredEventAttributes!.startedEventId!);
        if (state) Object.assign(state, { status: "fired", open: false, closedEventId: eventId });
        break;
      }
      case "TimerCanceled": {
        const state = this.timerByStarted.get(event.timerCanceledEventAttributes!.startedEventId!);
        if (state)
          Object.assign(state, { status: "canceled", open: false, closedEventId: eventId });
        break;
      }

      // child workflows
      case "StartChildWorkflowExecutionInitiated": {
        const a = event.startChildWorkflowExecutionInitiatedEventAttributes!;
        const attempts = this.listFor(this.childAttemptsById, a.workflowId!);
        const state: ChildState = {
          workflowId: a.workflowId!,
          workflowType: a.workflowType!,
          status: "initiated",
          open: true,
          attempt: attempts.length + 1,
          input: a.input,
          control: a.control,
          initiatedEventId: eventId,
        };
        attempts.push(state);
        this.childByInitiated.set(eventId, state);
        break;
      }
      case "StartChildWorkflowExecutionFailed": {
        const a = event.startChildWorkflowExecutionFailedEventAttributes!;
        const initiated = this.childByInitiated.get(a.initiatedEventId ?? 0);
        if (initiated) {
          Object.assign(initiated, {
            status: "startFailed",
            open: false,
            closedEventId: eventId,
            cause: a.cause,
          });
          break;
        }
        const attempts = this.listFor(this.childAttemptsById, a.workflowId!);
        if (attempts.at(-1)?.open) break;
        attempts.push({
          workflowId: a.workflowId!,
          workflowType: a.workflowType!,
          status: "startFailed",
          open: false,
          attempt: attempts.length + 1,
          control: a.control,
          initiatedEventId: 0,
          closedEventId: eventId,
          cause: a.cause,
        });
        break;
      }
      case "ChildWorkflowExecutionStarted": {
        const a = event.childWorkflowExecutionStartedEventAttributes!;
        const state = this.childByInitiated.get(a.initiatedEventId!);
        if (state)
          Object.assign(state, {
            status: "started",
            startedEventId: eventId,
            runId: a.workflowExecution?.runId,
          });
        break;
      }
      case "ChildWorkflowExecutionCompleted": {
        const a = event.childWorkflowExecutionCompletedEventAttributes!;
        this.closeChild(a.initiatedEventId!, "completed", eventId, { result: a.result });
        break;
      }
      case "ChildWorkflowExecutionFailed": {
        const a = event.childWorkflowExecutionFailedEventAttributes!;
        this.closeChild(a.initiatedEventId!, "failed", eventId, {
          reason: a.reason,
          details: a.details,
        });
        break;
      }
      case "ChildWorkflowExecutionCanceled": {
        const a = event.childWorkflowExecutionCanceledEventAttributes!;
        this.closeChild(a.initiatedEventId!, "canceled", eventId, { details: a.details });
        break;
      }
      case "ChildWorkflowExecutionTerminated":
        this.closeChild(
          event.childWorkflowExecutionTerminatedEventAttributes!.initiatedEventId!,
          "terminated",
          eventId,
          {},
        );
        break;
      case "ChildWorkflowExecutionTimedOut":
        this.closeChild(
          event.childWorkflowExecutionTimedOutEventAttributes!.initiatedEventId!,
          "timedOut",
          eventId,
          {},
        );
        break;

      // closing
      case "WorkflowExecutionCompleted":
        this.closeInfo = {
          status: "COMPLETED",
          eventId,
          result: event.workflowExecutionCompletedEventAttributes?.result,
        };
        break;
      case "WorkflowExecutionFailed": {
        const a = event.workflowExecutionFailedEventAttributes;
        this.closeInfo = { status: "FAILED", eventId, reason: a?.reason, details: a?.details };
        break;
      }
      case "WorkflowExecutionCanceled":
        this.closeInfo = {
          status: "CANCELED",
          eventId,
          details: event.workflowExecutionCanceledEventAttributes?.details,
        };
        break;
      case "WorkflowExecutionTerminated": {
        const a = event.workflowExecutionTerminatedEventAttributes;
        this.closeInfo = { status: "TERMINATED", eventId, reason: a?.reason, details: a?.details };
        break;
      }
      case "WorkflowExecutionTimedOut":
        this.closeInfo = { status: "TIMED_OUT", eventId };
        break;
      case "WorkflowExecutionContinuedAsNew":
        this.closeInfo = { status: "CONTINUED_AS_NEW", eventId };
        break;
    }
  }

  private listFor<T>(map: Map<string, T[]>, id: string): T[] {
    let list = map.get(id);
    if (!list) map.set(id, (list = []));
    return list;
  }

  private closeActivity(
    scheduledEventId: number,
    status: ActivityStatus,
    eventId: number,
    at: Date | undefined,
    fields: Partial<ActivityState>,
  ): void {
    const state = this.activityByScheduled.get(scheduledEventId);
    if (state)
      Object.assign(state, fields, { status, open: false, closedEventId: eventId, closedAt: at });
  }

  private closeChild(
    initiatedEventId: number,
    status: ChildStatus,
    eventId: number,
    fields: Partial<ChildState>,
  ) {
    const state = this.childByInitiated.get(initiatedEventId);
    if (state) Object.assign(state, fields, { status, open: false, closedEventId: eventId });
  }
}
