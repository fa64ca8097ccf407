/**
 * The human-task poller: one long-poll loop (PollForActivityTask) per configured human task list,
 * plus a maintenance loop that loads each task's deadlines from its history, heartbeats tasks
 * whose type has a heartbeat timeout, probes the others now and then, and marks tasks expired when
 * SWF no longer knows their token. One poller per process (kept on `globalThis`), at most one loop
 * per list; errors back off exponentially; `stop()` aborts the long polls.
 */
import {
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCanceledCommand,
  type HistoryEvent,
} from "@aws-sdk/client-swf";
import { hostname } from "node:os";
import { LONG_POLL_REQUEST_TIMEOUT_MS } from "@/lib/swf/client";
import { toSwfError } from "@/lib/swf/errors";
import { listKey, type HumanTaskList } from "./config";
import type { Db } from "./db";
import { settleClaim, type SwfSender } from "./inbox";
import {
  closeTask,
  getTask,
  insertReceivedTask,
  nextHeartbeatAt,
  openTasks,
  recordHeartbeat,
  setTaskTimeouts,
  type StoredTask,
} from "./inbox-store";
import { deliverDue, queueNotification } from "./inbox-hooks";
import { sealStoredTokens } from "./inbox-token";
import { timeoutsFromEvents } from "./task-timeouts";

export interface PollerOptions {
  db: Db;
  client: SwfSender;
  /** The lists to serve; re-read on every reconcile (settings may change). */
  lists: () => HumanTaskList[];
  identity?: string;
  log?: (line: string) => void;
  now?: () => number;
  /** How often tasks without a heartbeat timeout are probed (ms). */
  probeMs?: number;
  maintenanceMs?: number;
  /** How often the configured lists are re-read (ms). */
  reconcileMs?: number;
  backoff?: { initialMs: number; maxMs: number; unknownDomainMaxMs: number };
  /**
   * A claim older than this whose SWF answer never came back is settled (ms). It must exceed the
   * SDK's request timeout, or a decision still on its way would be sent a second time.
   */
  staleClaimMs?: number;
  /** How often due webhook deliveries are sent (ms). */
  deliveryMs?: number;
  /** How often a decision whose outcome is unknown is checked against SWF (ms). */
  unknownRecheckMs?: number;
  /**
   * On stop, how long polls in flight may still deliver a task before they are aborted (ms): a
   * task SWF already handed out is stored rather than left to time out.
   */
  drainMs?: number;
}

/** The default stale-claim delay: the SDK's timeout plus a margin. */
export const STALE_CLAIM_MS = LONG_POLL_REQUEST_TIMEOUT_MS + 30_000;

export interface ListStatus {
  domain: string;
  taskList: string;
  state: "polling" | "backoff" | "stopped";
  lastPollAt: number | null;
  lastTaskAt: number | null;
  tasksReceived: number;
  consecutiveErrors: number;
  lastError: string | null;
  retryAt: number | null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

const MIN_EMPTY_POLL_MS = 250;

class ListLoop {
  readonly status: ListStatus;
  private readonly abort = new AbortController();
  readonly done: Promise<void>;

  constructor(
    private readonly poller: HumanTaskPoller,
    readonly list: HumanTaskList,
  ) {
    this.status = {
      ...list,
      state: "polling",
      lastPollAt: null,
      lastTaskAt: null,
      tasksReceived: 0,
      consecutiveErrors: 0,
      lastError: null,
      retryAt: null,
    };
    this.done = this.run();
  }

  private stopping = false;

