/** A restart on the same database file loses nothing. */
import {
  CountOpenWorkflowExecutionsCommand,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  ListClosedWorkflowExecutionsCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCompletedCommand,
} from "@aws-sdk/client-swf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Database } from "../../lib/sqlite-driver";
import { FakeClock } from "../../lib/engine/clock";
import { MIGRATIONS } from "../../lib/engine/store/migrations";
import {
  D,
  attrs,
  decide,
  expectWellFormed,
  history,
  lastOf,
  pollActivity,
  pollDecision,
  setup,
  start,
  typesOf,
} from "./fixtures";
import { startTestEngine } from "./harness";

const dir = mkdtempSync(join(tmpdir(), "swf-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("restart on the same database file", () => {
  it("keeps open executions, scheduled and started tasks with their tokens, timers and page tokens", async () => {
    const db = join(dir, "engine.sqlite");
    const T = Date.UTC(2026, 10, 1);
    const clockA = new FakeClock(T);
    const a = await startTestEngine({ db, clock: clockA });
    const s = await setup(a.swf);

    // Run 1: a started decision task (its token must survive).
    const r1 = await start(s, { taskList: { name: "r1" }, taskStartToCloseTimeout: "3000" });
    const d1 = await pollDecision(s, { taskList: "r1" });
    // Run 2: a scheduled, not started decision task.
    const r2 = await start(s, { taskList: { name: "r2" } });
    // Run 3: one scheduled and one started activity, and a timer that falls due while the engine is down.
    const r3 = await start(s, { taskList: { name: "r3" } });
    const d3 = await pollDecision(s, { taskList: "r3" });
    await decide(s, d3.taskToken, [
      D.scheduleActivity(s, "started", { taskList: { name: "acts" } }),
      D.scheduleActivity(s, "queued", { taskList: { name: "acts" } }),
      D.startTimer("while-down", 60),
      D.startTimer("after-restart", 600),
    ]);
    const started = await pollActivity(s, "acts");
    expect(started.activityId).toBe("started");
    await a.swf.send(
      new RecordActivityTaskHeartbeatCommand({ taskToken: started.taskToken, details: "half" }),
    );
    const page = await a.swf.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: s.domain,
        execution: r3,
        maximumPageSize: 2,
      }),
    );
    await a.close();

    const clockB = new FakeClock(T + 120_000);
    const b = await startTestEngine({ db, clock: clockB });
    try {
      const sb = { ...s, swf: b.swf };
      expect(
        (
          await b.swf.send(
            new CountOpenWorkflowExecutionsCommand({
              domain: s.domain,
              startTimeFilter: { oldestDate: new Date(T) },
            }),
          )
        ).count,
      ).toBe(3);

      // The timer that fell due while the engine was down fired at start, stamped with its deadline.
      const r3Events = await history(sb, r3);
      const fired = lastOf(r3Events, "TimerFired")!;
      expect(attrs(fired).timerId).toBe("while-down");
      expect(fired.eventTimestamp!.getTime()).toBe(T + 60_000);
      expect(r3Events.at(-1)!.eventType).toBe("DecisionTaskScheduled");
      expect(r3Events.at(-1)!.eventTimestamp!.getTime()).toBe(T + 120_000);

      // The started decision task's token still answers.
      await decide(sb, d1.taskToken, [D.complete("after restart")]);
      expect((await history(sb, r1)).at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
      // The scheduled decision task is still handed out.
      const d2 = await pollDecision(sb, { taskList: "r2" });
      expect(d2.workflowExecution).toEqual(r2);
      // The started activity's token still heartbeats and completes; the queued one is still queued.
      expect(
        (await b.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: started.taskToken })))
          .cancelRequested,
      ).toBe(false);
      const queued = await pollActivity(sb, "acts");
      expect(queued.activityId).toBe("queued");
      await b.swf.send(
        new RespondActivityTaskCompletedCommand({ taskToken: started.taskToken, result: "1" }),
      );
      await b.swf.send(
        new RespondActivityTaskCompletedCommand({ taskToken: queued.taskToken, result: "2" }),
      );
      // A page token of the old process continues.
      const next = await b.swf.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: s.domain,
          execution: r3,
          maximumPageSize: 2,
          nextPageToken: page.nextPageToken,
        }),
      );
      expect(next.events!.map((e) => e.eventId)).toEqual([3, 4]);
      // The timer not yet due is still armed.
      clockB.advance(600_000);
      const events = await history(sb, r3);
      expect(typesOf(events).filter((e) => e === "TimerFired")).toHaveLength(2);
      expectWellFormed(events);
    } finally {
      await b.close();
    }
  });

  it("fires a decision START_TO_CLOSE that passed while down, and refuses the old token afterwards", async () => {
    const db = join(dir, "timeouts.sqlite");
    const T = Date.UTC(2026, 10, 2);
    const a = await startTestEngine({ db, clock: new FakeClock(T) });
    const s = await setup(a.swf, { workflowDefaults: { defaultTaskStartToCloseTimeout: "30" } });
    const run = await start(s);
    const task = await pollDecision(s);
    await a.close();
    const b = await startTestEngine({ db, clock: new FakeClock(T + 3600_000 - 1) });
    try {
      const sb = { ...s, swf: b.swf };
      const events = await history(sb, run);
      expect(attrs(lastOf(events, "DecisionTaskTimedOut")).timeoutType).toBe("START_TO_CLOSE");
      expect(await decide(sb, task.taskToken, []).catch((e: Error) => e.name)).toBe(
        "UnknownResourceFault",
      );
      const next = await pollDecision(sb);
      expect(next.workflowExecution).toEqual(run);
    } finally {
      await b.close();
    }
  });

  it("closes a run whose execution timeout passed while down at its deadline, not at the restart", async () => {
    const db = join(dir, "execution-timeout.sqlite");
    const T = Date.UTC(2026, 10, 4);
    const a = await startTestEngine({ db, clock: new FakeClock(T) });
    const s = await setup(a.swf);
    const run = await start(s, { executionStartToCloseTimeout: "60" });
    await a.close();
    const b = await startTestEngine({ db, clock: new FakeClock(T + 3600_000) });
    try {
      const sb = { ...s, swf: b.swf };
      const events = await history(sb, run);
      expect(events.at(-1)!.eventType).toBe("WorkflowExecutionTimedOut");
      expect(events.at(-1)!.eventTimestamp!.getTime()).toBe(T + 60_000);
      expectWellFormed(events);
      const d = await b.swf.send(
        new DescribeWorkflowExecutionCommand({ domain: s.domain, execution: run }),
      );
      expect(d.executionInfo!.closeTimestamp!.getTime()).toBe(T + 60_000);
      // Listed among the runs that closed within the minute their timeout allowed.
      const closed = await b.swf.send(
        new ListClosedWorkflowExecutionsCommand({
          domain: s.domain,
          closeTimeFilter: { oldestDate: new Date(T), latestDate: new Date(T + 60_000) },
        }),
      );
      expect(closed.executionInfos!.map((i) => i.execution)).toEqual([run]);
    } finally {
      await b.close();
    }
  });

  it("upgrades a database of an earlier schema version, keeping its deadlines", async () => {
    const db = join(dir, "v2.sqlite");
    const raw = new Database(db);
    raw.pragma("journal_mode = WAL");
    for (const m of MIGRATIONS.slice(0, 2)) raw.exec(m);
    raw.pragma("user_version = 2");
    const T = Date.UTC(2026, 10, 3);
    raw
      .prepare(
        "INSERT INTO domains (name, status, retention, created_at) VALUES ('old', 'REGISTERED', '1', ?)",
      )
      .run(T);
    const insert = raw.prepare(
      `INSERT INTO executions (domain, workflow_id, run_id, type_name, type_version, open, close_status, started_at,
         closed_at, tags, config, next_event_id, decision_task_list)
       VALUES ('old', ?, ?, 'wf', '1', 0, 'COMPLETED', ?, ?, '[]', '{}', 3, 'l')`,
    );
    const purged = Number(insert.run("gone", "run-gone", T - 2000, T - 1000).lastInsertRowid);
    const kept = Number(insert.run("kept", "run-kept", T - 2000, T - 1000).lastInsertRowid);
    const deadline = raw.prepare(
      "INSERT INTO deadlines (due_at, kind, execution_id, ref) VALUES (?, 'RETENTION', ?, 0)",
    );
    deadline.run(T - 1, purged);
    deadline.run(T + 86_400_000, kept);
    raw.close();

    const clock = new FakeClock(T);
    const t = await startTestEngine({ db, clock });
    try {
      const store = t.running.engine.store;
      expect(store.db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
      expect(store.executions.byId(purged)).toBeUndefined(); // its due deadline fired at start
      expect(store.deadlines.earliest()).toBe(T + 86_400_000);
      clock.advance(86_400_000);
      expect(store.executions.byId(kept)).toBeUndefined();
      expect(store.deadlines.earliest()).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
