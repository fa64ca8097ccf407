/** Long polls, exactly-once hand-out, priorities. */
import {
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dispatcher } from "../../lib/engine/dispatch";
import {
  D,
  allOf,
  attrs,
  decide,
  history,
  pollActivity,
  pollDecision,
  setup,
  start,
  startAndDecide,
} from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

/** Waits (bounded) until `check` holds; fails clearly otherwise. */
async function until(check: () => boolean, what: string, tries = 500) {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("long polling", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ pollTimeoutSeconds: 20 });
  });
  afterAll(() => t.close());

  const waiting = (kind: "decision" | "activity", domain: string, list: string) =>
    t.running.engine.dispatcher.waiting(Dispatcher.key(kind, domain, list));

  it("a waiting decision poll returns the task as soon as it is scheduled", async () => {
    const s = await setup(t.swf);
    const poll = t.swf.send(
      new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: s.taskList } }),
    );
    await until(() => waiting("decision", s.domain, s.taskList) === 1, "the poller to wait");
    const run = await start(s);
    const task = await poll;
    expect(task.taskToken).toBeTruthy();
    expect(task.workflowExecution).toEqual(run);
  });

  it("a waiting activity poll returns the task as soon as it is scheduled", async () => {
    const s = await setup(t.swf);
    const run = await start(s);
    const poll = t.swf.send(
      new PollForActivityTaskCommand({ domain: s.domain, taskList: { name: s.activityTaskList } }),
    );
    await until(
      () => waiting("activity", s.domain, s.activityTaskList) === 1,
      "the poller to wait",
    );
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [D.scheduleActivity(s, "woken", { input: "x" })]);
    const act = await poll;
    expect(act).toMatchObject({ activityId: "woken", input: "x", workflowExecution: run });
  });

  it("a poller that disconnects is not handed the task; the next poller gets it", async () => {
    const s = await setup(t.swf);
    const abort = new AbortController();
    const raw = fetch(t.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "SimpleWorkflowService.PollForDecisionTask",
      },
      body: JSON.stringify({ domain: s.domain, taskList: { name: s.taskList } }),
      signal: abort.signal,
    }).catch((e: Error) => e);
    await until(() => waiting("decision", s.domain, s.taskList) === 1, "the raw poller to wait");
    abort.abort();
    expect(await raw).toBeInstanceOf(Error);
    await until(
      () => waiting("decision", s.domain, s.taskList) === 0,
      "the server to notice the disconnect",
    );
    const run = await start(s);
    const task = await pollDecision(s);
    expect(task.workflowExecution).toEqual(run);
    expect(allOf(await history(s, run), "DecisionTaskStarted")).toHaveLength(1);
  });
});

describe("two pollers, one task", () => {
  it("one gets the task, the other the empty answer", async () => {
    const t = await startTestEngine({ pollTimeoutSeconds: 1 });
    try {
      const s = await setup(t.swf);
      const polls = [0, 1].map(() =>
        t.swf.send(
          new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: s.taskList } }),
        ),
      );
      await until(
        () =>
          t.running.engine.dispatcher.waiting(Dispatcher.key("decision", s.domain, s.taskList)) ===
          2,
        "both pollers to wait",
      );
      await start(s);
      const results = await Promise.all(polls);
      expect(results.filter((r) => r.taskToken).length).toBe(1);
      expect(results.filter((r) => !r.taskToken).map((r) => r.startedEventId)).toEqual([0]);
    } finally {
      await t.close();
    }
  });
});

