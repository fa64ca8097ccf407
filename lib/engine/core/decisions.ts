import type { Decision } from "../schemas";
import type { ActivityTimeouts, TypeRow } from "../store";
import { closeRun } from "./close";
import { durationMs } from "./durations";
import { scheduleLambda } from "./lambda";
import type { Run } from "./run";
import { newRunId, resolveRunConfig, startRun, type MissingDefault } from "./start";
import { armScheduledActivity } from "./timeouts";

const MISSING_CAUSE: Record<MissingDefault, string> = {
  executionStartToCloseTimeout: "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED",
  taskList: "DEFAULT_TASK_LIST_UNDEFINED",
  taskStartToCloseTimeout: "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED",
  childPolicy: "DEFAULT_CHILD_POLICY_UNDEFINED",
};

/**
 * Applies a decider's decisions in order, right after their DecisionTaskCompleted.
 * A failed decision records its `*Failed` event and the rest still
 * apply. Effects the service produces asynchronously (a child run starting, a signal reaching
 * another run, an unstarted activity being cancelled) follow once every decision is recorded.
 */
export function applyDecisions(
  run: Run,
  completedEventId: number,
  decisions: Decision[],
  pendingWork: boolean,
  denied?: ReadonlySet<string>,
) {
  const later: (() => void)[] = [];
  const ctx: DecisionContext = { run, completedEventId, pendingWork, later, startingChildren: 0 };
  for (const decision of decisions) {
    if (!run.isOpen) break;
    if (denied?.has(decision.decisionType)) notPermitted(ctx, decision);
    else apply(ctx, decision);
  }
  for (const effect of later) effect();
}

interface DecisionContext {
  run: Run;
  completedEventId: number;
  pendingWork: boolean;
  later: (() => void)[];
  /** Children whose start is among the `later` effects: they count against the limits already. */
  startingChildren: number;
}

function apply(ctx: DecisionContext, d: Decision) {
  switch (d.decisionType) {
    case "ScheduleActivityTask":
      return scheduleActivity(ctx, d.scheduleActivityTaskDecisionAttributes);
    case "RequestCancelActivityTask":
      return requestCancelActivity(ctx, d.requestCancelActivityTaskDecisionAttributes.activityId);
    case "RecordMarker":
      return void ctx.run.append("MarkerRecorded", {
        ...d.recordMarkerDecisionAttributes,
        decisionTaskCompletedEventId: ctx.completedEventId,
      });
    case "StartTimer":
      return startTimer(ctx, d.startTimerDecisionAttributes);
    case "CancelTimer":
      return cancelTimer(ctx, d.cancelTimerDecisionAttributes.timerId);
    case "CompleteWorkflowExecution":
      return closeByDecision(
        ctx,
        "COMPLETED",
        "WorkflowExecutionCompleted",
        "CompleteWorkflowExecutionFailed",
        {
          result: d.completeWorkflowExecutionDecisionAttributes?.result,
        },
      );
    case "FailWorkflowExecution":
      return closeByDecision(
        ctx,
        "FAILED",
        "WorkflowExecutionFailed",
        "FailWorkflowExecutionFailed",
        {
          reason: d.failWorkflowExecutionDecisionAttributes?.reason,
          details: d.failWorkflowExecutionDecisionAttributes?.details,
        },
      );
    case "CancelWorkflowExecution":
      return closeByDecision(
        ctx,
        "CANCELED",
        "WorkflowExecutionCanceled",
        "CancelWorkflowExecutionFailed",
        {
          details: d.cancelWorkflowExecutionDecisionAttributes?.details,
        },
      );
    case "ContinueAsNewWorkflowExecution":
      return continueAsNew(ctx, d.continueAsNewWorkflowExecutionDecisionAttributes ?? {});
    case "SignalExternalWorkflowExecution":
      return signalExternal(ctx, d.signalExternalWorkflowExecutionDecisionAttributes);
    case "RequestCancelExternalWorkflowExecution":
      return requestCancelExternal(ctx, d.requestCancelExternalWorkflowExecutionDecisionAttributes);
    case "StartChildWorkflowExecution":
      return startChild(ctx, d.startChildWorkflowExecutionDecisionAttributes);
    case "ScheduleLambdaFunction":
      return scheduleLambda(
        ctx.run,
        d.scheduleLambdaFunctionDecisionAttributes,
        ctx.completedEventId,
        ctx.later,
      );
  }
}

/**
 * The decider's key may not make this decision (strict mode `deny`, the engine's stand-in for
 * IAM): its failure event with cause OPERATION_NOT_PERMITTED, recorded at once.
 */
