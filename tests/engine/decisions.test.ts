/**
 * Every decision type's success path and each failure cause that can happen locally
 *. Not reachable here: OPERATION_NOT_PERMITTED (no IAM), the *_RATE_EXCEEDED
 * causes (no throttling), and the limits, which limits.test.ts covers with lowered values.
 */
import {
  CountPendingActivityTasksCommand,
  DeleteActivityTypeCommand,
  DeprecateActivityTypeCommand,
  DeprecateWorkflowTypeCommand,
  DescribeWorkflowExecutionCommand,
  RegisterActivityTypeCommand,
  RegisterWorkflowTypeCommand,
  SignalWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  type Decision,
  type HistoryEvent,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  D,
  allOf,
  attrs,
  completeActivity,
  decide,
  expectNoActivity,
  expectNoDecision,
  expectWellFormed,
  history,
  lastOf,
  pollActivity,
  pollDecision,
  setup,
  start,
  startAndDecide,
  typesOf,
  uniq,
  type Setup,
} from "./fixtures";
import { startTestEngine, type TestEngine } from "./harness";

const clock = new FakeClock(Date.UTC(2026, 6, 1));
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ clock });
});
afterAll(() => t.close());

/** Events recorded after the last DecisionTaskCompleted. */
function afterLastCompleted(events: HistoryEvent[]) {
  const completed = lastOf(events, "DecisionTaskCompleted")!;
  return {
    completedId: completed.eventId!,
    events: events.filter((e) => e.eventId! > completed.eventId!),
  };
}

/** Starts a run, answers its first task with `decisions`, returns the run and what followed. */
async function decideOnce(s: Setup, decisions: Decision[]) {
  const run = await startAndDecide(s, decisions);
  const all = await history(s, run);
  return { run, all, ...afterLastCompleted(all) };
}

describe("ScheduleActivityTask", () => {
  it("schedules with explicit values overriding the type's defaults", async () => {
    const s = await setup(t.swf, { activityDefaults: { defaultTaskPriority: "4" } });
    const { events, completedId } = await decideOnce(s, [
      D.scheduleActivity(s, "a", {
        taskList: { name: "special" },
        scheduleToCloseTimeout: "NONE",
        startToCloseTimeout: "5",
        heartbeatTimeout: "2",
      }),
      D.scheduleActivity(s, "b", { taskPriority: "-3" }),
    ]);
    expect(attrs(events[0])).toEqual({
      activityType: s.activityType,
      activityId: "a",
      taskList: { name: "special" },
      taskPriority: "4",
      scheduleToStartTimeout: "600",
      scheduleToCloseTimeout: "NONE",
      startToCloseTimeout: "5",
      heartbeatTimeout: "2",
      decisionTaskCompletedEventId: completedId,
    });
    expect(attrs(events[1]).taskPriority).toBe("-3");
  });

  it("fails with each cause: unknown, deprecated and deleted types, ids in use, missing defaults", async () => {
    const s = await setup(t.swf);
    const dom = s.domain;
    const bare = { name: uniq("bare"), version: "1" };
    const deprecated = { name: uniq("old"), version: "1" };
    const deleted = { name: uniq("gone"), version: "1" };
    for (const type of [bare, deprecated, deleted])
      await t.swf.send(new RegisterActivityTypeCommand({ domain: dom, ...type }));
    for (const type of [deprecated, deleted])
      await t.swf.send(new DeprecateActivityTypeCommand({ domain: dom, activityType: type }));
    await t.swf.send(new DeleteActivityTypeCommand({ domain: dom, activityType: deleted }));
    const full = {
      taskList: { name: "l" },
      scheduleToCloseTimeout: "9",
      scheduleToStartTimeout: "9",
      startToCloseTimeout: "9",
      heartbeatTimeout: "9",
    };
    const without = (key: keyof typeof full) => ({ ...full, [key]: undefined });
    const cases: [Decision, string][] = [
      [
        D.scheduleActivity(s, "x1", { activityType: { name: "nope", version: "1" } }),
        "ACTIVITY_TYPE_DOES_NOT_EXIST",
      ],
      [D.scheduleActivity(s, "x2", { activityType: deleted }), "ACTIVITY_TYPE_DOES_NOT_EXIST"],
      [D.scheduleActivity(s, "x3", { activityType: deprecated }), "ACTIVITY_TYPE_DEPRECATED"],
      [D.scheduleActivity(s, "dup"), "-"],
      [D.scheduleActivity(s, "dup"), "ACTIVITY_ID_ALREADY_IN_USE"],
      [
        D.scheduleActivity(s, "x4", { activityType: bare, ...without("taskList") }),
        "DEFAULT_TASK_LIST_UNDEFINED",
      ],
      [
        D.scheduleActivity(s, "x5", { activityType: bare, ...without("scheduleToCloseTimeout") }),
        "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
      ],
      [
        D.scheduleActivity(s, "x6", { activityType: bare, ...without("scheduleToStartTimeout") }),
        "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED",
      ],
      [
        D.scheduleActivity(s, "x7", { activityType: bare, ...without("startToCloseTimeout") }),
        "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED",
      ],
      [
        D.scheduleActivity(s, "x8", { activityType: bare, ...without("heartbeatTimeout") }),
        "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED",
      ],
      [D.scheduleActivity(s, "x9", { activityType: bare, ...full }), "-"],
    ];
    const run = await startAndDecide(
      s,
      cases.map(([d]) => d),
    );
    const { events, completedId } = afterLastCompleted(await history(s, run));
    expect(
      events
        .slice(0, cases.length)
        .map((e) => (e.eventType === "ActivityTaskScheduled" ? "-" : attrs(e).cause)),
    ).toEqual(cases.map(([, cause]) => cause));
    const failed = events.find((e) => e.eventType === "ScheduleActivityTaskFailed")!;
    expect(attrs(failed)).toEqual({
      activityType: { name: "nope", version: "1" },
      activityId: "x1",
      cause: "ACTIVITY_TYPE_DOES_NOT_EXIST",
      decisionTaskCompletedEventId: completedId,
    });
    // Failures trigger a decision task.
    const next = await pollDecision(s);
    expect(next.workflowExecution).toEqual(run);
    // An id may be reused once its activity closed.
    const act = await pollActivity(s);
    expect(act.activityId).toBe("dup");
    await completeActivity(s, act.taskToken);
    await decide(s, next.taskToken, [D.scheduleActivity(s, "dup")]);
    expect(lastOf(await history(s, run), "ActivityTaskScheduled")).toMatchObject({
      activityTaskScheduledEventAttributes: expect.objectContaining({ activityId: "dup" }),
    });
  });
});

