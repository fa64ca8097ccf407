import { createLogger } from "../log";
import type { Caller, CredentialsConfig, KeyConfig } from "./auth";
import { systemClock, type Clock } from "./clock";
import { closeRun } from "./core/close";
import { HistoryLimitReached } from "./core/run";
import { fireDeadline } from "./core/timeouts";
import { Tx } from "./core/tx";
import { Dispatcher } from "./dispatch";
import { OperationNotPermittedFault, UnknownOperationException } from "./faults";
import { handlers } from "./operations";
import { isOperation, parseInput } from "./schemas";
import { createStore, type Store } from "./store";
import { PageTokens } from "./tokens";

const log = createLogger("engine");

export interface EngineOptions {
  /** SQLite file, or ":memory:". */
  db: string;
  clock?: Clock;
  /** How long an empty long poll waits (SWF: 60 s); 0 answers at once. */
  pollTimeoutSeconds?: number;
  region?: string;
  accountId?: string;
  durability?: "full" | "normal";
  /**
   * Events per history (SWF: 25,000). A run about to exceed it is terminated with cause
   * EVENT_LIMIT_EXCEEDED; the last slot is kept for that event.
   */
  historyEventLimit?: number;
  /** Open (scheduled or started) activity tasks per run (SWF: 1,000). */
  maxOpenActivities?: number;
  /** Open timers per run (SWF: 1,000). */
  maxOpenTimers?: number;
  /** Open child executions per run (SWF: 1,000). */
  maxOpenChildren?: number;
  /** Open executions per domain, children included (SWF: 100,000). */
  maxOpenExecutions?: number;
  /** Registered workflow types, and activity types, per domain, deprecated included (SWF: 10,000 each). */
  maxTypesPerDomain?: number;
  /** Long polls waiting at once on one task list before LimitExceededFault (SWF: 1,000). */
  maxPollersPerTaskList?: number;
  /**
   * Strict SigV4 mode: access key id → secret access key (or `{secret, deny}`, see KeyConfig).
   * When given, every request must carry a valid signature by one of these keys; without it any
   * signature (or none) is accepted.
   */
  credentials?: CredentialsConfig;
}

export interface EngineSettings {
  pollTimeoutMs: number;
  region: string;
  accountId: string;
  historyEventLimit: number;
  maxOpenActivities: number;
  maxOpenTimers: number;
  maxOpenChildren: number;
  maxOpenExecutions: number;
  maxTypesPerDomain: number;
  maxPollersPerTaskList: number;
  credentials?: ReadonlyMap<string, KeyConfig>;
}

export class Engine {
  readonly store: Store;
  readonly clock: Clock;
  readonly dispatcher = new Dispatcher();
  readonly pageTokens: PageTokens;
  readonly settings: EngineSettings;
  private alarm?: { at: number; cancel: () => void };
  private closed = false;

  constructor(options: EngineOptions) {
    if (options.historyEventLimit !== undefined && !(options.historyEventLimit >= 3)) {
      throw new Error("historyEventLimit must be at least 3");
    }
    this.clock = options.clock ?? systemClock;
    this.store = createStore(options.db, { durability: options.durability });
    this.pageTokens = new PageTokens(this.store.secret("page-token-key"), () => this.clock.now());
    this.settings = {
      pollTimeoutMs: (options.pollTimeoutSeconds ?? 60) * 1000,
      region: options.region ?? "us-east-1",
      accountId: options.accountId ?? "123456789012",
      historyEventLimit: options.historyEventLimit ?? 25_000,
      maxOpenActivities: options.maxOpenActivities ?? 1000,
      maxOpenTimers: options.maxOpenTimers ?? 1000,
      maxOpenChildren: options.maxOpenChildren ?? 1000,
      maxOpenExecutions: options.maxOpenExecutions ?? 100_000,
      maxTypesPerDomain: options.maxTypesPerDomain ?? 10_000,
      maxPollersPerTaskList: options.maxPollersPerTaskList ?? 1000,
      credentials: options.credentials
        ? new Map(
            Object.entries(options.credentials).map(([id, k]) => [
              id,
              typeof k === "string" ? { secret: k } : k,
            ]),
          )
        : undefined,
    };
    // Deadlines that passed while the engine was down fire right away.
    this.fireDueDeadlines();
  }

