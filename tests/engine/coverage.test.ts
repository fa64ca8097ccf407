/**
 * A representative scenario set that, together, makes the engine produce every one of the 13
 * decision types and all 54 SWF event types. Each scenario stands alone — its own engine, clock
 * and domain — and asserts the event types it is there to produce; the last test checks, without
 * running anything, that the scenarios' claims together cover every type.
 *
 * RecordMarkerFailed's only cause is OPERATION_NOT_PERMITTED: it comes from a key whose deny list
 * (strict SigV4 mode, the engine's stand-in for IAM) holds RecordMarker. The Lambda events come
 * from the project's local function runner (tests/engine/functions).
 */
import {
  DecisionType,
  EventType,
  ListClosedWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
  RecordActivityTaskHeartbeatCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskFailedCommand,
  SignalWorkflowExecutionCommand,
  SWFClient,
  TerminateWorkflowExecutionCommand,
  type Decision,
  type WorkflowExecutionInfo,
} from "@aws-sdk/client-swf";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  D,
  completeActivity,
  decide as respond,
  history,
  pollActivity,
  pollDecision,
  setup,
  start,
  type Setup,
} from "./fixtures";
import { hangCalls, hangState, releaseHangs, startLambdaEngine } from "./functions-harness";
import type { TestEngine } from "./harness";

const ROLE = "arn:aws:iam::123456789012:role/swf-lambda";

interface Scenario {
  /** Event types this scenario must produce. */
  events: string[];
  /** Decision types it makes. */
  decisions: string[];
}

let t: TestEngine | undefined;
afterEach(async () => {
  releaseHangs();
  await t?.close();
  t = undefined;
});

/** A fresh engine (strict keys: the harness's own, and one that may not record markers). */
async function fresh() {
  const clock = new FakeClock(Date.UTC(2027, 0, 1));
  t = await startLambdaEngine({
    clock,
    // Lambda answers arrive on their own: a poll waits for the decision task they schedule.
    pollTimeoutSeconds: 30,
    credentials: { x: "x", LIMITED: { secret: "limited", deny: ["RecordMarker"] } },
  });
  const s = await setup(t.swf);
  const made = new Set<string>();
  /** Answers a decision task and notes which decision types were made. */
  const decide = async (setupUsed: Setup, token: string | undefined, decisions: Decision[]) => {
    for (const d of decisions) made.add(d.decisionType!);
    await respond(setupUsed, token, decisions);
  };
  return { clock, s, t, decide, made };
}

/** Event types in the histories of every run of the domain, open or closed. */
async function eventTypesIn(s: Setup): Promise<Set<string>> {
  const since = { oldestDate: new Date(0) };
  const infos: WorkflowExecutionInfo[] = [
    ...(
      await s.swf.send(
        new ListOpenWorkflowExecutionsCommand({ domain: s.domain, startTimeFilter: since }),
      )
    ).executionInfos!,
    ...(
      await s.swf.send(
        new ListClosedWorkflowExecutionsCommand({ domain: s.domain, startTimeFilter: since }),
      )
    ).executionInfos!,
  ];
  const seen = new Set<string>();
  for (const info of infos)
    for (const e of await history(s, info.execution!)) seen.add(e.eventType!);
  return seen;
}

/** Asserts that the scenario produced its events and made its decisions. */
async function expectCovered(scenario: Scenario, s: Setup, made: Set<string>) {
  const seen = await eventTypesIn(s);
  expect(scenario.events.filter((e) => !seen.has(e))).toEqual([]);
  expect([...made].sort()).toEqual([...scenario.decisions].sort());
}

const list = (name: string) => ({ taskList: { name } });
const signal = (s: Setup, workflowId: string) =>
  s.swf.send(
    new SignalWorkflowExecutionCommand({ domain: s.domain, workflowId, signalName: "poke" }),
  );

const lambda = D.lambda;

