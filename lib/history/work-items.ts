// The one history model: a single pass that correlates SWF history events into work items.
//
// SWF links events by id: an outcome names the event that opened its task (`scheduledEventId`,
// `startedEventId`, `initiatedEventId`), and a command names the decision that issued it
// (`decisionTaskCompletedEventId`). Every view of a run (history table, timeline, decision graph,
// pending work, the worker SDK's view, run comparison, close reasons) is a small function over the
// items built here, so a rule of SWF's semantics is written once. The grouping follows the event
// groups of Temporal's and Cadence's web UIs: an item is its opening event plus every event that
// refers back to it. Described for readers in docs/history-model.md.
import type { CloseStatus, HistoryEvent } from "@aws-sdk/client-swf";
import { durationSeconds } from "./duration";
import { eventAttributes, eventTimeMs } from "./events";
import { abandonedStatus, closeStatusOfEvent, type VisualStatus } from "./status";

export type WorkItemKind =
  /** The run itself: WorkflowExecutionStarted and its close event. */
  | "run"
  /** One decision task: scheduled, started, completed or timed out. */
  | "decision"
  /** One scheduling of an activity (a retry under the same activityId is another item). */
  | "activity"
  | "lambda"
  | "timer"
  | "child"
  /** SignalExternalWorkflowExecution sent to another run. */
  | "signalExternal"
  /** RequestCancelExternalWorkflowExecution sent to another run. */
  | "cancelExternal"
  | "marker"
  /** WorkflowExecutionSignaled: a signal this run received. */
  | "signal"
  /** WorkflowExecutionCancelRequested: someone asked this run to cancel. */
  | "cancelRequest"
  /**
   * A decision SWF refused that opens nothing: RequestCancelActivityTaskFailed, CancelTimerFailed
   * and the refused close decisions (CompleteWorkflowExecutionFailed, …).
   */
  | "refusal"
  /** An event this history cannot correlate (its opening event is not in the list, or a newer type). */
  | "orphan";

/**
 * - scheduled: waiting to be picked up (scheduled task, initiated child or external request)
 * - started: being worked on (a worker, decider, child run or the clock)
 * - the rest are outcomes; `failed` includes decisions SWF refused (`refused` is then true).
 */
export type WorkItemState =
  | "scheduled"
  | "started"
  | "completed"
  | "failed"
  | "timedOut"
  | "canceled"
  | "terminated"
  | "continuedAsNew";

export interface WorkItemExecution {
  workflowId?: string;
  runId?: string;
}

export interface WorkItem {
  /** Stable and unique: `<kind>-<id of the first event>`. */
  key: string;
  kind: WorkItemKind;
  /**
   * What the run calls it: activityId, Lambda id, timerId, child or target workflowId, signal or
   * marker name; the decision's ordinal ("1", "2", …); the workflow type name for the run.
   */
  id: string;
  /** Activity, workflow (run, child) type or Lambda function name. */
  type?: { name?: string; version?: string };
  /** 1-based: the how-many-th item of this kind with this id (retries of an activityId, repeated signals, decision attempts after a time-out). */
  attempt: number;
  state: WorkItemState;
  /** No outcome event yet. At the close of the run SWF drops open work silently; see `abandoned`. */
  open: boolean;
  /** The run closed while this item was open (children excepted: they outlive the parent). */
  abandoned: boolean;
  /** SWF refused the decision at once (ScheduleActivityTaskFailed, StartTimerFailed, …): nothing ran. */
  refused: boolean;
  /** Every event of the item, ascending. Across a model each event belongs to exactly one item. */
  events: HistoryEvent[];
  /** The opening event (scheduled, initiated, timer started, or the single event of a point item). */
  firstEventId: number;
  startedEventId?: number;
  /** The outcome event. */
  closedEventId?: number;
  /** The DecisionTaskCompleted that issued this command. */
  decisionEventId?: number;
  /** The DecisionTaskCompleted that asked to cancel it (activities, timers). */
  cancelDecisionEventId?: number;
  cancelRequested: boolean;
  /** Epoch ms of the opening event. */
  scheduledAt: number;
  startedAt?: number;
  closedAt?: number;
  /** Wait before work began: startedAt − scheduledAt. */
  waitMs?: number;
  /** Work itself: closedAt − startedAt. */
  runMs?: number;
  /** closedAt − scheduledAt. */
  durationMs?: number;
  input?: string;
  result?: string;
  reason?: string;
  details?: string;
  /** Why SWF refused or a start failed (`ACTIVITY_ID_ALREADY_IN_USE`, `OPERATOR_INITIATED`, …). */
  cause?: string;
  timeoutType?: string;
  control?: string;
  taskList?: string;
  /** Worker or decider identity from the started event. */
  identity?: string;
  /** Child: the child run; external items: the target; signals and cancel requests: the sender. */
  execution?: WorkItemExecution;
  /** Signals sent to another run. */
  signalName?: string;
  /** Timers: the recorded duration and when it is due. */
  startToFireTimeout?: string;
  fireAt?: number;
  /** Decisions: the executionContext the decider recorded. */
  executionContext?: string;
  /**
   * The time-outs its opening event recorded, as SWF words them (seconds, or "NONE"): activities,
   * decision tasks, Lambda functions; for the run and children the execution's start-to-close and
   * their decision tasks' default (`taskStartToClose`).
   */
  timeouts?: WorkItemTimeouts;
}

