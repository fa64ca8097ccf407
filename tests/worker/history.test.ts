import {
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RequestCancelWorkflowExecutionCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  type Decision,
  type EventType,
  type HistoryEvent,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  WorkflowHistory,
  attributesOf,
  cancelTimer,
  cancelWorkflow,
  completeWorkflow,
  createSwfClient,
  recordMarker,
  scheduleActivity,
  startChildWorkflow,
  startTimer,
} from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { lambdaHistory } from "../fixtures/histories";
import { fullHistory, registerTestDomain } from "./helpers";

/** A hand-written event: `ev(5, "ActivityTaskScheduled", {...})`. */
function ev(
  eventId: number,
  eventType: EventType,
  attributes: object = {},
  at = eventId * 1000,
): HistoryEvent {
  const key = `${eventType.charAt(0).toLowerCase()}${eventType.slice(1)}EventAttributes`;
  return { eventId, eventType, eventTimestamp: new Date(at), [key]: attributes } as HistoryEvent;
}

const A = { name: "A", version: "1" };
const started = (input?: string) =>
  ev(1, "WorkflowExecutionStarted", {
    input,
    workflowType: { name: "Flow", version: "1" },
    taskList: { name: "decisions" },
    childPolicy: "TERMINATE",
    parentWorkflowExecution: { workflowId: "parent", runId: "p1" },
  });

