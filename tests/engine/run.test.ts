/**
 * The run's decision-task state on its own: core rules driven through a Tx over an in-memory
 * store and a FakeClock, with no engine, server or SDK around them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import type { EngineContext } from "../../lib/engine/context";
import type { Tx } from "../../lib/engine/core/run";
import { startRun } from "../../lib/engine/core/start";
import { fireDeadline } from "../../lib/engine/core/timeouts";
import { Dispatcher } from "../../lib/engine/dispatch";
import { resolveSettings } from "../../lib/engine/settings";
import { createStore, type RunConfig, type TypeRow } from "../../lib/engine/store";
import { Transactions } from "../../lib/engine/transactions";

const CONFIG: RunConfig = {
  taskList: "decisions",
  taskPriority: "0",
  taskStartToCloseTimeout: "10",
  executionStartToCloseTimeout: "3600",
  childPolicy: "TERMINATE",
};
const TYPE: TypeRow = {
  domain: "d",
  kind: "workflow",
  name: "wf",
  version: "1",
  status: "REGISTERED",
  description: null,
  created_at: 0,
  deprecated_at: null,
  config: "{}",
};

let clock: FakeClock;
let ctx: Pick<EngineContext, "store" | "clock" | "settings" | "dispatcher">;
let transact: <T>(fn: (tx: Tx) => T) => T;
let armed: number[];

beforeEach(() => {
  clock = new FakeClock(Date.UTC(2027, 0, 1));
  ctx = {
    store: createStore(":memory:"),
    clock,
    settings: resolveSettings({}),
    dispatcher: new Dispatcher(),
  };
  armed = [];
  const transactions = new Transactions(ctx, {
    armAlarm: (at) => armed.push(at),
    invoke: () => {
      throw new Error("no Lambda here");
    },
    changed: () => {},
  });
  transact = (fn) => transactions.run(fn);
  ctx.store.domains.insert("d", undefined, "1", clock.now());
});

afterEach(() => ctx.store.close());

const types = (executionId: number) => {
  const last = ctx.store.executions.byId(executionId)!.next_event_id - 1;
  return ctx.store.events.pageAsc(executionId, 0, last, last).map((e) => e.type);
};

function started() {
  return transact((tx) => startRun(tx, "d", "w", TYPE, CONFIG, {}).id);
}

describe("a run's decision task", () => {
  it("is scheduled and queued when the run starts, and handed out once", () => {
    const id = started();
    expect(types(id)).toEqual(["WorkflowExecutionStarted", "DecisionTaskScheduled"]);
    expect(ctx.store.decisionQueue.countPending("d", "decisions")).toBe(1);
    const task = transact((tx) => tx.adopt(id).startDecisionTask("me"));
    expect(task).toMatchObject({
      scheduledEventId: 2,
      startedEventId: 3,
      previousStartedEventId: 0,
    });
    expect(ctx.store.decisionQueue.countPending("d", "decisions")).toBe(0);
    // Its start-to-close deadline is durable and was armed.
    expect(armed).toContain(clock.now() + 10_000);
    transact((tx) => {
      const run = tx.adopt(id);
      expect(run.holdsDecisionTask(2, task.nonce)).toBe(true);
      expect(run.holdsDecisionTask(2, "forged")).toBe(false);
      expect(run.openDecisionTasks).toBe(1);
    });
  });

  it("completes with pendingWork when a triggering event arrived meanwhile", () => {
    const id = started();
    transact((tx) => tx.adopt(id).startDecisionTask());
    transact((tx) => tx.adopt(id).append("WorkflowExecutionSignaled", { signalName: "s" }));
    // A new task is scheduled at once but not dispatchable while the first is started.
    expect(types(id).at(-1)).toBe("DecisionTaskScheduled");
    expect(ctx.store.decisionQueue.countPending("d", "decisions")).toBe(0);
    const { completedEventId, pendingWork } = transact((tx) =>
      tx.adopt(id).completeDecisionTask({ executionContext: "ctx" }),
    );
    expect(pendingWork).toBe(true);
    expect(types(id)[completedEventId - 1]).toBe("DecisionTaskCompleted");
    expect(ctx.store.decisionQueue.countPending("d", "decisions")).toBe(1);
    expect(ctx.store.executions.byId(id)!.latest_execution_context).toBe("ctx");
  });

  it("times out by its deadline and is scheduled again; a stale deadline does nothing", () => {
    const id = started();
    const task = transact((tx) => tx.adopt(id).startDecisionTask());
    clock.advance(10_000);
    for (const deadline of ctx.store.deadlines.due(clock.now()))
      transact((tx) => fireDeadline(tx, deadline));
    expect(types(id).slice(-2)).toEqual(["DecisionTaskTimedOut", "DecisionTaskScheduled"]);
    transact((tx) => {
      const run = tx.adopt(id);
      expect(run.holdsDecisionTask(task.scheduledEventId, task.nonce)).toBe(false);
      run.timeOutDecisionTask(task.scheduledEventId, clock.now());
    });
    expect(types(id).at(-1)).toBe("DecisionTaskScheduled");
  });

  it("goes back to the run's own list when an override list does not pick it up in time", () => {
    const id = started();
    transact((tx) => tx.adopt(id).startDecisionTask());
    transact((tx) => {
      const run = tx.adopt(id);
      run.completeDecisionTask({ taskList: { name: "elsewhere" }, overrideTimeout: "5" });
      run.requireDecision();
    });
    expect(ctx.store.decisionQueue.countPending("d", "elsewhere")).toBe(1);
    clock.advance(5_000);
    for (const deadline of ctx.store.deadlines.due(clock.now()))
      transact((tx) => fireDeadline(tx, deadline));
    expect(types(id).slice(-2)).toEqual(["DecisionTaskTimedOut", "DecisionTaskScheduled"]);
    expect(ctx.store.decisionQueue.countPending("d", "elsewhere")).toBe(0);
    expect(ctx.store.decisionQueue.countPending("d", "decisions")).toBe(1);
  });
});

describe("a run's history pages", () => {
  it("are ranges of consecutive event ids, and a missing event fails loudly instead of ending the history", () => {
    const id = started();
    transact((tx) => tx.adopt(id).startDecisionTask());
    const ids = (rows: { event_id: number }[]) => rows.map((e) => e.event_id);
    expect(ids(ctx.store.events.pageAsc(id, 0, 3, 2))).toEqual([1, 2]);
    expect(ids(ctx.store.events.pageAsc(id, 2, 3, 2))).toEqual([3]);
    expect(ids(ctx.store.events.pageDesc(id, 1, 4, 2))).toEqual([3, 2]);
    expect(ids(ctx.store.events.pageDesc(id, 2, 4, 5))).toEqual([3, 2]);

    ctx.store.db.prepare("DELETE FROM events WHERE execution_id = ? AND event_id = 2").run(id);
    expect(() => ctx.store.events.pageAsc(id, 0, 3, 10)).toThrow(/lacks events/);
    expect(() => ctx.store.events.pageDesc(id, 1, 4, 10)).toThrow(/lacks events/);
  });
});
