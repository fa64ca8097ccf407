import {
  CountPendingDecisionTasksCommand,
  DescribeWorkflowExecutionCommand,
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  type Decision,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  D,
  allOf,
  attrs,
  completeActivity,
  decide,
  expectNoDecision,
  expectWellFormed,
  history,
  lastOf,
  pollActivity,
  pollDecision,
  setup,
  start,
  typesOf,
  type Setup,
} from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.close());

const signal = (s: Setup, workflowId: string, signalName = "sig", input?: string) =>
  t.swf.send(
    new SignalWorkflowExecutionCommand({ domain: s.domain, workflowId, signalName, input }),
  );

describe("decision task scheduling", () => {
  it("hands out the first task with the whole history and previousStartedEventId 0", async () => {
    const s = await setup(t.swf);
    const run = await start(s, { input: "hello" });
    const task = await pollDecision(s, { identity: "decider-1" });
    expect(task.workflowExecution).toEqual(run);
    expect(task.workflowType).toEqual(s.workflowType);
    expect(task.startedEventId).toBe(3);
    expect(task.previousStartedEventId).toBe(0);
    expect(typesOf(task.events)).toEqual([
      "WorkflowExecutionStarted",
      "DecisionTaskScheduled",
      "DecisionTaskStarted",
    ]);
    expect(attrs(task.events[2])).toEqual({ scheduledEventId: 2, identity: "decider-1" });
    expect(task.nextPageToken).toBeUndefined();
  });

  it("answers an empty poll without a token, and UnknownResourceFault for an unknown domain", async () => {
    const s = await setup(t.swf);
    const empty = await t.swf.send(
      new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: s.taskList } }),
    );
    expect(empty.taskToken).toBeUndefined();
    expect(empty.startedEventId).toBe(0);
    expect(empty.events).toBeUndefined();
    expect(
      await faultOf(
        t.swf.send(
          new PollForDecisionTaskCommand({ domain: "nope", taskList: { name: s.taskList } }),
        ),
      ),
    ).toEqual({ name: "UnknownResourceFault", message: "Unknown domain: nope" });
  });

  it("schedules a new task for events that arrive while one is started, handed out after completion", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const first = await pollDecision(s);
    await signal(s, run.workflowId, "during", "x");
    // While a task is started no other task of the run is handed out.
    await expectNoDecision(s);
    expect(
      (
        await t.swf.send(
          new CountPendingDecisionTasksCommand({
            domain: s.domain,
            taskList: { name: s.taskList },
          }),
        )
      ).count,
    ).toBe(0);
    await decide(s, first.taskToken, []);
    expect(
      (
        await t.swf.send(
          new CountPendingDecisionTasksCommand({
            domain: s.domain,
            taskList: { name: s.taskList },
          }),
        )
      ).count,
    ).toBe(1);
    const second = await pollDecision(s);
    expect(second.previousStartedEventId).toBe(first.startedEventId);
    expect(typesOf(second.events)).toEqual([
      "WorkflowExecutionStarted",
      "DecisionTaskScheduled",
      "DecisionTaskStarted",
      "WorkflowExecutionSignaled",
      "DecisionTaskScheduled",
      "DecisionTaskCompleted",
      "DecisionTaskStarted",
    ]);
    expect(attrs(second.events[5])).toEqual({ scheduledEventId: 2, startedEventId: 3 });
    expect(attrs(second.events[6]).scheduledEventId).toBe(5);
    await decide(s, second.taskToken, [D.complete("ok")]);
    await expectNoDecision(s);
    expectWellFormed(await history(s, run));
  });

  it("batches two activity completions into one decision task", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const first = await pollDecision(s);
    await decide(s, first.taskToken, [D.scheduleActivity(s, "a1"), D.scheduleActivity(s, "a2")]);
    const a1 = await pollActivity(s);
    const a2 = await pollActivity(s);
    await completeActivity(s, a1.taskToken, "r1");
    await completeActivity(s, a2.taskToken, "r2");
    const second = await pollDecision(s);
    const newEvents = second.events.filter((e) => e.eventId! > second.previousStartedEventId!);
    expect(typesOf(newEvents)).toEqual([
      "DecisionTaskCompleted",
      "ActivityTaskScheduled",
      "ActivityTaskScheduled",
      "ActivityTaskStarted",
      "ActivityTaskStarted",
      "ActivityTaskCompleted",
      "DecisionTaskScheduled",
      "ActivityTaskCompleted",
      "DecisionTaskStarted",
    ]);
    await decide(s, second.taskToken, [D.complete()]);
    await expectNoDecision(s);
    expect(allOf(await history(s, run), "DecisionTaskScheduled")).toHaveLength(2);
  });

  it("an empty decision list records DecisionTaskCompleted with the execution context", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [], { executionContext: "ctx" });
    const events = await history(s, run);
    expect(typesOf(events).at(-1)).toBe("DecisionTaskCompleted");
    expect(attrs(events.at(-1))).toEqual({
      scheduledEventId: 2,
      startedEventId: 3,
      executionContext: "ctx",
    });
    await expectNoDecision(s);
    const d = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
    );
    expect(d.latestExecutionContext).toBe("ctx");
    expect(d.openCounts!.openDecisionTasks).toBe(0);
  });
});

