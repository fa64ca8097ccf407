// The live hub (lib/console/live/hub.ts) against a real engine: N subscribers to one run share one
// watcher and one SWF read per change (push mode, from the engine's feed) or per poll (poll mode,
// as against AWS); lists get a change when a run starts; task-list backlogs are counted once per
// period for all subscribers and the counts pushed (poll mode); the last unsubscribe stops the
// watcher.
import { SignalWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveHub, pollStretch, type HubOptions, type LiveMessage } from "@/lib/console/live/hub";
import {
  MAX_TOPIC_LENGTH,
  parseTopic,
  taskListsTopic,
  topicString,
} from "@/lib/console/live/topics";
import { setup, start } from "../engine/fixtures";
import { faultOf, sdkClient, startTestEngine, type TestEngine } from "../engine/harness";
import { startRelay } from "../engine/relay";

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`never happened: ${what}`);
};

function subscribers(hub: LiveHub, topic: string, n: number) {
  const inboxes = Array.from({ length: n }, () => [] as LiveMessage[]);
  const stops = inboxes.map((box) => hub.subscribe([topic], (m) => box.push(m)));
  return { inboxes, stop: () => stops.forEach((s) => s()) };
}

/** The decision backlog of `taskList` in the latest counts message of `box`. */
const latestDecisions = (box: LiveMessage[], taskList: string) =>
  box.findLast((m) => m.type === "counts")?.counts.find((c) => c.taskList === taskList)?.decision
    .count;

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

  /** A hub following the engine's change feed, once connected. */
  async function pushHub(options: Partial<HubOptions> = {}) {
    const hub = new LiveHub({ swf: engine.swf, feedEndpoint: engine.url, ...options });
    try {
      await hub.ready;
      await until(() => hub.mode === "push", "feed connected");
      return hub;
    } catch (error) {
      hub.close();
      throw error;
    }
  }

  it("push mode: 10 tabs on one run cost one history read per change", async () => {
    const hub = await pushHub();
    try {
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

  it("one stretch for every poller: each keeps its cadence, all together keep the budget", () => {
    const run = { callsPerPoll: 1, pollMs: 2000 };
    const taskLists = { callsPerPoll: 24, pollMs: 5000 }; // 12 lists, two counts each
    // Within the budget nobody waits longer than it asked.
    expect(pollStretch([run], 5)).toBe(1);
    expect(pollStretch([run, { callsPerPoll: 20, pollMs: 5000 }], 5)).toBe(1);
    // 0.5 + 4.8 calls/s against 5: every period grows by the same 6%, so the execution page
    // polls every ~2.1 s, not every 5 s like a page that counts 25 calls per round.
    const stretch = pollStretch([run, taskLists], 5);
    expect(stretch).toBeCloseTo(5.3 / 5, 6);
    const rate = [run, taskLists].reduce((r, p) => r + p.callsPerPoll / (p.pollMs * stretch), 0);
    expect(rate * 1000).toBeCloseTo(5, 6);
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

  it("push mode: a new run changes the domain's lists, and the server hears of it first", async () => {
    const order: string[] = [];
    const hub = await pushHub({ onDomainChanged: (domain) => order.push(`runs of ${domain}`) });
    try {
      const s = await setup(engine.swf);
      const box: LiveMessage[] = [];
      const stop = hub.subscribe([topicString({ kind: "executions", domain: s.domain })], (m) => {
        box.push(m);
        if (m.type === "changed") order.push("tabs told");
      });
      await start(s);
      await until(() => box.some((m) => m.type === "changed"), "list changed");
      // What the server shares for a few seconds is forgotten before the tabs refetch.
      expect(order.slice(0, 2)).toEqual([`runs of ${s.domain}`, "tabs told"]);
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
  it("poll mode: K tabs on a domain's task lists cost one round of counts per period, pushed", async () => {
    // A budget that does not stretch the period: the bound below is the period's own.
    const hub = new LiveHub({
      swf: engine.swf,
      pollMs: { tasklists: 100 },
      budgetPerSecond: 1000,
    });
    try {
      const s = await setup(engine.swf);
      const taskLists = [s.taskList, s.activityTaskList];
      const topic = topicString({ kind: "tasklists", domain: s.domain, taskLists });
      const began = Date.now();
      const { inboxes, stop } = subscribers(hub, topic, 20);
      expect(hub.watcherCount).toBe(1);
      await until(() => (hub.calls.get("CountPendingDecisionTasks") ?? 0) >= 2, "baseline");
      await start(s);
      await until(
        () => inboxes.every((box) => latestDecisions(box, s.taskList) === 1),
        "every subscriber got the new backlog",
      );
      expect(inboxes[0].findLast((m) => m.type === "counts")).toMatchObject({
        topic,
        counts: [
          { taskList: s.activityTaskList, activity: { count: 0 } },
          { taskList: s.taskList, decision: { count: 1, truncated: false } },
        ].sort((a, b) => (a.taskList < b.taskList ? -1 : 1)),
      });
      const seen = inboxes.map((box) => box.length);
      await start(s);
      await until(
        () => inboxes.every((box) => latestDecisions(box, s.taskList) === 2),
        "every subscriber got the grown backlog",
      );
      // The change came in the next message, not after some stale one.
      inboxes.forEach((box, i) =>
        expect(latestDecisions(box.slice(seen[i], seen[i] + 1), s.taskList)).toBe(2),
      );
      stop();
      expect(hub.watcherCount).toBe(0);
      // One round (one call of each kind per task list) per period, whatever the number of tabs:
      // 20 tabs counting for themselves would cost 20 rounds.
      const rounds = (Date.now() - began) / 100 + 2;
      for (const command of ["CountPendingDecisionTasks", "CountPendingActivityTasks"])
        expect(hub.calls.get(command) ?? 0).toBeLessThanOrEqual(rounds * taskLists.length);
    } finally {
      hub.close();
    }
  });

  it("push mode: task-list backlogs change from the feed, without counting", async () => {
    const order: string[] = [];
    const hub = await pushHub({ onDomainChanged: (domain) => order.push(`lists of ${domain}`) });
    try {
      const s = await setup(engine.swf);
      const box: LiveMessage[] = [];
      const topic = topicString({ kind: "tasklists", domain: s.domain, taskLists: [s.taskList] });
      const stop = hub.subscribe([topic], (m) => {
        box.push(m);
        if (m.type === "changed") order.push("tabs told");
      });
      await start(s);
      await until(() => box.some((m) => m.type === "changed" && m.topic === topic), "changed");
      // Which lists hold pending tasks is shared for a few seconds: forgotten before the tabs
      // refetch, so that a list new to the domain shows at once.
      expect(order.slice(0, 2)).toEqual([`lists of ${s.domain}`, "tabs told"]);
      // The tabs refetch what they show; the hub made no SWF call.
      expect(hub.calls.get("CountPendingDecisionTasks") ?? 0).toBe(0);
      stop();
    } finally {
      hub.close();
    }
  });
  it("poll mode: counting task lists stays inside the call budget (two calls per list)", async () => {
    const hub = new LiveHub({ swf: engine.swf, pollMs: { tasklists: 100 }, budgetPerSecond: 5 });
    try {
      const s = await setup(engine.swf);
      const taskLists = Array.from({ length: 10 }, (_, i) => `${s.taskList}-${i}`);
      const stop = hub.subscribe(
        [topicString({ kind: "tasklists", domain: s.domain, taskLists })],
        () => {},
      );
      const began = Date.now();
      await new Promise((r) => setTimeout(r, 1500));
      stop();
      const calls =
        (hub.calls.get("CountPendingDecisionTasks") ?? 0) +
        (hub.calls.get("CountPendingActivityTasks") ?? 0);
      // The baseline round (20 calls), then at most 5 calls per second: a round every 4 s, not
      // every 100 ms.
      expect(calls).toBeLessThanOrEqual(20 + Math.ceil(((Date.now() - began) / 1000) * 5));
      expect(calls).toBeGreaterThanOrEqual(20);
    } finally {
      hub.close();
    }
  });

  it("tells every stream when SWF stops answering its reads, and when it answers again", async () => {
    const relay = await startRelay(engine.url);
    const swf = sdkClient(relay.url);
    const hub = new LiveHub({ swf, pollMs: { execution: 50 } });
    try {
      const s = await setup(engine.swf);
      const run = await start(s);
      const topic = topicString({ kind: "execution", domain: s.domain, ...run });
      const { inboxes, stop } = subscribers(hub, topic, 2);
      await until(() => (hub.calls.get("GetWorkflowExecutionHistory") ?? 0) >= 2, "polls");
      expect(hub.swf).toEqual({ reachable: true });
      const reach = (box: LiveMessage[]) =>
        box.filter((m) => m.type === "swf").map((m) => (m.type === "swf" ? m.swf : undefined));

      relay.down = true;
      await until(() => !hub.swf.reachable, "unreachable");
      expect(hub.swf).toMatchObject({ reachable: false, fault: "EndpointUnreachable" });
      relay.down = false;
      await until(() => hub.swf.reachable, "reachable again");
      // Each stream heard each change once, not once per failed poll.
      for (const box of inboxes)
        expect(reach(box)).toEqual([
          expect.objectContaining({ reachable: false, fault: "EndpointUnreachable" }),
          { reachable: true },
        ]);
      // A fault SWF answers with is not SWF being away.
      await faultOf(
        hub.send(
          new SignalWorkflowExecutionCommand({ domain: "nope", workflowId: "w", signalName: "x" }),
        ),
      );
      expect(hub.swf).toEqual({ reachable: true });
      stop();
    } finally {
      hub.close();
      swf.destroy();
      await relay.close();
    }
  });

  it("push mode: SWF is back once the feed speaks again, though lists read nothing", async () => {
    // SWF's calls go through a relay that can drop them; the feed comes from the engine itself,
    // as it would once the engine answers again.
    const relay = await startRelay(engine.url);
    const swf = sdkClient(relay.url);
    const hub = await pushHub({ swf });
    try {
      const s = await setup(engine.swf);
      const { inboxes, stop } = subscribers(
        hub,
        topicString({ kind: "executions", domain: s.domain }),
        1,
      );
      relay.down = true;
      await faultOf(
        hub.send(
          new SignalWorkflowExecutionCommand({
            domain: s.domain,
            workflowId: "w",
            signalName: "x",
          }),
        ),
      );
      expect(hub.swf).toMatchObject({ reachable: false });
      relay.down = false;
      await start(s); // announced by the feed; a list watcher reads nothing for it in push mode
      await until(() => hub.swf.reachable, "reachable again");
      expect(inboxes[0].filter((m) => m.type === "swf")).toHaveLength(2);
      stop();
    } finally {
      hub.close();
      swf.destroy();
      await relay.close();
    }
  });

  it("task-list topics: one per set of lists, within the longest topic", () => {
    const a = topicString({ kind: "tasklists", domain: "d:1", taskLists: ["b", "a:x", "b"] });
    expect(a).toBe(topicString({ kind: "tasklists", domain: "d:1", taskLists: ["a:x", "b"] }));
    expect(parseTopic(a)).toEqual({ kind: "tasklists", domain: "d:1", taskLists: ["a:x", "b"] });
    expect(parseTopic("tasklists:d")).toEqual({ kind: "tasklists", domain: "d", taskLists: [] });
    const many = Array.from({ length: 100 }, (_, i) => `task-list-${String(i).padStart(3, "0")}`);
    const { topic, named } = taskListsTopic("d", many);
    expect(topic.length).toBeLessThanOrEqual(MAX_TOPIC_LENGTH);
    expect(named.size).toBeGreaterThan(0);
    expect(named.size).toBeLessThan(many.length);
    expect(parseTopic(topic)).toEqual({ kind: "tasklists", domain: "d", taskLists: [...named] });
  });
});
