/**
 * The human-task poller: one long-poll loop (PollForActivityTask) per configured human task list,
 * plus a maintenance loop that loads each task's deadlines from its history, heartbeats tasks
 * whose type has a heartbeat timeout, probes the others now and then, and marks tasks expired when
 * SWF no longer knows their token. One poller per process (kept on `globalThis`), at most one loop
 * per list; errors back off exponentially; `stop()` drains, then aborts the long polls.
 *
 * Several console processes may share one database: each list is then polled and maintained by
 * one process only, the holder of the list's lease (poller-lease.ts). Every process tries to take
 * or renew the lease of each configured list — and of each list that still has open tasks, so
 * that their heartbeats and expiry go on — every `renewMs`; a list whose lease another process
 * holds is on standby here. A graceful stop releases the leases; a dead process's leases expire
 * after `leaseMs` and another process takes them over. Webhook deliveries are claimed one by one
 * (inbox-hooks.ts), so any process may send them.
 */
import {
  CountPendingActivityTasksCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCanceledCommand,
} from "@aws-sdk/client-swf";
import { randomBytes } from "node:crypto";
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
  listsWithOpenTasks,
  nextHeartbeatAt,
  openTasks,
  recordHeartbeat,
  setTaskTimeouts,
  type StoredTask,
} from "./inbox-store";
import { explainExpiry, goneReason, readNewestFirst } from "./inbox-expiry";
import { deliverDue, queueNotification } from "./inbox-hooks";
import { sealStoredTokens } from "./inbox-token";
import { leaseHolder, releaseLease, takeLease } from "./poller-lease";
import { timeoutsFromEvents } from "./task-timeouts";

export interface PollerOptions {
  db: Db;
  client: SwfSender;
  /** The lists to serve; re-read on every reconcile (settings may change). */
  lists: () => HumanTaskList[] | Promise<HumanTaskList[]>;
  /** The identity SWF records on the tasks this poller receives. */
  identity?: string;
  /** This poller's name in the lease table (default: its identity and a random suffix). */
  holder?: string;
  /** How long a list's lease lasts unless renewed (ms). */
  leaseMs?: number;
  /**
   * How often the lists are re-read and the leases renewed or tried (ms); default a third of
   * `leaseMs`, so that a lease is renewed twice before it could expire.
   */
  renewMs?: number;
  log?: (line: string) => void;
  now?: () => number;
  /** How often tasks without a heartbeat timeout are probed (ms). */
  probeMs?: number;
  maintenanceMs?: number;
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
  /** standby: another console process holds the list's lease and polls it. */
  state: "polling" | "backoff" | "standby" | "stopped";
  /** Who holds the list's lease (this poller's `holder` while it polls), if anyone. */
  holder: string | null;
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
      holder: poller.options.holder,
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