export interface WorkItemTimeouts {
  scheduleToStart?: string;
  scheduleToClose?: string;
  startToClose?: string;
  heartbeat?: string;
  /** The run's (or a child's) decision tasks: its default start-to-close. */
  taskStartToClose?: string;
}

export interface HistoryModel {
  /** Items in the order of their first event. */
  items: WorkItem[];
  /** The run item; absent when the list does not contain WorkflowExecutionStarted nor a close event. */
  run?: WorkItem;
  closeStatus?: CloseStatus;
  /** Epoch ms of the close event. */
  closedAt?: number;
  /** The item each event belongs to. */
  itemOfEvent: Map<number, WorkItem>;
  /** Decision items by the id of their DecisionTaskCompleted event. */
  decisionByCompletedId: Map<number, WorkItem>;
  /**
   * The events each decision's commands produced (every event naming it in
   * `decisionTaskCompletedEventId`), keyed by the DecisionTaskCompleted id — also when that
   * event is not in the list (a later page of a long history).
   */
  commandsByDecision: Map<number, HistoryEvent[]>;
}

export function isOpenState(state: WorkItemState): boolean {
  return state === "scheduled" || state === "started";
}

type Attrs = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const typeOf = (v: unknown): WorkItem["type"] =>
  v && typeof v === "object" ? (v as { name?: string; version?: string }) : undefined;
const taskListOf = (v: unknown): string | undefined =>
  v && typeof v === "object" ? str((v as { name?: unknown }).name) : undefined;
const executionOf = (v: unknown): WorkItemExecution | undefined =>
  v && typeof v === "object" ? (v as WorkItemExecution) : undefined;

/** What opens a new item, per event type: its kind, its id and what to copy from the attributes. */
interface Opening {
  kind: WorkItemKind;
  id: (a: Attrs) => string;
  state: WorkItemState;
  refused?: boolean;
  /** Point items (signals, markers) are closed by their single event. */
  point?: boolean;
}

const OPENINGS: Partial<Record<string, Opening>> = {
  WorkflowExecutionStarted: {
    kind: "run",
    id: (a) => str(typeOf(a.workflowType)?.name) ?? "",
    state: "started",
  },
  DecisionTaskScheduled: { kind: "decision", id: () => "", state: "scheduled" },
  ActivityTaskScheduled: {
    kind: "activity",
    id: (a) => str(a.activityId) ?? "",
    state: "scheduled",
  },
  ScheduleActivityTaskFailed: {
    kind: "activity",
    id: (a) => str(a.activityId) ?? "",
    state: "failed",
    refused: true,
  },
  LambdaFunctionScheduled: { kind: "lambda", id: (a) => str(a.id) ?? "", state: "scheduled" },
  ScheduleLambdaFunctionFailed: {
    kind: "lambda",
    id: (a) => str(a.id) ?? "",
    state: "failed",
    refused: true,
  },
  TimerStarted: { kind: "timer", id: (a) => str(a.timerId) ?? "", state: "started" },
  StartTimerFailed: {
    kind: "timer",
    id: (a) => str(a.timerId) ?? "",
    state: "failed",
    refused: true,
  },
  StartChildWorkflowExecutionInitiated: {
    kind: "child",
    id: (a) => str(a.workflowId) ?? "",
    state: "scheduled",
  },
  SignalExternalWorkflowExecutionInitiated: {
    kind: "signalExternal",
    id: (a) => str(a.workflowId) ?? "",
    state: "scheduled",
  },
  RequestCancelExternalWorkflowExecutionInitiated: {
    kind: "cancelExternal",
    id: (a) => str(a.workflowId) ?? "",
    state: "scheduled",
  },
  MarkerRecorded: {
    kind: "marker",
    id: (a) => str(a.markerName) ?? "",
    state: "completed",
    point: true,
  },
  RecordMarkerFailed: {
    kind: "marker",
    id: (a) => str(a.markerName) ?? "",
    state: "failed",
    refused: true,
    point: true,
  },
  WorkflowExecutionSignaled: {
    kind: "signal",
    id: (a) => str(a.signalName) ?? "",
    state: "completed",
    point: true,
  },
  WorkflowExecutionCancelRequested: {
    kind: "cancelRequest",
    id: () => "cancel",
    state: "completed",
    point: true,
  },
  RequestCancelActivityTaskFailed: {
    kind: "refusal",
    id: (a) => str(a.activityId) ?? "",
    state: "failed",
    refused: true,
    point: true,
  },
  CancelTimerFailed: {
    kind: "refusal",
    id: (a) => str(a.timerId) ?? "",
    state: "failed",
    refused: true,
    point: true,
  },
  CompleteWorkflowExecutionFailed: refusalOfClose(),
  FailWorkflowExecutionFailed: refusalOfClose(),
  CancelWorkflowExecutionFailed: refusalOfClose(),
  ContinueAsNewWorkflowExecutionFailed: refusalOfClose(),
};

