/**
 * SWF helpers for Playwright specs: an SDK client for the e2e engine and a scripted decider /
 * activity worker, so that a spec can create executions in every state in its own domain
 * through the public API (never through the engine's database).
 *
 *   const swf = e2eSwf();
 *   const domain = await createDomain(swf, "orders");              // unique name, registered
 *   await registerWorkflowType(swf, domain, { name: "Order", version: "1" });
 *   const run = await seedExecution(swf, domain, "failed", { workflowType: { name: "Order", version: "1" } });
 *
 * The engine runs with `--poll-timeout 1`: an empty poll returns after a second, so the helpers
 * poll in a loop until a deadline.
 */
import {
  DeprecateDomainCommand,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
  TerminateWorkflowExecutionCommand,
  type ChildPolicy,
  type Decision,
  type HistoryEvent,
  type PollForActivityTaskCommandOutput,
  type PollForDecisionTaskCommandOutput,
  type WorkflowType,
} from "@aws-sdk/client-swf";

/** The e2e engine (playwright.config.ts starts it; E2E_SWF_ENDPOINT overrides). */
export const E2E_SWF_ENDPOINT =
  process.env.E2E_SWF_ENDPOINT ?? `http://127.0.0.1:${process.env.E2E_ENGINE_PORT ?? "7301"}`;

export function e2eSwf(endpoint = E2E_SWF_ENDPOINT): SWFClient {
  return new SWFClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "e2e", secretAccessKey: "e2e" },
    // Faults must surface at once, not after the SDK's retries.
    maxAttempts: 1,
  });
}

/** A name no other spec (or earlier run against a reused engine) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ── registration ─────────────────────────────────────────────────────────────────────────────

/** Registers a domain named `<prefix>-<unique>` (or exactly `name` with `exact`) and returns its name. */
export async function createDomain(
  swf: SWFClient,
  prefix: string,
  options: {
    description?: string;
    retentionDays?: string;
    exact?: boolean;
    deprecated?: boolean;
  } = {},
): Promise<string> {
  const name = options.exact ? prefix : uniqueName(prefix);
  await swf.send(
    new RegisterDomainCommand({
      name,
      workflowExecutionRetentionPeriodInDays: options.retentionDays ?? "1",
      ...(options.description ? { description: options.description } : {}),
    }),
  );
  if (options.deprecated) await swf.send(new DeprecateDomainCommand({ name }));
  return name;
}

export interface WorkflowTypeOptions {
  name: string;
  version: string;
  taskList?: string;
  description?: string;
  executionStartToCloseTimeout?: string;
  taskStartToCloseTimeout?: string;
  childPolicy?: ChildPolicy;
}

/** A workflow type with every default set (so executions start without overrides). */
export async function registerWorkflowType(
  swf: SWFClient,
  domain: string,
  t: WorkflowTypeOptions,
): Promise<WorkflowType> {
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain,
      name: t.name,
      version: t.version,
      ...(t.description ? { description: t.description } : {}),
      defaultTaskList: { name: t.taskList ?? `${t.name}-decisions` },
      defaultExecutionStartToCloseTimeout: t.executionStartToCloseTimeout ?? "3600",
      defaultTaskStartToCloseTimeout: t.taskStartToCloseTimeout ?? "60",
      defaultChildPolicy: t.childPolicy ?? "TERMINATE",
    }),
  );
  return { name: t.name, version: t.version };
}

export interface ActivityTypeOptions {
  name: string;
  version: string;
  taskList?: string;
  description?: string;
}

export async function registerActivityType(swf: SWFClient, domain: string, t: ActivityTypeOptions) {
  await swf.send(
    new RegisterActivityTypeCommand({
      domain,
      name: t.name,
      version: t.version,
      ...(t.description ? { description: t.description } : {}),
      defaultTaskList: { name: t.taskList ?? `${t.name}-activities` },
      defaultTaskScheduleToCloseTimeout: "600",
      defaultTaskScheduleToStartTimeout: "600",
      defaultTaskStartToCloseTimeout: "300",
      defaultTaskHeartbeatTimeout: "NONE",
    }),
  );
  return { name: t.name, version: t.version };
}

// ── executions ───────────────────────────────────────────────────────────────────────────────

export interface StartOptions {
  workflowId?: string;
  workflowType: WorkflowType;
  /** Overrides the type's default task list. */
  taskList?: string;
  tags?: string[];
  input?: string;
  executionStartToCloseTimeout?: string;
  taskStartToCloseTimeout?: string;
  childPolicy?: ChildPolicy;
}

export interface Run {
  domain: string;
  workflowId: string;
  runId: string;
  /** The task list its decision tasks go to (if it was given at start). */
  taskList?: string;
}

