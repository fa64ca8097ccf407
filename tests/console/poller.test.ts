/**
 * The human-task poller against a real engine: tasks are scheduled by real executions on a human
 * task list, received by the console's poller into a real console database, and every effect is
 * checked in the console database and in the engine's history. Where SWF has to time something
 * out, the engine runs on a FakeClock and the poller reads the same clock (its `now` option).
 */
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { FakeClock } from "@/lib/engine/clock";
import { decideTask, type SwfSender } from "@/lib/console/inbox";
import { utcTime } from "@/lib/console/inbox-expiry";
import { claimTask, getTask, listTasks } from "@/lib/console/inbox-store";
import { currentPoller, startPoller, stopPoller, type HumanTaskPoller } from "@/lib/console/poller";
import { startEngine } from "@/lib/engine/server";
import { attrs, allOf, lastOf, pollActivity, typesOf, uniq } from "../engine/fixtures";
import { sdkClient, startTestEngine, type TestEngine } from "../engine/harness";
import { until } from "./helpers";
import { APPROVE_ORDER, humanTasks, pollerFor, TEST_TOKEN_KEY, waitForTask } from "./human-tasks";
import { closeStores, openStore, STORE_KINDS } from "./stores";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);
afterAll(closeStores);

const SECOND = 1000;
const ANSWERS = ["ActivityTaskCompleted", "ActivityTaskFailed", "ActivityTaskCanceled"];

const engines: TestEngine[] = [];
const pollers: HumanTaskPoller[] = [];

async function engine(clock?: FakeClock): Promise<TestEngine> {
  const t = await startTestEngine({ pollTimeoutSeconds: 1, clock });
  engines.push(t);
  return t;
}

function track(poller: HumanTaskPoller): HumanTaskPoller {
  pollers.push(poller);
  return poller;
}

/**
 * The real client, with one kind of command held at a gate — `before` it is sent or `after` SWF
 * answered it — until the test opens it: orders a race the test could otherwise only hope for.
 */
function gate(real: SwfSender, command: string, when: "before" | "after") {
  let open!: () => void;
  let reach!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const held = (c: object) => c.constructor.name === command;
  const client: SwfSender = {
    send: (async (c: Parameters<SwfSender["send"]>[0]) => {
      if (when === "before" && held(c)) {
        reach();
        await opened;
      }
      const out = await real.send(c);
      if (when === "after" && held(c)) {
        reach();
        await opened;
      }
      return out;
    }) as SwfSender["send"],
  };
  return { client, reached, open };
}

afterEach(async () => {
  await stopPoller();
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
  await Promise.all(engines.splice(0).map((t) => t.close()));
});

