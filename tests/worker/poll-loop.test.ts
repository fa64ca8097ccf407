import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/free-port";
import { ActivityWorker, PollLoop, backoffDelay, createSwfClient } from "../../lib/worker";
import { endpointOf } from "../../lib/worker/client";
import { logError, pollHint } from "../../lib/worker/poll-loop";
import { collectErrors, eventually } from "./helpers";

/** A controllable task source standing in for the service's long poll. */
function source<T>() {
  const queue: T[] = [];
  const waiting: { resolve: (t: T | undefined) => void; signal: AbortSignal }[] = [];
  let polls = 0;
  return {
    get polls() {
      return polls;
    },
    get parked() {
      return waiting.length;
    },
    push(task: T) {
      const w = waiting.shift();
      if (w) w.resolve(task);
      else queue.push(task);
    },
    poll(signal: AbortSignal): Promise<T | undefined> {
      polls++;
      if (queue.length) return Promise.resolve(queue.shift());
      return new Promise((resolve, reject) => {
        const entry = { resolve, signal };
        waiting.push(entry);
        signal.addEventListener("abort", () => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
        });
      });
    },
  };
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe("PollLoop", () => {
  it("never polls while every slot is busy", async () => {
    const s = source<number>();
    const gates = new Map<number, ReturnType<typeof gate>>();
    let inFlight = 0;
    let max = 0;
    const done: number[] = [];
    /** Tasks in hand at each poll: a poll made with both slots busy shows up here. */
    const busyAtPoll: number[] = [];
    const loop: PollLoop<number> = new PollLoop<number>({
      concurrency: 2,
      poll: (signal) => {
        busyAtPoll.push(loop.inFlight);
        return s.poll(signal);
      },
      handle: async (n) => {
        inFlight++;
        max = Math.max(max, inFlight);
        const g = gate();
        gates.set(n, g);
        await g.promise;
        inFlight--;
        done.push(n);
      },
      onError: (e) => {
        throw e;
      },
    });
    for (let i = 1; i <= 5; i++) s.push(i);
    loop.start();
    await eventually(() => loop.inFlight === 2);
    // Each later task starts only after a slot frees; seeing it start shows the loop moved on.
    for (let i = 1; i <= 3; i++) {
      gates.get(i)!.open();
      await eventually(() => gates.has(i + 2));
    }
    // The queue is empty now: the poll after task 4 parks, which shows the loop is past every
    // point at which it could have polled with both slots busy.
    gates.get(4)!.open();
    await eventually(() => s.parked === 1);
    gates.get(5)!.open();
    await eventually(() => done.length === 5);
    expect(busyAtPoll).toEqual([0, 1, 1, 1, 1, 1]);
    expect(max).toBe(2);
    await loop.stop();
  });

  it("stop() aborts the long poll, waits for tasks in hand, and handles a task that raced the stop", async () => {
    const s = source<string>();
    const g = gate();
    const handled: string[] = [];
    const loop = new PollLoop<string>({
      concurrency: 3,
      poll: (signal) => s.poll(signal),
      handle: async (t) => {
        if (t === "slow") await g.promise;
        handled.push(t);
      },
      onError: (e) => {
        throw e;
      },
    });
    loop.start();
    s.push("slow");
    await eventually(() => s.parked === 1 && loop.inFlight === 1);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    expect(s.parked).toBe(0); // the long poll was aborted at once
    // Everything the abort set off runs in promise callbacks: once a macrotask has come round,
    // the loop has finished reacting to it, and stop() must still be waiting for "slow".
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    g.open();
    await stopping;
    expect(handled).toEqual(["slow"]);
    expect(loop.running).toBe(false);
  });

  it("a task returned by a poll that completes during stop() is still handled", async () => {
    let release!: (t: string) => void;
    const handled: string[] = [];
    const loop = new PollLoop<string>({
      concurrency: 1,
      // This poll ignores the abort (like a response already on the wire).
      poll: () => new Promise<string>((r) => (release = r)),
      handle: async (t) => void handled.push(t),
      onError: () => {},
    });
    loop.start();
    await eventually(() => release !== undefined);
    const stopping = loop.stop();
    release("late");
    await stopping;
    expect(handled).toEqual(["late"]);
  });

  it("backs off after poll errors and reports them", async () => {
    const errors: unknown[] = [];
    let polls = 0;
    const loop = new PollLoop<string>({
      concurrency: 1,
      poll: async () => {
        polls++;
        throw new Error(`down ${polls}`);
      },
      handle: async () => {},
      onError: (e, phase) => errors.push([phase, (e as Error).message]),
      backoff: { initialMs: 5, maxMs: 20 },
    });
    loop.start();
    await eventually(() => errors.length >= 3);
    await loop.stop();
    expect(errors.slice(0, 2)).toEqual([
      ["poll", "down 1"],
      ["poll", "down 2"],
    ]);
  });

  it("backoffDelay grows exponentially up to the ceiling, with jitter", () => {
    for (let i = 0; i < 50; i++) {
      const d1 = backoffDelay(1, { initialMs: 100, maxMs: 1000 });
      const d3 = backoffDelay(3, { initialMs: 100, maxMs: 1000 });
      const d10 = backoffDelay(10, { initialMs: 100, maxMs: 1000 });
      expect(d1).toBeGreaterThanOrEqual(50);
      expect(d1).toBeLessThanOrEqual(100);
      expect(d3).toBeGreaterThanOrEqual(200);
      expect(d3).toBeLessThanOrEqual(400);
      expect(d10).toBeGreaterThanOrEqual(500);
      expect(d10).toBeLessThanOrEqual(1000);
    }
  });

  it("rejects a concurrency below 1", () => {
    expect(
      () =>
        new PollLoop({
          concurrency: 0,
          poll: async () => undefined,
          handle: async () => {},
          onError: () => {},
        }),
    ).toThrow(RangeError);
  });
});