/** The time-outs an opening event records, for the kinds whose deadlines the console shows. */
function timeoutsOf(kind: WorkItemKind, a: Attrs): WorkItemTimeouts | undefined {
  switch (kind) {
    case "activity":
    case "decision":
    case "lambda":
      return {
        scheduleToStart: str(a.scheduleToStartTimeout),
        scheduleToClose: str(a.scheduleToCloseTimeout),
        startToClose: str(a.startToCloseTimeout),
        heartbeat: str(a.heartbeatTimeout),
      };
    case "run":
    case "child":
      return {
        startToClose: str(a.executionStartToCloseTimeout),
        taskStartToClose: str(a.taskStartToCloseTimeout),
      };
    default:
      return undefined;
  }
}

/** StartChildWorkflowExecutionFailed with no initiated event: the start decision was refused. */
const REFUSED_CHILD: Opening = {
  kind: "child",
  id: (a) => str(a.workflowId) ?? "",
  state: "failed",
  refused: true,
};

function refusalOfClose(): Opening {
  return { kind: "refusal", id: () => "", state: "failed", refused: true, point: true };
}

/** Outcome and progress events: the attribute naming the opening event and the state they lead to. */
interface Step {
  ref: "scheduledEventId" | "startedEventId" | "initiatedEventId";
  state: WorkItemState;
  /** Moves scheduled → started (sets startedAt) rather than closing. */
  starts?: boolean;
}

const STEPS: Partial<Record<string, Step>> = {
  DecisionTaskStarted: { ref: "scheduledEventId", state: "started", starts: true },
  DecisionTaskCompleted: { ref: "scheduledEventId", state: "completed" },
  DecisionTaskTimedOut: { ref: "scheduledEventId", state: "timedOut" },
  ActivityTaskStarted: { ref: "scheduledEventId", state: "started", starts: true },
  ActivityTaskCompleted: { ref: "scheduledEventId", state: "completed" },
  ActivityTaskFailed: { ref: "scheduledEventId", state: "failed" },
  ActivityTaskTimedOut: { ref: "scheduledEventId", state: "timedOut" },
  ActivityTaskCanceled: { ref: "scheduledEventId", state: "canceled" },
  LambdaFunctionStarted: { ref: "scheduledEventId", state: "started", starts: true },
  LambdaFunctionCompleted: { ref: "scheduledEventId", state: "completed" },
  LambdaFunctionFailed: { ref: "scheduledEventId", state: "failed" },
  LambdaFunctionTimedOut: { ref: "scheduledEventId", state: "timedOut" },
  StartLambdaFunctionFailed: { ref: "scheduledEventId", state: "failed" },
  TimerFired: { ref: "startedEventId", state: "completed" },
  TimerCanceled: { ref: "startedEventId", state: "canceled" },
  ChildWorkflowExecutionStarted: { ref: "initiatedEventId", state: "started", starts: true },
  StartChildWorkflowExecutionFailed: { ref: "initiatedEventId", state: "failed" },
  ChildWorkflowExecutionCompleted: { ref: "initiatedEventId", state: "completed" },
  ChildWorkflowExecutionFailed: { ref: "initiatedEventId", state: "failed" },
  ChildWorkflowExecutionTimedOut: { ref: "initiatedEventId", state: "timedOut" },
  ChildWorkflowExecutionCanceled: { ref: "initiatedEventId", state: "canceled" },
  ChildWorkflowExecutionTerminated: { ref: "initiatedEventId", state: "terminated" },
  ExternalWorkflowExecutionSignaled: { ref: "initiatedEventId", state: "completed" },
  SignalExternalWorkflowExecutionFailed: { ref: "initiatedEventId", state: "failed" },
  ExternalWorkflowExecutionCancelRequested: { ref: "initiatedEventId", state: "completed" },
  RequestCancelExternalWorkflowExecutionFailed: { ref: "initiatedEventId", state: "failed" },
};