describe("RequestCancelActivityTask", () => {
  it("cancels a scheduled activity at once, only requests it for a started one, fails for unknown ids", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [
      D.scheduleActivity(s, "started"),
      D.scheduleActivity(s, "finished"),
      D.scheduleActivity(s, "queued"),
    ]);
    expect((await pollActivity(s)).activityId).toBe("started");
    const finished = await pollActivity(s);
    expect(finished.activityId).toBe("finished");
    await completeActivity(s, finished.taskToken); // a closed activity's id is unknown

    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.cancelActivity("started"),
      D.cancelActivity("queued"),
      D.cancelActivity("finished"),
      D.cancelActivity("never"),
    ]);
    const { events, completedId } = afterLastCompleted(await history(s, run));
    expect(typesOf(events)).toEqual([
      "ActivityTaskCancelRequested",
      "ActivityTaskCancelRequested",
      "RequestCancelActivityTaskFailed",
      "RequestCancelActivityTaskFailed",
      "ActivityTaskCanceled",
      "DecisionTaskScheduled",
    ]);
    expect(attrs(events[2])).toEqual({
      activityId: "finished",
      cause: "ACTIVITY_ID_UNKNOWN",
      decisionTaskCompletedEventId: completedId,
    });
    expect(attrs(events[3]).activityId).toBe("never");
    const queuedScheduled = allOf(await history(s, run), "ActivityTaskScheduled").find(
      (e) => attrs(e).activityId === "queued",
    )!;
    expect(attrs(events[4])).toEqual({
      scheduledEventId: queuedScheduled.eventId,
      startedEventId: 0,
      latestCancelRequestedEventId: events[1].eventId,
    });
    // The unstarted task left its list.
    expect(
      (
        await t.swf.send(
          new CountPendingActivityTasksCommand({
            domain: s.domain,
            taskList: { name: s.activityTaskList },
          }),
        )
      ).count,
    ).toBe(0);
    await expectNoActivity(s);
  });
});