describe("UNHANDLED_DECISION", () => {
  const closeDecisions: [string, Decision, string][] = [
    ["CompleteWorkflowExecution", D.complete("r"), "CompleteWorkflowExecutionFailed"],
    ["FailWorkflowExecution", D.fail("why"), "FailWorkflowExecutionFailed"],
    ["CancelWorkflowExecution", D.cancel(), "CancelWorkflowExecutionFailed"],
    [
      "ContinueAsNewWorkflowExecution",
      D.continueAsNew({ input: "again" }),
      "ContinueAsNewWorkflowExecutionFailed",
    ],
  ];

  for (const [name, decision, failure] of closeDecisions) {
    it(`${name} fails when a signal arrived while the decider worked; the other decisions apply`, async () => {
      const s = await setup(t.swf);
      const run = await start(s);
      const task = await pollDecision(s);
      await signal(s, run.workflowId, "late");
      await decide(s, task.taskToken, [D.marker("m1"), D.startTimer("t1", 100), decision]);
      const events = await history(s, run);
      const completed = lastOf(events, "DecisionTaskCompleted")!;
      expect(typesOf(events.filter((e) => e.eventId! > completed.eventId!))).toEqual([
        "MarkerRecorded",
        "TimerStarted",
        failure,
      ]);
      expect(attrs(lastOf(events, failure))).toEqual({
        cause: "UNHANDLED_DECISION",
        decisionTaskCompletedEventId: completed.eventId,
      });
      const d = await t.swf.send(
        new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
      );
      expect(d.executionInfo!.executionStatus).toBe("OPEN");
      // The pending task carries both the signal and the failure.
      const next = await pollDecision(s);
      const types = typesOf(next.events.filter((e) => e.eventId! > next.previousStartedEventId!));
      expect(types).toContain("WorkflowExecutionSignaled");
      expect(types).toContain(failure);
      await decide(s, next.taskToken, [decision]);
      const closed = await t.swf.send(
        new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
      );
      expect(closed.executionInfo!.executionStatus).toBe("CLOSED");
    });
  }

  it("a non-triggering ActivityTaskStarted during the decision does not cause it", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const first = await pollDecision(s);
    await decide(s, first.taskToken, [D.scheduleActivity(s, "a")]);
    await signal(s, run.workflowId);
    const second = await pollDecision(s);
    await pollActivity(s); // ActivityTaskStarted while the decision task is started
    await decide(s, second.taskToken, [D.complete("done")]);
    const events = await history(s, run);
    expect(events.at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
    expect(attrs(events.at(-1))).toEqual({
      result: "done",
      decisionTaskCompletedEventId: events.at(-2)!.eventId,
    });
  });
});