export async function startExecution(
  swf: SWFClient,
  domain: string,
  o: StartOptions,
): Promise<Run> {
  const workflowId = o.workflowId ?? uniqueName("wf");
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({
      domain,
      workflowId,
      workflowType: o.workflowType,
      ...(o.taskList ? { taskList: { name: o.taskList } } : {}),
      ...(o.tags ? { tagList: o.tags } : {}),
      ...(o.input !== undefined ? { input: o.input } : {}),
      ...(o.executionStartToCloseTimeout
        ? { executionStartToCloseTimeout: o.executionStartToCloseTimeout }
        : {}),
      ...(o.taskStartToCloseTimeout ? { taskStartToCloseTimeout: o.taskStartToCloseTimeout } : {}),
      ...(o.childPolicy ? { childPolicy: o.childPolicy } : {}),
    }),
  );
  return { domain, workflowId, runId: runId!, ...(o.taskList ? { taskList: o.taskList } : {}) };
}

export async function describe(swf: SWFClient, run: Pick<Run, "domain" | "workflowId" | "runId">) {
  return swf.send(
    new DescribeWorkflowExecutionCommand({
      domain: run.domain,
      execution: { workflowId: run.workflowId, runId: run.runId },
    }),
  );
}

/** Waits until the run is closed (e.g. after a timeout) and returns its close status. */
export async function waitForClose(
  swf: SWFClient,
  run: Pick<Run, "domain" | "workflowId" | "runId">,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await describe(swf, run);
    if (d.executionInfo?.executionStatus === "CLOSED") return d.executionInfo.closeStatus!;
    if (Date.now() > deadline)
      throw new Error(`${run.workflowId} did not close within ${timeoutMs} ms`);
    await sleep(200);
  }
}

export async function history(
  swf: SWFClient,
  run: Pick<Run, "domain" | "workflowId" | "runId">,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await swf.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: run.domain,
        execution: { workflowId: run.workflowId, runId: run.runId },
        ...(nextPageToken ? { nextPageToken } : {}),
      }),
    );
    events.push(...(page.events ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return events;
}

export async function terminate(swf: SWFClient, run: Run, reason = "terminated by e2e") {
  await swf.send(
    new TerminateWorkflowExecutionCommand({
      domain: run.domain,
      workflowId: run.workflowId,
      runId: run.runId,
      reason,
    }),
  );
}

export async function requestCancel(swf: SWFClient, run: Run) {
  await swf.send(
    new RequestCancelWorkflowExecutionCommand({
      domain: run.domain,
      workflowId: run.workflowId,
      runId: run.runId,
    }),
  );
}

export async function signal(swf: SWFClient, run: Run, signalName: string, input?: string) {
  await swf.send(
    new SignalWorkflowExecutionCommand({
      domain: run.domain,
      workflowId: run.workflowId,
      runId: run.runId,
      signalName,
      ...(input !== undefined ? { input } : {}),
    }),
  );
}

// ── scripted decider and activity worker ────────────────────────────────────────────────────

export type DecisionTask = PollForDecisionTaskCommandOutput & {
  taskToken: string;
  events: HistoryEvent[];
};
export type ActivityTask = PollForActivityTaskCommandOutput & { taskToken: string };

/** Polls `taskList` until a decision task arrives (full history, all pages) or the deadline passes. */
export async function pollDecision(
  swf: SWFClient,
  domain: string,
  taskList: string,
  timeoutMs = 15_000,
): Promise<DecisionTask> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const task = await swf.send(
      new PollForDecisionTaskCommand({
        domain,
        taskList: { name: taskList },
        identity: "e2e-decider",
      }),
    );
    if (!task.taskToken) continue;
    const events = [...(task.events ?? [])];
    let nextPageToken = task.nextPageToken;
    while (nextPageToken) {
      const page = await swf.send(
        new PollForDecisionTaskCommand({
          domain,
          taskList: { name: taskList },
          identity: "e2e-decider",
          nextPageToken,
        }),
      );
      events.push(...(page.events ?? []));
      nextPageToken = page.nextPageToken;
    }
    return { ...task, taskToken: task.taskToken, events };
  }
  throw new Error(`no decision task on ${domain}/${taskList} within ${timeoutMs} ms`);
}

export async function respondDecisions(
  swf: SWFClient,
  task: { taskToken: string },
  decisions: Decision[],
  executionContext?: string,
) {
  await swf.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: task.taskToken,
      decisions,
      ...(executionContext !== undefined ? { executionContext } : {}),
    }),
  );
}

/** One decision task: poll `taskList`, let `script` choose the decisions from the history, respond. */
export async function decide(
  swf: SWFClient,
  domain: string,
  taskList: string,
  script: (task: DecisionTask) => Decision[],
): Promise<DecisionTask> {
  const task = await pollDecision(swf, domain, taskList);
  await respondDecisions(swf, task, script(task));
  return task;
}