describe("Complete, Fail, Cancel", () => {
  for (const [decision, event, status, expected] of [
    [D.complete("res"), "WorkflowExecutionCompleted", "COMPLETED", { result: "res" }],
    [
      D.fail("why", "details"),
      "WorkflowExecutionFailed",
      "FAILED",
      { reason: "why", details: "details" },
    ],
    [D.cancel("d"), "WorkflowExecutionCanceled", "CANCELED", { details: "d" }],
  ] as const) {
    it(`${decision.decisionType} closes the run ${status}, dropping open tasks and timers without events`, async () => {
      const s = await setup(t.swf);
      const run = await startAndDecide(s, [D.scheduleActivity(s, "a"), D.startTimer("t", 30)]);
      await t.swf.send(
        new SignalWorkflowExecutionCommand({
          domain: s.domain,
          workflowId: run.workflowId,
          signalName: "go",
        }),
      );
      const task = await pollDecision(s);
      await decide(s, task.taskToken, [decision]);
      const events = await history(s, run);
      expect(events.at(-1)!.eventType).toBe(event);
      expect(attrs(events.at(-1))).toEqual({
        ...expected,
        decisionTaskCompletedEventId: events.at(-2)!.eventId,
      });
      const d = await t.swf.send(
        new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
      );
      expect(d.executionInfo).toMatchObject({ executionStatus: "CLOSED", closeStatus: status });
      await expectNoActivity(s);
      clock.advance(31_000);
      expect(await history(s, run)).toHaveLength(events.length);
    });
  }
});

describe("RecordMarker", () => {
  it("records markers (several with one name) and triggers nothing", async () => {
    const s = await setup(t.swf);
    const { events, completedId } = await decideOnce(s, [
      D.marker("m", "one"),
      D.marker("m", "two"),
      D.marker("n"),
    ]);
    expect(events.map((e) => attrs(e))).toEqual([
      { markerName: "m", details: "one", decisionTaskCompletedEventId: completedId },
      { markerName: "m", details: "two", decisionTaskCompletedEventId: completedId },
      { markerName: "n", decisionTaskCompletedEventId: completedId },
    ]);
    await expectNoDecision(s);
  });
});

describe("StartTimer and CancelTimer", () => {
  it("fires timers after their delay (a 0 s timer at once) and refuses ids in use", async () => {
    const s = await setup(t.swf);
    const { run, events, completedId } = await decideOnce(s, [
      D.startTimer("t10", 10, "ctl"),
      D.startTimer("t10", 20),
      D.startTimer("zero", 0),
    ]);
    expect(attrs(events[0])).toEqual({
      timerId: "t10",
      startToFireTimeout: "10",
      control: "ctl",
      decisionTaskCompletedEventId: completedId,
    });
    expect(attrs(events[1])).toEqual({
      timerId: "t10",
      cause: "TIMER_ID_ALREADY_IN_USE",
      decisionTaskCompletedEventId: completedId,
    });
    // The zero timer fires without the clock moving.
    await new Promise((r) => setImmediate(r));
    let all = await history(s, run);
    const zeroFired = lastOf(all, "TimerFired");
    expect(attrs(zeroFired)).toEqual({ timerId: "zero", startedEventId: events[2].eventId });
    clock.advance(9_999);
    expect(allOf(await history(s, run), "TimerFired")).toHaveLength(1);
    clock.advance(1);
    all = await history(s, run);
    expect(attrs(lastOf(all, "TimerFired"))).toEqual({
      timerId: "t10",
      startedEventId: events[0].eventId,
    });
    expect(lastOf(all, "TimerFired")!.eventTimestamp!.getTime()).toBe(clock.now());
    expectWellFormed(all);
    // A fired timer's id can be used again, and cancelling it now fails.
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.cancelTimer("t10"),
      D.startTimer("t10", 5),
      D.cancelTimer("t10"),
      D.cancelTimer("never"),
    ]);
    const after = afterLastCompleted(await history(s, run));
    expect(typesOf(after.events)).toEqual([
      "CancelTimerFailed",
      "TimerStarted",
      "TimerCanceled",
      "CancelTimerFailed",
      "DecisionTaskScheduled",
    ]);
    expect(attrs(after.events[0])).toEqual({
      timerId: "t10",
      cause: "TIMER_ID_UNKNOWN",
      decisionTaskCompletedEventId: after.completedId,
    });
    expect(attrs(after.events[2])).toEqual({
      timerId: "t10",
      startedEventId: after.events[1].eventId,
      decisionTaskCompletedEventId: after.completedId,
    });
    clock.advance(10_000);
    expect(allOf(await history(s, run), "TimerFired")).toHaveLength(2); // the cancelled one never fires
  });

  it("TimerCanceled alone triggers no decision task", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [D.startTimer("a", 100)]);
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "x",
      }),
    );
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [D.cancelTimer("a")]);
    await expectNoDecision(s);
  });
});

