/**
 * The human-task poller and the decision path when things go wrong, against a real engine that
 * is stopped and restarted underneath, and executions closed underneath: execution gone, SWF
 * unreachable while loading details or heartbeating, events missing from the history, the lists
 * unreadable, an endpoint that answers empty polls at once, a console stopping mid-poll, and a
 * decision SWF took while the console died before recording it.
 */
import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCompletedCommand,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { queryAudit } from "@/lib/console/audit";
import type { Db } from "@/lib/console/db";
import { decisionResult, decideTask, type SwfSender } from "@/lib/console/inbox";
import {
  claimTask,
  getTask,
  insertReceivedTask,
  listTasks,
  type StoredTask,
} from "@/lib/console/inbox-store";
import { utcTime } from "@/lib/console/inbox-expiry";
import type { HumanTaskPoller } from "@/lib/console/poller";
import { allOf, attrs, lastOf } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { until } from "./helpers";
import {
  humanTasks,
  pollerFor,
  receive,
  restartableEngine,
  TEST_TOKEN_KEY,
  waitForTask,
  type RestartableEngine,
} from "./human-tasks";
import { closeStores, openStore, STORE_KINDS } from "./stores";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);
afterAll(closeStores);

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function engine(pollTimeoutSeconds = 1): Promise<TestEngine> {
  const t = await startTestEngine({ pollTimeoutSeconds });
  cleanup.push(() => t.close());
  return t;
}
async function restartable(): Promise<RestartableEngine> {
  const e = await restartableEngine();
  cleanup.push(() => e.close());
  return e;
}
function track(poller: HumanTaskPoller): HumanTaskPoller {
  cleanup.push(() => poller.stop());
  return poller;
}

