/**
 * Builders for SWF decisions, so that deciders read as what they do. Inputs, results and details
 * accept a string (sent as is) or any JSON-able value (sent as JSON). Durations accept seconds as
 * a number, or a string such as "NONE". Unset options are left out, so SWF applies the type's
 * registered defaults.
 */
import type { ChildPolicy, Decision } from "@aws-sdk/client-swf";
import { LIMITS, toPayload, truncate } from "./payload";

/** Seconds, or an SWF duration string ("NONE" where allowed). */
export type Duration = number | string;

export interface TypeRef {
  name: string;
  version: string;
}

function duration(value: Duration | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`invalid duration: ${value}`);
    return String(Math.ceil(value));
  }
  return value;
}

function priority(value: number | string | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** Where a task is sent: its task list and priority (left out: the type's registered defaults). */
function placement(options: { taskList?: string; taskPriority?: number | string }) {
  return {
    taskList: options.taskList ? { name: options.taskList } : undefined,
    taskPriority: priority(options.taskPriority),
  };
}

/** Drops undefined members so that the decision carries only what was given. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export interface ScheduleActivityOptions {
  input?: unknown;
  control?: string;
  taskList?: string;
  taskPriority?: number | string;
  scheduleToStartTimeout?: Duration;
  startToCloseTimeout?: Duration;
  scheduleToCloseTimeout?: Duration;
  heartbeatTimeout?: Duration;
}

export function scheduleActivity(
  activityId: string,
  activityType: TypeRef,
  options: ScheduleActivityOptions = {},
): Decision {
  return {
    decisionType: "ScheduleActivityTask",
    scheduleActivityTaskDecisionAttributes: compact({
      activityId,
      activityType: { name: activityType.name, version: activityType.version },
      input: toPayload(options.input),
      control: options.control,
      ...placement(options),
      scheduleToStartTimeout: duration(options.scheduleToStartTimeout),
      startToCloseTimeout: duration(options.startToCloseTimeout),
      scheduleToCloseTimeout: duration(options.scheduleToCloseTimeout),
      heartbeatTimeout: duration(options.heartbeatTimeout),
    }),
  };
}

export function requestCancelActivity(activityId: string): Decision {
  return {
    decisionType: "RequestCancelActivityTask",
    requestCancelActivityTaskDecisionAttributes: { activityId },
  };
}

export function startTimer(
  timerId: string,
  startToFireTimeout: Duration,
  control?: string,
): Decision {
  return {
    decisionType: "StartTimer",
    startTimerDecisionAttributes: compact({
      timerId,
      startToFireTimeout: duration(startToFireTimeout)!,
      control,
    }),
  };
}

export function cancelTimer(timerId: string): Decision {
  return { decisionType: "CancelTimer", cancelTimerDecisionAttributes: { timerId } };
}

export function recordMarker(markerName: string, details?: unknown): Decision {
  return {
    decisionType: "RecordMarker",
    recordMarkerDecisionAttributes: compact({ markerName, details: toPayload(details) }),
  };
}

export function completeWorkflow(result?: unknown): Decision {
  return {
    decisionType: "CompleteWorkflowExecution",
    completeWorkflowExecutionDecisionAttributes: compact({ result: toPayload(result) }),
  };
}

/** `reason` is cut to SWF's 256 characters, `details` to 32,768. */
export function failWorkflow(reason: string, details?: unknown): Decision {
  return {
    decisionType: "FailWorkflowExecution",
    failWorkflowExecutionDecisionAttributes: compact({
      reason: truncate(reason, LIMITS.reason),
      details: truncate(toPayload(details), LIMITS.details),
    }),
  };
}

export function cancelWorkflow(details?: unknown): Decision {
  return {
    decisionType: "CancelWorkflowExecution",
    cancelWorkflowExecutionDecisionAttributes: compact({ details: toPayload(details) }),
  };
}

export interface ExecutionOptions {
  input?: unknown;
  taskList?: string;
  taskPriority?: number | string;
  executionStartToCloseTimeout?: Duration;
  taskStartToCloseTimeout?: Duration;
  childPolicy?: ChildPolicy;
  tagList?: string[];
  lambdaRole?: string;
}

/**
 * The attributes a new run takes, whether it continues this one, is a child of it or is started
 * from outside (`startWorkflow`).
 */
export function runAttributes(options: ExecutionOptions) {
  return {
    input: toPayload(options.input),
    ...placement(options),
    executionStartToCloseTimeout: duration(options.executionStartToCloseTimeout),
    taskStartToCloseTimeout: duration(options.taskStartToCloseTimeout),
    childPolicy: options.childPolicy,
    tagList: options.tagList,
    lambdaRole: options.lambdaRole,
  };
}

export function continueAsNew(
  options: ExecutionOptions & { workflowTypeVersion?: string } = {},
): Decision {
  return {
    decisionType: "ContinueAsNewWorkflowExecution",
    continueAsNewWorkflowExecutionDecisionAttributes: compact({
      ...runAttributes(options),
      workflowTypeVersion: options.workflowTypeVersion,
    }),
  };
}

export function startChildWorkflow(
  workflowId: string,
  workflowType: TypeRef,
  options: ExecutionOptions & { control?: string } = {},
): Decision {
  return {
    decisionType: "StartChildWorkflowExecution",
    startChildWorkflowExecutionDecisionAttributes: compact({
      workflowId,
      workflowType: { name: workflowType.name, version: workflowType.version },
      control: options.control,
      ...runAttributes(options),
    }),
  };
}

export function signalExternalWorkflow(
  workflowId: string,
  signalName: string,
  options: { runId?: string; input?: unknown; control?: string } = {},
): Decision {
  return {
    decisionType: "SignalExternalWorkflowExecution",
    signalExternalWorkflowExecutionDecisionAttributes: compact({
      workflowId,
      signalName,
      runId: options.runId,
      input: toPayload(options.input),
      control: options.control,
    }),
  };
}

export function requestCancelExternalWorkflow(
  workflowId: string,
  options: { runId?: string; control?: string } = {},
): Decision {
  return {
    decisionType: "RequestCancelExternalWorkflowExecution",
    requestCancelExternalWorkflowExecutionDecisionAttributes: compact({
      workflowId,
      runId: options.runId,
      control: options.control,
    }),
  };
}

export interface ScheduleLambdaOptions {
  /** The function's event: a string (sent as is) or any JSON-able value (sent as JSON). */
  input?: unknown;
  control?: string;
  /** 1–900 seconds; SWF waits 900 when unset. */
  startToCloseTimeout?: Duration;
}

/**
 * Runs a Lambda function as a task of this execution (the run needs a Lambda role). Its outcome
 * comes back as LambdaFunctionCompleted, Failed or TimedOut, or StartLambdaFunctionFailed.
 */
export function scheduleLambda(
  id: string,
  name: string,
  options: ScheduleLambdaOptions = {},
): Decision {
  return {
    decisionType: "ScheduleLambdaFunction",
    scheduleLambdaFunctionDecisionAttributes: compact({
      id,
      name,
      input: toPayload(options.input),
      control: options.control,
      startToCloseTimeout: duration(options.startToCloseTimeout),
    }),
  };
}
