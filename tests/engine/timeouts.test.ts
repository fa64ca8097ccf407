/** Every timeout, driven by a FakeClock. */
import {
  DescribeWorkflowExecutionCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  SignalWorkflowExecutionCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import {
  D,
  allOf,
  attrs,
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
} from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

const clock = new FakeClock(Date.UTC(2026, 8, 1));
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ clock });
});
afterAll(() => t.close());

const SECOND = 1000;

describe("workflow execution START_TO_CLOSE", () => {
  it("times the run out, applies its child policy and tells the parent", async () => {
    const s = await setup(t.swf);
    const parent = await start(s, { executionStartToCloseTimeout: "1000" });
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.startChild(s, "tm-child", {
        executionStartToCloseTimeout: "100",
        taskList: { name: "kids" },
      }),
      D.startChild(s, "tm-survivor", {
        executionStartToCloseTimeout: "5000",
        taskList: { name: "kids" },
      }),
      D.scheduleActivity(s, "act"),
    ]);
    const t0 = clock.now();
    clock.advance(100 * SECOND);
    const child = {
      workflowId: "tm-child",
      runId: attrs(allOf(await history(s, parent), "ChildWorkflowExecutionStarted")[0])
        .workflowExecution.runId,
    };
    const childEvents = await history(s, child);
    expect(childEvents.at(-1)!.eventType).toBe("WorkflowExecutionTimedOut");
    expect(attrs(childEvents.at(-1))).toEqual({
      timeoutType: "START_TO_CLOSE",
      childPolicy: "TERMINATE",
    });
    expect(childEvents.at(-1)!.eventTimestamp!.getTime()).toBe(t0 + 100 * SECOND);
    const timedOut = lastOf(await history(s, parent), "ChildWorkflowExecutionTimedOut");
    expect(attrs(timedOut)).toMatchObject({
      workflowExecution: child,
      timeoutType: "START_TO_CLOSE",
      workflowType: s.workflowType,
    });

    clock.advance(900 * SECOND);
    const events = await history(s, parent);
    expect(events.at(-1)!.eventType).toBe("WorkflowExecutionTimedOut");
    expect(attrs(events.at(-1))).toEqual({
      timeoutType: "START_TO_CLOSE",
      childPolicy: "TERMINATE",
    });
    const d = await t.swf.send(
      new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: parent }),
    );
    expect(d.executionInfo).toMatchObject({ executionStatus: "CLOSED", closeStatus: "TIMED_OUT" });
    // The surviving child was terminated by the parent's policy.
    const survivorRun = attrs(allOf(events, "ChildWorkflowExecutionStarted")[1]).workflowExecution;
    const survivor = await history(s, survivorRun);
    expect(attrs(survivor.at(-1))).toEqual({
      childPolicy: "TERMINATE",
      cause: "CHILD_POLICY_APPLIED",
    });
    // The run's activity task is gone.
    await expectNoActivity(s);
  });
});

describe("decision task START_TO_CLOSE", () => {
  it("times out, schedules the next task, refuses the old token; previousStartedEventId stays the last completed", async () => {
    const s = await setup(t.swf, { workflowDefaults: { defaultTaskStartToCloseTimeout: "30" } });
    const run = await start(s);
    const first = await pollDecision(s);
    clock.advance(30 * SECOND);
    let events = await history(s, run);
    expect(typesOf(events).slice(-2)).toEqual(["DecisionTaskTimedOut", "DecisionTaskScheduled"]);
    expect(attrs(events.at(-2))).toEqual({
      timeoutType: "START_TO_CLOSE",
      scheduledEventId: 2,
      startedEventId: 3,
    });
    expect(await faultOf(decide(s, first.taskToken, [D.complete()]))).toEqual({
      name: "UnknownResourceFault",
      message: "Unknown decision task, scheduledEventId = 2",
    });
    const second = await pollDecision(s);
    expect(second.previousStartedEventId).toBe(0);
    await decide(s, second.taskToken, [D.startTimer("t", 1)]);
    clock.advance(SECOND);
    const third = await pollDecision(s);
    expect(third.previousStartedEventId).toBe(second.startedEventId);
    clock.advance(31 * SECOND);
    const fourth = await pollDecision(s);
    expect(fourth.previousStartedEventId).toBe(second.startedEventId);
    await decide(s, fourth.taskToken, [D.complete()]);
    events = await history(s, run);
    expectWellFormed(events);
    expect(events.at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
  });

  it("a signal during the timed-out task is handed to the next one", async () => {
    const s = await setup(t.swf, { workflowDefaults: { defaultTaskStartToCloseTimeout: "10" } });
    const run = await start(s);
    await pollDecision(s);
    await t.swf.send(
      new SignalWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: run.workflowId,
        signalName: "s",
      }),
    );
    await expectNoDecision(s);
    clock.advance(10 * SECOND);
    const next = await pollDecision(s);
    const types = typesOf(next.events);
    expect(types.slice(3)).toEqual([
      "WorkflowExecutionSignaled",
      "DecisionTaskScheduled",
      "DecisionTaskTimedOut",
      "DecisionTaskStarted",
    ]);
  });
});

