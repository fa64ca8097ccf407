/**
 * Human tasks produced the real way, for the inbox tests: a domain with a workflow type and the
 * `ApproveOrder/1` activity type on a human task list, executions whose first decision schedules
 * that activity, and the console's own poller receiving them into a console database. Everything
 * goes through @aws-sdk/client-swf against a real engine (tests/engine/harness.ts).
 */
import {
  RegisterActivityTypeCommand,
  SignalWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  type HistoryEvent,
  type RegisterActivityTypeCommandInput,
  type ScheduleActivityTaskDecisionAttributes,
  type SWFClient,
} from "@aws-sdk/client-swf";
import type { HumanTaskList } from "@/lib/console/config";
import { openConsoleDb, type Db } from "@/lib/console/db";
import type { SwfSender } from "@/lib/console/inbox";
import { listTasks, type StoredTask } from "@/lib/console/inbox-store";
import { HumanTaskPoller, type PollerOptions } from "@/lib/console/poller";
import { startEngine, type RunningEngine } from "@/lib/engine/server";
import {
  D,
  decide,
  history,
  pollDecision,
  setup,
  start,
  uniq,
  type Setup,
} from "../engine/fixtures";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sdkClient } from "../engine/harness";
import { until } from "./helpers";
import { freshPostgresUrl, type StoreKind } from "./stores";

export const APPROVE_ORDER = { name: "ApproveOrder", version: "1" };

export interface Execution {
  workflowId: string;
  runId: string;
}

export interface HumanTasks {
  s: Setup;
  domain: string;
  /** The human task list ApproveOrder tasks are scheduled on. */
  taskList: string;
  /** The list as the console's configuration names it. */
  list: HumanTaskList;
  /**
   * Starts an execution and answers its first decision task with ScheduleActivityTask
   * (ApproveOrder on the human task list; `schedule` overrides attributes such as timeouts).
   */
  approval(options?: {
    workflowId?: string;
    activityId?: string;
    input?: string;
    schedule?: Partial<ScheduleActivityTaskDecisionAttributes>;
  }): Promise<Execution>;
  /** The execution's whole history. */
  history(execution: Execution): Promise<HistoryEvent[]>;
  terminate(execution: Execution): Promise<void>;
  /** The workflow asks to cancel its activity: a signal wakes the decider, which decides so. */
  requestCancel(execution: Execution, activityId: string): Promise<void>;
}

/**
 * A fresh domain with workflow type `wf/1` and activity type ApproveOrder/1 whose default task list
 * is a human task list (defaults: heartbeat 30 s, start-to-close 600 s, schedule-to-close 3600 s).
 * `domain` and `taskList` name them when a test must know the names beforehand.
 */
export async function humanTasks(
  swf: SWFClient,
  options: {
    domain?: string;
    taskList?: string;
    activityDefaults?: Partial<RegisterActivityTypeCommandInput>;
  } = {},
): Promise<HumanTasks> {
  const s = await setup(swf, { domain: options.domain });
  const taskList = options.taskList ?? uniq("approvals");
  await swf.send(
    new RegisterActivityTypeCommand({
      domain: s.domain,
      ...APPROVE_ORDER,
      defaultTaskList: { name: taskList },
      defaultTaskScheduleToStartTimeout: "3600",
      defaultTaskScheduleToCloseTimeout: "3600",
      defaultTaskStartToCloseTimeout: "600",
      defaultTaskHeartbeatTimeout: "30",
      ...options.activityDefaults,
    }),
  );
  // Each execution decides on its own list, so that a poll never picks another run's task.
  const deciders = new Map<string, string>();
  return {
    s,
    domain: s.domain,
    taskList,
    list: { domain: s.domain, taskList },
    async approval(options = {}) {
      const decisions = uniq("decider");
      const execution = await start(s, {
        workflowId: options.workflowId ?? uniq("order"),
        taskList: { name: decisions },
      });
      deciders.set(execution.runId, decisions);
      const task = await pollDecision(s, { taskList: decisions });
      await decide(s, task.taskToken, [
        D.scheduleActivity(s, options.activityId ?? "approve", {
          activityType: APPROVE_ORDER,
          taskList: { name: taskList },
          ...(options.input !== undefined ? { input: options.input } : {}),
          ...options.schedule,
        }),
      ]);
      return execution;
    },
    history: (execution) => history(s, execution),
    async terminate(execution) {
      await swf.send(
        new TerminateWorkflowExecutionCommand({ domain: s.domain, ...execution, reason: "test" }),
      );
    },
    async requestCancel(execution, activityId) {
      await swf.send(
        new SignalWorkflowExecutionCommand({
          domain: s.domain,
          ...execution,
          signalName: "cancel",
        }),
      );
      const task = await pollDecision(s, { taskList: deciders.get(execution.runId) });
      await decide(s, task.taskToken, [D.cancelActivity(activityId)]);
    },
  };
}