function notPermitted(ctx: DecisionContext, d: Decision) {
  const cause = "OPERATION_NOT_PERMITTED";
  const decisionTaskCompletedEventId = ctx.completedEventId;
  const append = (type: string, attributes: Record<string, unknown>) =>
    void ctx.run.append(type, { ...attributes, cause, decisionTaskCompletedEventId });
  switch (d.decisionType) {
    case "ScheduleActivityTask": {
      const { activityType, activityId } = d.scheduleActivityTaskDecisionAttributes;
      return append("ScheduleActivityTaskFailed", { activityType, activityId });
    }
    case "RequestCancelActivityTask":
      return append("RequestCancelActivityTaskFailed", {
        activityId: d.requestCancelActivityTaskDecisionAttributes.activityId,
      });
    case "CompleteWorkflowExecution":
      return append("CompleteWorkflowExecutionFailed", {});
    case "FailWorkflowExecution":
      return append("FailWorkflowExecutionFailed", {});
    case "CancelWorkflowExecution":
      return append("CancelWorkflowExecutionFailed", {});
    case "ContinueAsNewWorkflowExecution":
      return append("ContinueAsNewWorkflowExecutionFailed", {});
    case "RecordMarker":
      return append("RecordMarkerFailed", {
        markerName: d.recordMarkerDecisionAttributes.markerName,
      });
    case "StartTimer":
      return append("StartTimerFailed", { timerId: d.startTimerDecisionAttributes.timerId });
    case "CancelTimer":
      return append("CancelTimerFailed", { timerId: d.cancelTimerDecisionAttributes.timerId });
    case "SignalExternalWorkflowExecution": {
      const { workflowId, runId, control } = d.signalExternalWorkflowExecutionDecisionAttributes;
      return append("SignalExternalWorkflowExecutionFailed", {
        workflowId,
        runId,
        initiatedEventId: 0,
        control,
      });
    }
    case "RequestCancelExternalWorkflowExecution": {
      const { workflowId, runId, control } =
        d.requestCancelExternalWorkflowExecutionDecisionAttributes;
      return append("RequestCancelExternalWorkflowExecutionFailed", {
        workflowId,
        runId,
        initiatedEventId: 0,
        control,
      });
    }
    case "StartChildWorkflowExecution": {
      const { workflowType, workflowId, control } = d.startChildWorkflowExecutionDecisionAttributes;
      return append("StartChildWorkflowExecutionFailed", {
        workflowType,
        workflowId,
        initiatedEventId: 0,
        control,
      });
    }
    case "ScheduleLambdaFunction":
      // OPERATION_NOT_PERMITTED is no ScheduleLambdaFunctionFailed cause: what decides whether a
      // function may run is the run's Lambda role (StartLambdaFunctionFailed without one).
      return apply(ctx, d);
  }
}

type Attrs<T extends Decision["decisionType"]> = Extract<Decision, { decisionType: T }>;
type ScheduleActivityAttrs =
  Attrs<"ScheduleActivityTask">["scheduleActivityTaskDecisionAttributes"];

interface ActivityTypeDefaults {
  defaultTaskList?: { name: string };
  defaultTaskPriority?: string;
  defaultTaskScheduleToCloseTimeout?: string;
  defaultTaskScheduleToStartTimeout?: string;
  defaultTaskStartToCloseTimeout?: string;
  defaultTaskHeartbeatTimeout?: string;
}