describe("activity timeouts", () => {
  it("SCHEDULE_TO_START: the task leaves its list and is never handed out", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [
      D.scheduleActivity(s, "a", { scheduleToStartTimeout: "5" }),
    ]);
    clock.advance(5 * SECOND);
    await expectNoActivity(s);
    const events = await history(s, run);
    expect(attrs(lastOf(events, "ActivityTaskTimedOut"))).toEqual({
      timeoutType: "SCHEDULE_TO_START",
      scheduledEventId: 5,
      startedEventId: 0,
    });
    expect(typesOf(events).at(-1)).toBe("DecisionTaskScheduled");
  });

  it("SCHEDULE_TO_CLOSE shorter than START_TO_CLOSE wins; responses afterwards are refused", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [
      D.scheduleActivity(s, "a", { scheduleToCloseTimeout: "20", startToCloseTimeout: "100" }),
    ]);
    clock.advance(5 * SECOND);
    const task = await pollActivity(s);
    clock.advance(15 * SECOND);
    const events = await history(s, run);
    expect(allOf(events, "ActivityTaskTimedOut")).toHaveLength(1);
    expect(attrs(lastOf(events, "ActivityTaskTimedOut"))).toEqual({
      timeoutType: "SCHEDULE_TO_CLOSE",
      scheduledEventId: 5,
      startedEventId: 6,
    });
    for (const call of [
      t.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken })),
      t.swf.send(new RespondActivityTaskFailedCommand({ taskToken: task.taskToken })),
      t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken })),
    ]) {
      expect((await faultOf(call)).name).toBe("UnknownResourceFault");
    }
    clock.advance(200 * SECOND);
    expect(allOf(await history(s, run), "ActivityTaskTimedOut")).toHaveLength(1);
  });

  it("START_TO_CLOSE counts from the start", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [
      D.scheduleActivity(s, "a", { startToCloseTimeout: "10", scheduleToCloseTimeout: "NONE" }),
    ]);
    clock.advance(50 * SECOND);
    const task = await pollActivity(s);
    clock.advance(9 * SECOND);
    await t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }));
    clock.advance(SECOND);
    const timedOut = lastOf(await history(s, run), "ActivityTaskTimedOut");
    expect(attrs(timedOut)).toEqual({
      timeoutType: "START_TO_CLOSE",
      scheduledEventId: 5,
      startedEventId: 6,
    });
    expect(
      (
        await faultOf(
          t.swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken })),
        )
      ).name,
    ).toBe("UnknownResourceFault");
  });

  it("HEARTBEAT: each heartbeat restarts the clock; the event carries the last details", async () => {
    const s = await setup(t.swf);
    const run = await startAndDecide(s, [D.scheduleActivity(s, "a", { heartbeatTimeout: "10" })]);
    const task = await pollActivity(s);
    for (const pct of ["10%", "20%", "30%"]) {
      clock.advance(9 * SECOND);
      await t.swf.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: pct }),
      );
    }
    clock.advance(9 * SECOND);
    expect(allOf(await history(s, run), "ActivityTaskTimedOut")).toHaveLength(0);
    const timedOutAt = clock.now() + SECOND;
    clock.advance(5 * SECOND);
    const event = lastOf(await history(s, run), "ActivityTaskTimedOut");
    expect(attrs(event)).toEqual({
      timeoutType: "HEARTBEAT",
      scheduledEventId: 5,
      startedEventId: 6,
      details: "30%",
    });
    // Stamped with its deadline.
    expect(event!.eventTimestamp!.getTime()).toBe(timedOutAt);
    expect(
      (
        await faultOf(
          t.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken })),
        )
      ).name,
    ).toBe("UnknownResourceFault");
    const next = await pollDecision(s);
    expect(typesOf(next.events)).toContain("ActivityTaskTimedOut");
  });
});

describe("the one-year ceiling", () => {
  it("arms no activity or decision deadline beyond one year, even when every timeout is NONE", async () => {
    const s = await setup(t.swf, {
      workflowDefaults: {
        defaultTaskStartToCloseTimeout: "NONE",
        defaultExecutionStartToCloseTimeout: "31536000",
      },
    });
    const run = await start(s);
    const now = clock.now();
    await pollDecision(s);
    const db = t.running.engine.store.db;
    const row = db.prepare("SELECT id FROM executions WHERE run_id = ?").get(run.runId) as {
      id: number;
    };
    const deadlines = () =>
      db
        .prepare("SELECT kind, due_at FROM deadlines WHERE execution_id = ? ORDER BY kind")
        .all(row.id) as { kind: string; due_at: number }[];
    const year = 31_536_000 * SECOND;
    expect(deadlines()).toEqual([
      { kind: "DECISION_START_TO_CLOSE", due_at: now + year },
      { kind: "EXECUTION_START_TO_CLOSE", due_at: now + year },
    ]);
  });

  it("caps a NONE activity at one year from scheduling", async () => {
    const s = await setup(t.swf, {
      workflowDefaults: { defaultExecutionStartToCloseTimeout: "31536000" },
    });
    const run = await startAndDecide(s, [
      D.scheduleActivity(s, "forever", {
        scheduleToStartTimeout: "NONE",
        scheduleToCloseTimeout: "NONE",
        startToCloseTimeout: "NONE",
        heartbeatTimeout: "NONE",
      }),
    ]);
    const db = t.running.engine.store.db;
    const row = db.prepare("SELECT id FROM executions WHERE run_id = ?").get(run.runId) as {
      id: number;
    };
    const scheduledAt = clock.now();
    await pollActivity(s);
    const rows = db
      .prepare(
        "SELECT kind, due_at FROM deadlines WHERE execution_id = ? AND kind LIKE 'ACTIVITY%'",
      )
      .all(row.id);
    expect(rows).toEqual([
      { kind: "ACTIVITY_SCHEDULE_TO_CLOSE", due_at: scheduledAt + 31_536_000 * SECOND },
    ]);
  });
});