describe("SignalExternalWorkflowExecution", () => {
  it("signals another run and itself; reports unknown, closed and mismatched targets", async () => {
    const s = await setup(t.swf);
    const target = await start(s, { taskList: { name: "target-list" } });
    const closed = await start(s, { taskList: { name: "closed-list" } });
    await t.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...closed }));
    const run = await startAndDecide(s, []);
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "wake",
      }),
    );
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.signalExternal(target.workflowId, "hello", { input: "payload", control: "c1" }),
      D.signalExternal(run.workflowId, "to-me", { runId: run.runId }),
      D.signalExternal("nobody", "x", { control: "c2" }),
      D.signalExternal(closed.workflowId, "x", { runId: closed.runId }),
      D.signalExternal(target.workflowId, "x", { runId: closed.runId }),
    ]);
    const after = afterLastCompleted(await history(s, run));
    expect(typesOf(after.events)).toEqual([
      "SignalExternalWorkflowExecutionInitiated",
      "SignalExternalWorkflowExecutionInitiated",
      "SignalExternalWorkflowExecutionInitiated",
      "SignalExternalWorkflowExecutionInitiated",
      "SignalExternalWorkflowExecutionInitiated",
      "ExternalWorkflowExecutionSignaled",
      "WorkflowExecutionSignaled",
      "ExternalWorkflowExecutionSignaled",
      "SignalExternalWorkflowExecutionFailed",
      "SignalExternalWorkflowExecutionFailed",
      "SignalExternalWorkflowExecutionFailed",
      "DecisionTaskScheduled",
    ]);
    const [i1, i2, i3] = after.events;
    expect(attrs(i1)).toEqual({
      workflowId: target.workflowId,
      signalName: "hello",
      input: "payload",
      control: "c1",
      decisionTaskCompletedEventId: after.completedId,
    });
    expect(attrs(after.events[5])).toEqual({
      workflowExecution: target,
      initiatedEventId: i1.eventId,
    });
    expect(attrs(after.events[6])).toEqual({
      signalName: "to-me",
      externalWorkflowExecution: run,
      externalInitiatedEventId: i2.eventId,
    });
    expect(attrs(after.events[8])).toEqual({
      workflowId: "nobody",
      cause: "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
      initiatedEventId: i3.eventId,
      decisionTaskCompletedEventId: after.completedId,
      control: "c2",
    });
    const targetEvents = await history(s, target);
    expect(attrs(lastOf(targetEvents, "WorkflowExecutionSignaled"))).toEqual({
      signalName: "hello",
      input: "payload",
      externalWorkflowExecution: run,
      externalInitiatedEventId: i1.eventId,
    });
    expect(allOf(targetEvents, "WorkflowExecutionSignaled")).toHaveLength(1);
  });
});

describe("RequestCancelExternalWorkflowExecution", () => {
  it("requests cancellation of another run and of itself; reports unknown and closed targets", async () => {
    const s = await setup(t.swf);
    const target = await start(s, { taskList: { name: "t-list" } });
    const closed = await start(s, { taskList: { name: "c-list" } });
    await t.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...closed }));
    const run = await startAndDecide(s, []);
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "wake",
      }),
    );
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.cancelExternal(target.workflowId, { control: "k" }),
      D.cancelExternal(run.workflowId),
      D.cancelExternal(closed.workflowId, { runId: closed.runId, control: "k2" }),
      D.cancelExternal("nobody"),
    ]);
    const after = afterLastCompleted(await history(s, run));
    expect(typesOf(after.events)).toEqual([
      "RequestCancelExternalWorkflowExecutionInitiated",
      "RequestCancelExternalWorkflowExecutionInitiated",
      "RequestCancelExternalWorkflowExecutionInitiated",
      "RequestCancelExternalWorkflowExecutionInitiated",
      "ExternalWorkflowExecutionCancelRequested",
      "WorkflowExecutionCancelRequested",
      "ExternalWorkflowExecutionCancelRequested",
      "RequestCancelExternalWorkflowExecutionFailed",
      "RequestCancelExternalWorkflowExecutionFailed",
      "DecisionTaskScheduled",
    ]);
    const [i1, i2, i3] = after.events;
    expect(attrs(i1)).toEqual({
      workflowId: target.workflowId,
      control: "k",
      decisionTaskCompletedEventId: after.completedId,
    });
    expect(attrs(after.events[4])).toEqual({
      workflowExecution: target,
      initiatedEventId: i1.eventId,
    });
    expect(attrs(after.events[5])).toEqual({
      externalWorkflowExecution: run,
      externalInitiatedEventId: i2.eventId,
    });
    expect(attrs(after.events[7])).toEqual({
      workflowId: closed.workflowId,
      runId: closed.runId,
      cause: "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
      initiatedEventId: i3.eventId,
      decisionTaskCompletedEventId: after.completedId,
      control: "k2",
    });
    const targetEvents = await history(s, target);
    expect(attrs(lastOf(targetEvents, "WorkflowExecutionCancelRequested"))).toEqual({
      externalWorkflowExecution: run,
      externalInitiatedEventId: i1.eventId,
    });
    const d = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: target }),
    );
    expect(d.executionInfo!.cancelRequested).toBe(true);
  });
});