const SCENARIOS = {
  activities: {
    events: [
      "WorkflowExecutionStarted",
      "DecisionTaskScheduled",
      "DecisionTaskStarted",
      "DecisionTaskCompleted",
      "ActivityTaskScheduled",
      "ActivityTaskStarted",
      "ActivityTaskCompleted",
      "ActivityTaskFailed",
      "ActivityTaskCancelRequested",
      "ActivityTaskCanceled",
      "ActivityTaskTimedOut",
      "ScheduleActivityTaskFailed",
      "RequestCancelActivityTaskFailed",
      "WorkflowExecutionCompleted",
    ],
    decisions: ["ScheduleActivityTask", "RequestCancelActivityTask", "CompleteWorkflowExecution"],
  },
  timers: {
    events: [
      "DecisionTaskTimedOut",
      "TimerStarted",
      "StartTimerFailed",
      "TimerCanceled",
      "CancelTimerFailed",
      "TimerFired",
      "MarkerRecorded",
      "WorkflowExecutionFailed",
    ],
    decisions: ["StartTimer", "CancelTimer", "RecordMarker", "FailWorkflowExecution"],
  },
  unhandled: {
    events: [
      "WorkflowExecutionSignaled",
      "CompleteWorkflowExecutionFailed",
      "FailWorkflowExecutionFailed",
      "CancelWorkflowExecutionFailed",
      "ContinueAsNewWorkflowExecutionFailed",
      "WorkflowExecutionContinuedAsNew",
      "WorkflowExecutionCancelRequested",
      "WorkflowExecutionCanceled",
    ],
    decisions: [
      "CompleteWorkflowExecution",
      "FailWorkflowExecution",
      "CancelWorkflowExecution",
      "ContinueAsNewWorkflowExecution",
      "RecordMarker",
    ],
  },
  children: {
    events: [
      "StartChildWorkflowExecutionInitiated",
      "StartChildWorkflowExecutionFailed",
      "ChildWorkflowExecutionStarted",
      "ChildWorkflowExecutionCompleted",
      "ChildWorkflowExecutionFailed",
      "ChildWorkflowExecutionCanceled",
      "ChildWorkflowExecutionTerminated",
      "ChildWorkflowExecutionTimedOut",
      "WorkflowExecutionTimedOut",
      "WorkflowExecutionTerminated",
      "SignalExternalWorkflowExecutionInitiated",
      "SignalExternalWorkflowExecutionFailed",
      "ExternalWorkflowExecutionSignaled",
      "RequestCancelExternalWorkflowExecutionInitiated",
      "RequestCancelExternalWorkflowExecutionFailed",
      "ExternalWorkflowExecutionCancelRequested",
    ],
    decisions: [
      "StartChildWorkflowExecution",
      "SignalExternalWorkflowExecution",
      "RequestCancelExternalWorkflowExecution",
      "CompleteWorkflowExecution",
      "FailWorkflowExecution",
      "CancelWorkflowExecution",
    ],
  },
  denied: { events: ["RecordMarkerFailed"], decisions: ["RecordMarker"] },
  lambda: {
    events: [
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionCompleted",
      "LambdaFunctionFailed",
      "LambdaFunctionTimedOut",
      "ScheduleLambdaFunctionFailed",
      "StartLambdaFunctionFailed",
    ],
    decisions: ["ScheduleLambdaFunction", "CompleteWorkflowExecution"],
  },
} satisfies Record<string, Scenario>;