describe("decision list validation", () => {
  it("refuses a close decision that is not last, or two of them, recording nothing; the task stays answerable", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const task = await pollDecision(s);
    const before = await history(s, run);
    const notLast = await faultOf(decide(s, task.taskToken, [D.complete(), D.marker("m")]));
    expect(notLast.name).toBe("ValidationException");
    expect(notLast.message).toContain("must be the last decision");
    const two = await faultOf(decide(s, task.taskToken, [D.complete(), D.fail()]));
    expect(two.name).toBe("ValidationException");
    const missing = await faultOf(
      decide(s, task.taskToken, [{ decisionType: "ScheduleActivityTask" }]),
    );
    expect(missing).toEqual({
      name: "ValidationException",
      message:
        "1 validation error detected: Value null at 'decisions.1.member.scheduleActivityTaskDecisionAttributes' failed to satisfy constraint: Member must not be null",
    });
    const unknown = await faultOf(decide(s, task.taskToken, [{ decisionType: "Nope" as never }]));
    expect(unknown.name).toBe("ValidationException");
    expect(unknown.message).toContain("decisions.1.member.decisionType");
    const badTimer = await faultOf(
      decide(s, task.taskToken, [D.marker("ok"), D.startTimer("t", "NONE")]),
    );
    expect(badTimer.message).toContain(
      "decisions.2.member.startTimerDecisionAttributes.startToFireTimeout",
    );
    expect(await history(s, run)).toEqual(before);
    await decide(s, task.taskToken, [D.complete()]);
    expect((await history(s, run)).at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
  });

  it("refuses malformed tokens with ValidationException and used ones with UnknownResourceFault", async () => {
    const s = await setup(t.swf);
    await start(s);
    const task = await pollDecision(s);
    expect((await faultOf(decide(s, "not-a-token", []))).name).toBe("ValidationException");
    expect((await faultOf(decide(s, "", []))).name).toBe("ValidationException");
    await decide(s, task.taskToken, []);
    expect(await faultOf(decide(s, task.taskToken, []))).toEqual({
      name: "UnknownResourceFault",
      message: "Unknown decision task, scheduledEventId = 2",
    });
    // An activity task's token is no decision token.
    await start(s);
    const next = await pollDecision(s);
    await decide(s, next.taskToken, [D.scheduleActivity(s, "a")]);
    const act = await pollActivity(s);
    expect((await faultOf(decide(s, act.taskToken, []))).name).toBe("ValidationException");
    // A guessed token of the right shape but the wrong nonce is unknown.
    const forged = Buffer.from(
      Buffer.from(next.taskToken, "base64url")
        .toString("utf8")
        .replace(/:[^:]*$/, ":guessed"),
    ).toString("base64url");
    expect((await faultOf(decide(s, forged, []))).name).toBe("UnknownResourceFault");
  });
});