function scheduleActivity(ctx: DecisionContext, a: ScheduleActivityAttrs) {
  const { run } = ctx;
  const store = run.tx.store;
  const fail = (cause: string) =>
    void run.append("ScheduleActivityTaskFailed", {
      activityType: a.activityType,
      activityId: a.activityId,
      cause,
      decisionTaskCompletedEventId: ctx.completedEventId,
    });

  const type = store.types.get(
    run.row.domain,
    "activity",
    a.activityType.name,
    a.activityType.version,
  );
  if (!type) return fail("ACTIVITY_TYPE_DOES_NOT_EXIST");
  if (type.status === "DEPRECATED") return fail("ACTIVITY_TYPE_DEPRECATED");
  if (store.activities.byActivityId(run.id, a.activityId))
    return fail("ACTIVITY_ID_ALREADY_IN_USE");
  if (store.activities.countOpen(run.id) >= run.tx.settings.maxOpenActivities) {
    return fail("OPEN_ACTIVITIES_LIMIT_EXCEEDED");
  }

  const defaults = JSON.parse(type.config) as ActivityTypeDefaults;
  const taskList = a.taskList?.name ?? defaults.defaultTaskList?.name;
  if (taskList === undefined) return fail("DEFAULT_TASK_LIST_UNDEFINED");
  const timeouts: ActivityTimeouts = {
    scheduleToCloseTimeout:
      a.scheduleToCloseTimeout ?? defaults.defaultTaskScheduleToCloseTimeout ?? "",
    scheduleToStartTimeout:
      a.scheduleToStartTimeout ?? defaults.defaultTaskScheduleToStartTimeout ?? "",
    startToCloseTimeout: a.startToCloseTimeout ?? defaults.defaultTaskStartToCloseTimeout ?? "",
    heartbeatTimeout: a.heartbeatTimeout ?? defaults.defaultTaskHeartbeatTimeout ?? "",
  };
  if (!timeouts.scheduleToCloseTimeout) return fail("DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED");
  if (!timeouts.scheduleToStartTimeout) return fail("DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED");
  if (!timeouts.startToCloseTimeout) return fail("DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED");
  if (!timeouts.heartbeatTimeout) return fail("DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED");
  const taskPriority = String(Number(a.taskPriority ?? defaults.defaultTaskPriority ?? "0"));

  const scheduledEventId = run.append("ActivityTaskScheduled", {
    activityType: a.activityType,
    activityId: a.activityId,
    input: a.input,
    control: a.control,
    ...timeouts,
    taskList: { name: taskList },
    ...(taskPriority !== "0" ? { taskPriority } : {}),
    decisionTaskCompletedEventId: ctx.completedEventId,
  });
  store.activities.insert({
    execution_id: run.id,
    scheduled_event_id: scheduledEventId,
    activity_id: a.activityId,
    domain: run.row.domain,
    task_list: taskList,
    priority: Number(taskPriority),
    type_name: a.activityType.name,
    type_version: a.activityType.version,
    input: a.input ?? null,
    timeouts: JSON.stringify(timeouts),
  });
  armScheduledActivity(run.tx, run.id, scheduledEventId, timeouts);
  run.row.latest_activity_at = run.tx.now;
  run.tx.wake("activity", run.row.domain, taskList);
}

function requestCancelActivity(ctx: DecisionContext, activityId: string) {
  const { run } = ctx;
  const store = run.tx.store;
  const task = store.activities.byActivityId(run.id, activityId);
  if (!task) {
    return void run.append("RequestCancelActivityTaskFailed", {
      activityId,
      cause: "ACTIVITY_ID_UNKNOWN",
      decisionTaskCompletedEventId: ctx.completedEventId,
    });
  }
  const requestedId = run.append("ActivityTaskCancelRequested", {
    activityId,
    decisionTaskCompletedEventId: ctx.completedEventId,
  });
  if (task.started_event_id !== 0) {
    // A started activity learns of the request at its next heartbeat.
    return void store.activities.setCancelRequested(task.id, requestedId);
  }
  store.activities.remove(task.id);
  store.deadlines.removeRef(run.id, task.scheduled_event_id);
  ctx.later.push(() => {
    if (!run.isOpen) return;
    run.append("ActivityTaskCanceled", {
      scheduledEventId: task.scheduled_event_id,
      startedEventId: 0,
      latestCancelRequestedEventId: requestedId,
    });
  });
}

function startTimer(ctx: DecisionContext, a: Attrs<"StartTimer">["startTimerDecisionAttributes"]) {
  const { run } = ctx;
  const store = run.tx.store;
  const fail = (cause: string) =>
    void run.append("StartTimerFailed", {
      timerId: a.timerId,
      cause,
      decisionTaskCompletedEventId: ctx.completedEventId,
    });
  if (store.timers.get(run.id, a.timerId)) return fail("TIMER_ID_ALREADY_IN_USE");
  if (store.timers.count(run.id) >= run.tx.settings.maxOpenTimers)
    return fail("OPEN_TIMERS_LIMIT_EXCEEDED");
  const startedEventId = run.append("TimerStarted", {
    timerId: a.timerId,
    control: a.control,
    startToFireTimeout: a.startToFireTimeout,
    decisionTaskCompletedEventId: ctx.completedEventId,
  });
  store.timers.insert(run.id, a.timerId, startedEventId);
  run.tx.addDeadline(
    "TIMER",
    run.tx.now + (durationMs(a.startToFireTimeout) ?? 0),
    run.id,
    startedEventId,
  );
}