  /**
   * After a failed poll: one quick call (SWF answers it at once) so that the list's error clears
   * as soon as SWF answers again — a long poll only returns when a task comes or after a minute,
   * and until then the status would go on showing an error that is over. If this call fails too
   * (or is not allowed), the long poll that follows says what is wrong.
   */
  private async confirmReachable(): Promise<void> {
    const { client } = this.poller.options;
    try {
      await client.send(
        new CountPendingActivityTasksCommand({
          domain: this.list.domain,
          taskList: { name: this.list.taskList },
        }),
        { abortSignal: this.abort.signal },
      );
      // The back-off count stays until a poll itself succeeds: a list SWF answers but will not
      // let this console poll (say, a missing permission) must not be retried ever faster.
      this.status.lastError = null;
    } catch {
      // Left to the long poll.
    }
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
        if (this.status.lastError !== null) await this.confirmReachable();
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
          const { id, inserted } = await insertReceivedTask(
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
              .then(() => this.poller.notify(id));
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
  /** The configured lists, as last read. */
  private configured = new Map<string, HumanTaskList>();
  /** Lists whose lease this poller holds: it polls them (when configured) and maintains them. */
  private readonly held = new Set<string>();
  /** Configured lists whose lease another process holds. */
  private readonly standby = new Map<string, ListStatus>();
  private reconciling: Promise<void> = Promise.resolve();
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private deliveryTimer: NodeJS.Timeout | undefined;
  private delivering = false;
  private maintaining = false;
  private stopped = false;
  /** Tasks whose details failed to load: not before this time again. */
  private readonly detailsRetryAt = new Map<number, number>();
  private readonly heartbeatInFlight = new Set<number>();
  private readonly heartbeatRetryAt = new Map<number, number>();

  constructor(options: PollerOptions) {
    const identity = options.identity ?? `swf-console@${hostname()}:${process.pid}`;
    const leaseMs = options.leaseMs ?? 30_000;
    this.options = {
      log: (line) => console.log(line),
      now: Date.now,
      probeMs: 15_000,
      maintenanceMs: 500,
      staleClaimMs: STALE_CLAIM_MS,
      unknownRecheckMs: 5_000,
      deliveryMs: 1_000,
      drainMs: 2_000,
      ...options,
      identity,
      holder: options.holder ?? `${identity}/${randomBytes(4).toString("hex")}`,
      leaseMs,
      renewMs: options.renewMs ?? Math.floor(leaseMs / 3),
      backoff: options.backoff ?? { initialMs: 500, maxMs: 15_000, unknownDomainMaxMs: 5_000 },
    };
  }

  /** Tasks whose unknown outcome was last checked: not again before this time. */
  private readonly recheckAt = new Map<number, number>();

  start(): this {
    const { db, log, maintenanceMs, renewMs, deliveryMs } = this.options;
    this.reconciling = sealStoredTokens(db)
      .then(
        () => undefined,
        (e) => log(`inbox: cannot seal stored task tokens: ${(e as Error).message}`),
      )
      .then(() => this.reconcileOnce())
      .catch((e) => log(`inbox: reconciling the lists failed: ${(e as Error).message}`));
    this.maintenanceTimer = setInterval(() => void this.maintain(), maintenanceMs);
    this.renewTimer = setInterval(() => void this.reconcile(), renewMs);
    // Webhook deliveries on their own timer: a slow receiver never delays heartbeats.
    this.deliveryTimer = setInterval(() => void this.deliver(), deliveryMs);
    this.maintenanceTimer.unref();
    this.renewTimer.unref();
    this.deliveryTimer.unref();
    return this;
  }

  /**
   * Re-reads the configured lists, renews or tries the leases of the lists this poller serves,
   * and starts or stops loops to match. Passes never overlap; the promise settles after this one
   * (it never rejects: failures are logged).
   */
  reconcile(): Promise<void> {
    this.reconciling = this.reconciling
      .then(() => this.reconcileOnce())
      .catch((e) =>
        this.options.log(`inbox: reconciling the lists failed: ${(e as Error).message}`),
      );
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    if (this.stopped) return;
    const { db, log, holder, leaseMs, now } = this.options;
    try {
      const lists = await this.options.lists();
      this.configured = new Map(lists.map((l) => [listKey(l), l]));
    } catch (e) {
      // Keep serving the lists last read.
      log(`inbox: cannot read the human task lists: ${(e as Error).message}`);
    }
    let withTasks: HumanTaskList[] = [];
    try {
      withTasks = await listsWithOpenTasks(db);
    } catch (e) {
      log(`inbox: cannot read the lists with open tasks: ${(e as Error).message}`);
    }
    const wanted = new Map([...withTasks.map((l) => [listKey(l), l] as const), ...this.configured]);
    for (const [key, loop] of this.loops) {
      if (!this.configured.has(key)) {
        this.loops.delete(key);
        void loop.stop();
        log(`inbox: stopped polling ${key}`);
      }
    }
    for (const key of this.standby.keys()) if (!this.configured.has(key)) this.standby.delete(key);
    for (const key of new Set([...wanted.keys(), ...this.held])) {
      if (this.stopped) return;
      const list = wanted.get(key);
      if (!list) {
        // Neither configured nor with open tasks: nothing left to serve.
        this.held.delete(key);
        await releaseLease(db, key, holder).catch(() => false);
        continue;
      }
      let mine = false;
      let other: string | null = null;
      let failure: string | null = null;
      try {
        mine = await takeLease(db, key, holder, leaseMs, now());
        if (!mine) other = (await leaseHolder(db, key))?.holder ?? null;
      } catch (e) {
        // Unsure whether the lease is still ours: stand back rather than poll twice (and a
        // database that does not answer could not store what a poll receives anyway).
        failure = `cannot take the poller lease: ${(e as Error).message}`;
        log(`inbox: ${key}: ${failure}`);
      }
      if (this.stopped) return;
      if (mine) this.held.add(key);
      else this.held.delete(key);
      if (!this.configured.has(key)) continue;
      const loop = this.loops.get(key);
      if (mine) {
        this.standby.delete(key);
        if (!loop) {
          this.loops.set(key, new ListLoop(this, list));
          log(`inbox: polling ${key}`);
        }
        continue;
      }
      if (loop) {
        this.loops.delete(key);
        void loop.stop(this.options.drainMs);
        log(
          `inbox: stopped polling ${key}: ${failure ?? `${other ?? "another console"} holds its lease`}`,
        );
      }
      this.standby.set(key, standbyStatus(list, other, failure));
    }
  }

  /** Each configured list's poller: polling or backing off here, or on standby. */
  status(): ListStatus[] {
    const out: ListStatus[] = [];
    for (const key of this.configured.keys()) {
      const s = this.loops.get(key)?.status ?? this.standby.get(key);
      if (s) out.push({ ...s });
    }
    return out;
  }

  /** Does this poller hold the lease of `list` (and so poll and maintain it)? */
  holds(list: HumanTaskList): boolean {
    return this.held.has(listKey(list));
  }

  isRunning(): boolean {
    return !this.stopped;
  }

  /**
   * Stops polling: polls in flight may still deliver for `drainMs`, then the leases are released
   * so that another console takes the lists over at once. `release: false` leaves them to expire,
   * as a process that died would.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.maintenanceTimer);
    clearInterval(this.renewTimer);
    clearInterval(this.deliveryTimer);
    const loops = [...this.loops.values()];
    this.loops.clear();
    this.standby.clear();
    this.configured = new Map();
    await Promise.all(loops.map((l) => l.stop(this.options.drainMs)));
    await this.reconciling;
    const { db, holder, log } = this.options;
    if (options.release !== false) {
      for (const key of this.held) {
        await releaseLease(db, key, holder).catch((e: Error) =>
          log(`inbox: cannot release the poller lease of ${key}: ${e.message}`),
        );
      }
    }
    this.held.clear();
  }

  /** Queues the webhook notification of a newly received task (when its list has a hook). */
  async notify(id: number): Promise<void> {
    try {
      const task = await getTask(this.options.db, id);
      if (task) await queueNotification(this.options.db, task, process.env, this.options.now());
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
    const task = await getTask(db, id);
    if (!task || task.detailsLoaded || (task.state !== "pending" && task.state !== "claimed"))
      return;
    try {
      const events = await readNewestFirst(
        client,
        task,
        (read) => timeoutsFromEvents(read, task.startedEventId) !== undefined,
        { maxPages: 50, pageSize: 200 },
      );
      const timeouts = timeoutsFromEvents(events, task.startedEventId);
      if (timeouts) {
        await setTaskTimeouts(db, id, timeouts, now());
        this.detailsRetryAt.delete(id);
        return;
      }
      // The events are not there (should not happen): keep the task, stop looking.
      await setTaskTimeouts(
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
        await closeTask(db, id, "expired", goneReason(body.message), now(), {
          pendingOnly: true,
        });
      } else {
        this.detailsRetryAt.set(id, now() + 10_000);
      }
    }
  }

  /** One maintenance pass over the open tasks of the lists whose lease this poller holds. */
  async maintain(): Promise<void> {
    if (this.maintaining || this.stopped) return;
    this.maintaining = true;
    try {
      const { db, now, probeMs, staleClaimMs, unknownRecheckMs, client, log } = this.options;
      const t = now();
      const work: Promise<unknown>[] = [];
      for (const task of await openTasks(db)) {
        if (!this.holds(task)) continue;
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
      await recordHeartbeat(db, task.id, now());
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
        await closeTask(db, task.id, "canceled", "the workflow requested cancellation", now(), {
          pendingOnly: true,
        });
      }
    } catch (error) {
      const { body } = toSwfError(error);
      if (body.fault === "UnknownResourceFault") {
        // SWF's refusal says only that the token is unknown; its history says what happened.
        const expiry = await explainExpiry(client, task, body.message);
        await closeTask(db, task.id, expiry.state, expiry.reason, now(), { pendingOnly: true });
      } else {
        // Transient (endpoint down): try again shortly, without hammering it.
        this.heartbeatRetryAt.set(task.id, now() + 2_000);
      }
    } finally {
      this.heartbeatInFlight.delete(task.id);
    }
  }
}

/** A configured list another console process polls (it holds the lease), or none can be taken. */
function standbyStatus(
  list: HumanTaskList,
  holder: string | null,
  error: string | null,
): ListStatus {
  return {
    domain: list.domain,
    taskList: list.taskList,
    state: "standby",
    holder,
    lastPollAt: null,
    lastTaskAt: null,
    tasksReceived: 0,
    consecutiveErrors: error ? 1 : 0,
    lastError: error,
    retryAt: null,
  };
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