describe("WorkflowHistory on hand-built histories", () => {
  it("tracks activity attempts, reuse of ids, cancellation requests and results", () => {
    const h = new WorkflowHistory([
      started('{"n":1}'),
      ev(5, "ActivityTaskScheduled", {
        activityId: "a",
        activityType: A,
        input: "in-1",
        taskList: { name: "work" },
        decisionTaskCompletedEventId: 4,
      }),
      ev(6, "ActivityTaskStarted", { scheduledEventId: 5, identity: "w1" }),
      ev(7, "ActivityTaskFailed", {
        scheduledEventId: 5,
        startedEventId: 6,
        reason: "boom",
        details: "stack",
      }),
      ev(11, "ActivityTaskScheduled", {
        activityId: "a",
        activityType: A,
        input: "in-2",
        decisionTaskCompletedEventId: 10,
      }),
      ev(12, "ScheduleActivityTaskFailed", {
        activityId: "a",
        activityType: A,
        cause: "ACTIVITY_ID_ALREADY_IN_USE",
        decisionTaskCompletedEventId: 10,
      }),
      ev(13, "ActivityTaskStarted", { scheduledEventId: 11 }),
      ev(14, "ActivityTaskCompleted", { scheduledEventId: 11, startedEventId: 13, result: "ok" }),
      ev(15, "ActivityTaskScheduled", {
        activityId: "b",
        activityType: A,
        decisionTaskCompletedEventId: 10,
      }),
      ev(16, "ActivityTaskStarted", { scheduledEventId: 15 }),
      ev(17, "ActivityTaskCancelRequested", { activityId: "b", decisionTaskCompletedEventId: 10 }),
      ev(18, "ActivityTaskScheduled", {
        activityId: "c",
        activityType: A,
        decisionTaskCompletedEventId: 10,
      }),
      ev(19, "ActivityTaskTimedOut", {
        scheduledEventId: 18,
        startedEventId: 0,
        timeoutType: "SCHEDULE_TO_START",
        details: "hb",
      }),
      ev(20, "ScheduleActivityTaskFailed", {
        activityId: "d",
        activityType: { name: "Gone", version: "1" },
        cause: "ACTIVITY_TYPE_DOES_NOT_EXIST",
        decisionTaskCompletedEventId: 10,
      }),
    ]);
    expect(h.inputJson()).toEqual({ n: 1 });
    expect(h.parent).toEqual({ workflowId: "parent", runId: "p1" });

    const attempts = h.activityAttempts("a");
    expect(attempts.map((x) => [x.attempt, x.status, x.input])).toEqual([
      [1, "failed", "in-1"],
      [2, "completed", "in-2"],
    ]);
    expect(attempts[0]).toMatchObject({
      reason: "boom",
      details: "stack",
      identity: "w1",
      taskList: "work",
      startedEventId: 6,
      closedEventId: 7,
    });
    expect(h.activity("a")).toMatchObject({ status: "completed", result: "ok", open: false });
    expect(h.result("a")).toBe("ok");

    expect(h.activity("b")).toMatchObject({ status: "started", open: true, cancelRequested: true });
    expect(h.activity("c")).toMatchObject({
      status: "timedOut",
      timeoutType: "SCHEDULE_TO_START",
      details: "hb",
    });
    expect(h.activity("d")).toMatchObject({
      status: "scheduleFailed",
      cause: "ACTIVITY_TYPE_DOES_NOT_EXIST",
      open: false,
      scheduledEventId: 0,
    });
    expect(h.activity("zzz")).toBeUndefined();

    expect(h.activities().map((x) => x.activityId)).toEqual(["a", "b", "c", "d"]);
    expect(h.openActivities().map((x) => x.activityId)).toEqual(["b"]);
    expect(h.results()).toEqual({ a: "ok" });
    expect(h.decisionFailures().map((f) => [f.eventType, f.cause, f.id])).toEqual([
      ["ScheduleActivityTaskFailed", "ACTIVITY_ID_ALREADY_IN_USE", "a"],
      ["ScheduleActivityTaskFailed", "ACTIVITY_TYPE_DOES_NOT_EXIST", "d"],
    ]);
  });

  it("tracks timers: open, fired, canceled, failed, reused, and when they fire", () => {
    const h = new WorkflowHistory([
      started(),
      ev(
        5,
        "TimerStarted",
        { timerId: "t", startToFireTimeout: "30", decisionTaskCompletedEventId: 4 },
        10_000,
      ),
      ev(6, "TimerStarted", {
        timerId: "u",
        startToFireTimeout: "5",
        control: "ctl",
        decisionTaskCompletedEventId: 4,
      }),
      ev(7, "StartTimerFailed", {
        timerId: "u",
        cause: "TIMER_ID_ALREADY_IN_USE",
        decisionTaskCompletedEventId: 4,
      }),
      ev(8, "TimerFired", { timerId: "t", startedEventId: 5 }),
      ev(12, "TimerStarted", {
        timerId: "t",
        startToFireTimeout: "60",
        decisionTaskCompletedEventId: 11,
      }),
      ev(13, "TimerCanceled", {
        timerId: "u",
        startedEventId: 6,
        decisionTaskCompletedEventId: 11,
      }),
      ev(14, "StartTimerFailed", {
        timerId: "v",
        cause: "OPEN_TIMERS_LIMIT_EXCEEDED",
        decisionTaskCompletedEventId: 11,
      }),
    ]);
    expect(h.timer("t")).toMatchObject({
      status: "started",
      open: true,
      attempt: 2,
      startToFireTimeout: "60",
    });
    expect(h.timer("u")).toMatchObject({
      status: "canceled",
      open: false,
      control: "ctl",
      closedEventId: 13,
    });
    expect(h.timer("v")).toMatchObject({
      status: "startFailed",
      cause: "OPEN_TIMERS_LIMIT_EXCEEDED",
    });
    expect(h.openTimers().map((t) => t.timerId)).toEqual(["t"]);
    expect(h.timers().map((t) => [t.timerId, t.status])).toEqual([
      ["t", "started"],
      ["u", "canceled"],
      ["v", "startFailed"],
    ]);
    const first = new WorkflowHistory(h.events.filter((e) => e.eventId! <= 5)).timer("t")!;
    expect(first.fireAt).toEqual(new Date(40_000));
  });

  it("tracks child workflows through start, close and start failures", () => {
    const Child = { name: "Child", version: "1" };
    const h = new WorkflowHistory([
      started(),
      ev(5, "StartChildWorkflowExecutionInitiated", {
        workflowId: "c1",
        workflowType: Child,
        input: "ci",
        control: "k",
        taskList: { name: "x" },
        childPolicy: "TERMINATE",
        decisionTaskCompletedEventId: 4,
      }),
      ev(6, "StartChildWorkflowExecutionInitiated", {
        workflowId: "c2",
        workflowType: Child,
        taskList: { name: "x" },
        childPolicy: "TERMINATE",
        decisionTaskCompletedEventId: 4,
      }),
      ev(7, "StartChildWorkflowExecutionFailed", {
        workflowId: "c3",
        workflowType: Child,
        cause: "WORKFLOW_TYPE_DOES_NOT_EXIST",
        initiatedEventId: 0,
        decisionTaskCompletedEventId: 4,
      }),
      ev(8, "ChildWorkflowExecutionStarted", {
        workflowExecution: { workflowId: "c1", runId: "r1" },
        workflowType: Child,
        initiatedEventId: 5,
      }),
      ev(9, "StartChildWorkflowExecutionFailed", {
        workflowId: "c2",
        workflowType: Child,
        cause: "WORKFLOW_ALREADY_RUNNING",
        initiatedEventId: 6,
        decisionTaskCompletedEventId: 4,
      }),
      ev(10, "ChildWorkflowExecutionCompleted", {
        workflowExecution: { workflowId: "c1", runId: "r1" },
        workflowType: Child,
        initiatedEventId: 5,
        startedEventId: 8,
        result: "done",
      }),
      ev(14, "StartChildWorkflowExecutionInitiated", {
        workflowId: "c4",
        workflowType: Child,
        taskList: { name: "x" },
        childPolicy: "TERMINATE",
        decisionTaskCompletedEventId: 13,
      }),
      ev(15, "ChildWorkflowExecutionStarted", {
        workflowExecution: { workflowId: "c4", runId: "r4" },
        workflowType: Child,
        initiatedEventId: 14,
      }),
      ev(16, "ChildWorkflowExecutionTimedOut", {
        workflowExecution: { workflowId: "c4", runId: "r4" },
        workflowType: Child,
        initiatedEventId: 14,
        startedEventId: 15,
        timeoutType: "START_TO_CLOSE",
      }),
    ]);
    expect(h.child("c1")).toMatchObject({
      status: "completed",
      runId: "r1",
      result: "done",
      input: "ci",
      control: "k",
      open: false,
      initiatedEventId: 5,
      startedEventId: 8,
      closedEventId: 10,
    });
    expect(h.child("c2")).toMatchObject({
      status: "startFailed",
      cause: "WORKFLOW_ALREADY_RUNNING",
      initiatedEventId: 6,
    });
    expect(h.child("c3")).toMatchObject({
      status: "startFailed",
      cause: "WORKFLOW_TYPE_DOES_NOT_EXIST",
      initiatedEventId: 0,
    });
    expect(h.child("c4")).toMatchObject({ status: "timedOut", runId: "r4" });
    expect(h.openChildren()).toEqual([]);
    expect(h.children().map((c) => c.workflowId)).toEqual(["c1", "c2", "c3", "c4"]);
  });

  it("separates new events from those seen by the previous decision; signals, markers, cancel, close", () => {
    const events = [
      started(),
      ev(2, "DecisionTaskScheduled", { taskList: { name: "d" } }),
      ev(3, "DecisionTaskStarted", { scheduledEventId: 2 }),
      ev(4, "DecisionTaskCompleted", {
        scheduledEventId: 2,
        startedEventId: 3,
        executionContext: "ctx-1",
      }),
      ev(5, "MarkerRecorded", { markerName: "m", details: "d1", decisionTaskCompletedEventId: 4 }),
      ev(6, "WorkflowExecutionSignaled", { signalName: "go", input: "1" }),
      ev(7, "DecisionTaskScheduled", { taskList: { name: "d" } }),
      ev(8, "DecisionTaskStarted", { scheduledEventId: 7 }),
      ev(9, "DecisionTaskCompleted", { scheduledEventId: 7, startedEventId: 8 }),
      ev(10, "CompleteWorkflowExecutionFailed", {
        cause: "UNHANDLED_DECISION",
        decisionTaskCompletedEventId: 9,
      }),
      ev(11, "WorkflowExecutionSignaled", {
        signalName: "go",
        input: "2",
        externalWorkflowExecution: { workflowId: "o", runId: "r" },
        externalInitiatedEventId: 3,
      }),
      ev(12, "WorkflowExecutionSignaled", { signalName: "other" }),
      ev(13, "WorkflowExecutionCancelRequested", {}),
      ev(14, "DecisionTaskScheduled", { taskList: { name: "d" } }),
      ev(15, "DecisionTaskStarted", { scheduledEventId: 14 }),
    ];
    // Given newest first, as `reverseOrder` pages would be: the view sorts them.
    const h = new WorkflowHistory([...events].reverse(), {
      previousStartedEventId: 8,
      startedEventId: 15,
    });
    expect(h.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(h.newEvents.map((e) => e.eventId)).toEqual([9, 10, 11, 12, 13, 14, 15]);
    expect(h.isNew(8)).toBe(false);
    expect(h.signals("go").map((s) => [s.input, s.isNew])).toEqual([
      ["1", false],
      ["2", true],
    ]);
    expect(h.signals().map((s) => s.name)).toEqual(["go", "go", "other"]);
    expect(h.newSignals().map((s) => s.name)).toEqual(["go", "other"]);
    expect(h.lastSignal("go")?.externalWorkflowExecution).toEqual({ workflowId: "o", runId: "r" });
    expect(h.markers()).toEqual([{ name: "m", details: "d1", eventId: 5, isNew: false }]);
    expect(h.cancelRequested).toBe(true);
    expect(h.cancelRequestedEventId).toBe(13);
    expect(h.latestExecutionContext).toBe("ctx-1");
    expect(h.decisionFailures()).toEqual([
      {
        eventType: "CompleteWorkflowExecutionFailed",
        eventId: 10,
        cause: "UNHANDLED_DECISION",
        id: undefined,
        isNew: true,
      },
    ]);
    expect(h.closed).toBeUndefined();
    expect(h.startedEventId).toBe(15);

    const closed = new WorkflowHistory([
      ...events,
      ev(16, "WorkflowExecutionFailed", {
        reason: "r",
        details: "d",
        decisionTaskCompletedEventId: 15,
      }),
    ]);
    expect(closed.closed).toEqual({ status: "FAILED", eventId: 16, reason: "r", details: "d" });
    expect(attributesOf(closed.event(16)!, "WorkflowExecutionFailed")?.reason).toBe("r");
    expect(attributesOf(closed.event(16)!, "WorkflowExecutionCompleted")).toBeUndefined();
  });

  it("an empty or input-less history is handled", () => {
    const h = new WorkflowHistory([]);
    expect(h.input).toBeUndefined();
    expect(h.inputJson()).toBeUndefined();
    expect(() => h.started).toThrow(/WorkflowExecutionStarted/);
    expect(h.activities()).toEqual([]);
    expect(h.startedEventId).toBe(0);
  });
});

describe("WorkflowHistory: Lambda functions", () => {
  it("reports each scheduling of a Lambda id with its result, failure or time-out", () => {
    const h = new WorkflowHistory(lambdaHistory());
    expect(h.lambdas().map((l) => [l.id, l.status, l.attempt])).toEqual([
      ["quote", "completed", 2],
      ["notify", "timedOut", 1],
      ["audit", "startFailed", 1],
      ["extra", "scheduleFailed", 1],
    ]);
    expect(h.lambdaAttempts("quote").map((l) => [l.status, l.reason, l.result])).toEqual([
      ["failed", "QuoteServiceDown", undefined],
      ["completed", undefined, '{"price":42}'],
    ]);
    expect(h.lambdaResult("quote")).toBe('{"price":42}');
    expect(h.lambda("notify")).toMatchObject({ name: "Notify", timeoutType: "START_TO_CLOSE" });
    expect(h.lambda("audit")).toMatchObject({
      cause: "ASSUME_ROLE_FAILED",
      details: "role missing",
    });
    expect(h.lambda("extra")).toMatchObject({ scheduledEventId: 0, cause: expect.any(String) });
    expect(h.openLambdas()).toEqual([]);
    expect(h.lambda("missing")).toBeUndefined();
    expect(h.decisionFailures().map((f) => [f.eventType, f.id])).toEqual([
      ["ScheduleLambdaFunctionFailed", "extra"],
    ]);
  });

  it("lists a scheduled Lambda function as open until its outcome", () => {
    const events = lambdaHistory().slice(0, 16); // quote's retry has started
    const h = new WorkflowHistory(events);
    expect(h.openLambdas().map((l) => [l.id, l.status])).toEqual([
      ["quote", "started"],
      ["notify", "scheduled"],
    ]);
  });
});

describe("WorkflowHistory on histories recorded by the engine", () => {
  let engine: TestEngine;
  let clock: FakeClock;
  let swf: SWFClient;
  const domain = "history-view";

  beforeAll(async () => {
    clock = new FakeClock();
    engine = await startTestEngine({ clock, pollTimeoutSeconds: 1 });
    swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
    await registerTestDomain(swf, domain, { activities: ["A"] });
  });

  afterAll(async () => {
    swf?.destroy();
    await engine?.close();
  });

  /** Takes one decision task from `taskList` and answers it with what `decide` returns. */
  async function decideOnce(
    taskList: string,
    decide: (h: WorkflowHistory) => Decision[],
  ): Promise<WorkflowHistory> {
    const task = await swf.send(
      new PollForDecisionTaskCommand({ domain, taskList: { name: taskList } }),
    );
    expect(task.taskToken).toBeTruthy();
    const h = new WorkflowHistory(task.events!, {
      previousStartedEventId: task.previousStartedEventId,
      startedEventId: task.startedEventId,
    });
    await swf.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: decide(h) }),
    );
    return h;
  }

  async function takeActivity() {
    const task = await swf.send(
      new PollForActivityTaskCommand({ domain, taskList: { name: "work" } }),
    );
    expect(task.taskToken).toBeTruthy();
    return task;
  }

  it("reports activities, retries, timers, children, signals, markers and cancellation", async () => {
    const { runId } = await swf.send(
      new StartWorkflowExecutionCommand({
        domain,
        workflowId: "view",
        workflowType: { name: "Flow", version: "1" },
        input: '{"x":1}',
      }),
    );
    const execution = { workflowId: "view", runId };

    const d1 = await decideOnce("decisions", () => [
      scheduleActivity("a1", A, { input: "first" }),
      startTimer("t1", 5),
      startTimer("t2", 100),
      startChildWorkflow(
        "view-child",
        { name: "Flow", version: "1" },
        { taskList: "child-decisions", input: "child-in" },
      ),
      recordMarker("m1", { step: 1 }),
    ]);
    expect(d1.inputJson()).toEqual({ x: 1 });
    expect(d1.newEvents.map((e) => e.eventType)).toEqual([
      "WorkflowExecutionStarted",
      "DecisionTaskScheduled",
      "DecisionTaskStarted",
    ]);

    const a1 = await takeActivity();
    await swf.send(
      new RespondActivityTaskFailedCommand({
        taskToken: a1.taskToken,
        reason: "flaky",
        details: "try again",
      }),
    );

    const d2 = await decideOnce("decisions", () => [
      scheduleActivity("a1", A, { input: "second" }),
      cancelTimer("t2"),
    ]);
    expect(d2.activity("a1")).toMatchObject({
      status: "failed",
      attempt: 1,
      reason: "flaky",
      details: "try again",
      input: "first",
    });
    expect(d2.child("view-child")).toMatchObject({
      status: "started",
      open: true,
      input: "child-in",
    });
    expect(d2.child("view-child")!.runId).toBeTruthy();
    expect(d2.openTimers().map((t) => t.timerId)).toEqual(["t1", "t2"]);
    expect(d2.markers("m1").map((m) => m.details)).toEqual(['{"step":1}']);
    expect(d2.openActivities()).toEqual([]);

    await decideOnce("child-decisions", (child) => {
      expect(child.parent).toEqual(execution);
      return [completeWorkflow(`child-ok:${child.input}`)];
    });
    const a1again = await takeActivity();
    await swf.send(
      new RespondActivityTaskCompletedCommand({ taskToken: a1again.taskToken, result: "ok" }),
    );
    await swf.send(
      new SignalWorkflowExecutionCommand({
        domain,
        workflowId: "view",
        signalName: "sig",
        input: "hello",
      }),
    );
    clock.advance(5_000);
    await swf.send(new RequestCancelWorkflowExecutionCommand({ domain, workflowId: "view" }));

    const d3 = await decideOnce("decisions", (h) => [
      cancelWorkflow(
        h
          .signals()
          .map((s) => s.input)
          .join(),
      ),
    ]);
    expect(d3.activityAttempts("a1").map((a) => [a.attempt, a.status, a.input])).toEqual([
      [1, "failed", "first"],
      [2, "completed", "second"],
    ]);
    expect(d3.results()).toEqual({ a1: "ok" });
    expect(d3.timers().map((t) => [t.timerId, t.status])).toEqual([
      ["t1", "fired"],
      ["t2", "canceled"],
    ]);
    expect(d3.child("view-child")).toMatchObject({
      status: "completed",
      result: "child-ok:child-in",
      open: false,
    });
    expect(d3.newSignals().map((s) => [s.name, s.input])).toEqual([["sig", "hello"]]);
    expect(d3.cancelRequested).toBe(true);
    expect(d3.previousStartedEventId).toBe(d2.startedEventId);
    expect(d3.newEvents.every((e) => e.eventId! > d2.startedEventId)).toBe(true);

    const final = new WorkflowHistory(await fullHistory(swf, domain, execution));
    expect(final.closed).toMatchObject({ status: "CANCELED", details: "hello" });
    expect(final.decisionFailures()).toEqual([]);
  });

  it("a child start refused as WORKFLOW_ALREADY_RUNNING does not hide the child that is running", async () => {
    const Flow = { name: "Flow", version: "1" };
    const { runId } = await swf.send(
      new StartWorkflowExecutionCommand({
        domain,
        workflowId: "parent-twice",
        workflowType: Flow,
        taskList: { name: "parents" },
      }),
    );
    // Its decisions go to a list nobody polls here: the child stays running.
    const startKid = () => [startChildWorkflow("kid", Flow, { taskList: "kids" })];
    await decideOnce("parents", startKid);
    // ChildWorkflowExecutionStarted wakes the parent, whose decider asks for the same child again.
    await decideOnce("parents", startKid);
    const h = await decideOnce("parents", () => []);
    const kid = await fullHistory(swf, domain, { workflowId: "parent-twice", runId }).then(
      (events) =>
        events.find((e) => e.eventType === "ChildWorkflowExecutionStarted")!
          .childWorkflowExecutionStartedEventAttributes!.workflowExecution!,
    );
    expect(h.decisionFailures()).toMatchObject([
      {
        eventType: "StartChildWorkflowExecutionFailed",
        cause: "WORKFLOW_ALREADY_RUNNING",
        id: "kid",
      },
    ]);
    expect(h.child("kid")).toMatchObject({
      status: "started",
      open: true,
      attempt: 1,
      runId: kid.runId,
    });
    expect(h.openChildren().map((c) => c.workflowId)).toEqual(["kid"]);
  });
});