function cancelTimer(ctx: DecisionContext, timerId: string) {
  const { run } = ctx;
  const store = run.tx.store;
  const timer = store.timers.get(run.id, timerId);
  if (!timer) {
    return void run.append("CancelTimerFailed", {
      timerId,
      cause: "TIMER_ID_UNKNOWN",
      decisionTaskCompletedEventId: ctx.completedEventId,
    });
  }
  store.timers.remove(run.id, timerId);
  store.deadlines.removeRef(run.id, timer.started_event_id);
  run.append("TimerCanceled", {
    timerId,
    startedEventId: timer.started_event_id,
    decisionTaskCompletedEventId: ctx.completedEventId,
  });
}

/** A close decision loses to events that arrived while the decider worked. */
function closeByDecision(
  ctx: DecisionContext,
  status: "COMPLETED" | "FAILED" | "CANCELED",
  eventType: string,
  failedType: string,
  attributes: Record<string, unknown>,
) {
  const decisionTaskCompletedEventId = ctx.completedEventId;
  if (ctx.pendingWork) {
    return void ctx.run.append(failedType, {
      cause: "UNHANDLED_DECISION",
      decisionTaskCompletedEventId,
    });
  }
  closeRun(ctx.run, status, eventType, { ...attributes, decisionTaskCompletedEventId });
}

function workflowTypeProblem(type: TypeRow | undefined): string | undefined {
  if (!type) return "WORKFLOW_TYPE_DOES_NOT_EXIST";
  if (type.status === "DEPRECATED") return "WORKFLOW_TYPE_DEPRECATED";
  return undefined;
}

function continueAsNew(
  ctx: DecisionContext,
  a: NonNullable<
    Attrs<"ContinueAsNewWorkflowExecution">["continueAsNewWorkflowExecutionDecisionAttributes"]
  >,
) {
  const { run } = ctx;
  const { tx } = run;
  const decisionTaskCompletedEventId = ctx.completedEventId;
  const fail = (cause: string) =>
    void run.append("ContinueAsNewWorkflowExecutionFailed", {
      cause,
      decisionTaskCompletedEventId,
    });
  if (ctx.pendingWork) return fail("UNHANDLED_DECISION");

  const version = a.workflowTypeVersion ?? run.row.type_version;
  const type = tx.store.types.get(run.row.domain, "workflow", run.row.type_name, version);
  const problem = workflowTypeProblem(type);
  if (problem) return fail(problem);
  // Unspecified settings come from the type's defaults, not from the previous run (API reference).
  const config = resolveRunConfig(type!, a);
  if ("missing" in config) return fail(MISSING_CAUSE[config.missing]);

  const runId = newRunId();
  const link = tx.store.children.byChild(run.id);
  const parent = link ? tx.run(link.parent_execution_id) : undefined;
  closeRun(run, "CONTINUED_AS_NEW", "WorkflowExecutionContinuedAsNew", {
    input: a.input,
    decisionTaskCompletedEventId,
    newExecutionRunId: runId,
    executionStartToCloseTimeout: config.executionStartToCloseTimeout,
    taskList: { name: config.taskList },
    ...(config.taskPriority !== "0" ? { taskPriority: config.taskPriority } : {}),
    taskStartToCloseTimeout: config.taskStartToCloseTimeout,
    childPolicy: config.childPolicy,
    tagList: a.tagList,
    workflowType: { name: type!.name, version: type!.version },
    lambdaRole: config.lambdaRole,
  });
  const next = startRun(tx, run.row.domain, run.row.workflow_id, type!, config, a, {
    runId,
    continuedExecutionRunId: run.row.run_id,
    // The new run stays its parent's child: the parent hears when the chain ends.
    parent: link && parent ? { run: parent, initiatedEventId: link.initiated_event_id } : undefined,
  });
  if (link) tx.store.children.setChild(link.parent_execution_id, link.initiated_event_id, next.id);
}

/**
 * Once this task's decisions are applied, acts on the external run that the decision names:
 * `reach` when that run is open; otherwise the deciding run (if still open) records `failedEvent`
 * with cause UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION.
 */
function reachExternal(
  ctx: DecisionContext,
  a: { workflowId: string; runId?: string; control?: string },
  initiatedEventId: number,
  failedEvent: string,
  reach: (target: Run) => void,
) {
  const { run } = ctx;
  ctx.later.push(() => {
    const target = run.tx.find(run.row.domain, a.workflowId, a.runId);
    if (target?.isOpen) {
      reach(target);
    } else if (run.isOpen) {
      run.append(failedEvent, {
        workflowId: a.workflowId,
        runId: a.runId,
        cause: "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
        initiatedEventId,
        decisionTaskCompletedEventId: ctx.completedEventId,
        control: a.control,
      });
    }
  });
}

