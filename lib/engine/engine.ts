import { systemClock, type Clock } from "./clock";
import { fireDeadline } from "./core/timeouts";
import { Tx } from "./core/tx";
import { Dispatcher } from "./dispatch";
import { UnknownOperationException } from "./faults";
import { handlers } from "./operations";
import { isOperation, parseInput } from "./schemas";
import { createStore, type Store } from "./store";
import { PageTokens } from "./tokens";

export interface EngineOptions {
  /** SQLite file, or ":memory:". */
  db: string;
  clock?: Clock;
  /** How long an empty long poll waits (SWF: 60 s); 0 answers at once. */
  pollTimeoutSeconds?: number;
  region?: string;
  accountId?: string;
  durability?: "full" | "normal";
}

export interface EngineSettings {
  pollTimeoutMs: number;
  region: string;
  accountId: string;
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
    this.clock = options.clock ?? systemClock;
    this.store = createStore(options.db, { durability: options.durability });
    this.pageTokens = new PageTokens(this.store.secret("page-token-key"), () => this.clock.now());
    this.settings = {
      pollTimeoutMs: (options.pollTimeoutSeconds ?? 60) * 1000,
      region: options.region ?? "us-east-1",
      accountId: options.accountId ?? "123456789012",
    };
    // Deadlines that passed while the engine was down fire right away.
    this.fireDueDeadlines();
  }

  /** Validates and runs one SWF action; rejects with SwfFault for anything the caller got wrong. */
  async call(operation: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    if (!isOperation(operation)) throw UnknownOperationException(`Unknown operation: ${operation}`);
    const input = parseInput(operation, body);
    const handler = handlers[operation] as (e: Engine, i: unknown, s: AbortSignal) => unknown;
    return handler(this, input, signal);
  }

  /**
   * Runs `fn` in one SQLite transaction. Once it commits, waiting pollers of queues that gained
   * tasks are woken and the deadline alarm is moved earlier if needed.
   */
  transact<T>(fn: (tx: Tx) => T): T {
    let tx!: Tx;
    const result = this.store.tx(() => {
      tx = new Tx(this);
      const value = fn(tx);
      tx.flush();
      return value;
    });
    for (const [key, count] of tx.wakes) for (let i = 0; i < count; i++) this.dispatcher.notify(key);
    if (tx.earliestDeadline !== undefined) this.armAlarm(tx.earliestDeadline);
    return result;
  }

  close() {
    this.closed = true;
    this.alarm?.cancel();
    this.store.close();
  }

  private armAlarm(at: number) {
    if (this.closed || (this.alarm && this.alarm.at <= at)) return;
    this.alarm?.cancel();
    this.alarm = {
      at,
      cancel: this.clock.setAlarm(at, () => {
        this.alarm = undefined;
        this.fireDueDeadlines();
      }),
    };
  }

  private fireDueDeadlines() {
    if (this.closed) return;
    for (;;) {
      const due = this.store.deadlines.due(this.clock.now(), 100);
      for (const deadline of due) this.transact((tx) => fireDeadline(tx, deadline));
      if (due.length < 100) break;
    }
    const next = this.store.deadlines.earliest();
    if (next !== undefined) this.armAlarm(next);
  }
}
