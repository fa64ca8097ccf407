import {
  CountPendingActivityTasksCommand,
  SignalWorkflowExecutionCommand,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import { Dispatcher } from "../../lib/engine/dispatch";
import {
  ActivityCanceled,
  ActivityFailure,
  ActivityWorker,
  WorkflowHistory,
  createSwfClient,
  type ActivityContext,
  type ActivityHandler,
  type Decider,
} from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { flowDecider, startFlow } from "./flow";
import { collectErrors, eventually, registerTestDomain, waitForClose } from "./helpers";

let engine: TestEngine;
let swf: SWFClient;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  engine = await startTestEngine({ pollTimeoutSeconds: 1 });
  swf = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  swf?.destroy();
  await engine?.close();
});

let domains = 0;
/** A fresh domain with a running flow decider and a worker for `activities`. */
async function setup(
  activities: Record<string, ActivityHandler>,
  options: {
    concurrency?: number;
    autoHeartbeatMs?: number;
    types?: string[];
    client?: SWFClient;
    engineUrl?: string;
  } = {},
) {
  const client = options.client ?? swf;
  const domain = `worker-test-${++domains}`;
  await registerTestDomain(client, domain, {
    activities: options.types ?? Object.keys(activities),
  });
  const problems = collectErrors();
  const decider: Decider = flowDecider(client, domain, problems.onError).start();
  const worker = new ActivityWorker({
    swf: client,
    domain,
    taskList: "work",
    identity: "test-worker",
    activities,
    concurrency: options.concurrency,
    autoHeartbeatMs: options.autoHeartbeatMs,
    onError: problems.onError,
  }).start();
  cleanups.push(async () => {
    await worker.stop();
    await decider.stop();
  });
  return { domain, decider, worker, problems };
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

const signalCancel = (domain: string, execution: WorkflowExecution, activityId: string) =>
  swf.send(
    new SignalWorkflowExecutionCommand({
      domain,
      workflowId: execution.workflowId,
      signalName: "cancel",
      input: activityId,
    }),
  );

describe("ActivityWorker", () => {
  it("completes tasks: strings as they are, objects as JSON, undefined as no result; ctx carries the task", async () => {
    const seen: Partial<ActivityContext>[] = [];
    const { domain, problems } = await setup(
      {
        Echo: (input, ctx) => {
          seen.push({
            activityId: ctx.activityId,
            activityType: ctx.activityType,
            workflowExecution: ctx.workflowExecution,
            identity: ctx.identity,
          });
          return `echo:${input}`;
        },
        "Obj@1": async () => ({ a: 1, b: [true] }),
        Nothing: async () => undefined,
      },
      { types: ["Echo", "Obj", "Nothing"] },
    );
    const execution = await startFlow(swf, domain, {
      activities: [
        { id: "e", type: "Echo", input: "hi" },
        { id: "o", type: "Obj" },
        { id: "n", type: "Nothing" },
      ],
    });
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    const h = new WorkflowHistory(events);
    expect(h.results()).toEqual({ e: "echo:hi", o: '{"a":1,"b":[true]}', n: undefined });
    expect(h.activity("e")?.identity).toBe("test-worker");
    expect(seen).toEqual([
      {
        activityId: "e",
        activityType: { name: "Echo", version: "1" },
        workflowExecution: execution,
        identity: "test-worker",
      },
    ]);
    expect(problems.errors).toEqual([]);
  });

  it("fails tasks with reason and details from the error", async () => {
    const { domain, problems } = await setup(
      {
        Boom: () => {
          throw new TypeError("bad input");
        },
        Custom: async () => {
          throw new ActivityFailure("Out of stock", { sku: "KB-101" });
        },
        Long: async () => {
          throw new Error("x".repeat(1000));
        },
      },
      { types: ["Boom", "Custom", "Long", "Unhandled", "constructor"] },
    );
    const execution = await startFlow(swf, domain, {
      activities: [
        { id: "boom", type: "Boom" },
        { id: "custom", type: "Custom" },
        { id: "long", type: "Long" },
        { id: "unhandled", type: "Unhandled" },
        // Before, Object's own constructor was taken for its handler.
        { id: "inherited", type: "constructor" },
      ],
    });
    const { events } = await waitForClose(swf, domain, execution);
    const h = new WorkflowHistory(events);
    const boom = h.activity("boom")!;
    expect(boom.status).toBe("failed");
    expect(boom.reason).toBe("TypeError: bad input");
    expect(boom.details).toMatch(/^TypeError: bad input\n\s+at /);
    expect(h.activity("custom")).toMatchObject({
      status: "failed",
      reason: "Out of stock",
      details: '{"sku":"KB-101"}',
    });
    const long = h.activity("long")!;
    expect(long.reason).toHaveLength(256);
    expect(long.reason!.startsWith("Error: xxx")).toBe(true);
    expect(h.activity("unhandled")).toMatchObject({
      status: "failed",
      reason: "UnknownActivityType",
    });
    expect(h.activity("unhandled")!.details).toContain("Unhandled@1");
    expect(h.activity("inherited")).toMatchObject({
      status: "failed",
      reason: "UnknownActivityType",
    });
    // A type with no handler is the worker's developer's mistake: the worker says so. Errors the
    // handlers threw are answers, read by the decider.
    expect(
      problems.errors.map((e) => [e.context?.activityId, (e.error as Error).message]).sort(),
    ).toEqual([
      ["inherited", "no handler for constructor@1 on this worker"],
      ["unhandled", "no handler for Unhandled@1 on this worker"],
    ]);
  });

  it("heartbeat reports cancelRequested, the signal aborts, and the task ends ActivityTaskCanceled", async () => {
    const started = gate();
    let lastBeat: { cancelRequested: boolean } | undefined;
    let aborted = false;
    const { domain } = await setup({
      Wait: async (_input, ctx) => {
        started.open();
        let beats = 0;
        ctx.signal.addEventListener("abort", () => (aborted = true));
        for (;;) {
          lastBeat = await ctx.heartbeat({ beats: ++beats });
          if (ctx.signal.aborted) ctx.signal.throwIfAborted();
          await new Promise((r) => setTimeout(r, 10));
        }
      },
    });
    const execution = await startFlow(swf, domain, {
      activities: [{ id: "w", type: "Wait", heartbeatTimeout: 600 }],
    });
    await started.promise;
    await signalCancel(domain, execution, "w");
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    expect(lastBeat).toEqual({ cancelRequested: true });
    expect(aborted).toBe(true);
    const w = new WorkflowHistory(events).activity("w")!;
    expect(w).toMatchObject({ status: "canceled", cancelRequested: true });
    // The canceled event carries the last heartbeat details.
    expect(JSON.parse(w.details!).beats).toBeGreaterThan(0);
    const canceled = events.find((e) => e.eventType === "ActivityTaskCanceled")!;
    expect(
      canceled.activityTaskCanceledEventAttributes!.latestCancelRequestedEventId,
    ).toBeGreaterThan(0);
  });

  it("automatic heartbeats let a handler that never heartbeats learn of cancellation", async () => {
    const started = gate();
    const { domain } = await setup(
      {
        Quiet: (_input, ctx) =>
          new Promise((_resolve, reject) => {
            started.open();
            ctx.signal.addEventListener("abort", () =>
              reject(new ActivityCanceled({ stoppedAt: "step 3" })),
            );
          }),
      },
      { autoHeartbeatMs: 20 },
    );
    const execution = await startFlow(swf, domain, { activities: [{ id: "q", type: "Quiet" }] });
    await started.promise;
    await signalCancel(domain, execution, "q");
    const { events } = await waitForClose(swf, domain, execution);
    expect(new WorkflowHistory(events).activity("q")).toMatchObject({
      status: "canceled",
      details: '{"stoppedAt":"step 3"}',
    });
  });

  it("reports automatic heartbeats that fail (once per run of failures), and the task still completes", async () => {
    // A client whose heartbeats are refused, as under an IAM policy without
    // swf:RecordActivityTaskHeartbeat; everything else goes to the engine.
    const client = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
    cleanups.push(async () => client.destroy());
    const refusedThrice = gate();
    let refused = 0;
    client.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName !== "RecordActivityTaskHeartbeatCommand") return next(args);
        if (++refused === 3) refusedThrice.open();
        const error = new Error(
          "User is not authorized to perform: swf:RecordActivityTaskHeartbeat",
        );
        return Promise.reject(Object.assign(error, { name: "AccessDeniedException" }));
      },
      { step: "initialize", name: "refuseHeartbeats" },
    );
    const { domain, problems } = await setup(
      { Long: async () => refusedThrice.promise.then(() => "done") },
      { autoHeartbeatMs: 20, client },
    );
    const execution = await startFlow(client, domain, { activities: [{ id: "l", type: "Long" }] });
    const { events } = await waitForClose(client, domain, execution);
    expect(new WorkflowHistory(events).activity("l")).toMatchObject({ status: "completed" });
    expect(problems.errors.map((e) => [(e.error as Error).name, e.phase])).toEqual([
      ["AccessDeniedException", "task"],
    ]);
  });

  it("a handler may give up with ActivityCanceled unasked; oversized heartbeat details are refused", async () => {
    let heartbeatFault: string | undefined;
    const { domain, problems } = await setup({
      GiveUp: async (_input, ctx) => {
        try {
          await ctx.heartbeat("x".repeat(3000));
        } catch (error) {
          heartbeatFault = (error as Error).name;
        }
        throw new ActivityCanceled("not worth it");
      },
    });
    const execution = await startFlow(swf, domain, { activities: [{ id: "g", type: "GiveUp" }] });
    const { events } = await waitForClose(swf, domain, execution);
    expect(heartbeatFault).toBe("ValidationException");
    expect(new WorkflowHistory(events).activity("g")).toMatchObject({
      status: "canceled",
      cancelRequested: false,
      details: "not worth it",
    });
    expect(problems.errors).toEqual([]);
  });

  it("heartbeat details SWF refused are not sent again with the next heartbeat", async () => {
    const faults: string[] = [];
    const { domain, problems } = await setup({
      Progress: async (_input, ctx) => {
        await ctx.heartbeat({ step: 1 });
        try {
          await ctx.heartbeat("x".repeat(3000));
        } catch (error) {
          faults.push((error as Error).name);
        }
        // A heartbeat without details repeats the last ones SWF accepted (as automatic ones do).
        await ctx.heartbeat();
        throw new ActivityCanceled();
      },
    });
    const execution = await startFlow(swf, domain, { activities: [{ id: "p", type: "Progress" }] });
    const { events } = await waitForClose(swf, domain, execution);
    expect(faults).toEqual(["ValidationException"]);
    // Canceled without details of its own: the last heartbeat details SWF accepted.
    expect(new WorkflowHistory(events).activity("p")).toMatchObject({
      status: "canceled",
      details: '{"step":1}',
    });
    expect(problems.errors).toEqual([]);
  });

  it("never runs more than `concurrency` tasks at once, and does not take more from the list", async () => {
    const gates = new Map<string, ReturnType<typeof gate>>();
    let inFlight = 0;
    let max = 0;
    // Its own client, so that its activity polls can be counted: each records the tasks the
    // worker held when it was sent (a poll with three in hand would take a fourth off the list).
    const own = createSwfClient({ endpoint: engine.url, config: { maxAttempts: 1 } });
    cleanups.push(async () => own.destroy());
    const busyAtPoll: number[] = [];
    const released = new Set<string>();
    const { domain, worker } = await setup(
      {
        Slow: async (input) => {
          inFlight++;
          max = Math.max(max, inFlight);
          const g = gate();
          gates.set(input!, g);
          await g.promise;
          inFlight--;
          return input;
        },
      },
      { concurrency: 3, client: own },
    );
    own.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === "PollForActivityTaskCommand") busyAtPoll.push(worker.inFlight);
        return next(args);
      },
      { step: "initialize", name: "countActivityPolls" },
    );
    const ids = ["a", "b", "c", "d", "e", "f", "g"];
    const execution = await startFlow(swf, domain, {
      activities: ids.map((id) => ({ id, type: "Slow", input: id })),
    });
    await eventually(() => gates.size === 3, { what: "three tasks in flight" });
    const pending = async () =>
      (await swf.send(new CountPendingActivityTasksCommand({ domain, taskList: { name: "work" } })))
        .count;
    expect(await pending()).toBe(4);
    expect(worker.inFlight).toBe(3);
    // One at a time: each release lets exactly one more task in, which shows the worker moved on.
    for (let started = 3; started < ids.length; started++) {
      const running = [...gates.keys()].find((id) => !released.has(id))!;
      released.add(running);
      gates.get(running)!.open();
      await eventually(() => gates.size === started + 1, { what: `task ${started + 1} started` });
    }
    for (const [id, g] of gates) if (!released.has(id)) g.open();
    const { info, events } = await waitForClose(swf, domain, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    expect(max).toBe(3);
    // Every task but perhaps the first came from a poll sent after the counter was in place.
    expect(busyAtPoll.length).toBeGreaterThanOrEqual(ids.length - 1);
    expect(Math.max(...busyAtPoll), `tasks in hand at each poll: ${busyAtPoll}`).toBeLessThan(3);
    expect(new WorkflowHistory(events).results()).toEqual(
      Object.fromEntries(ids.map((id) => [id, id])),
    );
  });

  it("reports poll errors and keeps going with back-off; stop() still resolves", async () => {
    const problems = collectErrors();
    const worker = new ActivityWorker({
      swf,
      domain: "no-such-domain",
      taskList: "work",
      activities: {},
      onError: problems.onError,
      backoff: { initialMs: 5, maxMs: 20 },
    }).start();
    await eventually(() => problems.errors.length >= 2, { what: "poll errors" });
    await worker.stop();
    expect(problems.errors[0].phase).toBe("poll");
    expect((problems.errors[0].error as Error).name).toBe("UnknownResourceFault");
    // What to do about it, and that the worker carries on.
    expect(problems.errors[0].context?.consequence).toMatch(
      /^register the domain first \(registerAll\); polling again in \d+ ms$/,
    );
  });
});

