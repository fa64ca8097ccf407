import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideTask, type Actor } from "@/lib/console/inbox";
import {
  assignTask,
  claimTask,
  closeTask,
  countPending,
  countViews,
  listTaskSummaries,
  viewQuery,
  getTask,
  insertReceivedTask,
  listTasks,
  nextHeartbeatAt,
  publicTask,
  setTaskTimeouts,
  type ReceivedTask,
  type StoredTask,
} from "@/lib/console/inbox-store";
import { computeTimeouts, timeoutsFromEvents } from "@/lib/console/task-timeouts";
import { FakeClock } from "@/lib/engine/clock";
import { startEngine, type RunningEngine } from "@/lib/engine/server";
import { allOf, attrs, history, lastOf, typesOf } from "../engine/fixtures";
import { sdkClient, startTestEngine, type TestEngine } from "../engine/harness";
import { fileDb, memoryDb } from "./helpers";
import { humanTasks, receive } from "./human-tasks";

const as = (username: string): Actor => ({ username, role: "approver" });

const ANSWERS = ["ActivityTaskCompleted", "ActivityTaskFailed", "ActivityTaskCanceled"];

const received = (n: number, extra: Partial<ReceivedTask> = {}): ReceivedTask => ({
  taskToken: `token-${n}`,
  domain: "orders",
  taskList: "approvals",
  activityId: `approve-${n}`,
  activityType: { name: "ApproveOrder", version: "1" },
  workflowId: `order-${n}`,
  runId: `run-${n}`,
  startedEventId: 6,
  input: JSON.stringify({ orderId: `o-${n}`, total: 42 }),
  ...extra,
});

describe("inbox store", () => {
  it("stores a received task once (idempotent on the token) and hides the token from the browser", () => {
    const db = memoryDb();
    const a = insertReceivedTask(db, received(1), 100);
    const again = insertReceivedTask(db, received(1), 200);
    expect(a).toEqual({ id: again.id, inserted: true });
    expect(again.inserted).toBe(false);
    const task = getTask(db, a.id)!;
    expect(task).toMatchObject({
      state: "pending",
      receivedAt: 100,
      workflowId: "order-1",
      activityType: { name: "ApproveOrder", version: "1" },
    });
    expect(JSON.stringify(publicTask(task))).not.toContain("token-1");
    expect(countPending(db)).toBe(1);
  });

  it("keeps tasks across a restart (a new connection to the same file)", () => {
    const f = fileDb();
    try {
      const first = f.open();
      insertReceivedTask(first, received(1));
      insertReceivedTask(first, received(2));
      first.close();
      const second = f.open();
      expect(listTasks(second, { states: ["pending"] }).map((t) => t.workflowId)).toEqual([
        "order-1",
        "order-2",
      ]);
    } finally {
      f.cleanup();
    }
  });

  it("lets exactly one of two claims win, also across connections", () => {
    const f = fileDb();
    try {
      const a = f.open();
      const b = f.open();
      const { id } = insertReceivedTask(a, received(1));
      const first = claimTask(a, id, { by: "alice", decision: "approve", comment: "ok" }, 1_000);
      const second = claimTask(b, id, { by: "bob", decision: "reject", comment: "no" }, 1_001);
      expect(first.ok).toBe(true);
      expect(second.ok).toBe(false);
      expect(second.task).toMatchObject({
        state: "claimed",
        decidedBy: "alice",
        decidedAt: 1_000,
        decision: "approve",
      });
    } finally {
      f.cleanup();
    }
  });

  it("filters by execution and by state", () => {
    const db = memoryDb();
    insertReceivedTask(db, received(1));
    const { id } = insertReceivedTask(db, received(2));
    closeTask(db, id, "expired", "timed out");
    expect(listTasks(db, { states: ["pending", "claimed"] }).map((t) => t.workflowId)).toEqual([
      "order-1",
    ]);
    expect(listTasks(db, { states: ["expired"] })[0]).toMatchObject({
      workflowId: "order-2",
      closedReason: "timed out",
    });
    expect(listTasks(db, { domain: "orders", workflowId: "order-2", runId: "run-2" })).toHaveLength(
      1,
    );
    expect(closeTask(db, id, "canceled", "again")).toBe(false);
  });

  it("stores deadlines and schedules heartbeats", () => {
    const db = memoryDb();
    const { id } = insertReceivedTask(db, received(1), 10_000);
    setTaskTimeouts(
      db,
      id,
      computeTimeouts({
        scheduledAt: 1_000,
        startedAt: 2_000,
        scheduleToCloseTimeout: "3600",
        startToCloseTimeout: "60",
        heartbeatTimeout: "30",
      }),
    );
    const t = getTask(db, id)!;
    expect(t).toMatchObject({
      heartbeatTimeoutSeconds: 30,
      startToCloseDeadline: 62_000,
      scheduleToCloseDeadline: 3_601_000,
      deadline: 62_000,
      detailsLoaded: true,
    });
    expect(nextHeartbeatAt(t, 15_000)).toBe(20_000);
    expect(nextHeartbeatAt({ ...t, heartbeatTimeoutSeconds: null }, 15_000)).toBe(25_000);
    expect(nextHeartbeatAt({ ...t, heartbeatTimeoutSeconds: 600 }, 15_000)).toBe(25_000);
  });
});

