/**
 * Crash safety: an engine process under load from deciders and workers in this process is killed
 * with SIGKILL mid-run and restarted on the same database file. Every answer the engine gave
 * before the kill (the clients' view: each start, signal, decision and activity completion it
 * acknowledged) must be in the histories after the restart; every execution must then complete,
 * every history must have contiguous event ids, and no activity task may complete twice.
 */
import {
  GetWorkflowExecutionHistoryCommand,
  ListClosedWorkflowExecutionsCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
  type Decision,
  type HistoryEvent,
} from "@aws-sdk/client-swf";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { attrs } from "./fixtures";
import { killGroup, spawnEngine, within, type EngineProcess } from "./process";

const WORKFLOWS = 200;
const DOMAIN = "crash";
const TASK_LIST = "crash-decisions";
const ACTIVITY_LIST = "crash-activities";
const WORKFLOW_TYPE = { name: "crashy", version: "1" };
const ACTIVITY_TYPE = { name: "step", version: "1" };

const dir = mkdtempSync(join(tmpdir(), "swf-crash-"));
const processes: EngineProcess[] = [];
afterAll(() => {
  for (const p of processes) killGroup(p.child, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One task of one run, by the id of its *Started event. */
const attempt = (run: { workflowId?: string; runId?: string }, startedEventId?: number) =>
  `${run.workflowId}/${run.runId}#${startedEventId}`;

/** What the engine acknowledged (answered 200 to), as the clients saw it. */
const acknowledged = {
  starts: new Map<string, string>(),
  signals: new Map<string, number>(),
  decisions: new Set<string>(),
  /** Activity attempt → the result it was completed with. */
  activities: new Map<string, string>(),
};
/** Acknowledged work the deciders found missing while the run went on. */
const lost: string[] = [];

function client(url: string) {
  return new SWFClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
      requestTimeout: 30_000,
    }),
  });
}

/** The engine under test, swapped for a new client when the process is restarted. */
const current: { swf?: SWFClient; stopped: boolean } = { stopped: false };

/** A transport failure (the engine is down or just died), as opposed to an SWF fault. */
const isTransient = (e: unknown) => !(e && typeof e === "object" && "$fault" in e);

/** Runs `call` against the current engine, riding out the downtime (bounded). */
async function resilient<T>(call: (swf: SWFClient) => Promise<T>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    try {
      return await call(current.swf!);
    } catch (e) {
      if (!isTransient(e)) throw e;
      await sleep(50);
    }
  }
  throw new Error(`gave up on ${what} after 1200 attempts`);
}

/** The decider: a pure function of the history. a1 and a timer, then (after a signal) a2, then done. */
function decisionsFor(events: HistoryEvent[]): Decision[] {
  const byScheduled = new Map<number, string>();
  const open = new Set<string>();
  const done = new Set<string>();
  let timerStarted = false;
  let timerFired = false;
  let signaled = false;
  for (const e of events) {
    const a =
      e.eventType!.startsWith("ActivityTask") ||
      e.eventType!.startsWith("Timer") ||
      e.eventType === "WorkflowExecutionSignaled"
        ? attrs(e)
        : undefined;
    switch (e.eventType) {
      case "ActivityTaskScheduled":
        byScheduled.set(e.eventId!, a.activityId);
        open.add(a.activityId);
        break;
      case "ActivityTaskCompleted":
        open.delete(byScheduled.get(a.scheduledEventId)!);
        done.add(byScheduled.get(a.scheduledEventId)!);
        break;
      case "ActivityTaskFailed":
      case "ActivityTaskTimedOut":
      case "ActivityTaskCanceled":
        open.delete(byScheduled.get(a.scheduledEventId)!);
        break;
      case "TimerStarted":
        timerStarted = true;
        break;
      case "TimerFired":
        timerFired = true;
        break;
      case "WorkflowExecutionSignaled":
        signaled = true;
        break;
    }
  }
  const decisions: Decision[] = [];
  const ensure = (activityId: string) => {
    if (done.has(activityId) || open.has(activityId)) return;
    decisions.push({
      decisionType: "ScheduleActivityTask",
      scheduleActivityTaskDecisionAttributes: {
        activityType: ACTIVITY_TYPE,
        activityId,
        input: activityId,
      },
    });
  };
  ensure("a1");
  if (!timerStarted)
    decisions.push({
      decisionType: "StartTimer",
      startTimerDecisionAttributes: { timerId: "t1", startToFireTimeout: "1" },
    });
  if (done.has("a1") && timerFired && signaled) {
    ensure("a2");
    if (done.has("a2"))
      decisions.push({
        decisionType: "CompleteWorkflowExecution",
        completeWorkflowExecutionDecisionAttributes: { result: "ok" },
      });
  }
  return decisions;
}

const progress = { decisions: 0, activities: 0, completeDecisions: 0 };

