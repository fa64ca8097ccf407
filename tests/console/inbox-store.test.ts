import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/console/db";
import { ConsoleFault } from "@/lib/console/faults";
import { decideTask, type Actor } from "@/lib/console/inbox";
import { utcTime } from "@/lib/console/inbox-expiry";
import { decisionAnswer } from "@/lib/console/inbox-http";
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
  listsWithOpenTasks,
  nextHeartbeatAt,
  publicTask,
  setTaskTimeouts,
  taskFacets,
  type ReceivedTask,
  type StoredTask,
} from "@/lib/console/inbox-store";
import type { Role } from "@/lib/console/roles";
import { computeTimeouts, timeoutsFromEvents } from "@/lib/console/task-timeouts";
import { changeUser, createUser, deleteUser } from "@/lib/console/users";
import { FakeClock } from "@/lib/engine/clock";
import { startEngine, type RunningEngine } from "@/lib/engine/server";
import { allOf, attrs, history, lastOf, typesOf } from "../engine/fixtures";
import { sdkClient, startTestEngine, type TestEngine } from "../engine/harness";
import { humanTasks, receive, sharedDatabase, TEST_TOKEN_KEY } from "./human-tasks";
import { closeStores, openStore, STORE_KINDS } from "./stores";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);
afterAll(closeStores);

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

/** The activity's answer events in `events`, checked to be for the task the console received. */
function answers(events: HistoryEvent[], task: StoredTask) {
  const found = events.filter((e) => ANSWERS.includes(e.eventType!));
  for (const e of found) expect(attrs(e).startedEventId).toBe(task.startedEventId);
  return found;
}