/** The run's state after its close event. */
const RUN_CLOSE_STATE: Record<CloseStatus, WorkItemState> = {
  COMPLETED: "completed",
  FAILED: "failed",
  CANCELED: "canceled",
  TERMINATED: "terminated",
  TIMED_OUT: "timedOut",
  CONTINUED_AS_NEW: "continuedAsNew",
};

/** Copies the payload members an event carries (input, result, reason, …) onto its item. */
function absorb(item: WorkItem, a: Attrs): void {
  const input = str(a.input);
  if (input !== undefined) item.input = input;
  const result = str(a.result);
  if (result !== undefined) item.result = result;
  const reason = str(a.reason);
  if (reason !== undefined) item.reason = reason;
  const details = str(a.details);
  if (details !== undefined) item.details = details;
  const cause = str(a.cause);
  if (cause !== undefined) item.cause = cause;
  // StartLambdaFunctionFailed explains itself in `message`.
  const message = str(a.message);
  if (message !== undefined && item.details === undefined) item.details = message;
  const timeoutType = str(a.timeoutType);
  if (timeoutType !== undefined) item.timeoutType = timeoutType;
  const control = str(a.control);
  if (control !== undefined) item.control = control;
  const identity = str(a.identity);
  if (identity !== undefined) item.identity = identity;
  if (a.taskList) item.taskList = taskListOf(a.taskList);
  const type = typeOf(a.activityType ?? a.workflowType);
  if (type && !item.type) item.type = type;
  if (!item.type && str(a.name)) item.type = { name: str(a.name) };
  const execution = executionOf(a.workflowExecution ?? a.externalWorkflowExecution);
  if (execution) item.execution = { ...item.execution, ...execution };
}

/**
 * Correlates `events` (ascending by id, as SWF returns them) into work items. One pass with maps
 * keyed by event id; linear in the number of events.
 */