describe("StartChildWorkflowExecution failures", () => {
  it("reports missing, deprecated types, missing defaults and a workflowId already running", async () => {
    const s = await setup(t.swf);
    const bare = { name: uniq("bare"), version: "1" };
    const old = { name: uniq("old"), version: "1" };
    for (const type of [bare, old])
      await t.swf.send(new RegisterWorkflowTypeCommand({ domain: s.domain, ...type }));
    await t.swf.send(new DeprecateWorkflowTypeCommand({ domain: s.domain, workflowType: old }));
    const busy = await start(s, { taskList: { name: "busy" } });
    const full = {
      executionStartToCloseTimeout: "60",
      taskList: { name: "c" },
      taskStartToCloseTimeout: "10",
      childPolicy: "ABANDON" as const,
    };
    const without = (key: keyof typeof full) => ({ ...full, [key]: undefined });
    const cases: [Decision, string][] = [
      [
        D.startChild(s, "c1", { workflowType: { name: "nope", version: "1" } }),
        "WORKFLOW_TYPE_DOES_NOT_EXIST",
      ],
      [D.startChild(s, "c2", { workflowType: old }), "WORKFLOW_TYPE_DEPRECATED"],
      [
        D.startChild(s, "c3", { workflowType: bare, ...without("executionStartToCloseTimeout") }),
        "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED",
      ],
      [
        D.startChild(s, "c4", { workflowType: bare, ...without("taskList") }),
        "DEFAULT_TASK_LIST_UNDEFINED",
      ],
      [
        D.startChild(s, "c5", { workflowType: bare, ...without("taskStartToCloseTimeout") }),
        "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED",
      ],
      [
        D.startChild(s, "c6", { workflowType: bare, ...without("childPolicy") }),
        "DEFAULT_CHILD_POLICY_UNDEFINED",
      ],
    ];
    const run = await startAndDecide(s, [
      ...cases.map(([d]) => d),
      D.startChild(s, busy.workflowId, { control: "ctl" }),
    ]);
    const after = afterLastCompleted(await history(s, run));
    expect(
      after.events
        .slice(0, cases.length)
        .map((e) => [e.eventType, attrs(e).cause, attrs(e).initiatedEventId]),
    ).toEqual(cases.map(([, cause]) => ["StartChildWorkflowExecutionFailed", cause, 0]));
    expect(attrs(after.events[0])).toEqual({
      workflowType: { name: "nope", version: "1" },
      workflowId: "c1",
      cause: "WORKFLOW_TYPE_DOES_NOT_EXIST",
      initiatedEventId: 0,
      decisionTaskCompletedEventId: after.completedId,
    });
    const initiated = after.events[cases.length];
    expect(initiated.eventType).toBe("StartChildWorkflowExecutionInitiated");
    expect(attrs(after.events[cases.length + 1])).toEqual({
      workflowType: s.workflowType,
      workflowId: busy.workflowId,
      cause: "WORKFLOW_ALREADY_RUNNING",
      initiatedEventId: initiated.eventId,
      decisionTaskCompletedEventId: after.completedId,
      control: "ctl",
    });
  });
});

describe("ScheduleLambdaFunction", () => {
  it("fails as in a region without Lambda", async () => {
    const s = await setup(t.swf);
    const { events, completedId } = await decideOnce(s, [D.lambda("l1", "fn")]);
    expect(attrs(events[0])).toEqual({
      id: "l1",
      name: "fn",
      cause: "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
      decisionTaskCompletedEventId: completedId,
    });
    expect(typesOf(events)).toEqual(["ScheduleLambdaFunctionFailed", "DecisionTaskScheduled"]);
  });
});