describe("event and decision type coverage", () => {
  it("activities: completed, failed, canceled after a request, timed out; failures to schedule and cancel", async () => {
    const { s, clock, decide, made } = await fresh();
    const run = await start(s, list("act"));
    const d1 = await pollDecision(s, { taskList: "act" });
    await decide(s, d1.taskToken, [
      D.scheduleActivity(s, "ok"),
      D.scheduleActivity(s, "bad"),
      D.scheduleActivity(s, "cancel-me"),
      D.scheduleActivity(s, "late", { taskList: { name: "nobody" }, scheduleToStartTimeout: "1" }),
      D.scheduleActivity(s, "x", { activityType: { name: "missing", version: "1" } }),
      D.cancelActivity("never-scheduled"),
    ]);
    await completeActivity(s, (await pollActivity(s)).taskToken);
    await s.swf.send(
      new RespondActivityTaskFailedCommand({
        taskToken: (await pollActivity(s)).taskToken,
        reason: "r",
      }),
    );
    const cancelMe = await pollActivity(s);
    const d2 = await pollDecision(s, { taskList: "act" });
    await decide(s, d2.taskToken, [D.cancelActivity("cancel-me")]);
    expect(
      (await s.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: cancelMe.taskToken })))
        .cancelRequested,
    ).toBe(true);
    await s.swf.send(new RespondActivityTaskCanceledCommand({ taskToken: cancelMe.taskToken }));
    clock.advance(1000);
    const d3 = await pollDecision(s, { taskList: "act" });
    await decide(s, d3.taskToken, [D.complete()]);
    expect((await history(s, run)).at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
    await expectCovered(SCENARIOS.activities, s, made);
  });

  it("timers and markers, a decision time-out", async () => {
    const { s, clock, decide, made } = await fresh();
    await start(s, { ...list("timers"), taskStartToCloseTimeout: "5" });
    const d1 = await pollDecision(s, { taskList: "timers" });
    clock.advance(5000); // DecisionTaskTimedOut
    const d2 = await pollDecision(s, { taskList: "timers" });
    expect(await respond(s, d1.taskToken, []).catch((e: Error) => e.name)).toBe(
      "UnknownResourceFault",
    );
    await decide(s, d2.taskToken, [
      D.startTimer("fires", 1),
      D.startTimer("fires", 1),
      D.startTimer("canceled", 100),
      D.cancelTimer("unknown"),
      D.marker("m"),
    ]);
    const d3 = await pollDecision(s, { taskList: "timers" }); // after the failures
    await decide(s, d3.taskToken, [D.cancelTimer("canceled")]);
    clock.advance(1000);
    const d4 = await pollDecision(s, { taskList: "timers" });
    await decide(s, d4.taskToken, [D.fail("done")]);
    await expectCovered(SCENARIOS.timers, s, made);
  });

  it("UNHANDLED_DECISION for each close decision, then continue-as-new", async () => {
    const { s, decide, made } = await fresh();
    const run = await start(s, list("unhandled"));
    for (const close of [D.complete(), D.fail(), D.cancel(), D.continueAsNew()]) {
      const task = await pollDecision(s, { taskList: "unhandled" });
      await signal(s, run.workflowId);
      await decide(s, task.taskToken, [close]);
    }
    const task = await pollDecision(s, { taskList: "unhandled" });
    await decide(s, task.taskToken, [D.continueAsNew(list("unhandled"))]);
    const next = await pollDecision(s, { taskList: "unhandled" });
    await s.swf.send(
      new RequestCancelWorkflowExecutionCommand({ domain: s.domain, workflowId: run.workflowId }),
    );
    await decide(s, next.taskToken, [D.marker("racing the request")]);
    const last = await pollDecision(s, { taskList: "unhandled" });
    await decide(s, last.taskToken, [D.cancel()]);
    await expectCovered(SCENARIOS.unhandled, s, made);
  });

  it("children of every outcome, external signals and cancellations", async () => {
    const { s, clock, decide, made } = await fresh();
    const target = await start(s, list("target"));
    await start(s, list("parent"));
    const p1 = await pollDecision(s, { taskList: "parent" });
    await decide(s, p1.taskToken, [
      D.startChild(s, "c-complete", list("c-complete")),
      D.startChild(s, "c-fail", list("c-fail")),
      D.startChild(s, "c-cancel", list("c-cancel")),
      D.startChild(s, "c-term", list("c-term")),
      D.startChild(s, "c-timeout", { ...list("c-timeout"), executionStartToCloseTimeout: "10" }),
      D.startChild(s, "c-missing", { workflowType: { name: "missing", version: "1" } }),
      D.signalExternal(target.workflowId, "hi"),
      D.signalExternal("nobody", "hi"),
      D.cancelExternal(target.workflowId),
      D.cancelExternal("nobody"),
    ]);
    for (const [name, decision] of [
      ["c-complete", D.complete()],
      ["c-fail", D.fail()],
      ["c-cancel", D.cancel()],
    ] as const) {
      const task = await pollDecision(s, { taskList: name });
      await decide(s, task.taskToken, [decision]);
    }
    await s.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: s.domain, workflowId: "c-term" }),
    );
    clock.advance(10_000);
    await s.swf.send(
      new TerminateWorkflowExecutionCommand({ domain: s.domain, workflowId: target.workflowId }),
    );
    await expectCovered(SCENARIOS.children, s, made);
  });

  it("a decision that the decider's key may not make", async () => {
    const { s, t, decide, made } = await fresh();
    const limited = new SWFClient({
      endpoint: t.url,
      region: "us-east-1",
      credentials: { accessKeyId: "LIMITED", secretAccessKey: "limited" },
      maxAttempts: 1,
    });
    const ls = { ...s, swf: limited };
    await start(ls, list("limited"));
    const task = await pollDecision(ls, { taskList: "limited" });
    await decide(ls, task.taskToken, [D.marker("not allowed")]);
    limited.destroy();
    await expectCovered(SCENARIOS.denied, s, made);
  });

  it("Lambda: completed, failed, timed out, refused, and not started without a role", async () => {
    const { s, clock, decide, made } = await fresh();
    const calls = hangState().calls;
    await start(s, { ...list("lambda"), lambdaRole: ROLE });
    const d1 = await pollDecision(s, { taskList: "lambda" });
    await decide(s, d1.taskToken, [
      lambda("ok", "tax", { input: '{"amount": 10}' }),
      lambda("ok", "tax"), // ScheduleLambdaFunctionFailed ID_ALREADY_IN_USE
      lambda("boom", "explode", { input: "{}" }),
      lambda("slow", "hang", { startToCloseTimeout: "1" }),
    ]);
    await hangCalls(calls + 1);
    clock.advance(1000); // LambdaFunctionTimedOut
    // The three answers come in one decision task or several: answer empty until all are in.
    const answered = (task: { events: { eventType?: string }[] }) =>
      ["LambdaFunctionCompleted", "LambdaFunctionFailed", "LambdaFunctionTimedOut"].every((type) =>
        task.events.some((e) => e.eventType === type),
      );
    let task = await pollDecision(s, { taskList: "lambda" });
    while (!answered(task)) {
      await decide(s, task.taskToken, []);
      task = await pollDecision(s, { taskList: "lambda" });
    }
    await decide(s, task.taskToken, [D.complete()]);

    await start(s, list("no-role"));
    const d2 = await pollDecision(s, { taskList: "no-role" });
    await decide(s, d2.taskToken, [lambda("l", "tax")]); // StartLambdaFunctionFailed
    await expectCovered(SCENARIOS.lambda, s, made);
  });

  it("together the scenarios claim every decision type and all 54 event types", () => {
    const scenarios: Scenario[] = Object.values(SCENARIOS);
    const events = new Set(scenarios.flatMap((c) => c.events));
    const decisions = new Set(scenarios.flatMap((c) => c.decisions));
    expect(Object.values(EventType)).toHaveLength(54);
    expect(Object.values(EventType).filter((e) => !events.has(e))).toEqual([]);
    expect([...events].filter((e) => !(Object.values(EventType) as string[]).includes(e))).toEqual(
      [],
    );
    expect([...decisions].sort()).toEqual(Object.values(DecisionType).sort());
  });
});