export async function pollActivity(
  swf: SWFClient,
  domain: string,
  taskList: string,
  timeoutMs = 15_000,
): Promise<ActivityTask> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const task = await swf.send(
      new PollForActivityTaskCommand({
        domain,
        taskList: { name: taskList },
        identity: "e2e-worker",
      }),
    );
    if (task.taskToken) return { ...task, taskToken: task.taskToken };
  }
  throw new Error(`no activity task on ${domain}/${taskList} within ${timeoutMs} ms`);
}

/** One activity task: poll, then complete with `result` or fail with `{ reason, details }`. */
export async function work(
  swf: SWFClient,
  domain: string,
  taskList: string,
  outcome: { result?: string } | { fail: { reason: string; details?: string } } = {},
): Promise<ActivityTask> {
  const task = await pollActivity(swf, domain, taskList);
  if ("fail" in outcome) {
    await swf.send(
      new RespondActivityTaskFailedCommand({
        taskToken: task.taskToken,
        reason: outcome.fail.reason,
        details: outcome.fail.details,
      }),
    );
  } else {
    await swf.send(
      new RespondActivityTaskCompletedCommand({
        taskToken: task.taskToken,
        result: outcome.result,
      }),
    );
  }
  return task;
}

/** Decision builders, so scripts read like the workflow they stand for. */
export const decisions = {
  complete: (result?: string): Decision => ({
    decisionType: "CompleteWorkflowExecution",
    completeWorkflowExecutionDecisionAttributes: result !== undefined ? { result } : {},
  }),
  fail: (reason: string, details?: string): Decision => ({
    decisionType: "FailWorkflowExecution",
    failWorkflowExecutionDecisionAttributes: {
      reason,
      ...(details !== undefined ? { details } : {}),
    },
  }),
  cancel: (details?: string): Decision => ({
    decisionType: "CancelWorkflowExecution",
    cancelWorkflowExecutionDecisionAttributes: details !== undefined ? { details } : {},
  }),
  continueAsNew: (
    attrs: { input?: string; taskList?: string; tags?: string[] } = {},
  ): Decision => ({
    decisionType: "ContinueAsNewWorkflowExecution",
    continueAsNewWorkflowExecutionDecisionAttributes: {
      ...(attrs.input !== undefined ? { input: attrs.input } : {}),
      ...(attrs.taskList ? { taskList: { name: attrs.taskList } } : {}),
      ...(attrs.tags ? { tagList: attrs.tags } : {}),
    },
  }),
  scheduleActivity: (
    activityType: { name: string; version: string },
    activityId: string,
    attrs: { input?: string; taskList?: string } = {},
  ): Decision => ({
    decisionType: "ScheduleActivityTask",
    scheduleActivityTaskDecisionAttributes: {
      activityType,
      activityId,
      ...(attrs.input !== undefined ? { input: attrs.input } : {}),
      ...(attrs.taskList ? { taskList: { name: attrs.taskList } } : {}),
    },
  }),
  startChild: (
    workflowType: WorkflowType,
    workflowId: string,
    attrs: { input?: string; taskList?: string; tags?: string[] } = {},
  ): Decision => ({
    decisionType: "StartChildWorkflowExecution",
    startChildWorkflowExecutionDecisionAttributes: {
      workflowType,
      workflowId,
      ...(attrs.input !== undefined ? { input: attrs.input } : {}),
      ...(attrs.taskList ? { taskList: { name: attrs.taskList } } : {}),
      ...(attrs.tags ? { tagList: attrs.tags } : {}),
    },
  }),
  startTimer: (timerId: string, seconds: number): Decision => ({
    decisionType: "StartTimer",
    startTimerDecisionAttributes: { timerId, startToFireTimeout: String(seconds) },
  }),
  marker: (markerName: string, details?: string): Decision => ({
    decisionType: "RecordMarker",
    recordMarkerDecisionAttributes: { markerName, ...(details !== undefined ? { details } : {}) },
  }),
};

/** True if the history has an event of this type (e.g. "ChildWorkflowExecutionCompleted"). */
export const hasEvent = (events: HistoryEvent[], eventType: string) =>
  events.some((e) => e.eventType === eventType);

// ── one call per outcome ─────────────────────────────────────────────────────────────────────

export type SeedOutcome =
  | "open"
  | "completed"
  | "failed"
  | "canceled"
  | "terminated"
  | "timedOut"
  | "continuedAsNew"
  | "withChild"
  | "withActivities";

export interface SeedOptions extends Omit<StartOptions, "taskList"> {
  /** Activity type for "withActivities" (two activities: one completes, one fails, then the run completes). */
  activityType?: { name: string; version: string };
}