describe("pollers per task list", () => {
  it("LimitExceededFault past the pollers one task list may hold waiting", async () => {
    const t = await startTestEngine({ pollTimeoutSeconds: 20, maxPollersPerTaskList: 2 });
    try {
      const s = await setup(t.swf);
      const key = Dispatcher.key("decision", s.domain, s.taskList);
      const polls = [0, 1].map(() =>
        t.swf.send(
          new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: s.taskList } }),
        ),
      );
      await until(() => t.running.engine.dispatcher.waiting(key) === 2, "two pollers to wait");
      const third = await faultOf(
        t.swf.send(
          new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: s.taskList } }),
        ),
      );
      expect(third.name).toBe("LimitExceededFault");
      await start(s);
      await start(s);
      const results = await Promise.all(polls);
      expect(results.every((r) => r.taskToken)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe("priorities", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t.close());

  it("hands out activity tasks by priority, highest first, FIFO within one, negatives last", async () => {
    const s = await setup(t.swf);
    const priorities = ["0", "5", "-3", "5", "10", "0", "-2147483648", "-3", "2147483647"];
    await startAndDecide(
      s,
      priorities.map((p, i) => D.scheduleActivity(s, `a${i}-p${p}`, { taskPriority: p })),
    );
    const order: string[] = [];
    for (let i = 0; i < priorities.length; i++) order.push((await pollActivity(s)).activityId!);
    expect(order).toEqual([
      "a8-p2147483647",
      "a4-p10",
      "a1-p5",
      "a3-p5",
      "a0-p0",
      "a5-p0",
      "a2-p-3",
      "a7-p-3",
      "a6-p-2147483648",
    ]);
  });

  it("uses the type's default priority, and the execution's priority for decision tasks", async () => {
    const s = await setup(t.swf, {
      activityDefaults: { defaultTaskPriority: "7" },
      workflowDefaults: { defaultTaskPriority: "1" },
    });
    const runs = [];
    for (const p of [undefined, "-1", "3", "3", "100"])
      runs.push({ p, run: await start(s, { taskPriority: p }) });
    const order: (string | undefined)[] = [];
    for (let i = 0; i < runs.length; i++) {
      const task = await pollDecision(s);
      order.push(runs.find((r) => r.run.runId === task.workflowExecution!.runId)!.p);
      if (i === 0)
        await decide(s, task.taskToken, [
          D.scheduleActivity(s, "default"),
          D.scheduleActivity(s, "low", { taskPriority: "6" }),
        ]);
    }
    expect(order).toEqual(["100", "3", "3", undefined, "-1"]);
    const scheduled = allOf(await history(s, runs[4].run), "ActivityTaskScheduled").map(
      (e) => attrs(e).taskPriority,
    );
    expect(scheduled).toEqual(["7", "6"]);
    expect((await pollActivity(s)).activityId).toBe("default");
  });
});

describe("exactly-once dispatch under load", () => {
  it("20 concurrent long pollers drain 1,000 activity tasks, each delivered exactly once", async () => {
    const t = await startTestEngine({ pollTimeoutSeconds: 1 });
    try {
      const s = await setup(t.swf);
      const run = await start(s);
      const task = await pollDecision(s);
      const delivered: string[] = [];
      const workers = Array.from({ length: 20 }, async (_, w) => {
        for (let polls = 0; polls < 2000; polls++) {
          const act = await t.swf.send(
            new PollForActivityTaskCommand({
              domain: s.domain,
              taskList: { name: s.activityTaskList },
              identity: `w${w}`,
            }),
          );
          if (!act.taskToken) return; // a whole poll timeout without work: drained
          delivered.push(act.activityId!);
          await t.swf.send(
            new RespondActivityTaskCompletedCommand({
              taskToken: act.taskToken,
              result: act.activityId,
            }),
          );
        }
        throw new Error(`worker ${w} gave up after 2000 polls`);
      });
      // The pollers are already waiting when the tasks arrive.
      await until(
        () =>
          t.running.engine.dispatcher.waiting(
            Dispatcher.key("activity", s.domain, s.activityTaskList),
          ) === 20,
        "20 pollers to wait",
      );
      await t.swf.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: task.taskToken,
          decisions: Array.from({ length: 1000 }, (_, i) => D.scheduleActivity(s, `act-${i}`)),
        }),
      );
      await Promise.all(workers);
      expect(delivered).toHaveLength(1000);
      expect(new Set(delivered).size).toBe(1000);
      const events = await history(s, run);
      const completed = allOf(events, "ActivityTaskCompleted");
      expect(completed).toHaveLength(1000);
      expect(new Set(completed.map((e) => attrs(e).scheduledEventId)).size).toBe(1000);
      expect(allOf(events, "ActivityTaskStarted")).toHaveLength(1000);
    } finally {
      await t.close();
    }
  });
});
