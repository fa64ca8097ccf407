// The execution header: what ran, how it ended, how long it took, how it links to other runs,
// and a few counters. One pass over the events.
import type { ChildPolicy, CloseStatus, HistoryEvent, WorkflowType } from "@aws-sdk/client-swf";
import { eventTimeMs } from "./events";
import {
  closeStatusOfEvent,
  statusOfCloseStatus,
  type ExecutionStatusValue,
  type VisualStatus,
} from "./status";

export interface ExecutionFailure {
  reason?: string;
  details?: string;
  /** Terminations: `OPERATOR_INITIATED`, `CHILD_POLICY_APPLIED`, `EVENT_LIMIT_EXCEEDED`. */
  cause?: string;
  /** Timeouts: `START_TO_CLOSE`. */
  timeoutType?: string;
}

export interface ParentLink {
  workflowId: string;
  runId: string;
  /** Id of `StartChildWorkflowExecutionInitiated` in the **parent's** history. */
  initiatedEventId: number;
}

export interface ExecutionCounts {
  events: number;
  /** Decision tasks completed (one per `DecisionTaskCompleted`). */
  decisions: number;
  decisionTimeouts: number;
  /** Decisions SWF refused: `ScheduleActivityTaskFailed`, `StartTimerFailed`, `CompleteWorkflowExecutionFailed`, … */
  decisionFailures: number;
  activitiesScheduled: number;
  activitiesCompleted: number;
  activitiesFailed: number;
  activitiesTimedOut: number;
  activitiesCanceled: number;
  timersStarted: number;
  timersFired: number;
  timersCanceled: number;
  childrenInitiated: number;
  childrenCompleted: number;
  /** Children that ended in failure, time-out, cancellation or termination. */
  childrenUnsuccessful: number;
  signalsReceived: number;
  signalsSent: number;
  markers: number;
  lambdasScheduled: number;
  lambdasCompleted: number;
  lambdasFailed: number;
}

export interface ExecutionSummary {
  /** Absent only when the history is empty or does not start with `WorkflowExecutionStarted`. */
  workflowType?: WorkflowType;
  /** OPEN, or the close status from the close event. */
  status: ExecutionStatusValue;
  visualStatus: VisualStatus;
  /** Time of the first event (WorkflowExecutionStarted); absent for an empty history. */
  startedAt?: Date;
  closedAt?: Date;
  /** closedAt − startedAt; absent while open (the view counts up from startedAt itself). */
  durationMs?: number;
  input?: string;
  /** Result of a COMPLETED run. */
  result?: string;
  /**
   * Why the run did not complete: reason/details for FAILED, reason/details/cause for TERMINATED,
   * timeoutType for TIMED_OUT, details for CANCELED. Absent for COMPLETED, CONTINUED_AS_NEW and OPEN.
   */
  failure?: ExecutionFailure;
  tagList: string[];
  taskList?: string;
  taskPriority?: string;
  childPolicy?: ChildPolicy;
  executionStartToCloseTimeout?: string;
  taskStartToCloseTimeout?: string;
  lambdaRole?: string;
  parent?: ParentLink;
  /** The run this one continues (`continuedExecutionRunId`). */
  continuedFromRunId?: string;
  /** The run that continues this one (`newExecutionRunId`). */
  continuedAsNewRunId?: string;
  /** A `WorkflowExecutionCancelRequested` was recorded (stays true after the close, as in SWF). */
  cancelRequested: boolean;
  /**
   * A cancellation was requested and the run is still open: the decider has yet to act on it.
   * What the page announces; once the run closed (canceled or not) the request is history.
   */
  cancelPending: boolean;
  /** `executionContext` of the most recent `DecisionTaskCompleted` that carried one. */
  latestExecutionContext?: string;
  lastEventId?: number;
  lastEventAt?: Date;
  counts: ExecutionCounts;
}

function emptyCounts(): ExecutionCounts {
  return {
    events: 0,
    decisions: 0,
    decisionTimeouts: 0,
    decisionFailures: 0,
    activitiesScheduled: 0,
    activitiesCompleted: 0,
    activitiesFailed: 0,
    activitiesTimedOut: 0,
    activitiesCanceled: 0,
    timersStarted: 0,
    timersFired: 0,
    timersCanceled: 0,
    childrenInitiated: 0,
    childrenCompleted: 0,
    childrenUnsuccessful: 0,
    signalsReceived: 0,
    signalsSent: 0,
    markers: 0,
    lambdasScheduled: 0,
    lambdasCompleted: 0,
    lambdasFailed: 0,
  };
}