describe("PollLoop.stop({ timeoutMs })", () => {
  it("resolves after the timeout while a task is still running, which may still finish later", async () => {
    const s = source<string>();
    const g = gate();
    const handled: string[] = [];
    const loop = new PollLoop<string>({
      concurrency: 1,
      poll: (signal) => s.poll(signal),
      handle: async (t) => {
        await g.promise;
        handled.push(t);
      },
      onError: () => {},
    });
    loop.start();
    s.push("stuck");
    await eventually(() => loop.inFlight === 1);
    await loop.stop({ timeoutMs: 10 });
    expect(handled).toEqual([]);
    g.open();
    await loop.stop(); // the full stop still waits for it
    expect(handled).toEqual(["stuck"]);
  });
});

describe("logError (the default error handler)", () => {
  /** The JSON lines a handler for `label` writes. */
  function lines(report: (handler: ReturnType<typeof logError>) => void) {
    const out = new PassThrough();
    let text = "";
    out.on("data", (chunk) => (text += chunk));
    report(logError("decider shop/decisions", { destination: out }));
    return text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
  }

  it("names the run, the type and what the worker did, with the stack into the developer's code", () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'length')");
    const [line] = lines((report) =>
      report(error, "task", {
        workflowExecution: { workflowId: "order-7", runId: "r1" },
        workflowType: { name: "Checkout", version: "1.0" },
        consequence: "decide threw; failing the run",
      }),
    );
    expect(line).toMatchObject({
      name: "decider shop/decisions",
      phase: "task",
      workflowId: "order-7",
      runId: "r1",
      workflowType: "Checkout@1.0",
      msg: "task failed (workflow order-7 Checkout@1.0): TypeError: Cannot read properties of undefined (reading 'length') — decide threw; failing the run",
    });
    expect(line.err.stack).toBe(error.stack);
  });

  it("names the activity of an activity task, and keeps a poll's line to its message", () => {
    const [task, poll] = lines((report) => {
      report(new Error("gone"), "task", {
        workflowExecution: { workflowId: "order-7", runId: "r1" },
        activityId: "charge",
        activityType: { name: "ChargePayment", version: "2" },
      });
      report(
        Object.assign(new Error("Unknown domain: shop"), { name: "UnknownResourceFault" }),
        "poll",
      );
    });
    expect(task.msg).toBe(
      "task failed (workflow order-7, activity charge ChargePayment@2): Error: gone",
    );
    expect(task.activityType).toBe("ChargePayment@2");
    expect(poll.msg).toBe("poll failed: UnknownResourceFault: Unknown domain: shop");
    expect(poll.err).toBe("UnknownResourceFault: Unknown domain: shop");
  });
});

