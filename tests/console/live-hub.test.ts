// The live hub (lib/console/live/hub.ts) against a real engine: N subscribers to one run share one
// watcher and one SWF read per change (push mode, from the engine's feed) or per poll (poll mode,
// as against AWS); lists get a change when a run starts; the last unsubscribe stops the watcher.
import { SignalWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveHub, type LiveMessage } from "@/lib/console/live/hub";
import { topicString } from "@/lib/console/live/topics";
import { setup, start } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`never happened: ${what}`);
};

function subscribers(hub: LiveHub, topic: string, n: number) {
  const inboxes = Array.from({ length: n }, () => [] as LiveMessage[]);
  const stops = inboxes.map((box) => hub.subscribe([topic], (m) => box.push(m)));
  return { inboxes, stop: () => stops.forEach((s) => s()) };
}

const signaled = (box: LiveMessage[]) =>
  box.some(
    (m) => m.type === "events" && m.events.some((e) => e.eventType === "WorkflowExecutionSignaled"),
  );

describe("live hub", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  it("push mode: 10 tabs on one run cost one history read per change", async () => {
    const hub = new LiveHub({ swf: engine.swf, feedEndpoint: engine.url });
    try {
      await hub.ready;
      await until(() => hub.mode === "push", "feed connected");
      const s = await setup(engine.swf);
      const run = await start(s);
      const topic = topicString({ kind: "execution", domain: s.domain, ...run });
      const { inboxes, stop } = subscribers(hub, topic, 10);
      expect(hub.watcherCount).toBe(1);
      await until(() => (hub.calls.get("GetWorkflowExecutionHistory") ?? 0) >= 1, "baseline");
      await engine.swf.send(
        new SignalWorkflowExecutionCommand({ domain: s.domain, ...run, signalName: "go" }),
      );
      await until(() => inboxes.every(signaled), "every subscriber got the signal");
      // The baseline read, one for the signal, and possibly one for the start's own events if
      // the feed announced them after the subscription: never one per subscriber.
      expect(hub.calls.get("GetWorkflowExecutionHistory")).toBeLessThanOrEqual(3);
      const pushed = inboxes[0].find((m) => m.type === "events");
      expect(pushed).toMatchObject({ topic, lastEventId: 3 });
      stop();
      expect(hub.watcherCount).toBe(0);
    } finally {
      hub.close();
    }
  });

  it("poll mode (no feed, as against AWS): one poll per period for all subscribers", async () => {
    const hub = new LiveHub({ swf: engine.swf, pollMs: { execution: 100 } });
    try {
      expect(hub.mode).toBe("poll");
      const s = await setup(engine.swf);
      const run = await start(s);
      const topic = topicString({ kind: "execution", domain: s.domain, ...run });
      const began = Date.now();
      const { inboxes, stop } = subscribers(hub, topic, 25);
      await until(() => (hub.calls.get("GetWorkflowExecutionHistory") ?? 0) >= 1, "baseline");
      await engine.swf.send(
        new SignalWorkflowExecutionCommand({ domain: s.domain, ...run, signalName: "go" }),
      );
      await until(() => inboxes.every(signaled), "every subscriber got the signal");
      stop();
      const polls = (Date.now() - began) / 100 + 2;
      const calls = hub.calls.get("GetWorkflowExecutionHistory") ?? 0;
      // One read per period whatever the number of subscribers (25 would cost 25× that).
      expect(calls).toBeLessThanOrEqual(polls);
      expect(hub.watcherCount).toBe(0);
    } finally {
      hub.close();
    }
  });

  it("poll mode stretches the periods to stay inside the call budget", async () => {
    const hub = new LiveHub({ swf: engine.swf, pollMs: { execution: 100 }, budgetPerSecond: 5 });
    try {
      const s = await setup(engine.swf);
      const stops: (() => void)[] = [];
      for (let i = 0; i < 10; i++) {
        const run = await start(s);
        stops.push(
          hub.subscribe([topicString({ kind: "execution", domain: s.domain, ...run })], () => {}),
        );
      }
      const began = Date.now();
      await new Promise((r) => setTimeout(r, 1500));
      const calls = hub.calls.get("GetWorkflowExecutionHistory") ?? 0;
      stops.forEach((stop) => stop());
      // 10 baselines, then at most 5 calls per second (not 10 watchers × 10 polls per second).
      expect(calls).toBeLessThanOrEqual(10 + Math.ceil(((Date.now() - began) / 1000) * 5) + 1);
    } finally {
      hub.close();
    }
  });

  it("push mode: a new run changes the domain's lists", async () => {
    const hub = new LiveHub({ swf: engine.swf, feedEndpoint: engine.url });
    try {
      await hub.ready;
      await until(() => hub.mode === "push", "feed connected");
      const s = await setup(engine.swf);
      const box: LiveMessage[] = [];
      const stop = hub.subscribe([topicString({ kind: "executions", domain: s.domain })], (m) =>
        box.push(m),
      );
      await start(s);
      await until(() => box.some((m) => m.type === "changed"), "list changed");
      // Lists are pushed from the feed alone: no SWF reads.
      expect(hub.calls.get("ListOpenWorkflowExecutions") ?? 0).toBe(0);
      stop();
    } finally {
      hub.close();
    }
  });

  it("poll mode: a new run changes the domain's lists", async () => {
    const hub = new LiveHub({ swf: engine.swf, pollMs: { executions: 100 } });
    try {
      const s = await setup(engine.swf);
      const box: LiveMessage[] = [];
      const stop = hub.subscribe([topicString({ kind: "executions", domain: s.domain })], (m) =>
        box.push(m),
      );
      await until(() => (hub.calls.get("ListOpenWorkflowExecutions") ?? 0) >= 1, "baseline");
      await start(s);
      await until(() => box.some((m) => m.type === "changed"), "list changed");
      stop();
    } finally {
      hub.close();
    }
  });
});