/** Counter bumped by each event type; types not listed only count towards `events`. */
const COUNTER: Partial<Record<string, keyof ExecutionCounts>> = {
  DecisionTaskCompleted: "decisions",
  DecisionTaskTimedOut: "decisionTimeouts",
  ScheduleActivityTaskFailed: "decisionFailures",
  RequestCancelActivityTaskFailed: "decisionFailures",
  StartTimerFailed: "decisionFailures",
  CancelTimerFailed: "decisionFailures",
  RecordMarkerFailed: "decisionFailures",
  StartChildWorkflowExecutionFailed: "decisionFailures",
  SignalExternalWorkflowExecutionFailed: "decisionFailures",
  RequestCancelExternalWorkflowExecutionFailed: "decisionFailures",
  ScheduleLambdaFunctionFailed: "decisionFailures",
  CompleteWorkflowExecutionFailed: "decisionFailures",
  FailWorkflowExecutionFailed: "decisionFailures",
  CancelWorkflowExecutionFailed: "decisionFailures",
  ContinueAsNewWorkflowExecutionFailed: "decisionFailures",
  ActivityTaskScheduled: "activitiesScheduled",
  ActivityTaskCompleted: "activitiesCompleted",
  ActivityTaskFailed: "activitiesFailed",
  ActivityTaskTimedOut: "activitiesTimedOut",
  ActivityTaskCanceled: "activitiesCanceled",
  TimerStarted: "timersStarted",
  TimerFired: "timersFired",
  TimerCanceled: "timersCanceled",
  StartChildWorkflowExecutionInitiated: "childrenInitiated",
  ChildWorkflowExecutionCompleted: "childrenCompleted",
  ChildWorkflowExecutionFailed: "childrenUnsuccessful",
  ChildWorkflowExecutionTimedOut: "childrenUnsuccessful",
  ChildWorkflowExecutionCanceled: "childrenUnsuccessful",
  ChildWorkflowExecutionTerminated: "childrenUnsuccessful",
  WorkflowExecutionSignaled: "signalsReceived",
  ExternalWorkflowExecutionSignaled: "signalsSent",
  MarkerRecorded: "markers",
  LambdaFunctionScheduled: "lambdasScheduled",
  LambdaFunctionCompleted: "lambdasCompleted",
  LambdaFunctionFailed: "lambdasFailed",
  LambdaFunctionTimedOut: "lambdasFailed",
  StartLambdaFunctionFailed: "lambdasFailed",
};

export function summarizeExecution(events: readonly HistoryEvent[]): ExecutionSummary {
  const counts = emptyCounts();
  const summary: ExecutionSummary = {
    status: "OPEN",
    visualStatus: "running",
    tagList: [],
    cancelRequested: false,
    cancelPending: false,
    counts,
  };
  let closeStatus: CloseStatus | undefined;

  for (const event of events) {
    counts.events++;
    const counter = event.eventType ? COUNTER[event.eventType] : undefined;
    if (counter) counts[counter]++;

    switch (event.eventType) {
      case "WorkflowExecutionStarted": {
        const a = event.workflowExecutionStartedEventAttributes;
        summary.startedAt = new Date(eventTimeMs(event));
        if (!a) break;
        summary.workflowType = a.workflowType;
        summary.input = a.input;
        summary.tagList = a.tagList ?? [];
        summary.taskList = a.taskList?.name;
        summary.taskPriority = a.taskPriority;
        summary.childPolicy = a.childPolicy;
        summary.executionStartToCloseTimeout = a.executionStartToCloseTimeout;
        summary.taskStartToCloseTimeout = a.taskStartToCloseTimeout;
        summary.lambdaRole = a.lambdaRole;
        summary.continuedFromRunId = a.continuedExecutionRunId;
        if (a.parentWorkflowExecution?.workflowId) {
          summary.parent = {
            workflowId: a.parentWorkflowExecution.workflowId,
            runId: a.parentWorkflowExecution.runId ?? "",
            initiatedEventId: a.parentInitiatedEventId ?? 0,
          };
        }
        break;
      }
      case "WorkflowExecutionCancelRequested":
        summary.cancelRequested = true;
        break;
      case "DecisionTaskCompleted": {
        const context = event.decisionTaskCompletedEventAttributes?.executionContext;
        if (context !== undefined) summary.latestExecutionContext = context;
        break;
      }
      case "WorkflowExecutionCompleted":
        summary.result = event.workflowExecutionCompletedEventAttributes?.result;
        break;
      case "WorkflowExecutionFailed": {
        const a = event.workflowExecutionFailedEventAttributes;
        summary.failure = { reason: a?.reason, details: a?.details };
        break;
      }
      case "WorkflowExecutionCanceled":
        summary.failure = { details: event.workflowExecutionCanceledEventAttributes?.details };
        break;
      case "WorkflowExecutionTerminated": {
        const a = event.workflowExecutionTerminatedEventAttributes;
        summary.failure = { reason: a?.reason, details: a?.details, cause: a?.cause };
        break;
      }
      case "WorkflowExecutionTimedOut":
        summary.failure = {
          timeoutType: event.workflowExecutionTimedOutEventAttributes?.timeoutType,
        };
        break;
      case "WorkflowExecutionContinuedAsNew":
        summary.continuedAsNewRunId =
          event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
        break;
    }

    const closing = closeStatusOfEvent(event.eventType);
    if (closing) {
      closeStatus = closing;
      summary.closedAt = new Date(eventTimeMs(event));
    }
  }

  const first = events[0];
  const last = events[events.length - 1];
  // A history page that does not begin at event 1 still gets a start time.
  if (!summary.startedAt && first) summary.startedAt = new Date(eventTimeMs(first));
  if (last) {
    summary.lastEventId = last.eventId;
    summary.lastEventAt = new Date(eventTimeMs(last));
  }
  if (closeStatus) {
    summary.status = closeStatus;
    if (summary.startedAt && summary.closedAt)
      summary.durationMs = summary.closedAt.getTime() - summary.startedAt.getTime();
  }
  summary.visualStatus = statusOfCloseStatus(summary.status);
  summary.cancelPending = summary.cancelRequested && closeStatus === undefined;
  return summary;
}
