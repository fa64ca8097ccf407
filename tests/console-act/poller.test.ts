import { afterEach, describe, expect, it } from "vitest";
import { getTask, insertReceivedTask, listTasks, setTaskTimeouts } from "@/lib/console/inbox-store";
import { HumanTaskPoller, currentPoller, startPoller, stopPoller } from "@/lib/console/poller";
import { fault, memoryDb } from "./helpers";
import { StubSwf } from "./stub-swf";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(10);
  }
}

/** A long poll that hands out `tasks` one by one, then waits (until aborted) like an empty poll. */
function pollingStub(tasks: Record<string, unknown>[]) {
  return new StubSwf().on("PollForActivityTask", (input, signal) => {
    const next = tasks.shift();
    if (next) return next;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => resolve({}), 50);
      signal?.addEventListener(
        "abort",
        () => (
          clearTimeout(t),
          reject(Object.assign(new Error("aborted"), { name: "AbortError" }))
        ),
      );
    });
  });
}

const history = {
  events: [
    {
      eventId: 6,
      eventType: "ActivityTaskStarted",
      eventTimestamp: new Date(2_000),
      activityTaskStartedEventAttributes: { scheduledEventId: 5 },
    },
    {
      eventId: 5,
      eventType: "ActivityTaskScheduled",
      eventTimestamp: new Date(1_000),
      activityTaskScheduledEventAttributes: {
        scheduleToCloseTimeout: "3600",
        startToCloseTimeout: "600",
        heartbeatTimeout: "30",
      },
    },
  ],
};

const pollerFor = (
  swf: StubSwf,
  db = memoryDb(),
  lists = [{ domain: "orders", taskList: "approvals" }],
  extra = {},
) =>
  new HumanTaskPoller({
    db,
    client: swf,
    lists: () => lists,
    log: () => undefined,
    maintenanceMs: 20,
    reconcileMs: 1_000_000,
    ...extra,
  });

afterEach(async () => {
  await stopPoller();
});