  /** Validates and runs one SWF action; rejects with SwfFault for anything the caller got wrong. */
  async call(
    operation: string,
    body: unknown,
    signal: AbortSignal,
    caller?: Caller,
  ): Promise<unknown> {
    if (!isOperation(operation)) throw UnknownOperationException(`Unknown operation: ${operation}`);
    if (caller?.deny.has(operation)) {
      throw OperationNotPermittedFault(
        `User: ${caller.accessKeyId} is not authorized to perform: swf:${operation}`,
      );
    }
    const input = parseInput(operation, body);
    const handler = handlers[operation] as (
      e: Engine,
      i: unknown,
      s: AbortSignal,
      c?: Caller,
    ) => unknown;
    return handler(this, input, signal, caller);
  }

  /**
   * Runs `fn` in one SQLite transaction. Once it commits, waiting pollers of queues that gained
   * tasks are woken and the deadline alarm is moved earlier if needed.
   */
  transact<T>(fn: (tx: Tx) => T): T {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.transactOnce(fn);
      } catch (error) {
        // Each retry follows the termination of one more full run: bounded by the runs touched.
        if (!(error instanceof HistoryLimitReached) || attempt >= 100) throw error;
        // The whole attempt was rolled back. Close the full run on its own, then retry: the
        // retry sees it closed (a decider's answer is then refused, a signal to it fails).
        this.terminateForEventLimit(error.executionId);
      }
    }
  }

  private terminateForEventLimit(executionId: number) {
    this.transact((tx) => {
      const run = tx.run(executionId);
      if (!run?.isOpen) return;
      closeRun(run, "TERMINATED", "WorkflowExecutionTerminated", {
        childPolicy: run.config.childPolicy,
        cause: "EVENT_LIMIT_EXCEEDED",
      });
    });
  }

  private transactOnce<T>(fn: (tx: Tx) => T): T {
    let tx!: Tx;
    const result = this.store.tx(() => {
      tx = new Tx(this);
      const value = fn(tx);
      tx.flush();
      return value;
    });
    for (const [key, count] of tx.wakes)
      for (let i = 0; i < count; i++) this.dispatcher.notify(key);
    if (tx.earliestDeadline !== undefined) this.armAlarm(tx.earliestDeadline);
    return result;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.alarm?.cancel();
    this.dispatcher.close();
    this.store.close();
  }

  private armAlarm(at: number) {
    if (this.closed || (this.alarm && this.alarm.at <= at)) return;
    this.alarm?.cancel();
    const fire = () => {
      this.alarm = undefined;
      this.fireDueDeadlines();
    };
    if (at <= this.clock.now()) {
      // Already due (a "0" timer, retention 0): fire once this request is answered, on any clock.
      const handle = setImmediate(fire);
      this.alarm = { at, cancel: () => clearImmediate(handle) };
      return;
    }
    this.alarm = { at, cancel: this.clock.setAlarm(at, fire) };
  }

  private fireDueDeadlines() {
    if (this.closed) return;
    for (;;) {
      const due = this.store.deadlines.due(this.clock.now(), 100);
      for (const deadline of due) {
        try {
          this.transact((tx) => fireDeadline(tx, deadline));
        } catch (error) {
          // An engine bug must not take the process down from a timer, nor loop after a restart:
          // report it and drop the deadline.
          log.error(
            { err: error, kind: deadline.kind, executionId: deadline.execution_id },
            "deadline failed and was dropped",
          );
          this.store.deadlines.remove(deadline.execution_id, deadline.kind, deadline.ref);
        }
      }
      if (due.length < 100) break;
    }
    const next = this.store.deadlines.earliest();
    if (next !== undefined) this.armAlarm(next);
  }
}