describe("task deadlines from history", () => {
  it("reads the Scheduled event of the Started event", () => {
    const events = [
      {
        eventId: 5,
        eventType: "ActivityTaskScheduled",
        eventTimestamp: new Date(1_000),
        activityTaskScheduledEventAttributes: {
          scheduleToCloseTimeout: "NONE",
          startToCloseTimeout: "120",
          heartbeatTimeout: "NONE",
        },
      },
      {
        eventId: 6,
        eventType: "ActivityTaskStarted",
        eventTimestamp: new Date(4_000),
        activityTaskStartedEventAttributes: { scheduledEventId: 5 },
      },
    ];
    expect(timeoutsFromEvents(events, 6)).toEqual({
      scheduledAt: 1_000,
      heartbeatTimeoutSeconds: null,
      scheduleToCloseDeadline: null,
      startToCloseDeadline: 124_000,
    });
    expect(timeoutsFromEvents(events.slice(1), 6)).toBeUndefined();
    expect(timeoutsFromEvents(events, 7)).toBeUndefined();
  });
});

/**
 * Deciding against a real engine: each test schedules a real ApproveOrder task, the console's
 * poller receives it, and the decision's effect is read back from the execution's history.
 */
describe("deciding a task", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ pollTimeoutSeconds: 1 });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh domain, one execution waiting on ApproveOrder, and its task in a fresh console db. */
  async function pendingApproval(input = JSON.stringify({ orderId: "o-1", total: 42 })) {
    const h = await humanTasks(t.swf);
    const run = await h.approval({ input });
    const db = memoryDb();
    const task = await receive(t.swf, db, h, run);
    return { h, run, db, task, id: task.id };
  }

  /** The activity's answer events in `events`, checked to be for the task the console received. */
  function answers(events: HistoryEvent[], task: StoredTask) {
    const found = events.filter((e) => ANSWERS.includes(e.eventType!));
    for (const e of found) expect(attrs(e).startedEventId).toBe(task.startedEventId);
    return found;
  }

  it("approve completes the activity with {decision, comment, by, at}", async () => {
    const { h, run, db, task, id } = await pendingApproval();
    const out = await decideTask(
      db,
      t.swf,
      id,
      as("alice"),
      { decision: "approve", comment: "fine <b>" },
      Date.UTC(2024, 0, 1),
    );
    expect(out.status).toBe("ok");
    const events = answers(await h.history(run), task);
    expect(typesOf(events)).toEqual(["ActivityTaskCompleted"]);
    expect(JSON.parse(attrs(events[0]).result)).toEqual({
      decision: "approve",
      comment: "fine <b>",
      values: {},
      by: "alice",
      at: "2024-01-01T00:00:00.000Z",
    });
    expect(getTask(db, id)).toMatchObject({
      state: "completed",
      decision: "approve",
      decidedBy: "alice",
    });
  });

  it("reject also completes the activity (the workflow decides what it means)", async () => {
    const { h, run, db, task, id } = await pendingApproval();
    expect(
      (await decideTask(db, t.swf, id, as("bob"), { decision: "reject", comment: "too expensive" }))
        .status,
    ).toBe("ok");
    const events = answers(await h.history(run), task);
    expect(typesOf(events)).toEqual(["ActivityTaskCompleted"]);
    expect(JSON.parse(attrs(events[0]).result)).toMatchObject({
      decision: "reject",
      comment: "too expensive",
      by: "bob",
    });
    expect(getTask(db, id)).toMatchObject({ state: "completed", decision: "reject" });
  });

  it("fail fails the activity with the reason", async () => {
    const { h, run, db, task, id } = await pendingApproval();
    const at = Date.UTC(2024, 0, 2);
    expect(
      (
        await decideTask(
          db,
          t.swf,
          id,
          as("carl"),
          { decision: "fail", comment: "garbled input" },
          at,
        )
      ).status,
    ).toBe("ok");
    const events = answers(await h.history(run), task);
    expect(typesOf(events)).toEqual(["ActivityTaskFailed"]);
    expect(attrs(events[0])).toMatchObject({ reason: "garbled input" });
    expect(JSON.parse(attrs(events[0]).details)).toEqual({
      by: "carl",
      at: new Date(at).toISOString(),
    });
    expect(getTask(db, id)?.state).toBe("failed");
  });

  it("two approvers at once: one decision reaches SWF, the other learns who decided", async () => {
    const { h, run, db, task, id } = await pendingApproval();
    const a = decideTask(db, t.swf, id, as("alice"), { decision: "approve" });
    const b = decideTask(db, t.swf, id, as("bob"), { decision: "reject" });
    const results = await Promise.all([a, b]);
    expect(results.map((r) => r.status).sort()).toEqual(["conflict", "ok"]);
    const events = answers(await h.history(run), task);
    expect(typesOf(events)).toEqual(["ActivityTaskCompleted"]);
    expect(JSON.parse(attrs(events[0]).result)).toMatchObject({
      decision: "approve",
      by: "alice",
    });
    const loser = results.find((r) => r.status === "conflict") as {
      task: { decidedBy: string; decision: string };
    };
    expect(loser.task).toMatchObject({ decidedBy: "alice", decision: "approve" });
  });

  it("UnknownResourceFault from SWF marks the task expired", async () => {
    const { h, run, db, id } = await pendingApproval();
    await h.terminate(run); // SWF forgets the task's token with its execution
    const out = await decideTask(db, t.swf, id, as("alice"), { decision: "approve" });
    expect(out).toMatchObject({ status: "expired" });
    expect(getTask(db, id)).toMatchObject({
      state: "expired",
      closedReason: expect.stringMatching(
        /^SWF no longer knows this task .*: Unknown activity, scheduledEventId = \d+$/,
      ),
    });
    expect((await decideTask(db, t.swf, id, as("bob"), { decision: "approve" })).status).toBe(
      "expired",
    );
    const types = typesOf(await h.history(run));
    expect(types.filter((e) => ANSWERS.includes(e))).toEqual([]);
    expect(types.at(-1)).toBe("WorkflowExecutionTerminated");
  });

  it("a task SWF timed out is expired when someone decides it", async () => {
    const clock = new FakeClock();
    const timed = await startTestEngine({ pollTimeoutSeconds: 1, clock });
    try {
      const h = await humanTasks(timed.swf);
      const run = await h.approval({
        schedule: { heartbeatTimeout: "NONE", startToCloseTimeout: "60" },
      });
      const db = memoryDb();
      const { id } = await receive(timed.swf, db, h, run);
      clock.advance(61_000);
      expect(attrs(lastOf(await h.history(run), "ActivityTaskTimedOut")).timeoutType).toBe(
        "START_TO_CLOSE",
      );
      expect(
        await decideTask(db, timed.swf, id, as("alice"), { decision: "approve" }),
      ).toMatchObject({
        status: "expired",
        message: expect.stringContaining("SWF no longer knows this task"),
      });
      expect(getTask(db, id)?.state).toBe("expired");
      expect(allOf(await h.history(run), "ActivityTaskCompleted")).toEqual([]);
    } finally {
      await timed.close();
    }
  });

  it("a transient failure releases the claim so that someone can retry", async () => {
    // The engine keeps its state in a file, so that it can go away and come back.
    const dir = mkdtempSync(join(tmpdir(), "console-engine-"));
    const first = await startTestEngine({ pollTimeoutSeconds: 1, db: join(dir, "engine.sqlite") });
    // The console's client; it connects only once the engine is gone (no pooled socket to reuse).
    const client = sdkClient(first.url);
    let back: RunningEngine | undefined;
    let firstClosed = false;
    try {
      const h = await humanTasks(first.swf);
      const run = await h.approval();
      const db = memoryDb();
      const task = await receive(first.swf, db, h, run);
      await first.close(); // connection refused from now on
      firstClosed = true;

      expect(
        await decideTask(db, client, task.id, as("alice"), { decision: "approve" }),
      ).toMatchObject({
        status: "error",
        fault: "EndpointUnreachable",
        message: expect.stringContaining("ECONNREFUSED"),
        httpStatus: 503,
      });
      expect(getTask(db, task.id)).toMatchObject({ state: "pending", decidedBy: null });

      back = await startEngine({
        db: join(dir, "engine.sqlite"),
        port: first.running.port,
        pollTimeoutSeconds: 1,
      });
      expect(
        (await decideTask(db, client, task.id, as("bob"), { decision: "approve" })).status,
      ).toBe("ok");
      const events = answers(await history({ ...h.s, swf: client }, run), task);
      expect(typesOf(events)).toEqual(["ActivityTaskCompleted"]);
      expect(JSON.parse(attrs(events[0]).result)).toMatchObject({ decision: "approve", by: "bob" });
      expect(getTask(db, task.id)).toMatchObject({ state: "completed", decidedBy: "bob" });
    } finally {
      client.destroy();
      await back?.close();
      if (!firstClosed) await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("unknown tasks are not found", async () => {
    expect((await decideTask(memoryDb(), t.swf, 99, as("a"), { decision: "approve" })).status).toBe(
      "not-found",
    );
  });
});

describe("views, filters, counts and holders", () => {
  function seeded() {
    const db = memoryDb();
    const now = 1_000_000;
    const ids = [1, 2, 3, 4, 5].map(
      (n) =>
        insertReceivedTask(
          db,
          received(n, {
            taskList: n <= 3 ? "approvals" : "refunds",
            activityType: { name: n <= 3 ? "ApproveOrder" : "ApproveRefund", version: "1" },
            input: JSON.stringify({ question: `Approve order o-${n}?`, customer: `cust-${n}` }),
          }),
          now + n,
        ).id,
    );
    // Deadlines: 1 overdue, 2 due soon, 3 later; 4 decided; 5 expired.
    const at = (id: number, deadline: number | null) =>
      db.prepare("UPDATE human_tasks SET deadline = ? WHERE id = ?").run(deadline, id);
    at(ids[0], now - 10);
    at(ids[1], now + 100);
    at(ids[2], now + 50_000);
    claimTask(db, ids[3], { by: "alice", decision: "approve", comment: "" }, now);
    db.prepare("UPDATE human_tasks SET state = 'completed' WHERE id = ?").run(ids[3]);
    closeTask(db, ids[4], "expired", "gone", now);
    return { db, ids, now };
  }

  it("lists a view under filters, sorted by age or due time, and counts every view", () => {
    const { db, ids, now } = seeded();
    const idsOf = (q: Parameters<typeof listTasks>[1]) => listTasks(db, q).map((t) => t.id);
    expect(idsOf(viewQuery("pending", "bob", { now }))).toEqual([ids[0], ids[1], ids[2]]);
    expect(idsOf(viewQuery("pending", "bob", { now, sort: "due" }))).toEqual([
      ids[0],
      ids[1],
      ids[2],
    ]);
    db.prepare("UPDATE human_tasks SET deadline = ? WHERE id = ?").run(now - 20, ids[2]);
    expect(idsOf(viewQuery("pending", "bob", { now, sort: "due" }))).toEqual([
      ids[2],
      ids[0],
      ids[1],
    ]);
    expect(idsOf(viewQuery("overdue", "bob", { now }))).toEqual([ids[0], ids[2]]);
    expect(idsOf(viewQuery("decided", "bob"))).toEqual([ids[3]]);
    expect(idsOf(viewQuery("expired", "bob"))).toEqual([ids[4]]);
    expect(idsOf({ text: "o-2" })).toEqual([ids[1]]);
    expect(idsOf({ text: "cust-3" })).toEqual([ids[2]]); // input values
    expect(idsOf({ text: "100%_" })).toEqual([]); // LIKE wildcards are literal
    expect(idsOf({ taskList: "refunds" })).toEqual([ids[4], ids[3]]);
    expect(idsOf({ activityType: "ApproveRefund", states: ["completed"] })).toEqual([ids[3]]);
    expect(countViews(db, "bob", {}, now)).toEqual({
      pending: 3,
      mine: 0,
      overdue: 2,
      decided: 1,
      expired: 1,
    });
    expect(countViews(db, "bob", { taskList: "approvals" }, now)).toMatchObject({
      pending: 3,
      decided: 0,
    });
    expect(listTaskSummaries(db, viewQuery("pending", "bob"))[0]).toEqual({
      id: ids[0],
      domain: "orders",
      taskList: "approvals",
      activityType: { name: "ApproveOrder", version: "1" },
      activityId: "approve-1",
      workflowId: "order-1",
      runId: "run-1",
      question: "Approve order o-1?",
      receivedAt: now + 1,
      deadline: now - 10,
      state: "pending",
      decision: null,
      decidedBy: null,
      decidedAt: null,
      assignee: null,
      assignedAt: null,
      outcomeUnknown: false,
    });
  });

  it("claim, release and reassign: only the holder or an operator changes a held task; a held task is its holder's to decide", () => {
    const { db, ids, now } = seeded();
    const id = ids[0];
    expect(assignTask(db, id, { to: "alice", by: "alice", mayReassign: false }, now)).toMatchObject(
      { status: "ok", task: { assignee: "alice", assignedAt: now } },
    );
    expect(countViews(db, "alice", {}, now).mine).toBe(1);
    expect(listTasks(db, viewQuery("mine", "alice")).map((t) => t.id)).toEqual([id]);
    expect(assignTask(db, id, { to: "bob", by: "bob", mayReassign: false })).toMatchObject({
      status: "held",
      task: { assignee: "alice" },
    });
    expect(assignTask(db, id, { to: null, by: "bob", mayReassign: false }).status).toBe("held");
    // Bob (an approver) cannot decide Alice's task; an operator can.
    expect(claimTask(db, id, { by: "bob", decision: "approve", comment: "" })).toMatchObject({
      ok: false,
      heldBy: "alice",
    });
    expect(assignTask(db, id, { to: "carol", by: "olga", mayReassign: true })).toMatchObject({
      status: "ok",
      task: { assignee: "carol" },
    });
    expect(assignTask(db, id, { to: null, by: "carol", mayReassign: false })).toMatchObject({
      status: "ok",
      task: { assignee: null, assignedAt: null },
    });
    expect(assignTask(db, ids[3], { to: "bob", by: "bob", mayReassign: false }).status).toBe(
      "closed",
    );
    expect(assignTask(db, 999, { to: "bob", by: "bob", mayReassign: false }).status).toBe(
      "not-found",
    );
    expect(
      claimTask(db, id, { by: "olga", decision: "approve", comment: "", overrideHolder: true }).ok,
    ).toBe(true);
  });
});
