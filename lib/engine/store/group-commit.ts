import type { SqliteStatement as Statement } from "../../sqlite-driver";
import type { Db } from "./db";
import type { LogSync } from "./wal-sync";

/** Told after each commit: how long COMMIT took (seconds) and how many transactions it carried. */
export type CommitObserver = (seconds: number, transactions: number) => void;

/**
 * Group commit. Making a commit durable waits for the disk, which would cap the engine at one
 * durable write per flush. Instead, every transaction that runs in one turn of the event loop
 * becomes a savepoint inside a shared transaction, committed once when the turn ends. Each
 * request stays all-or-nothing (its savepoint), and the server answers only after the commit
 * that holds what it saw is durable (`settled`), so nothing is acknowledged before that.
 * A request that is alone need not wait for the turn to end: `settled(true)` commits at once.
 *
 * With a `LogSync` (durable mode) COMMIT only writes the log and the sync makes it durable: at
 * once on this thread for a lone request, otherwise on another thread while the engine goes on
 * serving, so that the next batch fills while the disk flushes the previous one. A sync that
 * fails leaves the engine unable to promise anything: every later `settled` rejects.
 */
interface Batch {
  done: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
  size: number;
  /** When its COMMIT began (performance.now), for the observer. */
  started: number;
}

export class GroupCommit {
  private batch?: Batch;
  /** Committed batches waiting for a sync that has not started yet. */
  private unsynced: Batch[] = [];
  /** A sync runs on another thread. */
  private syncing = false;
  /** The latest committed batch not yet durable. */
  private latest?: Batch;
  /** A sync failed: nothing may be acknowledged any more. */
  private failure?: unknown;
  private observer?: CommitObserver;
  // Prepared once: exec() would parse the SQL again on every batch.
  private readonly begin: Statement;
  private readonly commitStatement: Statement;
  private readonly rollback: Statement;

  /**
   * `sync`: makes each commit durable (none: commits are as durable as the connection makes
   * them). `committed`: told after each successful commit (the checkpointer counts them).
   */
  constructor(
    private readonly db: Db,
    private readonly options: { sync?: LogSync; committed?: () => void } = {},
  ) {
    this.begin = db.prepare("BEGIN IMMEDIATE");
    this.commitStatement = db.prepare("COMMIT");
    this.rollback = db.prepare("ROLLBACK");
  }

  /** Runs `fn` as one unit inside the current batch, opening a batch if none is open. */
  run<T>(fn: () => T): T {
    if (this.batch) {
      this.batch.size++;
      return this.db.transaction(fn)();
    }
    // The first unit of a batch needs no savepoint: if it fails, rolling back the whole batch
    // takes exactly its writes. A savepoint would copy every page the unit touches into a
    // sub-journal first, and a lone client's every request is such a first unit.
    const batch = this.open();
    batch.size++;
    try {
      return fn();
    } catch (error) {
      this.abandon(batch);
      throw error;
    }
  }

  /**
   * Resolves once everything written so far is committed and durable; rejects if that failed.
   * `now`: nobody else can join the batch this turn, so commit it right away.
   */
  settled(now = false): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const batch = this.batch;
    if (!batch) return this.latest?.done ?? Promise.resolve();
    if (now) this.commit("inline");
    return batch.done;
  }

  /** Commits the open batch and makes everything durable now (on shutdown). */
  flush() {
    if (this.batch) this.commit("shutdown");
    const waiting = this.unsynced.splice(0);
    if (waiting.length === 0 && !this.syncing) return;
    try {
      this.options.sync?.now();
      waiting.forEach((b) => this.durable(b));
    } catch (error) {
      this.fail(error, waiting);
    }
  }

  observe(observer: CommitObserver) {
    this.observer = observer;
  }

  private open() {
    this.begin.run();
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    done.catch(() => {}); // a failed commit is reported to the waiting requests, not as unhandled
    const batch: Batch = { done, resolve, reject, size: 0, started: 0 };
    this.batch = batch;
    setImmediate(() => {
      if (this.batch === batch) this.commit("turn");
    });
    return batch;
  }

  /** Rolls back a batch that only its failed first unit wrote to. */
  private abandon(batch: Batch) {
    if (this.batch !== batch) return;
    this.batch = undefined;
    if (this.db.inTransaction) this.rollback.run();
    // Nobody waits on it: its only unit ran synchronously from its opening and failed.
    batch.resolve();
  }

  /**
   * `turn`: the event-loop turn ended. `inline`: a lone request waits, so sync on this thread
   * rather than hop to another. While a flush runs the batch stays open (except on shutdown)
   * and is committed when the flush ends: each COMMIT writes every page it touched again, so
   * few large batches write less than many small ones.
   */
  private commit(mode: "turn" | "inline" | "shutdown") {
    const batch = this.batch;
    if (!batch) return;
    if (this.syncing && mode !== "shutdown") return;
    this.batch = undefined;
    const inline = mode !== "turn";
    batch.started = performance.now();
    try {
      this.commitStatement.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      batch.reject(error);
      this.report(batch);
      return;
    }
    this.options.committed?.();
    const sync = this.options.sync;
    if (!sync) return this.durable(batch);
    if (this.failure !== undefined) {
      batch.reject(this.failure);
      return this.report(batch);
    }
    if (inline && !this.syncing) {
      // Nothing else awaits a sync (one would be running), so this one covers all.
      try {
        sync.now();
        this.durable(batch);
      } catch (error) {
        this.fail(error, [batch]);
      }
      return;
    }
    this.unsynced.push(batch);
    this.latest = batch;
    this.syncLater();
  }

  private syncLater() {
    if (this.syncing || this.unsynced.length === 0 || this.failure !== undefined) return;
    this.syncing = true;
    const covered = this.unsynced.splice(0);
    this.options.sync!.later((error) => {
      this.syncing = false;
      if (error) this.fail(error, covered);
      else covered.forEach((b) => this.durable(b));
      // The batch that filled during the flush (after a failure: to end its transaction).
      this.commit("turn");
      this.syncLater();
    });
  }

  private durable(batch: Batch) {
    if (this.latest === batch) this.latest = undefined;
    batch.resolve();
    this.report(batch);
  }

  private fail(error: unknown, batches: Batch[]) {
    this.failure = error;
    for (const b of [...batches, ...this.unsynced.splice(0)]) {
      b.reject(error);
      this.report(b);
    }
    this.latest = undefined;
  }

  private report(batch: Batch) {
    this.observer?.((performance.now() - batch.started) / 1000, batch.size);
  }
}