describe("pollHint", () => {
  it("says what to do about an unknown domain or an endpoint nobody answers at", () => {
    const fault = Object.assign(new Error("Unknown domain: shop"), {
      name: "UnknownResourceFault",
    });
    expect(pollHint(fault)).toBe("register the domain first (registerAll)");
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(pollHint(refused)).toMatch(/^no SWF endpoint answers there/);
    // localhost with IPv4 and IPv6 addresses: one AggregateError holding both refusals.
    const both = Object.assign(new AggregateError([refused, refused]), { code: undefined });
    expect(pollHint(both)).toMatch(/^no SWF endpoint answers there/);
    expect(pollHint(new Error("socket hang up"))).toBeUndefined();
  });

  it("names where the polls went: the refused address, else the client's endpoint", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7070"), {
      code: "ECONNREFUSED",
      address: "127.0.0.1",
      port: 7070,
    });
    expect(pollHint(refused)).toMatch(/^no SWF endpoint answers at 127\.0\.0\.1:7070: /);
    expect(pollHint(refused, "http://localhost:7070")).toMatch(
      /^no SWF endpoint answers at http:\/\/localhost:7070: /,
    );
    // No keys for a client aimed at AWS (local endpoints get dummy ones): where, and what to do.
    const noKeys = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    expect(pollHint(noKeys, "https://swf.us-east-1.amazonaws.com")).toBe(
      "no AWS credentials to call https://swf.us-east-1.amazonaws.com with: configure them " +
        "(AWS_PROFILE, AWS_ACCESS_KEY_ID), or, for the engine npm start runs, set " +
        "AWS_ENDPOINT_URL_SWF=http://127.0.0.1:7070",
    );
  });
});

describe("a worker's failed polls", () => {
  it("name the endpoint its client calls, where nothing answers", async () => {
    const port = await freePort();
    const swf = createSwfClient({
      endpoint: `http://localhost:${port}`,
      config: { maxAttempts: 1 },
    });
    const { errors, onError } = collectErrors();
    const worker = new ActivityWorker({
      swf,
      domain: "shop",
      taskList: "nowhere",
      activities: {},
      onError,
      backoff: { initialMs: 1, maxMs: 1 },
    }).start();
    try {
      await eventually(() => errors.length > 0, { what: "a failed poll" });
      expect(errors[0].phase).toBe("poll");
      expect(errors[0].context?.consequence).toMatch(
        new RegExp(`^no SWF endpoint answers at http://localhost:${port}: start the engine`),
      );
    } finally {
      await worker.stop();
      swf.destroy();
    }
  });

  it("for a client aimed at AWS, name AWS's regional endpoint", async () => {
    const swf = createSwfClient({ env: {}, region: "eu-west-1" });
    expect(await endpointOf(swf)).toBe("https://swf.eu-west-1.amazonaws.com");
    swf.destroy();
    const local = createSwfClient({ env: {}, fallback: "embedded" });
    expect(await endpointOf(local)).toBe("http://127.0.0.1:7070");
    local.destroy();
  });
});