export interface SeededRun extends Run {
  /** Other runs the scenario created: the continued run, or the child. */
  related: Run[];
}

/**
 * Creates one execution that ends in `outcome`, driving it with a scripted decider on a task
 * list of its own (so that concurrent seeds never take each other's tasks).
 *
 * - open: started, its first decision task left pending
 * - completed / failed / canceled / terminated: as named (canceled = cancel requested, then the decider cancels)
 * - timedOut: executionStartToCloseTimeout "1", then waits until the engine times it out
 * - continuedAsNew: the first run continues as new; the new run completes (related[0])
 * - withChild: the parent starts a child, the child completes, then the parent completes (related[0] = child)
 * - withActivities: one activity completes, one fails, then the run completes
 */
export async function seedExecution(
  swf: SWFClient,
  domain: string,
  outcome: SeedOutcome,
  o: SeedOptions,
): Promise<SeededRun> {
  const workflowId = o.workflowId ?? uniqueName(outcome);
  const taskList = uniqueName(`tl-${outcome}`);
  const start = (extra: Partial<StartOptions> = {}) =>
    startExecution(swf, domain, { ...o, workflowId, taskList, ...extra });

  switch (outcome) {
    case "open":
      return { ...(await start()), related: [] };
    case "completed": {
      const run = await start();
      await decide(swf, domain, taskList, () => [decisions.complete("done")]);
      return { ...run, related: [] };
    }
    case "failed": {
      const run = await start();
      await decide(swf, domain, taskList, () => [
        decisions.fail("e2e-failure", "scripted failure"),
      ]);
      return { ...run, related: [] };
    }
    case "canceled": {
      const run = await start();
      await requestCancel(swf, run);
      await decide(swf, domain, taskList, (task) =>
        hasEvent(task.events, "WorkflowExecutionCancelRequested")
          ? [decisions.cancel("canceled by e2e")]
          : [],
      );
      await waitForClose(swf, run);
      return { ...run, related: [] };
    }
    case "terminated": {
      const run = await start();
      await terminate(swf, run);
      return { ...run, related: [] };
    }
    case "timedOut": {
      const run = await start({ executionStartToCloseTimeout: "1" });
      await waitForClose(swf, run);
      return { ...run, related: [] };
    }
    case "continuedAsNew": {
      const run = await start();
      const nextList = uniqueName("tl-continued");
      await decide(swf, domain, taskList, () => [
        decisions.continueAsNew({ taskList: nextList, tags: o.tags }),
      ]);
      const task = await decide(swf, domain, nextList, () => [
        decisions.complete("continued run done"),
      ]);
      const next: Run = {
        domain,
        workflowId,
        runId: task.workflowExecution!.runId!,
        taskList: nextList,
      };
      return { ...run, related: [next] };
    }
    case "withChild": {
      const run = await start();
      const childId = `${workflowId}-child`;
      const childList = uniqueName("tl-child");
      const parentTask = await decide(swf, domain, taskList, () => [
        decisions.startChild(o.workflowType, childId, { taskList: childList }),
      ]);
      void parentTask;
      const childTask = await decide(swf, domain, childList, () => [
        decisions.complete("child done"),
      ]);
      // The parent hears about the child's start, then its completion; complete once it has.
      for (let i = 0; i < 5; i++) {
        const task = await pollDecision(swf, domain, taskList);
        const done = hasEvent(task.events, "ChildWorkflowExecutionCompleted");
        await respondDecisions(swf, task, done ? [decisions.complete("parent done")] : []);
        if (done) break;
      }
      const child: Run = {
        domain,
        workflowId: childId,
        runId: childTask.workflowExecution!.runId!,
        taskList: childList,
      };
      return { ...run, related: [child] };
    }
    case "withActivities": {
      if (!o.activityType) throw new Error("withActivities needs an activityType");
      const run = await start();
      const activityList = uniqueName("tl-activities");
      await decide(swf, domain, taskList, () => [
        decisions.scheduleActivity(o.activityType!, "step-1", {
          taskList: activityList,
          input: "one",
        }),
        decisions.scheduleActivity(o.activityType!, "step-2", {
          taskList: activityList,
          input: "two",
        }),
      ]);
      await work(swf, domain, activityList, { result: "ok" });
      await work(swf, domain, activityList, {
        fail: { reason: "step failed", details: "scripted" },
      });
      for (let i = 0; i < 5; i++) {
        const task = await pollDecision(swf, domain, taskList);
        const settled =
          task.events.filter(
            (e) => e.eventType === "ActivityTaskCompleted" || e.eventType === "ActivityTaskFailed",
          ).length >= 2;
        await respondDecisions(swf, task, settled ? [decisions.complete("activities done")] : []);
        if (settled) break;
      }
      return { ...run, related: [] };
    }
  }
}