/** A poller as the console runs one, quiet, with a fast maintenance loop. */
export function pollerFor(
  client: SwfSender,
  db: Db,
  lists: HumanTaskList[],
  extra: Partial<PollerOptions> = {},
): HumanTaskPoller {
  return new HumanTaskPoller({
    db,
    client,
    lists: () => lists,
    log: () => undefined,
    maintenanceMs: 20,
    drainMs: 0,
    ...extra,
  });
}

/** The console's task for `execution` once the poller received it and loaded its deadlines. */
export async function waitForTask(db: Db, execution: Execution): Promise<StoredTask> {
  const find = async () =>
    (await listTasks(db, { workflowId: execution.workflowId, runId: execution.runId }))[0];
  await until(
    async () => (await find())?.detailsLoaded === true,
    `task of ${execution.workflowId} received`,
  );
  return (await find())!;
}

/** Runs the console's poller until it has received the execution's task, then stops it. */
export async function receive(
  client: SwfSender,
  db: Db,
  h: HumanTasks,
  execution: Execution,
): Promise<StoredTask> {
  const poller = pollerFor(client, db, [h.list]).start();
  try {
    await waitForTask(db, execution);
  } finally {
    await poller.stop();
  }
  return (await listTasks(db, { workflowId: execution.workflowId, runId: execution.runId }))[0];
}

/**
 * The key task tokens are sealed with in tests: PostgreSQL stores need one from the environment
 * (every process sharing the database uses it), so the store suites set it for both backends.
 */
export const TEST_TOKEN_KEY = "inbox-tests-task-token-key";

/**
 * One console database that a test opens several times, as several console processes (or a
 * restarted one) would: a SQLite file, or a PostgreSQL database opened through separate pools.
 */
export async function sharedDatabase(
  kind: StoreKind,
): Promise<{ open: () => Promise<Db>; cleanup: () => Promise<void> }> {
  if (kind === "sqlite") return consoleDbFile();
  const url = await freshPostgresUrl();
  const opened: Db[] = [];
  return {
    async open() {
      const db = await openConsoleDb(url);
      opened.push(db);
      return db;
    },
    async cleanup() {
      // A test may have closed some already (a restart); a pool refuses a second close.
      await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
    },
  };
}

/** A console database file in a temporary folder, opened as often as a test needs (a restart). */
export function consoleDbFile(): {
  path: string;
  open: () => Promise<Db>;
  cleanup: () => Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), "console-"));
  const path = join(dir, "console.sqlite");
  const opened: Db[] = [];
  return {
    path,
    async open() {
      const db = await openConsoleDb(path);
      opened.push(db);
      return db;
    },
    async cleanup() {
      await Promise.all(opened.map((db) => db.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An engine that keeps its state in a file and can be stopped and started again on the same port
 * (connections are refused while it is down), with one SDK client that outlives the restarts.
 */
export interface RestartableEngine {
  swf: SWFClient;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function restartableEngine(): Promise<RestartableEngine> {
  const dir = mkdtempSync(join(tmpdir(), "console-engine-"));
  const db = join(dir, "engine.sqlite");
  let running: RunningEngine | undefined = await startEngine({ db, pollTimeoutSeconds: 1 });
  const port = running.port;
  const swf = sdkClient(running.url);
  return {
    swf,
    async stop() {
      await running?.close();
      running = undefined;
    },
    async restart() {
      running ??= await startEngine({ db, port, pollTimeoutSeconds: 1 });
    },
    async close() {
      swf.destroy();
      await running?.close();
      running = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