export function buildHistoryModel(events: readonly HistoryEvent[]): HistoryModel {
  const items: WorkItem[] = [];
  const byOpeningId = new Map<number, WorkItem>();
  const itemOfEvent = new Map<number, WorkItem>();
  const decisionByCompletedId = new Map<number, WorkItem>();
  const commandsByDecision = new Map<number, HistoryEvent[]>();
  const attemptsByKindAndId = new Map<string, number>();
  /**
   * The latest open item per kind and id: ActivityTaskCancelRequested names the activityId only,
   * and a refusal for an id in use (ACTIVITY_ID_ALREADY_IN_USE, …) is not a new attempt.
   */
  const openByKindAndId = new Map<string, WorkItem>();
  const kindAndId = (kind: WorkItemKind, id: string) => `${kind}\u0000${id}`;
  let decisionCount = 0;
  let decisionAttempt = 0;
  let run: WorkItem | undefined;
  let closeStatus: CloseStatus | undefined;
  let closedAt: number | undefined;

  const add = (item: WorkItem, event: HistoryEvent): void => {
    item.events.push(event);
    itemOfEvent.set(event.eventId ?? 0, item);
  };

  const open = (
    kind: WorkItemKind,
    id: string,
    state: WorkItemState,
    event: HistoryEvent,
    t: number,
  ): WorkItem => {
    const eventId = event.eventId ?? 0;
    const earlier = attemptsByKindAndId.get(kindAndId(kind, id)) ?? 0;
    const item: WorkItem = {
      key: `${kind}-${eventId}`,
      kind,
      id,
      attempt: earlier + 1,
      state,
      open: isOpenState(state),
      abandoned: false,
      refused: false,
      events: [],
      firstEventId: eventId,
      cancelRequested: false,
      scheduledAt: t,
      // Every member present from the start keeps one object shape for all items (fast in V8).
      type: undefined,
      startedEventId: undefined,
      closedEventId: undefined,
      decisionEventId: undefined,
      cancelDecisionEventId: undefined,
      startedAt: undefined,
      closedAt: undefined,
      waitMs: undefined,
      runMs: undefined,
      durationMs: undefined,
      input: undefined,
      result: undefined,
      reason: undefined,
      details: undefined,
      cause: undefined,
      timeoutType: undefined,
      control: undefined,
      taskList: undefined,
      identity: undefined,
      execution: undefined,
      signalName: undefined,
      startToFireTimeout: undefined,
      fireAt: undefined,
      executionContext: undefined,
      timeouts: undefined,
    };
    items.push(item);
    byOpeningId.set(eventId, item);
    add(item, event);
    return item;
  };

  const close = (item: WorkItem, state: WorkItemState, eventId: number, t: number): void => {
    item.state = state;
    item.open = false;
    item.closedEventId = eventId;
    item.closedAt = t;
    const k = kindAndId(item.kind, item.id);
    if (openByKindAndId.get(k) === item) openByKindAndId.delete(k);
  };

  for (const event of events) {
    const eventId = event.eventId ?? 0;
    const type = event.eventType ?? "";
    const t = eventTimeMs(event);
    const a = (eventAttributes(event) ?? {}) as Attrs;
    const decisionEventId = num(a.decisionTaskCompletedEventId);
    if (decisionEventId) {
      let commands = commandsByDecision.get(decisionEventId);
      if (!commands) commandsByDecision.set(decisionEventId, (commands = []));
      commands.push(event);
    }

    const closing = closeStatusOfEvent(type);
    if (closing) {
      closeStatus = closing;
      closedAt = t;
      if (run) add(run, event);
      else run = open("run", "", "started", event, t);
      close(run, RUN_CLOSE_STATE[closing], eventId, t);
      // Only the outcome: a ContinuedAsNew event's input and type are the next run's.
      run.result = str(a.result);
      run.reason = str(a.reason);
      run.details = str(a.details);
      run.cause = str(a.cause);
      run.timeoutType = str(a.timeoutType);
      if (decisionEventId) run.decisionEventId = decisionEventId;
      continue;
    }

    const step = STEPS[type];
    if (step) {
      let target = byOpeningId.get(num(a[step.ref]) ?? -1);
      // startedEventId is required, but hand-made histories sometimes name the timer only.
      if (!target && (type === "TimerFired" || type === "TimerCanceled"))
        target = openByKindAndId.get(kindAndId("timer", str(a.timerId) ?? ""));
      // StartChildWorkflowExecutionFailed without an initiated event is a refused decision.
      if (target && target.open && !(step.starts && target.state === "started")) {
        add(target, event);
        absorb(target, a);
        if (step.starts) {
          target.state = "started";
          target.startedEventId = eventId;
          target.startedAt = t;
        } else {
          close(target, step.state, eventId, t);
        }
        if (type === "DecisionTaskCompleted") {
          decisionByCompletedId.set(eventId, target);
          target.executionContext = str(a.executionContext);
          decisionAttempt = 0;
        }
        if (type === "DecisionTaskTimedOut") decisionAttempt = target.attempt;
        if (type === "TimerCanceled") target.cancelDecisionEventId = decisionEventId;
        continue;
      }
      if (type !== "StartChildWorkflowExecutionFailed") {
        open("orphan", type, step.state, event, t).open = false;
        continue;
      }
    }

    if (type === "ActivityTaskCancelRequested") {
      const activity = openByKindAndId.get(kindAndId("activity", str(a.activityId) ?? ""));
      if (activity) {
        add(activity, event);
        activity.cancelRequested = true;
        activity.cancelDecisionEventId = decisionEventId;
      } else {
        open("orphan", type, "completed", event, t).open = false;
      }
      continue;
    }

    if (type === "WorkflowExecutionCancelRequested" && run) run.cancelRequested = true;
    const opening = type === "StartChildWorkflowExecutionFailed" ? REFUSED_CHILD : OPENINGS[type];
    if (!opening) {
      open("orphan", type, "completed", event, t).open = false;
      continue;
    }
    const item = open(opening.kind, opening.id(a), opening.state, event, t);
    absorb(item, a);
    item.decisionEventId = decisionEventId;
    const k = kindAndId(item.kind, item.id);
    if (opening.refused) item.refused = true;
    if (!item.refused || !openByKindAndId.has(k)) attemptsByKindAndId.set(k, item.attempt);
    else item.attempt = openByKindAndId.get(k)?.attempt ?? item.attempt;
    if (item.open && item.kind !== "decision") openByKindAndId.set(k, item);
    if (opening.point || opening.refused) {
      item.open = false;
      item.closedEventId = eventId;
      item.closedAt = t;
    }
    if (!item.refused) item.timeouts = timeoutsOf(item.kind, a);
    switch (item.kind) {
      case "run":
        run = item;
        item.startedEventId = eventId;
        item.startedAt = t;
        item.execution = undefined;
        if (a.parentWorkflowExecution) item.execution = executionOf(a.parentWorkflowExecution);
        break;
      case "decision":
        decisionCount++;
        item.id = String(decisionCount);
        item.attempt = decisionAttempt + 1;
        break;
      case "timer": {
        item.startToFireTimeout = str(a.startToFireTimeout);
        const seconds = durationSeconds(item.startToFireTimeout);
        if (!item.refused) {
          item.startedEventId = eventId;
          item.startedAt = t;
          if (seconds !== undefined) item.fireAt = t + seconds * 1000;
        }
        break;
      }
      case "child":
      case "signalExternal":
      case "cancelExternal":
        item.execution = { workflowId: str(a.workflowId), runId: str(a.runId) || undefined };
        if (item.kind === "signalExternal") item.signalName = str(a.signalName);
        break;
    }
  }

  for (const item of items) {
    if (item.open && closeStatus !== undefined && item.kind !== "child" && item.kind !== "run")
      item.abandoned = true;
    if (item.startedAt !== undefined && item.kind !== "run" && item.kind !== "timer")
      item.waitMs = item.startedAt - item.scheduledAt;
    if (item.closedAt !== undefined) {
      item.durationMs = item.closedAt - item.scheduledAt;
      if (item.startedAt !== undefined) item.runMs = item.closedAt - item.startedAt;
    }
  }

  return {
    items,
    run,
    closeStatus,
    closedAt,
    itemOfEvent,
    decisionByCompletedId,
    commandsByDecision,
  };
}

