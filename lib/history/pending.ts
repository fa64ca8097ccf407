// What an execution is waiting for right now: open activities, timers, children, the decision
// task, and signals/cancel requests sent to other executions without an answer yet. Replays the
// history once, opening items on their first event and closing them on their outcome.
import type { ActivityType, HistoryEvent, WorkflowType } from "@aws-sdk/client-swf";
import { durationSeconds } from "./duration";
import {
  type ActivityOutcome,
  type ChildOutcome,
  type LambdaOutcome,
  attributesAs,
  eventTimeMs,
  isCloseEvent,
} from "./events";

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

function at(event: HistoryEvent): Date {
  return new Date(eventTimeMs(event));
}

/** Open work at the end of `events`, each list in the order the items were opened. */
export function pendingWork(events: readonly HistoryEvent[]): PendingWork {
  // Maps keyed by the id of the opening event; Map keeps insertion (= event id) order.
  const activities = new Map<number, PendingActivity>();
  const openActivityByActivityId = new Map<string, number>();
  const attemptsByActivityId = new Map<string, number>();
  const timers = new Map<number, PendingTimer>();
  const openTimerByTimerId = new Map<string, number>();
  const children = new Map<number, PendingChild>();
  const decisionTasks = new Map<number, PendingDecisionTask>();
  const externals = new Map<number, PendingExternalRequest>();
  const lambdas = new Map<number, PendingLambda>();
  let closed = false;

  for (const event of events) {
    const id = event.eventId ?? 0;
    switch (event.eventType) {
      case "DecisionTaskScheduled":
        decisionTasks.set(id, { scheduledEventId: id, state: "scheduled", scheduledAt: at(event) });
        break;
      case "DecisionTaskStarted": {
        const task = decisionTasks.get(
          event.decisionTaskStartedEventAttributes?.scheduledEventId ?? -1,
        );
        if (task)
          Object.assign(task, { state: "started", startedEventId: id, startedAt: at(event) });
        break;
      }
      case "DecisionTaskCompleted":
        decisionTasks.delete(event.decisionTaskCompletedEventAttributes?.scheduledEventId ?? -1);
        break;
      case "DecisionTaskTimedOut":
        decisionTasks.delete(event.decisionTaskTimedOutEventAttributes?.scheduledEventId ?? -1);
        break;

      case "ActivityTaskScheduled": {
        const a = event.activityTaskScheduledEventAttributes;
        const activityId = a?.activityId ?? "";
        const attempt = (attemptsByActivityId.get(activityId) ?? 0) + 1;
        attemptsByActivityId.set(activityId, attempt);
        activities.set(id, {
          activityId,
          activityType: a?.activityType,
          scheduledEventId: id,
          state: "scheduled",
          scheduledAt: at(event),
          cancelRequested: false,
          attempt,
          input: a?.input,
          taskList: a?.taskList?.name,
        });
        openActivityByActivityId.set(activityId, id);
        break;
      }
      case "ActivityTaskStarted": {
        const activity = activities.get(
          event.activityTaskStartedEventAttributes?.scheduledEventId ?? -1,
        );
        if (activity) {
          activity.state = "started";
          activity.startedEventId = id;
          activity.startedAt = at(event);
          activity.identity = event.activityTaskStartedEventAttributes?.identity;
        }
        break;
      }
      case "ActivityTaskCancelRequested": {
        const scheduledId = openActivityByActivityId.get(
          event.activityTaskCancelRequestedEventAttributes?.activityId ?? "",
        );
        const activity = scheduledId === undefined ? undefined : activities.get(scheduledId);
        if (activity) activity.cancelRequested = true;
        break;
      }
      case "ActivityTaskCompleted":
      case "ActivityTaskFailed":
      case "ActivityTaskTimedOut":
      case "ActivityTaskCanceled": {
        const a = attributesAs<ActivityOutcome>(event);
        const scheduledId = a?.scheduledEventId ?? -1;
        const activity = activities.get(scheduledId);
        if (activity) {
          activities.delete(scheduledId);
          if (openActivityByActivityId.get(activity.activityId) === scheduledId)
            openActivityByActivityId.delete(activity.activityId);
        }
        break;
      }

      case "TimerStarted": {
        const a = event.timerStartedEventAttributes;
        const startedAt = at(event);
        const seconds = durationSeconds(a?.startToFireTimeout);
        timers.set(id, {
          timerId: a?.timerId ?? "",
          startedEventId: id,
          startedAt,
          startToFireTimeout: a?.startToFireTimeout,
          fireAt:
            seconds === undefined ? undefined : new Date(startedAt.getTime() + seconds * 1000),
        });
        openTimerByTimerId.set(a?.timerId ?? "", id);
        break;
      }
      case "TimerFired":
      case "TimerCanceled": {
        const a = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
        // startedEventId is required, but fall back to the timerId for hand-made histories.
        const startedId = a?.startedEventId || openTimerByTimerId.get(a?.timerId ?? "");
        if (startedId !== undefined) {
          const timer = timers.get(startedId);
          timers.delete(startedId);
          if (timer && openTimerByTimerId.get(timer.timerId) === startedId)
            openTimerByTimerId.delete(timer.timerId);
        }
        break;
      }

      case "StartChildWorkflowExecutionInitiated": {
        const a = event.startChildWorkflowExecutionInitiatedEventAttributes;
        children.set(id, {
          workflowId: a?.workflowId ?? "",
          workflowType: a?.workflowType,
          initiatedEventId: id,
          state: "initiated",
          initiatedAt: at(event),
        });
        break;
      }
      case "ChildWorkflowExecutionStarted": {
        const a = event.childWorkflowExecutionStartedEventAttributes;
        const child = children.get(a?.initiatedEventId ?? -1);
        if (child) {
          child.state = "started";
          child.runId = a?.workflowExecution?.runId;
          child.startedEventId = id;
          child.startedAt = at(event);
        }
        break;
      }
      case "StartChildWorkflowExecutionFailed":
        children.delete(
          event.startChildWorkflowExecutionFailedEventAttributes?.initiatedEventId ?? -1,
        );
        break;
      case "ChildWorkflowExecutionCompleted":
      case "ChildWorkflowExecutionFailed":
      case "ChildWorkflowExecutionTimedOut":
      case "ChildWorkflowExecutionCanceled":
      case "ChildWorkflowExecutionTerminated": {
        const a = attributesAs<ChildOutcome>(event);
        children.delete(a?.initiatedEventId ?? -1);
        break;
      }

      case "SignalExternalWorkflowExecutionInitiated": {
        const a = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
        externals.set(id, {
          kind: "signal",
          workflowId: a?.workflowId ?? "",
          runId: a?.runId || undefined,
          signalName: a?.signalName,
          initiatedEventId: id,
          initiatedAt: at(event),
        });
        break;
      }
      case "RequestCancelExternalWorkflowExecutionInitiated": {
        const a = event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
        externals.set(id, {
          kind: "cancel",
          workflowId: a?.workflowId ?? "",
          runId: a?.runId || undefined,
          initiatedEventId: id,
          initiatedAt: at(event),
        });
        break;
      }
      case "ExternalWorkflowExecutionSignaled":
        externals.delete(
          event.externalWorkflowExecutionSignaledEventAttributes?.initiatedEventId ?? -1,
        );
        break;
      case "SignalExternalWorkflowExecutionFailed":
        externals.delete(
          event.signalExternalWorkflowExecutionFailedEventAttributes?.initiatedEventId ?? -1,
        );
        break;
      case "ExternalWorkflowExecutionCancelRequested":
        externals.delete(
          event.externalWorkflowExecutionCancelRequestedEventAttributes?.initiatedEventId ?? -1,
        );
        break;
      case "RequestCancelExternalWorkflowExecutionFailed":
        externals.delete(
          event.requestCancelExternalWorkflowExecutionFailedEventAttributes?.initiatedEventId ?? -1,
        );
        break;

      case "LambdaFunctionScheduled": {
        const a = event.lambdaFunctionScheduledEventAttributes;
        lambdas.set(id, {
          id: a?.id ?? "",
          name: a?.name,
          scheduledEventId: id,
          state: "scheduled",
          scheduledAt: at(event),
        });
        break;
      }
      case "LambdaFunctionStarted": {
        const lambda = lambdas.get(
          event.lambdaFunctionStartedEventAttributes?.scheduledEventId ?? -1,
        );
        if (lambda)
          Object.assign(lambda, { state: "started", startedEventId: id, startedAt: at(event) });
        break;
      }
      case "LambdaFunctionCompleted":
      case "LambdaFunctionFailed":
      case "LambdaFunctionTimedOut":
      case "StartLambdaFunctionFailed": {
        const a = attributesAs<LambdaOutcome>(event);
        lambdas.delete(a?.scheduledEventId ?? -1);
        break;
      }
    }
    if (isCloseEvent(event.eventType)) closed = true;
  }

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

  // At most one started and one scheduled decision task exist at a time.
  const tasks = [...decisionTasks.values()];
  const started = tasks.find((t) => t.state === "started");
  const waiting = tasks.filter((t) => t.state === "scheduled");
  const externalList = [...externals.values()];
  return {
    closed,
    activities: [...activities.values()],
    timers: [...timers.values()],
    children: [...children.values()],
    decisionTask: started ?? waiting[0],
    queuedDecisionTask: started ? waiting[0] : waiting[1],
    externalSignals: externalList.filter((e) => e.kind === "signal"),
    externalCancels: externalList.filter((e) => e.kind === "cancel"),
    lambdas: [...lambdas.values()],
  };
}