describe("ActivityWorker.stop()", () => {
  let longPollEngine: TestEngine;
  let client: SWFClient;

  beforeAll(async () => {
    // Empty polls are held for 60 s here: stop() must abort them rather than wait.
    longPollEngine = await startTestEngine({ pollTimeoutSeconds: 60 });
    client = createSwfClient({ endpoint: longPollEngine.url, config: { maxAttempts: 1 } });
  });

  afterAll(async () => {
    client?.destroy();
    await longPollEngine?.close();
  });

  it("aborts the long poll, waits for the task in hand, and the task completes (not lost)", async () => {
    const entered = gate();
    const release = gate();
    const domain = "stop-test";
    await registerTestDomain(client, domain, { activities: ["Hold"] });
    const problems = collectErrors();
    const decider = flowDecider(client, domain, problems.onError).start();
    const worker = new ActivityWorker({
      swf: client,
      domain,
      taskList: "work",
      concurrency: 2,
      onError: problems.onError,
      activities: {
        Hold: async () => {
          entered.open();
          await release.promise;
          return "done";
        },
      },
    }).start();
    const waitingPollers = () =>
      longPollEngine.running.engine.dispatcher.waiting(Dispatcher.key("activity", domain, "work"));

    const execution = await startFlow(client, domain, { activities: [{ id: "h", type: "Hold" }] });
    await entered.promise;
    await eventually(() => waitingPollers() === 1, { what: "the worker's next long poll" });

    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await eventually(() => waitingPollers() === 0, { what: "the long poll to be aborted" });
    expect(stopped).toBe(false);
    expect(worker.inFlight).toBe(1);

    release.open();
    await stopping;
    expect(worker.running).toBe(false);
    const { info, events } = await waitForClose(client, domain, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    expect(new WorkflowHistory(events).result("h")).toBe("done");

    // Nobody polls any more: a new task stays in the list.
    await startFlow(client, domain, { activities: [{ id: "later", type: "Hold" }] });
    const pending = async () =>
      (
        await client.send(
          new CountPendingActivityTasksCommand({ domain, taskList: { name: "work" } }),
        )
      ).count;
    await eventually(async () => (await pending()) === 1, { what: "the new task to be scheduled" });
    await decider.stop();
    expect(await pending()).toBe(1);
    expect(problems.errors).toEqual([]);
  });
});

describe("ActivityWorker and heartbeat timeouts", () => {
  let fakeEngine: TestEngine;
  let clock: FakeClock;
  let client: SWFClient;

  beforeAll(async () => {
    clock = new FakeClock();
    fakeEngine = await startTestEngine({ clock, pollTimeoutSeconds: 1 });
    client = createSwfClient({ endpoint: fakeEngine.url, config: { maxAttempts: 1 } });
  });

  afterAll(async () => {
    client?.destroy();
    await fakeEngine?.close();
  });

  it("the last heartbeat details appear in ActivityTaskTimedOut; the worker then drops the task", async () => {
    const beat = gate();
    const resume = gate();
    let lateHeartbeat: string | undefined;
    let abortedWithFault = false;
    const domain = "heartbeat-timeout";
    await registerTestDomain(client, domain, { activities: ["Stall"] });
    const problems = collectErrors();
    const decider = flowDecider(client, domain, problems.onError).start();
    const worker = new ActivityWorker({
      swf: client,
      domain,
      taskList: "work",
      onError: problems.onError,
      activities: {
        Stall: async (_input, ctx) => {
          await ctx.heartbeat({ percent: 50 });
          beat.open();
          await resume.promise; // stalls: no heartbeats
          try {
            await ctx.heartbeat({ percent: 60 });
          } catch (error) {
            lateHeartbeat = (error as Error).name;
            abortedWithFault =
              ctx.signal.aborted && (ctx.signal.reason as Error).name === "UnknownResourceFault";
            throw error;
          }
          return "finished anyway";
        },
      },
    }).start();

    const execution = await startFlow(client, domain, {
      activities: [{ id: "s", type: "Stall", heartbeatTimeout: 10 }],
    });
    await beat.promise;
    clock.advance(11_000);
    const { info, events } = await waitForClose(client, domain, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    const s = new WorkflowHistory(events).activity("s")!;
    expect(s).toMatchObject({
      status: "timedOut",
      timeoutType: "HEARTBEAT",
      details: '{"percent":50}',
    });

    resume.open();
    await worker.stop();
    await decider.stop();
    expect(lateHeartbeat).toBe("UnknownResourceFault");
    expect(abortedWithFault).toBe(true);
    // The worker reports the lost task once and sends no response for it.
    expect(problems.errors.map((e) => [e.phase, (e.error as Error).name])).toEqual([
      ["task", "UnknownResourceFault"],
    ]);
  });
});
