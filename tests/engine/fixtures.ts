/**
 * Small helpers shared by the engine tests: register a domain with one workflow type and one
 * activity type, start runs, poll and answer tasks, read whole histories, build decisions.
 * Everything goes through @aws-sdk/client-swf against a real engine.
 */
import {
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
  type PollForActivityTaskCommandOutput,
  type PollForDecisionTaskCommandOutput,
  type RegisterActivityTypeCommandInput,
  type RegisterWorkflowTypeCommandInput,
  type RespondDecisionTaskCompletedCommandInput,
  type ScheduleActivityTaskDecisionAttributes,
  type StartChildWorkflowExecutionDecisionAttributes,
  type StartWorkflowExecutionCommandInput,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import { expect } from "vitest";

let counter = 0;
/** A name no other test uses. */
export const uniq = (prefix: string) =>
  `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export interface Setup {
  swf: SWFClient;
  domain: string;
  workflowType: { name: string; version: string };
  activityType: { name: string; version: string };
  /** The workflow type's default decision task list. */
  taskList: string;
  /** The activity type's default task list. */
  activityTaskList: string;
}

export interface SetupOptions {
  domain?: string;
  retention?: string;
  workflowDefaults?: Partial<RegisterWorkflowTypeCommandInput>;
  activityDefaults?: Partial<RegisterActivityTypeCommandInput>;
}

/** A fresh domain with workflow type `wf/1` and activity type `act/1`, both with every default set. */
export async function setup(swf: SWFClient, options: SetupOptions = {}): Promise<Setup> {
  const domain = options.domain ?? uniq("dom");
  const taskList = uniq("decisions");
  const activityTaskList = uniq("activities");
  const workflowType = { name: "wf", version: "1" };
  const activityType = { name: "act", version: "1" };
  await swf.send(
    new RegisterDomainCommand({
      name: domain,
      workflowExecutionRetentionPeriodInDays: options.retention ?? "1",
    }),
  );
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain,
      ...workflowType,
      defaultTaskList: { name: taskList },
      defaultExecutionStartToCloseTimeout: "3600",
      defaultTaskStartToCloseTimeout: "60",
      defaultChildPolicy: "TERMINATE",
      ...options.workflowDefaults,
    }),
  );
  await swf.send(
    new RegisterActivityTypeCommand({
      domain,
      ...activityType,
      defaultTaskList: { name: activityTaskList },
      defaultTaskScheduleToStartTimeout: "600",
      defaultTaskScheduleToCloseTimeout: "1200",
      defaultTaskStartToCloseTimeout: "600",
      defaultTaskHeartbeatTimeout: "NONE",
      ...options.activityDefaults,
    }),
  );
  return { swf, domain, workflowType, activityType, taskList, activityTaskList };
}

/** Starts a run of `wf/1`; returns its execution. */
export async function start(
  s: Setup,
  input: Partial<StartWorkflowExecutionCommandInput> = {},
): Promise<{ workflowId: string; runId: string }> {
  const workflowId = input.workflowId ?? uniq("wf");
  const { runId } = await s.swf.send(
    new StartWorkflowExecutionCommand({
      domain: s.domain,
      workflowId,
      workflowType: s.workflowType,
      ...input,
    }),
  );
  return { workflowId, runId: runId! };
}

export type DecisionTask = PollForDecisionTaskCommandOutput & {
  taskToken: string;
  events: HistoryEvent[];
};

/** Polls a decision task that must be there; follows the history pages so `events` is complete. */
export async function pollDecision(
  s: Setup,
  options: { taskList?: string; identity?: string } = {},
): Promise<DecisionTask> {
  const task = await s.swf.send(
    new PollForDecisionTaskCommand({
      domain: s.domain,
      taskList: { name: options.taskList ?? s.taskList },
      identity: options.identity,
    }),
  );
  expect(task.taskToken, "a decision task was expected").toBeTruthy();
  const events = [...(task.events ?? [])];
  let next = task.nextPageToken;
  while (next) {
    const page = await s.swf.send(
      new PollForDecisionTaskCommand({
        domain: s.domain,
        taskList: { name: options.taskList ?? s.taskList },
        nextPageToken: next,
      }),
    );
    events.push(...(page.events ?? []));
    next = page.nextPageToken;
  }
  return { ...task, taskToken: task.taskToken!, events };
}

/** Polls and expects no decision task on the list (test engines answer empty polls at once). */
export async function expectNoDecision(s: Setup, taskList = s.taskList) {
  const task = await s.swf.send(
    new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: taskList } }),
  );
  expect(task.taskToken ?? "", "no decision task was expected").toBe("");
}

export type ActivityTask = PollForActivityTaskCommandOutput & { taskToken: string };

export async function pollActivity(
  s: Setup,
  taskList = s.activityTaskList,
  identity?: string,
): Promise<ActivityTask> {
  const task = await s.swf.send(
    new PollForActivityTaskCommand({ domain: s.domain, taskList: { name: taskList }, identity }),
  );
  expect(task.taskToken, "an activity task was expected").toBeTruthy();
  return task as ActivityTask;
}

export async function expectNoActivity(s: Setup, taskList = s.activityTaskList) {
  const task = await s.swf.send(
    new PollForActivityTaskCommand({ domain: s.domain, taskList: { name: taskList } }),
  );
  expect(task.taskToken ?? "", "no activity task was expected").toBe("");
}

export async function decide(
  s: Setup,
  taskToken: string | undefined,
  decisions: Decision[] = [],
  extra: Partial<RespondDecisionTaskCompletedCommandInput> = {},
) {
  await s.swf.send(new RespondDecisionTaskCompletedCommand({ taskToken, decisions, ...extra }));
}

export async function completeActivity(s: Setup, taskToken: string, result?: string) {
  await s.swf.send(new RespondActivityTaskCompletedCommand({ taskToken, result }));
}

/** The whole history of a run, following every page. */
export async function history(s: Setup, execution: WorkflowExecution): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await s.swf.send(
      new GetWorkflowExecutionHistoryCommand({ domain: s.domain, execution, nextPageToken }),
    );
    events.push(...(page.events ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return events;
}

export const typesOf = (events: HistoryEvent[]) => events.map((e) => e.eventType!);

/** The `<type>EventAttributes` member of an event. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function attrs(event: HistoryEvent | undefined): any {
  expect(event, "event expected").toBeDefined();
  const key = event!.eventType![0].toLowerCase() + event!.eventType!.slice(1) + "EventAttributes";
  const value = (event as unknown as Record<string, unknown>)[key];
  expect(value, `${key} expected`).toBeDefined();
  return value;
}

/** The last event of a type (or undefined). */
export const lastOf = (events: HistoryEvent[], type: string) =>
  [...events].reverse().find((e) => e.eventType === type);
export const allOf = (events: HistoryEvent[], type: string) =>
  events.filter((e) => e.eventType === type);

/** Event ids are 1..N without gaps and timestamps never go back. */
export function expectWellFormed(events: HistoryEvent[]) {
  events.forEach((e, i) => expect(e.eventId).toBe(i + 1));
  for (let i = 1; i < events.length; i++) {
    expect(events[i].eventTimestamp!.getTime()).toBeGreaterThanOrEqual(
      events[i - 1].eventTimestamp!.getTime(),
    );
  }
}

/** Decision builders. */
export const D = {
  scheduleActivity: (
    s: Setup,
    activityId: string,
    extra: Partial<ScheduleActivityTaskDecisionAttributes> = {},
  ): Decision => ({
    decisionType: "ScheduleActivityTask",
    scheduleActivityTaskDecisionAttributes: { activityType: s.activityType, activityId, ...extra },
  }),
  cancelActivity: (activityId: string): Decision => ({
    decisionType: "RequestCancelActivityTask",
    requestCancelActivityTaskDecisionAttributes: { activityId },
  }),
  complete: (result?: string): Decision => ({
    decisionType: "CompleteWorkflowExecution",
    completeWorkflowExecutionDecisionAttributes: { result },
  }),
  fail: (reason?: string, details?: string): Decision => ({
    decisionType: "FailWorkflowExecution",
    failWorkflowExecutionDecisionAttributes: { reason, details },
  }),
  cancel: (details?: string): Decision => ({
    decisionType: "CancelWorkflowExecution",
    cancelWorkflowExecutionDecisionAttributes: { details },
  }),
  continueAsNew: (extra: Record<string, unknown> = {}): Decision => ({
    decisionType: "ContinueAsNewWorkflowExecution",
    continueAsNewWorkflowExecutionDecisionAttributes: extra,
  }),
  marker: (markerName: string, details?: string): Decision => ({
    decisionType: "RecordMarker",
    recordMarkerDecisionAttributes: { markerName, details },
  }),
  startTimer: (timerId: string, seconds: number | string, control?: string): Decision => ({
    decisionType: "StartTimer",
    startTimerDecisionAttributes: { timerId, startToFireTimeout: String(seconds), control },
  }),
  cancelTimer: (timerId: string): Decision => ({
    decisionType: "CancelTimer",
    cancelTimerDecisionAttributes: { timerId },
  }),
  signalExternal: (
    workflowId: string,
    signalName: string,
    extra: { runId?: string; input?: string; control?: string } = {},
  ): Decision => ({
    decisionType: "SignalExternalWorkflowExecution",
    signalExternalWorkflowExecutionDecisionAttributes: { workflowId, signalName, ...extra },
  }),
  cancelExternal: (
    workflowId: string,
    extra: { runId?: string; control?: string } = {},
  ): Decision => ({
    decisionType: "RequestCancelExternalWorkflowExecution",
    requestCancelExternalWorkflowExecutionDecisionAttributes: { workflowId, ...extra },
  }),
  startChild: (
    s: Setup,
    workflowId: string,
    extra: Partial<StartChildWorkflowExecutionDecisionAttributes> = {},
  ): Decision => ({
    decisionType: "StartChildWorkflowExecution",
    startChildWorkflowExecutionDecisionAttributes: {
      workflowType: s.workflowType,
      workflowId,
      ...extra,
    },
  }),
  lambda: (
    id: string,
    name: string,
    extra: { input?: string; control?: string; startToCloseTimeout?: string } = {},
  ): Decision => ({
    decisionType: "ScheduleLambdaFunction",
    scheduleLambdaFunctionDecisionAttributes: { id, name, ...extra },
  }),
};

/** Starts a run and answers its first decision task with `decisions`; returns the run. */
export async function startAndDecide(
  s: Setup,
  decisions: Decision[],
  input: Partial<StartWorkflowExecutionCommandInput> = {},
) {
  const execution = await start(s, input);
  const task = await pollDecision(s, { taskList: input.taskList?.name });
  expect(task.workflowExecution).toEqual(execution);
  await decide(s, task.taskToken, decisions);
  return execution;
}