describe.each(STORE_KINDS)("human-task poller (%s)", (kind) => {
  it("stores polled tasks with their deadlines, and never answers them by itself", async () => {
    const clock = new FakeClock();
    const t = await engine(clock);
    const h = await humanTasks(t.swf);
    const scheduledAt = clock.now();
    const run = await h.approval({ activityId: "approve", input: '{"orderId":"o-1"}' });
    clock.advance(2 * SECOND); // the task starts (is polled) 2 s after it was scheduled
    const db = await openStore(kind);
    const poller = track(pollerFor(t.swf, db, [h.list], { now: () => clock.now() })).start();
    const task = await waitForTask(db, run);
    // More maintenance passes: still nothing answers the task.
    await poller.maintain();
    await poller.maintain();
    expect(poller.status()).toEqual([
      expect.objectContaining({
        ...h.list,
        tasksReceived: 1,
        lastTaskAt: scheduledAt + 2 * SECOND,
        consecutiveErrors: 0,
        lastError: null,
      }),
    ]);
    await poller.stop();

    const events = await h.history(run);
    const started = lastOf(events, "ActivityTaskStarted");
    expect(await getTask(db, task.id)).toMatchObject({
      state: "pending",
      domain: h.domain,
      taskList: h.taskList,
      activityId: "approve",
      activityType: APPROVE_ORDER,
      workflowId: run.workflowId,
      runId: run.runId,
      startedEventId: started!.eventId,
      input: '{"orderId":"o-1"}',
      receivedAt: scheduledAt + 2 * SECOND,
      scheduledAt,
      heartbeatTimeoutSeconds: 30,
      startToCloseDeadline: scheduledAt + 2 * SECOND + 600 * SECOND,
      scheduleToCloseDeadline: scheduledAt + 3600 * SECOND,
      deadline: scheduledAt + 602 * SECOND,
      detailsLoaded: true,
      decision: null,
    });
    // The poll went to the configured domain and list, under the console's identity.
    expect(attrs(started).identity).toBe(poller.options.identity);
    expect(attrs(started).identity).toContain("swf-console@");
    // Nothing answered it: the activity is still open, its Started event the last one.
    expect(typesOf(events).filter((e) => ANSWERS.includes(e))).toEqual([]);
    expect(typesOf(events).at(-1)).toBe("ActivityTaskStarted");
  });

  it("heartbeats tasks with a heartbeat timeout", async () => {
    const clock = new FakeClock();
    const t = await engine(clock);
    const h = await humanTasks(t.swf);
    const run = await h.approval({ schedule: { heartbeatTimeout: "3" } });
    const db = await openStore(kind);
    const poller = track(pollerFor(t.swf, db, [h.list], { now: () => clock.now() })).start();
    const { id } = await waitForTask(db, run);
    expect((await getTask(db, id))?.heartbeatTimeoutSeconds).toBe(3);

    // A heartbeat is due every third of the timeout: 6 s of SWF time pass, twice the timeout.
    for (let i = 0; i < 6; i++) {
      clock.advance(SECOND);
      await until(
        async () => (await getTask(db, id))?.lastHeartbeatAt === clock.now(),
        `heartbeat ${i + 1}`,
      );
    }
    // SWF kept the task alive on those heartbeats.
    expect(allOf(await h.history(run), "ActivityTaskTimedOut")).toEqual([]);
    expect((await getTask(db, id))?.state).toBe("pending");

    // Without the poller the task times out on its heartbeat, with the poller's details.
    await poller.stop();
    clock.advance(3 * SECOND);
    expect(attrs(lastOf(await h.history(run), "ActivityTaskTimedOut"))).toMatchObject({
      timeoutType: "HEARTBEAT",
      details: "waiting for a human decision",
    });
  });

  it("marks a task expired when SWF no longer knows it, canceled when the workflow cancels it", async () => {
    const clock = new FakeClock();
    const t = await engine(clock);
    const h = await humanTasks(t.swf);
    const gone = await h.approval({ activityId: "a" });
    const cancel = await h.approval({ activityId: "b" });
    const db = await openStore(kind);
    track(pollerFor(t.swf, db, [h.list], { now: () => clock.now() })).start();
    const a = (await waitForTask(db, gone)).id;
    const b = (await waitForTask(db, cancel)).id;

    await h.terminate(gone);
    await h.requestCancel(cancel, "b");
    clock.advance(10 * SECOND); // a third of the 30 s heartbeat timeout: both are heartbeaten
    await until(
      async () =>
        (await getTask(db, a))?.state === "expired" && (await getTask(db, b))?.state === "canceled",
      "expired and canceled",
    );

    // What SWF's history says happened, not SWF's refusal of the heartbeat's token.
    const terminated = lastOf(await h.history(gone), "WorkflowExecutionTerminated");
    expect((await getTask(db, a))?.closedReason).toBe(
      `Workflow terminated at ${utcTime(terminated!.eventTimestamp)}: test`,
    );
    expect((await getTask(db, b))?.closedReason).toBe("the workflow requested cancellation");
    // Only the canceled task was answered, with ActivityTaskCanceled.
    const canceled = allOf(await h.history(cancel), "ActivityTaskCanceled");
    expect(canceled.map(attrs)).toEqual([
      expect.objectContaining({
        details: "the workflow canceled this task before anyone decided",
        latestCancelRequestedEventId: lastOf(
          await h.history(cancel),
          "ActivityTaskCancelRequested",
        )!.eventId,
      }),
    ]);
    const goneTypes = typesOf(await h.history(gone));
    expect(goneTypes.filter((e) => ANSWERS.includes(e))).toEqual([]);
    expect(goneTypes.at(-1)).toBe("WorkflowExecutionTerminated");
  });

  it("a heartbeat SWF refuses because a decision was just taken leaves the decision standing", async () => {
    // A maintenance pass heartbeats a task it read as pending; meanwhile an approver decides it.
    // SWF takes the approval, then refuses the heartbeat (the task is closed). Before, the poller
    // then marked the task expired ("SWF no longer knows this task") while the decision was still
    // on its way back, and the approval SWF had taken was shown as expired, never as decided.
    const clock = new FakeClock();
    const t = await engine(clock);
    const h = await humanTasks(t.swf);
    const run = await h.approval();
    const db = await openStore(kind);
    const heartbeats = gate(t.swf, "RecordActivityTaskHeartbeatCommand", "before");
    const poller = track(
      pollerFor(heartbeats.client, db, [h.list], {
        now: () => clock.now(),
        maintenanceMs: 3_600_000, // passes are driven by the test
      }),
    ).start();
    const received = async () => (await listTasks(db, { workflowId: run.workflowId }))[0];
    await until(async () => {
      await poller.maintain(); // loads the task's deadlines
      return (await received())?.detailsLoaded === true;
    }, "task received");
    const task = (await received())!;

    clock.advance(10 * SECOND); // a third of the 30 s heartbeat timeout: a heartbeat is due
    const pass = poller.maintain();
    await heartbeats.reached; // read as pending, heartbeat not sent yet
    const answers = gate(t.swf, "RespondActivityTaskCompletedCommand", "after");
    const decided = decideTask(
      db,
      answers.client,
      task.id,
      { username: "alice", role: "approver" },
      {
        decision: "approve",
        comment: "ship it",
      },
    );
    await answers.reached; // SWF took the approval; its answer is on the way back
    heartbeats.open();
    await pass; // SWF refused the heartbeat: the task is closed there
    answers.open();

    const outcome = await decided;
    expect(outcome.status).toBe("ok");
    expect(await getTask(db, task.id)).toMatchObject({
      state: "completed",
      decision: "approve",
      decidedBy: "alice",
      closedReason: null,
    });
    expect(typesOf(await h.history(run)).filter((e) => ANSWERS.includes(e))).toEqual([
      "ActivityTaskCompleted",
    ]);
  });

  it("probes tasks past their deadline and expires them", async () => {
    const clock = new FakeClock();
    const t = await engine(clock);
    const h = await humanTasks(t.swf);
    const run = await h.approval({
      schedule: { heartbeatTimeout: "NONE", startToCloseTimeout: "60" },
    });
    const db = await openStore(kind);
    // Routine probes are an hour apart: only the deadline makes one due.
    const poller = track(
      pollerFor(t.swf, db, [h.list], { now: () => clock.now(), probeMs: 3600 * SECOND }),
    ).start();
    const task = await waitForTask(db, run);
    expect(task).toMatchObject({
      heartbeatTimeoutSeconds: null,
      deadline: clock.now() + 60 * SECOND,
    });

    clock.advance(30 * SECOND);
    await poller.maintain();
    expect((await getTask(db, task.id))?.state).toBe("pending");

    clock.advance(31 * SECOND); // SWF times the task out at 60 s; the console probes at 61 s
    const timedOut = lastOf(await h.history(run), "ActivityTaskTimedOut");
    expect(attrs(timedOut).timeoutType).toBe("START_TO_CLOSE");
    await until(async () => (await getTask(db, task.id))?.state === "expired", "expired");
    expect((await getTask(db, task.id))?.closedReason).toBe(
      `Timed out at ${utcTime(timedOut!.eventTimestamp)}: no answer within the activity's start-to-close timeout`,
    );
  });

  it("backs off on errors and recovers", async () => {
    const t = await engine();
    const list = { domain: uniq("not-yet"), taskList: uniq("approvals") };
    const poller = track(
      pollerFor(t.swf, await openStore(kind), [list], {
        backoff: { initialMs: 10, maxMs: 40, unknownDomainMaxMs: 40 },
      }),
    ).start();
    // The domain does not exist yet: SWF answers UnknownResourceFault, again and again.
    await until(() => (poller.status()[0]?.consecutiveErrors ?? 0) >= 3, "three failed polls");
    expect(poller.status()[0]).toMatchObject({
      state: expect.stringMatching(/backoff|polling/),
      lastPollAt: null,
      lastError: `UnknownResourceFault: Unknown domain: ${list.domain}`,
    });

    // Once the domain exists the loop recovers, and receives the tasks scheduled there.
    const h = await humanTasks(t.swf, list);
    const run = await h.approval();
    await waitForTask(poller.options.db, run);
    expect(poller.status()[0]).toMatchObject({
      state: "polling",
      tasksReceived: 1,
      consecutiveErrors: 0,
      lastError: null,
      retryAt: null,
    });
    await poller.stop();
    expect(poller.status()).toEqual([]);
  });

  it("backs off while SWF is unreachable and recovers when it is back", async () => {
    // An engine that went away: its port refuses connections.
    const first = await startTestEngine();
    const { port, url } = first.running;
    await first.close();
    const client = sdkClient(url);
    const list = { domain: uniq("orders"), taskList: uniq("approvals") };
    const db = await openStore(kind);
    const poller = track(
      pollerFor(client, db, [list], {
        backoff: { initialMs: 10, maxMs: 40, unknownDomainMaxMs: 40 },
      }),
    ).start();
    try {
      await until(() => (poller.status()[0]?.consecutiveErrors ?? 0) >= 3, "three failed polls");
      expect(poller.status()[0]).toMatchObject({
        state: expect.stringMatching(/backoff|polling/),
        lastPollAt: null,
        lastError: expect.stringMatching(/^EndpointUnreachable: .*ECONNREFUSED/),
      });

      // The engine comes back on the same port.
      const back = await startEngine({ db: ":memory:", port, pollTimeoutSeconds: 1 });
      engines.push({ running: back, swf: client, url, close: () => back.close() });
      const h = await humanTasks(client, list);
      const run = await h.approval();
      expect((await waitForTask(db, run)).state).toBe("pending");
      expect(poller.status()[0]).toMatchObject({
        state: "polling",
        tasksReceived: 1,
        consecutiveErrors: 0,
        lastError: null,
      });
    } finally {
      await poller.stop();
      client.destroy();
    }
  });

  it("clears a list's error as soon as SWF answers again, before a long poll returns", async () => {
    // Two real endpoints: one that refuses connections (SWF down) and a running engine (SWF
    // back). The console's client goes to the first until the test switches it to the second —
    // then its long polls are held (as a real long poll waits up to a minute for a task).
    const dead = await startTestEngine();
    const deadUrl = dead.running.url;
    await dead.close();
    const down = sdkClient(deadUrl);
    const t = await engine();
    const h = await humanTasks(t.swf);
    let back = false;
    let pollReached!: () => void;
    const heldPoll = new Promise<void>((resolve) => (pollReached = resolve));
    const client: SwfSender = {
      send: (async (
        c: Parameters<SwfSender["send"]>[0],
        options?: { abortSignal?: AbortSignal },
      ) => {
        if (!back) return down.send(c as never, options as never);
        if (c.constructor.name === "PollForActivityTaskCommand") {
          pollReached();
          return new Promise((_, reject) =>
            options?.abortSignal?.addEventListener("abort", () => reject(new Error("aborted"))),
          );
        }
        return t.swf.send(c as never, options as never);
      }) as SwfSender["send"],
    };
    const poller = track(
      pollerFor(client, await openStore(kind), [h.list], {
        backoff: { initialMs: 10, maxMs: 40, unknownDomainMaxMs: 40 },
      }),
    ).start();
    try {
      await until(() => (poller.status()[0]?.consecutiveErrors ?? 0) >= 2, "two failed polls");
      expect(poller.status()[0]?.lastError).toMatch(/^EndpointUnreachable: .*ECONNREFUSED/);
      back = true;
      await heldPoll; // a long poll is under way, and has not returned
      expect(poller.status()[0]).toMatchObject({ state: "polling", lastError: null });
    } finally {
      await poller.stop();
      down.destroy();
    }
  });

  it("follows the configured lists, with one loop per list", async () => {
    const t = await engine();
    const a = await humanTasks(t.swf);
    const b = await humanTasks(t.swf);
    let lists = [a.list];
    const db = await openStore(kind);
    const poller = track(pollerFor(t.swf, db, [], { lists: () => lists })).start();
    await poller.reconcile();
    await poller.reconcile();
    const keys = () => poller.status().map((s) => `${s.domain}:${s.taskList}`);
    expect(keys()).toEqual([`${a.domain}:${a.taskList}`]);
    lists = [a.list, b.list];
    await poller.reconcile();
    expect(keys()).toEqual([`${a.domain}:${a.taskList}`, `${b.domain}:${b.taskList}`]);
    // The new loop really polls its list: a task scheduled there arrives.
    const run = await b.approval();
    expect((await waitForTask(db, run)).taskList).toBe(b.taskList);
    lists = [b.list];
    await poller.reconcile();
    expect(keys()).toEqual([`${b.domain}:${b.taskList}`]);
    await poller.stop();
  });

  it("runs once per process however often it is started, and stops on request", async () => {
    const t = await engine();
    const h = await humanTasks(t.swf);
    const db = await openStore(kind);
    let created = 0;
    const make = () => (created++, pollerFor(t.swf, db, [h.list]));
    const first = startPoller(make);
    const second = startPoller(make);
    expect(second).toBe(first);
    expect(created).toBe(1);
    expect(currentPoller()).toBe(first);
    await until(() => first.status()[0]?.state === "polling", "polling");
    await stopPoller();
    expect(currentPoller()).toBeUndefined();
    expect(first.isRunning()).toBe(false);
    expect(first.status()).toEqual([]);

    // Nothing polls the list any more: a task scheduled now waits for whoever polls next.
    const run = await h.approval();
    const task = await pollActivity(h.s, h.taskList);
    expect(task.workflowExecution).toEqual(run);
    expect(await listTasks(db)).toEqual([]);
  });

  it("retries a decision whose SWF answer never came back", async () => {
    const t = await engine();
    const h = await humanTasks(t.swf);
    const run = await h.approval();
    const db = await openStore(kind);
    const before = track(pollerFor(t.swf, db, [h.list])).start();
    const { id } = await waitForTask(db, run);
    await before.stop();
    // Alice's decision was claimed, but the console went down before SWF heard of it.
    const decidedAt = Date.now() - 1_000;
    expect(
      (await claimTask(db, id, { by: "alice", decision: "approve", comment: "ok" }, decidedAt)).ok,
    ).toBe(true);
    expect(typesOf(await h.history(run)).filter((e) => ANSWERS.includes(e))).toEqual([]);

    track(pollerFor(t.swf, db, [h.list], { staleClaimMs: 10 })).start();
    await until(async () => (await getTask(db, id))?.state === "completed", "completed");
    expect(await listTasks(db, { states: ["pending", "claimed"] })).toEqual([]);
    const completed = allOf(await h.history(run), "ActivityTaskCompleted");
    expect(completed).toHaveLength(1);
    expect(JSON.parse(attrs(completed[0]).result)).toEqual({
      decision: "approve",
      comment: "ok",
      values: {},
      by: "alice",
      at: new Date(decidedAt).toISOString(),
    });
  });
});