describe("decision task history paging", () => {
  it("pages the snapshot of one task (forward, reverse, from the previous started event) and never hands out another", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    for (let i = 0; i < 6; i++) await signal(s, run.workflowId, `s${i}`); // events 3..8
    const poll = (extra: Record<string, unknown>) =>
      t.swf.send(
        new PollForDecisionTaskCommand({
          domain: s.domain,
          taskList: { name: s.taskList },
          ...extra,
        }),
      );
    const p1 = await poll({ maximumPageSize: 3 });
    expect(p1.startedEventId).toBe(9);
    expect(p1.events!.map((e) => e.eventId)).toEqual([1, 2, 3]);
    // Meanwhile: a new event for this run (outside the snapshot) and a task of another run.
    await signal(s, run.workflowId, "later");
    const other = await start(s);
    const p2 = await poll({ maximumPageSize: 3, nextPageToken: p1.nextPageToken });
    expect(p2.taskToken).toBe(p1.taskToken);
    expect(p2.startedEventId).toBe(9);
    expect(p2.previousStartedEventId).toBe(0);
    expect(p2.workflowExecution).toEqual(run);
    expect(p2.events!.map((e) => e.eventId)).toEqual([4, 5, 6]);
    const p3 = await poll({ maximumPageSize: 3, nextPageToken: p2.nextPageToken });
    expect(p3.events!.map((e) => e.eventId)).toEqual([7, 8, 9]);
    expect(p3.nextPageToken).toBeUndefined();
    // The other run's task is still waiting: paging handed out nothing new.
    expect(
      (
        await t.swf.send(
          new CountPendingDecisionTasksCommand({
            domain: s.domain,
            taskList: { name: s.taskList },
          }),
        )
      ).count,
    ).toBe(1);
    // A page token belongs to its task list.
    expect(
      (
        await faultOf(
          t.swf.send(
            new PollForDecisionTaskCommand({
              domain: s.domain,
              taskList: { name: "elsewhere" },
              nextPageToken: p1.nextPageToken,
            }),
          ),
        )
      ).name,
    ).toBe("ValidationException");

    expect((await faultOf(poll({ nextPageToken: "forged" }))).name).toBe("ValidationException");
    await decide(s, p1.taskToken!, []);
    // Once the task is answered its page tokens are dead.
    expect((await faultOf(poll({ nextPageToken: p2.nextPageToken }))).name).toBe(
      "UnknownResourceFault",
    );

    const otherTask = await pollDecision(s);
    expect(otherTask.workflowExecution).toEqual(other);
    await decide(s, otherTask.taskToken, [D.complete()]);

    // Second task of the run: newest first, in pages, stopping at the previous started event.
    const r1 = await poll({
      maximumPageSize: 2,
      reverseOrder: true,
      startAtPreviousStartedEvent: true,
    });
    expect(r1.previousStartedEventId).toBe(9);
    expect(r1.startedEventId).toBe(13);
    expect(r1.events!.map((e) => e.eventId)).toEqual([13, 12]);
    const r2 = await poll({ maximumPageSize: 2, nextPageToken: r1.nextPageToken });
    expect(r2.events!.map((e) => e.eventId)).toEqual([11, 10]);
    const r3 = await poll({ maximumPageSize: 2, nextPageToken: r2.nextPageToken });
    expect(r3.events!.map((e) => e.eventId)).toEqual([9]);
    expect(r3.nextPageToken).toBeUndefined();
    expect(typesOf(r1.events!)).toEqual(["DecisionTaskStarted", "DecisionTaskCompleted"]);
    await decide(s, r1.taskToken!, [D.complete()]);
  });

  it("startAtPreviousStartedEvent forward returns from the previous DecisionTaskStarted on, or everything the first time", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const poll = () =>
      t.swf.send(
        new PollForDecisionTaskCommand({
          domain: s.domain,
          taskList: { name: s.taskList },
          startAtPreviousStartedEvent: true,
        }),
      );
    const first = await poll();
    expect(first.events!.map((e) => e.eventId)).toEqual([1, 2, 3]);
    await signal(s, run.workflowId);
    await decide(s, first.taskToken!, []);
    const second = await poll();
    expect(second.events!.map((e) => e.eventId)).toEqual([3, 4, 5, 6, 7]);
  });

  it("pages a history of more than 1,000 events with the default page size", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const first = await pollDecision(s);
    const markers = Array.from({ length: 1100 }, (_, i) => D.marker(`m${i}`));
    await t.swf.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: first.taskToken, decisions: markers }),
    );
    await signal(s, run.workflowId);
    const raw = await t.swf.send(
      new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: s.taskList } }),
    );
    expect(raw.events).toHaveLength(1000);
    expect(raw.nextPageToken).toBeTruthy();
    await expectNoDecision(s); // nothing else is pending
    const page2 = await t.swf.send(
      new PollForDecisionTaskCommand({
        domain: s.domain,
        taskList: { name: s.taskList },
        nextPageToken: raw.nextPageToken,
      }),
    );
    expect(page2.events!.map((e) => e.eventId)).toEqual(
      Array.from({ length: raw.startedEventId! - 1000 }, (_, i) => 1001 + i),
    );
  });
});