describe.each(STORE_KINDS)("poller failure paths (%s)", (kind) => {
  it("a task whose execution is gone is expired, not kept forever", async () => {
    const t = await engine();
    const h = await humanTasks(t.swf);
    const db = await openStore(kind);
    // A task the console received for a run SWF no longer has (e.g. past its retention).
    const { id } = await insertReceivedTask(db, {
      taskToken: "token-of-a-purged-run",
      domain: h.domain,
      taskList: h.taskList,
      activityId: "approve",
      activityType: { name: "ApproveOrder", version: "1" },
      workflowId: "purged",
      runId: "no-such-run",
      startedEventId: 6,
    });
    track(pollerFor(t.swf, db, [])).start();
    await until(async () => (await getTask(db, id))?.state === "expired", "expired");
    expect((await getTask(db, id))?.closedReason).toMatch(
      /^The execution is gone from SWF \(past its retention period\?\): Unknown execution/,
    );
  });

  it("details that fail to load for a transient reason are loaded once SWF is back", async () => {
    const e = await restartable();
    const h = await humanTasks(e.swf);
    const run = await h.approval();
    const db = await openStore(kind);
    // Receive the task, but leave its details unloaded as if the history read had failed.
    const polled = await e.swf.send(
      new PollForActivityTaskCommand({ domain: h.domain, taskList: { name: h.taskList } }),
    );
    const { id } = await insertReceivedTask(db, {
      taskToken: polled.taskToken!,
      domain: h.domain,
      taskList: h.taskList,
      activityId: polled.activityId!,
      activityType: { name: "ApproveOrder", version: "1" },
      workflowId: run.workflowId,
      runId: run.runId,
      startedEventId: polled.startedEventId!,
    });
    await e.stop();
    const poller = track(pollerFor(e.swf, db, [])).start();
    await poller.loadDetails(id);
    expect(await getTask(db, id)).toMatchObject({ state: "pending", detailsLoaded: false });
    await e.restart();
    await poller.loadDetails(id);
    expect(await getTask(db, id)).toMatchObject({
      state: "pending",
      detailsLoaded: true,
      heartbeatTimeoutSeconds: 30,
      deadline: expect.any(Number),
    });
  });

  it("a task whose events are not in the history keeps its place without deadlines", async () => {
    const t = await engine();
    const h = await humanTasks(t.swf);
    const run = await h.approval();
    const db = await openStore(kind);
    const received = await receive(t.swf, db, h, run);
    // The same task under a started event id the history does not have.
    const { id } = await insertReceivedTask(db, {
      ...received,
      taskToken: "another-token",
      startedEventId: 9999,
    });
    const poller = track(pollerFor(t.swf, db, []));
    await poller.loadDetails(id);
    expect(await getTask(db, id)).toMatchObject({
      state: "pending",
      detailsLoaded: true,
      deadline: null,
      heartbeatTimeoutSeconds: null,
    });
  });

  it("a heartbeat that fails while SWF is down is retried, and the task is not expired", async () => {
    const e = await restartable();
    const h = await humanTasks(e.swf);
    // Long enough that SWF does not time the task out while it is down for two retries.
    const run = await h.approval({ schedule: { heartbeatTimeout: "10" } });
    const db = await openStore(kind);
    const task = await receive(e.swf, db, h, run);
    const beat = task.lastHeartbeatAt;
    await e.stop();
    // Heartbeats sent, whatever became of them: the positive signal that SWF was tried while down.
    let heartbeats = 0;
    const counting: SwfSender = {
      send: ((command: unknown, options?: unknown) => {
        if (command instanceof RecordActivityTaskHeartbeatCommand) heartbeats++;
        return (e.swf.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
      }) as SWFClient["send"],
    };
    const poller = track(pollerFor(counting, db, [], { probeMs: 10 })).start();
    // Maintenance passes with SWF down until two heartbeats have failed: nothing is closed.
    await until(async () => {
      await poller.maintain();
      return heartbeats >= 2;
    }, "two heartbeats while SWF is down");
    expect(await getTask(db, task.id)).toMatchObject({ state: "pending", lastHeartbeatAt: beat });
    await e.restart();
    await until(
      async () => ((await getTask(db, task.id))?.lastHeartbeatAt ?? 0) > (beat ?? 0),
      "heartbeat after SWF is back",
    );
    expect((await getTask(db, task.id))?.state).toBe("pending");
    expect(allOf(await h.history(run), "ActivityTaskTimedOut")).toEqual([]);
  });

  it("lists() throwing keeps the loops it has and starts new ones once the lists are readable", async () => {
    const t = await engine();
    const a = await humanTasks(t.swf);
    const b = await humanTasks(t.swf);
    const lines: string[] = [];
    let lists: () => { domain: string; taskList: string }[] = () => [a.list];
    const db = await openStore(kind);
    const poller = track(
      pollerFor(t.swf, db, [], { lists: () => lists(), log: (l) => lines.push(l) }),
    ).start();
    await poller.reconcile();
    expect(poller.status().map((s) => s.taskList)).toEqual([a.taskList]);
    lists = () => {
      throw new Error("settings table is locked");
    };
    await poller.reconcile();
    expect(lines).toContain("inbox: cannot read the human task lists: settings table is locked");
    expect(poller.status().map((s) => s.taskList)).toEqual([a.taskList]);
    const runA = await a.approval();
    expect((await waitForTask(db, runA)).taskList).toBe(a.taskList);
    lists = () => [a.list, b.list];
    await poller.reconcile();
    const runB = await b.approval();
    expect((await waitForTask(db, runB)).taskList).toBe(b.taskList);
  });

  it("an endpoint that answers empty polls at once does not make the loop spin", async () => {
    const t = await engine(0); // empty polls come back immediately
    const h = await humanTasks(t.swf);
    const starts: number[] = [];
    const counting: SwfSender = {
      send: ((command: unknown, options?: unknown) => {
        if (command instanceof PollForActivityTaskCommand) starts.push(performance.now());
        return (t.swf.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
      }) as SWFClient["send"],
    };
    track(pollerFor(counting, await openStore(kind), [h.list])).start();
    await until(() => starts.length >= 4, "four polls", 10_000);
    // Each empty poll is followed by the guard's pause before the next (timers may fire ~1 ms early).
    for (let i = 1; i < 4; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(245);
  });

  it("a console stopping mid-poll stores the task its poll received", async () => {
    // Polls wait up to 20 s here, so the poll is surely in flight when the console stops.
    const t = await engine(20);
    const h = await humanTasks(t.swf);
    const db = await openStore(kind);
    const poller = pollerFor(t.swf, db, [h.list], { drainMs: 15_000 }).start();
    await until(
      () => poller.status()[0]?.lastPollAt === null && poller.status()[0]?.state === "polling",
    );
    // The poll is open; the console begins to stop, and SWF hands the poll a task meanwhile.
    const stopping = poller.stop();
    const run = await h.approval();
    await stopping;
    const [task] = await listTasks(db, { workflowId: run.workflowId });
    expect(task).toMatchObject({ state: "pending", runId: run.runId });
    expect(lastOf(await h.history(run), "ActivityTaskStarted")).toBeDefined();
  });
});

describe.each(STORE_KINDS)("decisions whose outcome the console did not record (%s)", (kind) => {
  it("SWF accepted the decision, the console died before recording it: after an engine restart it is recorded as decided, not expired", async () => {
    const e = await restartable();
    const h = await humanTasks(e.swf);
    const run = await h.approval();
    const db = await openStore(kind);
    const task = await receive(e.swf, db, h, run);
    // The console claimed Alice's decision and SWF took it; the console died right then.
    const decidedAt = Date.now() - 1_000;
    expect(
      (await claimTask(db, task.id, { by: "alice", decision: "approve", comment: "ok" }, decidedAt))
        .ok,
    ).toBe(true);
    await e.swf.send(
      new RespondActivityTaskCompletedCommand({
        taskToken: task.taskToken,
        result: JSON.stringify(decisionResult("approve", "ok", "alice", decidedAt)),
      }),
    );
    await e.stop();
    await e.restart();
    track(pollerFor(e.swf, db, [], { staleClaimMs: 10 })).start();
    await until(async () => (await getTask(db, task.id))?.state !== "claimed", "settled");
    expect(await getTask(db, task.id)).toMatchObject({
      state: "completed",
      decidedBy: "alice",
      outcomeUnknown: false,
    });
    // Exactly one answer in the history: the console did not send it again.
    expect(allOf(await h.history(run), "ActivityTaskCompleted")).toHaveLength(1);
    await until(async () => (await settlements(db, task.id)).length > 0, "settlement audited");
    expect(await settlements(db, task.id)).toEqual([["alice", "Inbox.Approve", "ok", null]]);
  });

  it("a claimed decision whose run was closed underneath is expired, with the reason", async () => {
    const t = await engine();
    const h = await humanTasks(t.swf);
    const run = await h.approval();
    const db = await openStore(kind);
    const task = await receive(t.swf, db, h, run);
    await claimTask(
      db,
      task.id,
      { by: "alice", decision: "approve", comment: "" },
      Date.now() - 1_000,
    );
    await h.terminate(run);
    track(pollerFor(t.swf, db, [], { staleClaimMs: 10 })).start();
    await until(async () => (await getTask(db, task.id))?.state === "expired", "expired");
    const terminated = lastOf(await h.history(run), "WorkflowExecutionTerminated");
    // Settled by the poller as by the decision itself: SWF's facts, and no decider left behind.
    expect(await getTask(db, task.id)).toMatchObject({
      closedReason: `Workflow terminated at ${utcTime(terminated!.eventTimestamp)}: test. alice's answer (approve) came too late and was not taken.`,
      decision: null,
      decidedBy: null,
      decidedAt: null,
    });
    expect(allOf(await h.history(run), "ActivityTaskCompleted")).toEqual([]);
    await until(async () => (await settlements(db, task.id)).length > 0, "settlement audited");
    expect(await settlements(db, task.id)).toEqual([
      ["alice", "Inbox.Approve", "fault", "TaskExpired"],
    ]);
  });

  it("an answer lost on the way back is 'unknown', kept from a second approver, and settled from SWF", async () => {
    const t = await engine();
    const h = await humanTasks(t.swf);
    const run = await h.approval();
    const db = await openStore(kind);
    const task = await receive(t.swf, db, h, run);
    // A connection that delivers the request and drops the answer: a reset connection.
    const proxy = await droppingProxy(new URL(t.url).port);
    cleanup.push(() => proxy.close());
    const { sdkClient } = await import("../engine/harness");
    const lossy = sdkClient(proxy.url);
    cleanup.push(async () => lossy.destroy());
    const out = await decideTask(
      db,
      lossy,
      task.id,
      { username: "alice", role: "approver" },
      {
        decision: "approve",
        comment: "sent",
      },
    );
    expect(out).toMatchObject({ status: "unknown" });
    expect(await getTask(db, task.id)).toMatchObject({ state: "claimed", outcomeUnknown: true });
    // SWF did take it.
    const completed = allOf(await h.history(run), "ActivityTaskCompleted");
    expect(JSON.parse(attrs(completed[0]).result)).toMatchObject({ by: "alice" });
    // Bob cannot decide it meanwhile: he is told who is deciding.
    expect(
      await decideTask(
        db,
        t.swf,
        task.id,
        { username: "bob", role: "approver" },
        {
          decision: "reject",
        },
      ),
    ).toMatchObject({ status: "conflict", task: { decidedBy: "alice" } });
    // The poller asks SWF and records what happened.
    track(pollerFor(t.swf, db, [], { unknownRecheckMs: 10 })).start();
    await until(async () => (await getTask(db, task.id))?.state === "completed", "completed");
    expect(allOf(await h.history(run), "ActivityTaskCompleted")).toHaveLength(1);
    // Before, the audit log kept only the decision's "outcome unknown" and never told how it ended.
    await until(async () => (await settlements(db, task.id)).length > 0, "settlement audited");
    expect(await settlements(db, task.id)).toEqual([["alice", "Inbox.Approve", "ok", null]]);
  });
});

/** The audit rows of the console settling a decision on task `id`: who, action, outcome, fault. */
async function settlements(db: Db, id: number) {
  return (await queryAudit(db, {}))
    .filter((e) => {
      const p = e.parameters as { taskId?: number; settledByConsole?: boolean } | null;
      return p?.taskId === id && p.settledByConsole;
    })
    .map((e) => [e.username, e.action, e.outcome, e.fault]);
}

/** A TCP proxy to `port` that forwards requests and destroys the connection when the answer comes. */
async function droppingProxy(port: string): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer, connect } = await import("node:net");
  const server = createServer((client) => {
    const upstream = connect(Number(port), "127.0.0.1");
    client.pipe(upstream);
    upstream.once("data", () => {
      client.destroy();
      upstream.destroy();
    });
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type { StoredTask };