  /** Lets the poll in flight finish for up to `drainMs`, then aborts it. */
  async stop(drainMs = 0): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    if (drainMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.done,
        new Promise((resolve) => (timer = setTimeout(resolve, drainMs))),
      ]);
      clearTimeout(timer);
    }
    this.abort.abort();
    return this.done;
  }

  /** Aborted on stop: ends back-off sleeps at once (polls in flight are left to drain). */
  private readonly wake = new AbortController();

  private async run(): Promise<void> {
    const { client, identity, log, now, backoff } = this.poller.options;
    const signal = this.abort.signal;
    while (!signal.aborted && !this.stopping) {
      this.status.state = "polling";
      this.status.retryAt = null;
      const startedAt = Date.now();
      try {
        const task = await client.send(
          new PollForActivityTaskCommand({
            domain: this.list.domain,
            taskList: { name: this.list.taskList },
            identity,
          }),
          { abortSignal: signal },
        );
        this.status.lastPollAt = now();
        this.status.consecutiveErrors = 0;
        this.status.lastError = null;
        if (task.taskToken) {
          this.status.lastTaskAt = now();
          this.status.tasksReceived++;
          const { id, inserted } = insertReceivedTask(
            this.poller.options.db,
            {
              taskToken: task.taskToken,
              domain: this.list.domain,
              taskList: this.list.taskList,
              activityId: task.activityId ?? "",
              activityType: {
                name: task.activityType?.name ?? "",
                version: task.activityType?.version ?? "",
              },
              workflowId: task.workflowExecution?.workflowId ?? "",
              runId: task.workflowExecution?.runId ?? "",
              startedEventId: task.startedEventId ?? 0,
              input: task.input ?? null,
            },
            now(),
          );
          if (inserted) {
            log(
              `inbox: received ${task.activityType?.name} ${task.activityId} of ${task.workflowExecution?.workflowId} (task ${id})`,
            );
            // The notification goes out once the deadline is known (or its loading gave up).
            void this.poller
              .loadDetails(id)
              .catch(() => undefined)
              .finally(() => this.poller.notify(id));
          }
        } else if (Date.now() - startedAt < MIN_EMPTY_POLL_MS) {
          // An endpoint that answers empty polls at once (not a long poll) must not spin this loop.
          await sleep(MIN_EMPTY_POLL_MS, this.wake.signal);
        }
      } catch (error) {
        if (signal.aborted || this.stopping) break;
        const { body } = toSwfError(error);
        this.status.consecutiveErrors++;
        this.status.lastError = `${body.fault}: ${body.message}`;
        const cap =
          body.fault === "UnknownResourceFault" ? backoff.unknownDomainMaxMs : backoff.maxMs;
        const base = Math.min(
          cap,
          backoff.initialMs * 2 ** Math.min(this.status.consecutiveErrors - 1, 16),
        );
        const delay = Math.round(base * (0.5 + Math.random() * 0.5));
        if (this.status.consecutiveErrors === 1 || this.status.consecutiveErrors % 10 === 0) {
          log(
            `inbox: polling ${listKey(this.list)} failed (${this.status.lastError}); retrying in ${delay} ms`,
          );
        }
        this.status.state = "backoff";
        this.status.retryAt = now() + delay;
        await sleep(delay, this.wake.signal);
      }
    }
    this.status.state = "stopped";
  }
}

export class HumanTaskPoller {
  readonly options: Required<Omit<PollerOptions, "backoff">> & {
    backoff: NonNullable<PollerOptions["backoff"]>;
  };
  private readonly loops = new Map<string, ListLoop>();
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private deliveryTimer: NodeJS.Timeout | undefined;
  private delivering = false;
  private maintaining = false;
  private stopped = false;
  /** Tasks whose details failed to load: not before this time again. */
  private readonly detailsRetryAt = new Map<number, number>();
  private readonly heartbeatInFlight = new Set<number>();
  private readonly heartbeatRetryAt = new Map<number, number>();

  constructor(options: PollerOptions) {
    this.options = {
      identity: `swf-console@${hostname()}:${process.pid}`,
      log: (line) => console.log(line),
      now: Date.now,
      probeMs: 15_000,
      maintenanceMs: 500,
      reconcileMs: 10_000,
      staleClaimMs: STALE_CLAIM_MS,
      unknownRecheckMs: 5_000,
      deliveryMs: 1_000,
      drainMs: 2_000,
      ...options,
      backoff: options.backoff ?? { initialMs: 500, maxMs: 15_000, unknownDomainMaxMs: 5_000 },
    };
  }

  /** Tasks whose unknown outcome was last checked: not again before this time. */
  private readonly recheckAt = new Map<number, number>();