const cache = new WeakMap<
  readonly HistoryEvent[],
  { length: number; last: HistoryEvent | undefined; model: HistoryModel }
>();

/**
 * The model of `events`, built once per event list: the execution page derives the timeline,
 * the graph and pending work from the same array, and each would otherwise correlate it again.
 * An array that grew since (same object, new events appended) is built afresh. Treat the result
 * as read-only.
 */
export function historyModel(source: readonly HistoryEvent[] | HistoryModel): HistoryModel {
  if (!Array.isArray(source)) return source as HistoryModel;
  const events = source as readonly HistoryEvent[];
  const last = events[events.length - 1];
  const hit = cache.get(events);
  if (hit && hit.length === events.length && hit.last === last) return hit.model;
  const model = buildHistoryModel(events);
  cache.set(events, { length: events.length, last, model });
  return model;
}

/**
 * How an item shows in every view, in the shared status vocabulary: its outcome once closed;
 * while open, "scheduled", "running" or — for a signal or cancel request sent to another run —
 * "pending"; work the run left open at its close takes the run's fate (children: "pending", they
 * outlive the parent). A cancel request received shows as "canceled".
 */
export function itemStatus(item: WorkItem, closeStatus?: CloseStatus): VisualStatus {
  if (item.kind === "cancelRequest") return "canceled";
  if (!item.open) {
    const state = item.state;
    return state === "scheduled" || state === "started" ? "running" : state;
  }
  if (closeStatus !== undefined && item.kind !== "run")
    return item.kind === "child" ? "pending" : abandonedStatus(closeStatus);
  if (item.kind === "signalExternal" || item.kind === "cancelExternal") return "pending";
  return item.state === "started" ? "running" : "scheduled";
}

/** Items of one kind, in the order they were opened. */
export function itemsOfKind(model: HistoryModel, kind: WorkItemKind): WorkItem[] {
  return model.items.filter((item) => item.kind === kind);
}

/** Items with no outcome yet; empty once the run closed (SWF drops open work), except children. */
export function openItems(model: HistoryModel): WorkItem[] {
  return model.items.filter((item) => item.open && !item.abandoned && item.kind !== "run");
}