async function decider(id: number) {
  for (let polls = 0; polls < 5000 && !current.stopped; polls++) {
    const task = await resilient(
      (swf) =>
        swf.send(
          new PollForDecisionTaskCommand({
            domain: DOMAIN,
            taskList: { name: TASK_LIST },
            identity: `decider-${id}`,
          }),
        ),
      "a decision poll",
    );
    if (!task.taskToken) continue;
    const events = [...(task.events ?? [])];
    let next = task.nextPageToken;
    try {
      while (next) {
        const page = await current.swf!.send(
          new PollForDecisionTaskCommand({
            domain: DOMAIN,
            taskList: { name: TASK_LIST },
            nextPageToken: next,
          }),
        );
        events.push(...(page.events ?? []));
        next = page.nextPageToken;
      }
    } catch {
      continue; // the engine died under us: the task will time out and come back
    }
    // A timed-out attempt must be one whose completion was never acknowledged: rescheduling an
    // acknowledged one would hide a lost write.
    for (const e of events)
      if (e.eventType === "ActivityTaskTimedOut") {
        const key = attempt(task.workflowExecution!, attrs(e).startedEventId);
        if (acknowledged.activities.has(key)) lost.push(`completion of ${key} timed out instead`);
      }
    const decisions = decisionsFor(events);
    try {
      await resilient(
        (swf) =>
          swf.send(
            new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }),
          ),
        "a decision answer",
      );
      acknowledged.decisions.add(attempt(task.workflowExecution!, task.startedEventId));
      progress.decisions++;
      if (decisions.some((d) => d.decisionType === "CompleteWorkflowExecution"))
        progress.completeDecisions++;
    } catch (e) {
      // Already answered before the crash, or timed out meanwhile: the engine refuses the token.
      if ((e as Error).name !== "UnknownResourceFault") throw e;
    }
  }
}

async function worker(id: number) {
  for (let polls = 0; polls < 5000 && !current.stopped; polls++) {
    const task = await resilient(
      (swf) =>
        swf.send(
          new PollForActivityTaskCommand({
            domain: DOMAIN,
            taskList: { name: ACTIVITY_LIST },
            identity: `worker-${id}`,
          }),
        ),
      "an activity poll",
    );
    if (!task.taskToken) continue;
    const key = attempt(task.workflowExecution!, task.startedEventId);
    const result = `done by ${id}: ${key}`;
    try {
      await resilient(
        (swf) =>
          swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result })),
        "an activity answer",
      );
      acknowledged.activities.set(key, result);
      progress.activities++;
    } catch (e) {
      if ((e as Error).name !== "UnknownResourceFault") throw e;
    }
  }
}