describe("human-task poller", () => {
  it("stores polled tasks with their deadlines, and never answers them by itself", async () => {
    const db = memoryDb();
    const swf = pollingStub([
      {
        taskToken: "tok-1",
        activityId: "approve",
        startedEventId: 6,
        activityType: { name: "ApproveOrder", version: "1" },
        workflowExecution: { workflowId: "order-1", runId: "run-1" },
        input: '{"orderId":"o-1"}',
      },
    ]).on("GetWorkflowExecutionHistory", () => history);
    const poller = pollerFor(swf, db).start();
    await until(() => getTask(db, 1)?.detailsLoaded === true);
    await poller.stop();
    expect(getTask(db, 1)).toMatchObject({
      state: "pending",
      workflowId: "order-1",
      input: '{"orderId":"o-1"}',
      heartbeatTimeoutSeconds: 30,
      startToCloseDeadline: 602_000,
      scheduleToCloseDeadline: 3_601_000,
    });
    const poll = swf.calls.find((c) => c.command === "PollForActivityTask")!;
    expect(poll.input).toMatchObject({
      domain: "orders",
      taskList: { name: "approvals" },
      identity: expect.stringContaining("swf-console@"),
    });
    expect(swf.count("RespondActivityTaskCompleted")).toBe(0);
  });

  it("heartbeats tasks with a heartbeat timeout", async () => {
    const db = memoryDb();
    const { id } = insertReceivedTask(
      db,
      {
        taskToken: "tok",
        domain: "d",
        taskList: "l",
        activityId: "a",
        activityType: { name: "A", version: "1" },
        workflowId: "w",
        runId: "r",
        startedEventId: 6,
      },
      0,
    );
    setTaskTimeouts(db, id, {
      scheduledAt: 0,
      heartbeatTimeoutSeconds: 1,
      startToCloseDeadline: null,
      scheduleToCloseDeadline: null,
    });
    const swf = pollingStub([]).on("RecordActivityTaskHeartbeat", () => ({
      cancelRequested: false,
    }));
    const poller = pollerFor(swf, db, []).start();
    await until(() => swf.count("RecordActivityTaskHeartbeat") >= 2);
    await poller.stop();
    expect(
      swf.calls.find((c) => c.command === "RecordActivityTaskHeartbeat")?.input.taskToken,
    ).toBe("tok");
    expect(getTask(db, id)?.state).toBe("pending");
  });

  it("marks a task expired when SWF no longer knows it, canceled when the workflow cancels it", async () => {
    const db = memoryDb();
    const base = {
      domain: "d",
      taskList: "l",
      activityType: { name: "A", version: "1" },
      workflowId: "w",
      runId: "r",
      startedEventId: 6,
    };
    const a = insertReceivedTask(db, { ...base, taskToken: "gone", activityId: "a" }, 0).id;
    const b = insertReceivedTask(db, { ...base, taskToken: "cancel-me", activityId: "b" }, 0).id;
    for (const id of [a, b])
      setTaskTimeouts(db, id, {
        scheduledAt: 0,
        heartbeatTimeoutSeconds: 1,
        startToCloseDeadline: null,
        scheduleToCloseDeadline: null,
      });
    const swf = pollingStub([])
      .on("RecordActivityTaskHeartbeat", (input) => {
        if (input.taskToken === "gone")
          throw fault("UnknownResourceFault", "Unknown activity task");
        return { cancelRequested: true };
      })
      .on("RespondActivityTaskCanceled", () => ({}));
    const poller = pollerFor(swf, db, []).start();
    await until(() => getTask(db, a)?.state === "expired" && getTask(db, b)?.state === "canceled");
    await poller.stop();
    expect(getTask(db, a)?.closedReason).toContain("Unknown activity task");
    expect(
      swf.calls
        .filter((c) => c.command === "RespondActivityTaskCanceled")
        .map((c) => c.input.taskToken),
    ).toEqual(["cancel-me"]);
  });

  it("probes tasks past their deadline and expires them", async () => {
    const db = memoryDb();
    const { id } = insertReceivedTask(
      db,
      {
        taskToken: "late",
        domain: "d",
        taskList: "l",
        activityId: "a",
        activityType: { name: "A", version: "1" },
        workflowId: "w",
        runId: "r",
        startedEventId: 6,
      },
      Date.now(),
    );
    setTaskTimeouts(db, id, {
      scheduledAt: 0,
      heartbeatTimeoutSeconds: null,
      startToCloseDeadline: Date.now() - 5_000,
      scheduleToCloseDeadline: null,
    });
    const swf = pollingStub([]).on("RecordActivityTaskHeartbeat", () => {
      throw fault("UnknownResourceFault", "timed out");
    });
    const poller = pollerFor(swf, db, [], { probeMs: 60_000 }).start();
    await until(() => getTask(db, id)?.state === "expired");
    await poller.stop();
  });

  it("backs off on errors and recovers", async () => {
    let failures = 3;
    const swf = new StubSwf().on("PollForActivityTask", () => {
      if (failures-- > 0) throw fault("UnknownResourceFault", "Unknown domain: orders");
      return {};
    });
    const poller = pollerFor(swf, memoryDb(), undefined, {
      backoff: { initialMs: 10, maxMs: 40, unknownDomainMaxMs: 40 },
    }).start();
    await until(() => poller.status()[0]?.lastError !== null);
    expect(poller.status()[0]).toMatchObject({
      state: expect.stringMatching(/backoff|polling/),
      lastError: expect.stringContaining("Unknown domain"),
    });
    await until(() => swf.count("PollForActivityTask") >= 6);
    expect(poller.status()[0]).toMatchObject({ consecutiveErrors: 0, lastError: null });
    await poller.stop();
    expect(poller.status()).toEqual([]);
  });

  it("follows the configured lists, with one loop per list", async () => {
    let lists = [{ domain: "a", taskList: "x" }];
    const swf = pollingStub([]);
    const poller = new HumanTaskPoller({
      db: memoryDb(),
      client: swf,
      lists: () => lists,
      log: () => undefined,
      maintenanceMs: 1000,
      reconcileMs: 1_000_000,
    }).start();
    poller.reconcile();
    poller.reconcile();
    expect(poller.status().map((s) => `${s.domain}:${s.taskList}`)).toEqual(["a:x"]);
    lists = [
      { domain: "a", taskList: "x" },
      { domain: "b", taskList: "y" },
    ];
    poller.reconcile();
    expect(poller.status().map((s) => `${s.domain}:${s.taskList}`)).toEqual(["a:x", "b:y"]);
    lists = [{ domain: "b", taskList: "y" }];
    poller.reconcile();
    expect(poller.status().map((s) => `${s.domain}:${s.taskList}`)).toEqual(["b:y"]);
    await poller.stop();
  });

  it("runs once per process however often it is started, and stops on request", async () => {
    const swf = pollingStub([]);
    const make = () => pollerFor(swf, memoryDb());
    const first = startPoller(make);
    const second = startPoller(make);
    expect(second).toBe(first);
    expect(currentPoller()).toBe(first);
    await stopPoller();
    expect(currentPoller()).toBeUndefined();
    expect(first.isRunning()).toBe(false);
    const pollsAfterStop = swf.count("PollForActivityTask");
    await sleep(100);
    expect(swf.count("PollForActivityTask")).toBe(pollsAfterStop);
  });

  it("retries a decision whose SWF answer never came back", async () => {
    const db = memoryDb();
    const { id } = insertReceivedTask(
      db,
      {
        taskToken: "tok",
        domain: "d",
        taskList: "l",
        activityId: "a",
        activityType: { name: "A", version: "1" },
        workflowId: "w",
        runId: "r",
        startedEventId: 6,
      },
      0,
    );
    db.prepare(
      "UPDATE human_tasks SET state = 'claimed', decision = 'approve', decided_by = 'alice', decided_at = 0, details_loaded = 1 WHERE id = ?",
    ).run(id);
    const swf = pollingStub([]).on("RespondActivityTaskCompleted", () => ({}));
    const poller = pollerFor(swf, db, [], { staleClaimMs: 10 }).start();
    await until(() => getTask(db, id)?.state === "completed");
    await poller.stop();
    expect(
      JSON.parse(
        swf.calls.find((c) => c.command === "RespondActivityTaskCompleted")!.input.result as string,
      ),
    ).toMatchObject({ decision: "approve", by: "alice" });
    expect(listTasks(db, { states: ["pending", "claimed"] })).toEqual([]);
  });
});