describe("decision task-list override", () => {
  const clock = new FakeClock(Date.UTC(2026, 5, 1));
  let f: TestEngine;
  beforeAll(async () => {
    f = await startTestEngine({ clock });
  });
  afterAll(() => f.close());

  it("a permanent override sends later decision tasks to the new list", async () => {
    const s = await setup(f.swf);
    const run = await start(s);
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [], {
      taskList: { name: "sticky" },
      taskListScheduleToStartTimeout: "NONE",
    });
    const completed = lastOf(await history(s, run), "DecisionTaskCompleted");
    expect(attrs(completed)).toEqual({
      scheduledEventId: 2,
      startedEventId: 3,
      taskList: { name: "sticky" },
      taskListScheduleToStartTimeout: "NONE",
    });
    await f.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "x",
      }),
    );
    const scheduled = lastOf(await history(s, run), "DecisionTaskScheduled");
    expect(attrs(scheduled)).toEqual({ taskList: { name: "sticky" }, startToCloseTimeout: "60" });
    await expectNoDecision(s);
    const moved = await pollDecision(s, { taskList: "sticky" });
    expect(moved.workflowExecution).toEqual(run);
    await decide(s, moved.taskToken, [D.complete()]);
  });

  it("a temporary override times out (SCHEDULE_TO_START) and the task goes back to the run's own list", async () => {
    const s = await setup(f.swf);
    const run = await start(s, { executionStartToCloseTimeout: "100000" });
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [], {
      taskList: { name: "tmp" },
      taskListScheduleToStartTimeout: "30",
    });
    await f.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "x",
      }),
    );
    let events = await history(s, run);
    expect(attrs(lastOf(events, "DecisionTaskScheduled"))).toEqual({
      taskList: { name: "tmp" },
      startToCloseTimeout: "60",
      scheduleToStartTimeout: "30",
    });
    clock.advance(29_000);
    await expectNoDecision(s);
    clock.advance(2_000);
    events = await history(s, run);
    const scheduledId =
      lastOf(events, "DecisionTaskTimedOut") &&
      attrs(lastOf(events, "DecisionTaskTimedOut")).scheduledEventId;
    expect(typesOf(events).slice(-3)).toEqual([
      "DecisionTaskScheduled",
      "DecisionTaskTimedOut",
      "DecisionTaskScheduled",
    ]);
    expect(attrs(lastOf(events, "DecisionTaskTimedOut"))).toEqual({
      timeoutType: "SCHEDULE_TO_START",
      scheduledEventId: scheduledId,
      startedEventId: 0,
    });
    expect(scheduledId).toBe(events.at(-3)!.eventId);
    expect(attrs(events.at(-1))).toEqual({
      taskList: { name: s.taskList },
      startToCloseTimeout: "60",
    });
    await expectNoDecision(s, "tmp");
    const home = await pollDecision(s);
    expect(home.workflowExecution).toEqual(run);
    // Picked up in time on the override list: it stays there until a task times out there.
    await decide(s, home.taskToken, [], {
      taskList: { name: "tmp2" },
      taskListScheduleToStartTimeout: "30",
    });
    await f.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "y",
      }),
    );
    clock.advance(10_000);
    const onTmp = await pollDecision(s, { taskList: "tmp2" });
    clock.advance(40_000); // past the schedule-to-start timeout: no effect once started
    await f.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "z",
      }),
    );
    await decide(s, onTmp.taskToken, []);
    const again = await pollDecision(s, { taskList: "tmp2" });
    clock.advance(61_000); // start-to-close on the override list: back home
    events = await history(s, run);
    expect(attrs(lastOf(events, "DecisionTaskTimedOut")).timeoutType).toBe("START_TO_CLOSE");
    expect(attrs(events.at(-1))).toEqual({
      taskList: { name: s.taskList },
      startToCloseTimeout: "60",
    });
    expect((await faultOf(decide(s, again.taskToken, []))).name).toBe("UnknownResourceFault");
    const back = await pollDecision(s);
    await decide(s, back.taskToken, [D.complete()]);
    expectWellFormed(await history(s, run));
  });

  it("refuses a schedule-to-start timeout without a task list", async () => {
    const s = await setup(f.swf);
    await start(s);
    const task = await pollDecision(s);
    const fault = await faultOf(
      decide(s, task.taskToken, [], { taskListScheduleToStartTimeout: "10" }),
    );
    expect(fault.name).toBe("ValidationException");
    expect(fault.message).toContain("taskListScheduleToStartTimeout");
    await decide(s, task.taskToken, []);
  });
});