  start(): this {
    try {
      sealStoredTokens(this.options.db);
    } catch (e) {
      this.options.log(`inbox: cannot seal stored task tokens: ${(e as Error).message}`);
    }
    this.reconcile();
    this.maintenanceTimer = setInterval(() => void this.maintain(), this.options.maintenanceMs);
    this.reconcileTimer = setInterval(() => this.reconcile(), this.options.reconcileMs);
    // Webhook deliveries on their own timer: a slow receiver never delays heartbeats.
    this.deliveryTimer = setInterval(() => void this.deliver(), this.options.deliveryMs);
    this.maintenanceTimer.unref();
    this.reconcileTimer.unref();
    this.deliveryTimer.unref();
    return this;
  }

  /** Starts loops for newly configured lists and stops loops for removed ones. */
  reconcile(): void {
    if (this.stopped) return;
    let lists: HumanTaskList[];
    try {
      lists = this.options.lists();
    } catch (e) {
      this.options.log(`inbox: cannot read the human task lists: ${(e as Error).message}`);
      return;
    }
    const wanted = new Map(lists.map((l) => [listKey(l), l]));
    for (const [key, loop] of this.loops) {
      if (!wanted.has(key)) {
        this.loops.delete(key);
        void loop.stop();
        this.options.log(`inbox: stopped polling ${key}`);
      }
    }
    for (const [key, list] of wanted) {
      if (!this.loops.has(key)) {
        this.loops.set(key, new ListLoop(this, list));
        this.options.log(`inbox: polling ${key}`);
      }
    }
  }

  status(): ListStatus[] {
    return [...this.loops.values()].map((l) => ({ ...l.status }));
  }