describe.each(STORE_KINDS)("inbox store (%s)", (kind) => {
  it("stores a received task once (idempotent on the token) and hides the token from the browser", async () => {
    const db = await openStore(kind);
    const a = await insertReceivedTask(db, received(1), 100);
    const again = await insertReceivedTask(db, received(1), 200);
    expect(a).toEqual({ id: again.id, inserted: true });
    expect(again.inserted).toBe(false);
    const task = (await getTask(db, a.id))!;
    expect(task).toMatchObject({
      state: "pending",
      receivedAt: 100,
      workflowId: "order-1",
      activityType: { name: "ApproveOrder", version: "1" },
    });
    expect(JSON.stringify(publicTask(task))).not.toContain("token-1");
    expect(await countPending(db)).toBe(1);
  });

  it("keeps tasks across a restart (a new connection to the same database)", async () => {
    const shared = await sharedDatabase(kind);
    try {
      const first = await shared.open();
      await insertReceivedTask(first, received(1));
      await insertReceivedTask(first, received(2));
      await first.close();
      const second = await shared.open();
      expect((await listTasks(second, { states: ["pending"] })).map((t) => t.workflowId)).toEqual([
        "order-1",
        "order-2",
      ]);
    } finally {
      await shared.cleanup();
    }
  });

  it("lets exactly one of two claims win, also across connections", async () => {
    const shared = await sharedDatabase(kind);
    try {
      const a = await shared.open();
      const b = await shared.open();
      const { id } = await insertReceivedTask(a, received(1));
      const first = await claimTask(
        a,
        id,
        { by: "alice", decision: "approve", comment: "ok" },
        1_000,
      );
      const second = await claimTask(
        b,
        id,
        { by: "bob", decision: "reject", comment: "no" },
        1_001,
      );
      expect(first.ok).toBe(true);
      expect(second.ok).toBe(false);
      expect(second.task).toMatchObject({
        state: "claimed",
        decidedBy: "alice",
        decidedAt: 1_000,
        decision: "approve",
      });
    } finally {
      await shared.cleanup();
    }
  });

  it("filters by execution and by state", async () => {
    const db = await openStore(kind);
    await insertReceivedTask(db, received(1));
    const { id } = await insertReceivedTask(db, received(2));
    await closeTask(db, id, "expired", "timed out");
    expect(
      (await listTasks(db, { states: ["pending", "claimed"] })).map((t) => t.workflowId),
    ).toEqual(["order-1"]);
    expect((await listTasks(db, { states: ["expired"] }))[0]).toMatchObject({
      workflowId: "order-2",
      closedReason: "timed out",
    });
    expect(
      await listTasks(db, { domain: "orders", workflowId: "order-2", runId: "run-2" }),
    ).toHaveLength(1);
    expect(await closeTask(db, id, "canceled", "again")).toBe(false);
  });

  it("stores deadlines and schedules heartbeats", async () => {
    const db = await openStore(kind);
    const { id } = await insertReceivedTask(db, received(1), 10_000);
    await setTaskTimeouts(
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
    const t = (await getTask(db, id))!;
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

  it("names the lists that have open tasks", async () => {
    const db = await openStore(kind);
    await insertReceivedTask(db, received(1));
    await insertReceivedTask(db, received(2, { taskList: "refunds" }));
    const { id } = await insertReceivedTask(db, received(3, { domain: "shipping" }));
    await closeTask(db, id, "expired", "gone");
    expect(await listsWithOpenTasks(db)).toEqual([
      { domain: "orders", taskList: "approvals" },
      { domain: "orders", taskList: "refunds" },
    ]);
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
describe.each(STORE_KINDS)("deciding a task (%s)", (kind) => {
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
    const db = await openStore(kind);
    const task = await receive(t.swf, db, h, run);
    return { h, run, db, task, id: task.id };
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
    expect(await getTask(db, id)).toMatchObject({
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
    expect(await getTask(db, id)).toMatchObject({ state: "completed", decision: "reject" });
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
    expect((await getTask(db, id))?.state).toBe("failed");
  });

  it("two approvers at once: one decision reaches SWF, the other learns who decided", async () => {
    const { h, run, db, task, id } = await pendingApproval();
    const a = decideTask(db, t.swf, id, as("alice"), { decision: "approve" });
    const b = decideTask(db, t.swf, id, as("bob"), { decision: "reject" });
    const results = await Promise.all([a, b]);
    expect(results.map((r) => r.status).sort()).toEqual(["conflict", "ok"]);
    // Either may win the race; SWF has the winner's answer, and the loser is told who it was.
    const [decision, by] = results[0].status === "ok" ? ["approve", "alice"] : ["reject", "bob"];
    const events = answers(await h.history(run), task);
    expect(typesOf(events)).toEqual(["ActivityTaskCompleted"]);
    expect(JSON.parse(attrs(events[0]).result)).toMatchObject({ decision, by });
    const loser = results.find((r) => r.status === "conflict") as {
      task: { decidedBy: string; decision: string };
    };
    expect(loser.task).toMatchObject({ decidedBy: by, decision });
  });

  it("UnknownResourceFault from SWF marks the task expired", async () => {
    const { h, run, db, id } = await pendingApproval();
    await h.terminate(run); // SWF forgets the task's token with its execution
    const out = await decideTask(db, t.swf, id, as("alice"), {
      decision: "approve",
      comment: "ship it",
    });
    // The reason is SWF's own record of what happened (how, when, why), not its refusal of the
    // token; alice's answer is a fact about the reason, not a decision: nothing was decided.
    const terminated = lastOf(await h.history(run), "WorkflowExecutionTerminated");
    const reason = `Workflow terminated at ${utcTime(terminated!.eventTimestamp)}: test. alice's answer (approve) came too late and was not taken.`;
    expect(out).toMatchObject({ status: "expired", message: reason });
    expect(await getTask(db, id)).toMatchObject({
      state: "expired",
      closedReason: reason,
      decision: null,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      values: null,
      outcomeUnknown: false,
    });
    expect((await listTaskSummaries(db, { workflowId: run.workflowId }))[0]).toMatchObject({
      state: "expired",
      decision: null,
      decidedBy: null,
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
      const db = await openStore(kind);
      const { id } = await receive(timed.swf, db, h, run);
      clock.advance(61_000);
      const timedOut = lastOf(await h.history(run), "ActivityTaskTimedOut");
      expect(attrs(timedOut).timeoutType).toBe("START_TO_CLOSE");
      expect(
        await decideTask(db, timed.swf, id, as("alice"), { decision: "approve" }),
      ).toMatchObject({
        status: "expired",
        message: `Timed out at ${utcTime(timedOut!.eventTimestamp)}: no answer within the activity's start-to-close timeout. alice's answer (approve) came too late and was not taken.`,
      });
      expect(await getTask(db, id)).toMatchObject({
        state: "expired",
        decision: null,
        decidedBy: null,
      });
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
      const db = await openStore(kind);
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
      expect(await getTask(db, task.id)).toMatchObject({ state: "pending", decidedBy: null });

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
      expect(await getTask(db, task.id)).toMatchObject({ state: "completed", decidedBy: "bob" });
    } finally {
      client.destroy();
      await back?.close();
      if (!firstClosed) await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("unknown tasks are not found", async () => {
    const db = await openStore(kind);
    expect((await decideTask(db, t.swf, 99, as("a"), { decision: "approve" })).status).toBe(
      "not-found",
    );
  });
});

describe.each(STORE_KINDS)("views, filters, counts and holders (%s)", (kind) => {
  async function seeded() {
    const db = await openStore(kind);
    const now = 1_000_000;
    const ids: number[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      const input = { question: `Approve order O-${n}?`, customer: `cust-${n}` };
      const { id } = await insertReceivedTask(
        db,
        received(n, {
          taskList: n <= 3 ? "approvals" : "refunds",
          activityType: { name: n <= 3 ? "ApproveOrder" : "ApproveRefund", version: "1" },
          input: JSON.stringify(input),
        }),
        now + n,
      );
      ids.push(id);
    }
    // Deadlines: 1 overdue, 2 due soon, 3 later; 4 decided; 5 expired.
    const at = (id: number, deadline: number | null) =>
      db.run("UPDATE human_tasks SET deadline = ? WHERE id = ?", [deadline, id]);
    await at(ids[0], now - 10);
    await at(ids[1], now + 100);
    await at(ids[2], now + 50_000);
    await claimTask(db, ids[3], { by: "alice", decision: "approve", comment: "" }, now);
    await db.run("UPDATE human_tasks SET state = 'completed' WHERE id = ?", [ids[3]]);
    await closeTask(db, ids[4], "expired", "gone", now);
    return { db, ids, now };
  }

  /** Console users, by name and role: a task is only ever held by one who may decide it. */
  async function people(db: Db, roles: Record<string, Role>) {
    for (const [username, role] of Object.entries(roles))
      await createUser(db, { username, password: `${username}-password`, role });
  }

  it("lists a view under filters, sorted by age or due time, and counts every view", async () => {
    const { db, ids, now } = await seeded();
    const idsOf = async (q: Parameters<typeof listTasks>[1]) =>
      (await listTasks(db, q)).map((t) => t.id);
    expect(await idsOf(viewQuery("pending", "bob", { now }))).toEqual([ids[0], ids[1], ids[2]]);
    expect(await idsOf(viewQuery("pending", "bob", { now, sort: "due" }))).toEqual([
      ids[0],
      ids[1],
      ids[2],
    ]);
    await db.run("UPDATE human_tasks SET deadline = ? WHERE id = ?", [now - 20, ids[2]]);
    expect(await idsOf(viewQuery("pending", "bob", { now, sort: "due" }))).toEqual([
      ids[2],
      ids[0],
      ids[1],
    ]);
    expect(await idsOf(viewQuery("overdue", "bob", { now }))).toEqual([ids[0], ids[2]]);
    expect(await idsOf(viewQuery("decided", "bob"))).toEqual([ids[3]]);
    expect(await idsOf(viewQuery("expired", "bob"))).toEqual([ids[4]]);
    expect(await idsOf({ text: "o-2" })).toEqual([ids[1]]); // any case: the question says O-2
    expect(await idsOf({ text: "CUST-3" })).toEqual([ids[2]]); // input values
    expect(await idsOf({ text: "100%_" })).toEqual([]); // LIKE wildcards are literal
    expect(await idsOf({ taskList: "refunds" })).toEqual([ids[4], ids[3]]);
    expect(await idsOf({ activityType: "ApproveRefund", states: ["completed"] })).toEqual([ids[3]]);
    expect(await taskFacets(db)).toEqual({
      domains: ["orders"],
      taskLists: ["approvals", "refunds"],
      activityTypes: ["ApproveOrder", "ApproveRefund"],
      assignees: [],
    });
    expect(await countViews(db, "bob", {}, now)).toEqual({
      pending: 3,
      mine: 0,
      overdue: 2,
      decided: 1,
      expired: 1,
    });
    expect(await countViews(db, "bob", { taskList: "approvals" }, now)).toMatchObject({
      pending: 3,
      decided: 0,
    });
    expect((await listTaskSummaries(db, viewQuery("pending", "bob")))[0]).toEqual({
      id: ids[0],
      domain: "orders",
      taskList: "approvals",
      activityType: { name: "ApproveOrder", version: "1" },
      activityId: "approve-1",
      workflowId: "order-1",
      runId: "run-1",
      question: "Approve order O-1?",
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

  it("claim, release and reassign: only the holder or an operator changes a held task; a held task is its holder's to decide", async () => {
    const { db, ids, now } = await seeded();
    await people(db, { alice: "approver", bob: "approver", carol: "approver", olga: "operator" });
    const id = ids[0];
    const assign = (to: string | null, by: string, mayReassign = false, at?: number) =>
      assignTask(db, id, { to, by, mayReassign }, at);
    expect(await assign("alice", "alice", false, now)).toMatchObject({
      status: "ok",
      task: { assignee: "alice", assignedAt: now },
    });
    expect(await assign("alice", "alice")).toMatchObject({
      status: "ok",
      task: { assignee: "alice", assignedAt: now }, // taking it again keeps the time
    });
    expect((await countViews(db, "alice", {}, now)).mine).toBe(1);
    expect((await listTasks(db, viewQuery("mine", "alice"))).map((t) => t.id)).toEqual([id]);
    expect(await assign("bob", "bob")).toMatchObject({
      status: "held",
      task: { assignee: "alice" },
    });
    expect((await assign(null, "bob")).status).toBe("held");
    // Bob (an approver) cannot decide Alice's task; an operator can.
    expect(await claimTask(db, id, { by: "bob", decision: "approve", comment: "" })).toMatchObject({
      ok: false,
      heldBy: "alice",
    });
    expect(await assign("carol", "olga", true)).toMatchObject({
      status: "ok",
      task: { assignee: "carol" },
    });
    expect(await assign(null, "carol")).toMatchObject({
      status: "ok",
      task: { assignee: null, assignedAt: null },
    });
    expect(
      (await assignTask(db, ids[3], { to: "bob", by: "bob", mayReassign: false })).status,
    ).toBe("closed");
    expect((await assignTask(db, 999, { to: "bob", by: "bob", mayReassign: false })).status).toBe(
      "not-found",
    );
    expect(
      (
        await claimTask(db, id, {
          by: "olga",
          decision: "approve",
          comment: "",
          overrideHolder: true,
        })
      ).ok,
    ).toBe(true);
  });

  it("of two people taking a free task at once, one holds it", async () => {
    const { db, ids } = await seeded();
    await people(db, { alice: "approver", bob: "approver" });
    const outcomes = await Promise.all(
      ["alice", "bob"].map((who) =>
        assignTask(db, ids[1], { to: who, by: who, mayReassign: false }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(["held", "ok"]);
    const holder = (await getTask(db, ids[1]))!.assignee;
    expect(outcomes.find((o) => o.status === "held")).toMatchObject({ task: { assignee: holder } });
  });

  it("gives a task only to an enabled user who may decide, as the change itself finds them", async () => {
    const { db, ids } = await seeded();
    await people(db, {
      alice: "approver",
      olga: "operator",
      ada: "admin",
      vic: "viewer",
      dis: "approver",
      demoted: "approver",
      gone: "approver",
    });
    // Each passed assignAs's check a moment ago; an admin changed them before the change was made.
    const root = { username: "root", role: "admin" as const };
    await changeUser(db, "dis", { disabled: true }, root);
    await changeUser(db, "demoted", { role: "viewer" }, root);
    await deleteUser(db, "gone", root);
    const id = ids[0];
    const give = (to: string | null, by = "olga", mayReassign = true) =>
      assignTask(db, id, { to, by, mayReassign });
    // Nor a viewer, nor a name that is nobody's, nor a user's name spelt otherwise (assignAs
    // resolves spellings first: a holder is compared exactly, with the session's name).
    for (const to of ["dis", "demoted", "gone", "vic", "nobody", "ALICE"])
      expect(await give(to), to).toMatchObject({ status: "cannot-hold", task: { assignee: null } });
    // A disabled user claiming it for themselves is refused too.
    expect((await give("dis", "dis", false)).status).toBe("cannot-hold");
    expect((await getTask(db, id))?.assignee).toBeNull();

    expect(await give("alice", "alice", false)).toMatchObject({
      status: "ok",
      task: { assignee: "alice" },
    });
    // Taking it from its holder for someone who cannot hold it leaves it with them; for one
    // who may not take it from its holder, that holder is the answer.
    expect(await give("dis")).toMatchObject({ status: "cannot-hold", task: { assignee: "alice" } });
    expect(await give("vic", "bob", false)).toMatchObject({
      status: "held",
      task: { assignee: "alice" },
    });
    // Operators and admins may decide, so may hold; letting go needs nobody to hold it.
    expect(await give("olga")).toMatchObject({ status: "ok", task: { assignee: "olga" } });
    expect(await give("ada")).toMatchObject({ status: "ok", task: { assignee: "ada" } });
    expect(await give(null, "ada", false)).toMatchObject({
      status: "ok",
      task: { assignee: null },
    });
  });
});

/**
 * Several console processes on one PostgreSQL database, each with its own pool: a task stored by
 * any shows once everywhere, and of two processes deciding a task at once exactly one wins.
 */
describe("several console processes on one PostgreSQL database", () => {
  let t: TestEngine;
  let shared: Awaited<ReturnType<typeof sharedDatabase>>;
  let a: Db;
  let b: Db;
  beforeAll(async () => {
    t = await startTestEngine({ pollTimeoutSeconds: 1 });
    shared = await sharedDatabase("postgres");
    [a, b] = [await shared.open(), await shared.open()];
  });
  afterAll(async () => {
    await shared?.cleanup();
    await t?.close();
  });

  it("a task stored by two processes at once is stored once, with one id for both", async () => {
    for (let n = 1; n <= 10; n++) {
      const both = await Promise.all([
        insertReceivedTask(a, received(n)),
        insertReceivedTask(b, received(n)),
      ]);
      expect(both[0].id).toBe(both[1].id);
      expect(both.map((r) => r.inserted).sort()).toEqual([false, true]);
    }
    const ids = async (db: Db) =>
      (await listTasks(db, { domain: "orders", states: ["pending"] })).map((x) => x.id);
    expect(await ids(a)).toHaveLength(10);
    expect(await ids(b)).toEqual(await ids(a));
  });

  it("of two processes claiming the same tasks at once, exactly one wins each", async () => {
    const ids: number[] = [];
    for (let n = 100; n < 120; n++) ids.push((await insertReceivedTask(a, received(n))).id);
    const results = await Promise.all(
      ids.map(async (id) => {
        const [x, y] = await Promise.all([
          claimTask(a, id, { by: "alice", decision: "approve", comment: "" }),
          claimTask(b, id, { by: "bob", decision: "reject", comment: "" }),
        ]);
        return { id, x, y };
      }),
    );
    for (const { id, x, y } of results) {
      expect([x.ok, y.ok].filter(Boolean)).toHaveLength(1);
      const winner = x.ok ? "alice" : "bob";
      expect((x.ok ? y : x).task).toMatchObject({ state: "claimed", decidedBy: winner });
      expect(await getTask(b, id)).toMatchObject({ decidedBy: winner });
    }
  });

  it("two processes deciding one task at once: one answer reaches SWF, the other gets 409 with who decided", async () => {
    const h = await humanTasks(t.swf);
    const run = await h.approval();
    const task = await receive(t.swf, a, h, run);
    const [x, y] = await Promise.all([
      decideTask(a, t.swf, task.id, as("alice"), { decision: "approve", comment: "ok" }),
      decideTask(b, t.swf, task.id, as("bob"), { decision: "reject", comment: "no" }),
    ]);
    expect([x.status, y.status].sort()).toEqual(["conflict", "ok"]);
    const [won, lost] = x.status === "ok" ? [x, y] : [y, x];
    const winner = (won as { task: StoredTask }).task.decidedBy!;
    let refusal: unknown;
    try {
      decisionAnswer(lost);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(ConsoleFault);
    expect(refusal).toMatchObject({
      status: 409,
      fault: "AlreadyDecided",
      message: expect.stringContaining(`by ${winner} at`),
    });
    const events = answers(await h.history(run), task);
    expect(typesOf(events)).toEqual(["ActivityTaskCompleted"]);
    expect(JSON.parse(attrs(events[0]).result)).toMatchObject({ by: winner });
    expect(await getTask(a, task.id)).toMatchObject({ state: "completed", decidedBy: winner });
    expect(await getTask(b, task.id)).toMatchObject({ state: "completed", decidedBy: winner });
  });
});