async function waitFor(check: () => boolean, what: string, ms: number) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`gave up after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function closedExecutions(swf: SWFClient) {
  const infos = [];
  let nextPageToken: string | undefined;
  do {
    const page = await swf.send(
      new ListClosedWorkflowExecutionsCommand({
        domain: DOMAIN,
        startTimeFilter: { oldestDate: new Date(0) },
        nextPageToken,
      }),
    );
    infos.push(...page.executionInfos!);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return infos;
}

describe("crash and restart", () => {
  it("survives SIGKILL mid-run: every acknowledged answer is in the history, every execution completes, histories stay contiguous, no activity completes twice", async () => {
    const db = join(dir, "crash.sqlite");
    const first = await spawnEngine(["--port", "0", "--db", db, "--poll-timeout", "1"]);
    processes.push(first);
    current.swf = client(first.url);
    const swf = current.swf;
    await swf.send(
      new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: "1" }),
    );
    await swf.send(
      new RegisterWorkflowTypeCommand({
        domain: DOMAIN,
        ...WORKFLOW_TYPE,
        defaultTaskList: { name: TASK_LIST },
        defaultExecutionStartToCloseTimeout: "600",
        // Tasks handed out just before the crash (answer lost) come back after these.
        defaultTaskStartToCloseTimeout: "5",
        defaultChildPolicy: "TERMINATE",
      }),
    );
    await swf.send(
      new RegisterActivityTypeCommand({
        domain: DOMAIN,
        ...ACTIVITY_TYPE,
        defaultTaskList: { name: ACTIVITY_LIST },
        defaultTaskScheduleToStartTimeout: "NONE",
        defaultTaskScheduleToCloseTimeout: "NONE",
        defaultTaskStartToCloseTimeout: "5",
        defaultTaskHeartbeatTimeout: "NONE",
      }),
    );

    const loops = [
      ...Array.from({ length: 6 }, (_, i) => decider(i)),
      ...Array.from({ length: 6 }, (_, i) => worker(i)),
    ];
    const failures: unknown[] = [];
    const all = Promise.all(loops.map((l) => l.catch((e) => failures.push(e))));

    // Starts and signals ride out the crash too; a start that landed before it is "already started".
    const workflowIds = Array.from({ length: WORKFLOWS }, (_, i) => `crash-${i}`);
    const feeder = (async () => {
      for (const workflowId of workflowIds) {
        const started = await resilient(
          (c) =>
            c
              .send(
                new StartWorkflowExecutionCommand({
                  domain: DOMAIN,
                  workflowId,
                  workflowType: WORKFLOW_TYPE,
                }),
              )
              .catch((e: Error) => {
                if (e.name !== "WorkflowExecutionAlreadyStartedFault") throw e;
                return undefined;
              }),
          "a start",
        );
        if (started) acknowledged.starts.set(workflowId, started.runId!);
      }
      for (const workflowId of workflowIds) {
        await resilient(
          (c) =>
            c.send(
              new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId, signalName: "go" }),
            ),
          "a signal",
        );
        acknowledged.signals.set(workflowId, (acknowledged.signals.get(workflowId) ?? 0) + 1);
      }
    })();

    // Kill once the load is well under way, but before it is over.
    await waitFor(
      () => progress.completeDecisions >= 30,
      "30 workflows to complete before the crash",
      90_000,
    );
    killGroup(first.child, "SIGKILL");
    await within(first.exited, 10_000, "the killed engine to exit");
    const beforeCrash = { ...progress };
    // Everything acknowledged up to the kill: answers still in flight then were never given.
    const ackedBeforeCrash = {
      starts: new Map(acknowledged.starts),
      decisions: new Set(acknowledged.decisions),
      activities: new Map(acknowledged.activities),
    };
    expect(ackedBeforeCrash.activities.size).toBeGreaterThan(0);
    if (process.env.CRASH_DEBUG) console.log("before crash", beforeCrash);
    expect(beforeCrash.completeDecisions).toBeLessThan(WORKFLOWS);
    await sleep(300);

    const second = await spawnEngine(["--port", "0", "--db", db, "--poll-timeout", "1"]);
    processes.push(second);
    const old = current.swf;
    current.swf = client(second.url);
    old.destroy();

    await within(feeder, 90_000, "all starts and signals");
    const check = current.swf;
    let closed = await closedExecutions(check);
    for (let i = 0; i < 600 && closed.length < WORKFLOWS && failures.length === 0; i++) {
      await sleep(200);
      closed = await closedExecutions(check);
    }
    current.stopped = true;
    await within(all, 30_000, "the deciders and workers to stop");
    expect(failures).toEqual([]);
    expect(lost).toEqual([]);
    expect(
      closed.length,
      `closed executions after the restart; progress ${JSON.stringify(progress)}`,
    ).toBe(WORKFLOWS);

    expect(closed.map((c) => c.execution!.workflowId).sort()).toEqual([...workflowIds].sort());
    expect(new Set(closed.map((c) => c.closeStatus))).toEqual(new Set(["COMPLETED"]));
    let activityCompletions = 0;
    const found = {
      decisions: new Set<string>(),
      activities: new Map<string, string>(),
      signals: new Map<string, number>(),
    };
    for (const info of closed) {
      const events: HistoryEvent[] = [];
      let nextPageToken: string | undefined;
      do {
        const page = await check.send(
          new GetWorkflowExecutionHistoryCommand({
            domain: DOMAIN,
            execution: info.execution,
            nextPageToken,
          }),
        );
        events.push(...page.events!);
        nextPageToken = page.nextPageToken;
      } while (nextPageToken);
      expect(events.map((e) => e.eventId)).toEqual(events.map((_, i) => i + 1));
      expect(events.at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
      const completions = events
        .filter((e) => e.eventType === "ActivityTaskCompleted")
        .map((e) => attrs(e).scheduledEventId as number);
      expect(
        new Set(completions).size,
        `a task completed twice in ${info.execution!.workflowId}`,
      ).toBe(completions.length);
      activityCompletions += completions.length;
      for (const e of events) {
        if (e.eventType === "DecisionTaskCompleted")
          found.decisions.add(attempt(info.execution!, attrs(e).startedEventId));
        if (e.eventType === "ActivityTaskCompleted")
          found.activities.set(attempt(info.execution!, attrs(e).startedEventId), attrs(e).result);
      }
      found.signals.set(
        info.execution!.workflowId!,
        events.filter((e) => e.eventType === "WorkflowExecutionSignaled").length,
      );
    }
    // Every answer the engine gave is in the histories: before the crash and after it.
    const runIds = new Map(closed.map((c) => [c.execution!.workflowId!, c.execution!.runId!]));
    const missing = {
      starts: [...acknowledged.starts].filter(([w, runId]) => runIds.get(w) !== runId),
      decisions: [...acknowledged.decisions].filter((d) => !found.decisions.has(d)),
      activities: [...acknowledged.activities].filter(([a, r]) => found.activities.get(a) !== r),
      signals: [...acknowledged.signals].filter(([w, n]) => (found.signals.get(w) ?? 0) < n),
    };
    expect(missing).toEqual({ starts: [], decisions: [], activities: [], signals: [] });
    expect(ackedBeforeCrash.decisions.size + ackedBeforeCrash.activities.size).toBeGreaterThan(0);
    if (process.env.CRASH_DEBUG)
      console.log("acknowledged", {
        starts: acknowledged.starts.size,
        decisions: acknowledged.decisions.size,
        activities: acknowledged.activities.size,
        beforeCrash: {
          starts: ackedBeforeCrash.starts.size,
          decisions: ackedBeforeCrash.decisions.size,
          activities: ackedBeforeCrash.activities.size,
        },
      });
    expect(activityCompletions).toBeGreaterThanOrEqual(2 * WORKFLOWS);
    check.destroy();
    killGroup(second.child, "SIGKILL");
  }, 240_000);
});