  isRunning(): boolean {
    return !this.stopped;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.maintenanceTimer);
    clearInterval(this.reconcileTimer);
    clearInterval(this.deliveryTimer);
    const loops = [...this.loops.values()];
    this.loops.clear();
    await Promise.all(loops.map((l) => l.stop(this.options.drainMs)));
  }

  /** Queues the webhook notification of a newly received task (when its list has a hook). */
  notify(id: number): void {
    const task = getTask(this.options.db, id);
    if (!task) return;
    try {
      queueNotification(this.options.db, task, process.env, this.options.now());
    } catch (e) {
      this.options.log(
        `inbox: cannot queue the notification of task ${id}: ${(e as Error).message}`,
      );
    }
  }

  /** One pass of webhook deliveries; passes never overlap. */
  async deliver(): Promise<void> {
    if (this.delivering || this.stopped) return;
    this.delivering = true;
    try {
      await deliverDue(this.options.db, this.options.now);
    } catch (e) {
      this.options.log(`inbox: webhook deliveries failed: ${(e as Error).message}`);
    } finally {
      this.delivering = false;
    }
  }

  /** Reads the task's Scheduled and Started events and stores its deadlines. */
  async loadDetails(id: number): Promise<void> {
    const { db, client, now } = this.options;
    const task = getTask(db, id);
    if (!task || task.detailsLoaded || (task.state !== "pending" && task.state !== "claimed"))
      return;
    try {
      const events: HistoryEvent[] = [];
      let nextPageToken: string | undefined;
      for (let page = 0; page < 50; page++) {
        const out = await client.send(
          new GetWorkflowExecutionHistoryCommand({
            domain: task.domain,
            execution: { workflowId: task.workflowId, runId: task.runId },
            reverseOrder: true,
            maximumPageSize: 200,
            nextPageToken,
          }),
        );
        events.push(...(out.events ?? []));
        const timeouts = timeoutsFromEvents(events, task.startedEventId);
        if (timeouts) {
          setTaskTimeouts(db, id, timeouts, now());
          this.detailsRetryAt.delete(id);
          return;
        }
        nextPageToken = out.nextPageToken;
        if (!nextPageToken) break;
      }
      // The events are not there (should not happen): keep the task, stop looking.
      setTaskTimeouts(
        db,
        id,
        {
          scheduledAt: null,
          heartbeatTimeoutSeconds: null,
          startToCloseDeadline: null,
          scheduleToCloseDeadline: null,
        },
        now(),
      );
    } catch (error) {
      const { body } = toSwfError(error);
      if (body.fault === "UnknownResourceFault") {
        closeTask(db, id, "expired", `the execution is gone: ${body.message}`, now());
      } else {
        this.detailsRetryAt.set(id, now() + 10_000);
      }
    }
  }

  /** One maintenance pass; passes never overlap. */
  async maintain(): Promise<void> {
    if (this.maintaining || this.stopped) return;
    this.maintaining = true;
    try {
      const { db, now, probeMs, staleClaimMs, unknownRecheckMs, client, log } = this.options;
      const t = now();
      const work: Promise<unknown>[] = [];
      for (const task of openTasks(db)) {
        if (task.state === "claimed") {
          const stale = task.decidedAt !== null && t - task.decidedAt > staleClaimMs;
          if ((task.outcomeUnknown || stale) && (this.recheckAt.get(task.id) ?? 0) <= t) {
            this.recheckAt.set(task.id, t + unknownRecheckMs);
            log(
              `inbox: settling the ${stale ? "stale" : "unconfirmed"} decision on task ${task.id}`,
            );
            work.push(settleClaim(db, client, task));
          }
          continue;
        }
        if (!task.detailsLoaded && (this.detailsRetryAt.get(task.id) ?? 0) <= t) {
          this.detailsRetryAt.set(task.id, t + 10_000);
          work.push(this.loadDetails(task.id));
          continue;
        }
        let due = nextHeartbeatAt(task, probeMs);
        if (task.deadline !== null) due = Math.min(due, task.deadline + 1_000);
        due = Math.max(due, this.heartbeatRetryAt.get(task.id) ?? 0);
        if (due <= t && !this.heartbeatInFlight.has(task.id)) work.push(this.heartbeat(task));
      }
      await Promise.allSettled(work);
    } catch (e) {
      this.options.log(`inbox: maintenance failed: ${(e as Error).message}`);
    } finally {
      this.maintaining = false;
    }
  }

  private async heartbeat(task: StoredTask): Promise<void> {
    const { db, client, now } = this.options;
    this.heartbeatInFlight.add(task.id);
    try {
      const out = await client.send(
        new RecordActivityTaskHeartbeatCommand({
          taskToken: task.taskToken,
          details: "waiting for a human decision",
        }),
      );
      recordHeartbeat(db, task.id, now());
      this.heartbeatRetryAt.delete(task.id);
      if (out.cancelRequested) {
        await client
          .send(
            new RespondActivityTaskCanceledCommand({
              taskToken: task.taskToken,
              details: "the workflow canceled this task before anyone decided",
            }),
          )
          .catch(() => undefined);
        closeTask(db, task.id, "canceled", "the workflow requested cancellation", now());
      }
    } catch (error) {
      const { body } = toSwfError(error);
      if (body.fault === "UnknownResourceFault") {
        closeTask(
          db,
          task.id,
          "expired",
          `SWF no longer knows this task (timed out or its execution closed): ${body.message}`,
          now(),
        );
      } else {
        // Transient (endpoint down): try again shortly, without hammering it.
        this.heartbeatRetryAt.set(task.id, now() + 2_000);
      }
    } finally {
      this.heartbeatInFlight.delete(task.id);
    }
  }
}

const KEY = Symbol.for("swf-console.poller");
type Holder = { [KEY]?: HumanTaskPoller };

/** The process's poller, if started. */
export function currentPoller(): HumanTaskPoller | undefined {
  return (globalThis as Holder)[KEY];
}

/** Starts the process's poller once; later calls return the running one. */
export function startPoller(create: () => HumanTaskPoller): HumanTaskPoller {
  const g = globalThis as Holder;
  if (g[KEY]?.isRunning()) return g[KEY];
  g[KEY] = create().start();
  return g[KEY];
}

export async function stopPoller(): Promise<void> {
  const g = globalThis as Holder;
  const poller = g[KEY];
  g[KEY] = undefined;
  await poller?.stop();
}
