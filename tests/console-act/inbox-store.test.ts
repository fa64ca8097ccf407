import { describe, expect, it } from "vitest";
import { decideTask } from "@/lib/console/inbox";
import {
  claimTask,
  closeTask,
  countPending,
  getTask,
  insertReceivedTask,
  listTasks,
  nextHeartbeatAt,
  publicTask,
  setTaskTimeouts,
  type ReceivedTask,
} from "@/lib/console/inbox-store";
import { computeTimeouts, timeoutsFromEvents } from "@/lib/console/task-timeouts";
import { fault, fileDb, memoryDb } from "./helpers";
import { StubSwf } from "./stub-swf";

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

describe("deciding a task", () => {
  it("approve completes the activity with {decision, comment, by, at}", async () => {
    const db = memoryDb();
    const swf = new StubSwf().on("RespondActivityTaskCompleted", () => ({}));
    const { id } = insertReceivedTask(db, received(1));
    const out = await decideTask(
      db,
      swf,
      id,
      "alice",
      { decision: "approve", comment: "fine <b>" },
      Date.UTC(2024, 0, 1),
    );
    expect(out.status).toBe("ok");
    expect(swf.calls).toHaveLength(1);
    expect(swf.calls[0].input.taskToken).toBe("token-1");
    expect(JSON.parse(swf.calls[0].input.result as string)).toEqual({
      decision: "approve",
      comment: "fine <b>",
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
    const db = memoryDb();
    const swf = new StubSwf().on("RespondActivityTaskCompleted", () => ({}));
    const { id } = insertReceivedTask(db, received(1));
    expect(
      (await decideTask(db, swf, id, "bob", { decision: "reject", comment: "too expensive" }))
        .status,
    ).toBe("ok");
    expect(JSON.parse(swf.calls[0].input.result as string)).toMatchObject({
      decision: "reject",
      comment: "too expensive",
      by: "bob",
    });
  });

  it("fail fails the activity with the reason", async () => {
    const db = memoryDb();
    const swf = new StubSwf().on("RespondActivityTaskFailed", () => ({}));
    const { id } = insertReceivedTask(db, received(1));
    expect(
      (await decideTask(db, swf, id, "carl", { decision: "fail", comment: "garbled input" }))
        .status,
    ).toBe("ok");
    expect(swf.calls[0]).toMatchObject({
      command: "RespondActivityTaskFailed",
      input: { taskToken: "token-1", reason: "garbled input" },
    });
    expect(getTask(db, id)?.state).toBe("failed");
  });

  it("two approvers at once: one decision reaches SWF, the other learns who decided", async () => {
    const db = memoryDb();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const swf = new StubSwf().on("RespondActivityTaskCompleted", () => gate.then(() => ({})));
    const { id } = insertReceivedTask(db, received(1));
    const a = decideTask(db, swf, id, "alice", { decision: "approve" });
    const b = decideTask(db, swf, id, "bob", { decision: "reject" });
    release();
    const results = await Promise.all([a, b]);
    expect(results.map((r) => r.status).sort()).toEqual(["conflict", "ok"]);
    expect(swf.count("RespondActivityTaskCompleted")).toBe(1);
    const loser = results.find((r) => r.status === "conflict") as {
      task: { decidedBy: string; decision: string };
    };
    expect(loser.task).toMatchObject({ decidedBy: "alice", decision: "approve" });
  });

  it("UnknownResourceFault from SWF marks the task expired", async () => {
    const db = memoryDb();
    const swf = new StubSwf().on("RespondActivityTaskCompleted", () => {
      throw fault("UnknownResourceFault", "Unknown activity task");
    });
    const { id } = insertReceivedTask(db, received(1));
    const out = await decideTask(db, swf, id, "alice", { decision: "approve" });
    expect(out).toMatchObject({ status: "expired" });
    expect(getTask(db, id)).toMatchObject({
      state: "expired",
      closedReason: expect.stringContaining("Unknown activity task"),
    });
    expect((await decideTask(db, swf, id, "bob", { decision: "approve" })).status).toBe("expired");
  });

  it("a transient failure releases the claim so that someone can retry", async () => {
    const db = memoryDb();
    let fail = true;
    const swf = new StubSwf().on("RespondActivityTaskCompleted", () => {
      if (fail) throw new Error("connect ECONNREFUSED 127.0.0.1:7070");
      return {};
    });
    const { id } = insertReceivedTask(db, received(1));
    expect(await decideTask(db, swf, id, "alice", { decision: "approve" })).toMatchObject({
      status: "error",
      fault: "EndpointUnreachable",
      httpStatus: 503,
    });
    expect(getTask(db, id)).toMatchObject({ state: "pending", decidedBy: null });
    fail = false;
    expect((await decideTask(db, swf, id, "bob", { decision: "approve" })).status).toBe("ok");
  });

  it("unknown tasks are not found", async () => {
    expect(
      (await decideTask(memoryDb(), new StubSwf(), 99, "a", { decision: "approve" })).status,
    ).toBe("not-found");
  });
});