function signalExternal(
  ctx: DecisionContext,
  a: Attrs<"SignalExternalWorkflowExecution">["signalExternalWorkflowExecutionDecisionAttributes"],
) {
  const { run } = ctx;
  const initiatedEventId = run.append("SignalExternalWorkflowExecutionInitiated", {
    ...a,
    decisionTaskCompletedEventId: ctx.completedEventId,
  });
  reachExternal(ctx, a, initiatedEventId, "SignalExternalWorkflowExecutionFailed", (target) => {
    target.append("WorkflowExecutionSignaled", {
      signalName: a.signalName,
      input: a.input,
      externalWorkflowExecution: run.execution,
      externalInitiatedEventId: initiatedEventId,
    });
    if (run.isOpen)
      run.append("ExternalWorkflowExecutionSignaled", {
        workflowExecution: target.execution,
        initiatedEventId,
      });
  });
}

function requestCancelExternal(
  ctx: DecisionContext,
  a: Attrs<"RequestCancelExternalWorkflowExecution">["requestCancelExternalWorkflowExecutionDecisionAttributes"],
) {
  const { run } = ctx;
  const initiatedEventId = run.append("RequestCancelExternalWorkflowExecutionInitiated", {
    ...a,
    decisionTaskCompletedEventId: ctx.completedEventId,
  });
  reachExternal(
    ctx,
    a,
    initiatedEventId,
    "RequestCancelExternalWorkflowExecutionFailed",
    (target) => {
      target.row.cancel_requested = 1;
      target.append("WorkflowExecutionCancelRequested", {
        externalWorkflowExecution: run.execution,
        externalInitiatedEventId: initiatedEventId,
      });
      if (run.isOpen) {
        run.append("ExternalWorkflowExecutionCancelRequested", {
          workflowExecution: target.execution,
          initiatedEventId,
        });
      }
    },
  );
}

function startChild(
  ctx: DecisionContext,
  a: Attrs<"StartChildWorkflowExecution">["startChildWorkflowExecutionDecisionAttributes"],
) {
  const { run } = ctx;
  const { tx } = run;
  const domain = run.row.domain;
  const decisionTaskCompletedEventId = ctx.completedEventId;
  const fail = (cause: string, initiatedEventId = 0) =>
    void run.append("StartChildWorkflowExecutionFailed", {
      workflowType: a.workflowType,
      workflowId: a.workflowId,
      cause,
      initiatedEventId,
      decisionTaskCompletedEventId,
      control: a.control,
    });

  const type = tx.store.types.get(domain, "workflow", a.workflowType.name, a.workflowType.version);
  const problem = workflowTypeProblem(type);
  if (problem) return fail(problem);
  const { maxOpenChildren, maxOpenExecutions } = tx.settings;
  if (tx.store.children.count(run.id) + ctx.startingChildren >= maxOpenChildren)
    return fail("OPEN_CHILDREN_LIMIT_EXCEEDED");
  if (tx.store.openCounts.get(domain) + ctx.startingChildren >= maxOpenExecutions) {
    return fail("OPEN_WORKFLOWS_LIMIT_EXCEEDED");
  }
  const config = resolveRunConfig(type!, a);
  if ("missing" in config) return fail(MISSING_CAUSE[config.missing]);

  const initiatedEventId = run.append("StartChildWorkflowExecutionInitiated", {
    workflowId: a.workflowId,
    workflowType: a.workflowType,
    control: a.control,
    input: a.input,
    executionStartToCloseTimeout: config.executionStartToCloseTimeout,
    taskList: { name: config.taskList },
    ...(config.taskPriority !== "0" ? { taskPriority: config.taskPriority } : {}),
    decisionTaskCompletedEventId,
    childPolicy: config.childPolicy,
    taskStartToCloseTimeout: config.taskStartToCloseTimeout,
    tagList: a.tagList,
    lambdaRole: config.lambdaRole,
  });
  ctx.startingChildren++;
  ctx.later.push(() => {
    if (!run.isOpen) return;
    if (tx.store.executions.openByWorkflow(domain, a.workflowId))
      return fail("WORKFLOW_ALREADY_RUNNING", initiatedEventId);
    const child = startRun(tx, domain, a.workflowId, type!, config, a, {
      parent: { run, initiatedEventId },
    });
    const startedEventId = run.append("ChildWorkflowExecutionStarted", {
      workflowExecution: child.execution,
      workflowType: a.workflowType,
      initiatedEventId,
    });
    tx.store.children.insert({
      parent_execution_id: run.id,
      initiated_event_id: initiatedEventId,
      workflow_id: a.workflowId,
      child_execution_id: child.id,
      started_event_id: startedEventId,
    });
  });
}
