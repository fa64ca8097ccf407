import type { SqliteStatement as Statement } from "../../sqlite-driver";
import type { Db } from "./db";

/**
 * Told after each commit: how long it took (seconds, COMMIT and its sync), how many transactions
 * it carried and whether it synced the log.
 */
export type CommitObserver = (seconds: number, transactions: number, synced: boolean) => void;

/** Makes every commit so far durable (see LogSync); throws if the disk refused. */
export interface Sync {
  now(): void;
}

interface Batch {
  done: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
  size: number;
  /** Some unit in it must be on disk before anyone is answered. */
  durable: boolean;
}

/**
 * Group commit. Making a commit durable waits for the disk, which would cap the engine at one
 * durable write per flush. Instead, every transaction that runs in one turn of the event loop
 * becomes a savepoint inside a shared transaction, committed once when the turn ends. Each
 * request stays all-or-nothing (its savepoint), and the server answers only after the commit
 * that holds what it saw (`settled`), so nothing is acknowledged before it is durable.
 * A request that is alone need not wait for the turn to end: `settled(true)` commits at once.
 *
 * With a `sync` (full durability) COMMIT only writes the log, and the sync after it makes the
 * batch durable. A batch whose units all said `durable: false` skips its sync: it becomes
 * durable with the next one, the log being append-only. A failed sync leaves the engine unable
 * to promise anything: every later `settled` rejects.
 */
export class GroupCommit {
  private batch?: Batch;
  /** Commits in the log that no sync has covered yet. */
  private unsynced = false;
  private failure?: unknown;
  private observer?: CommitObserver;
  private batchLost?: () => void;
  private foreignWrite?: () => void;
  /** SQLite's count of commits by other connections, as of this connection's last batch. */
  private dataVersion?: number;
  // Prepared once: exec() would parse the SQL again on every batch.
  private readonly begin: Statement;
  private readonly commitStatement: Statement;
  private readonly rollback: Statement;
  private readonly version: Statement<[], number>;

  constructor(
    private readonly db: Db,
    private readonly sync?: Sync,
  ) {
    this.begin = db.prepare("BEGIN IMMEDIATE");
    this.commitStatement = db.prepare("COMMIT");
    this.rollback = db.prepare("ROLLBACK");
    this.version = db.prepare<[], number>("PRAGMA data_version").pluck();
  }

  /**
   * Runs `fn` as one unit inside the current batch, opening a batch if none is open.
   * `durable: false`: its answer may go out before it is on disk (see settled).
   */
  run<T>(fn: () => T, durable = true): T {
    const open = this.batch;
    if (open) {
      open.size++;
      open.durable ||= durable;
      return this.db.transaction(fn)();
    }
    // The first unit of a batch needs no savepoint: if it fails, rolling back the whole batch
    // takes exactly its writes. A savepoint would copy every page the unit touches into a
    // sub-journal first, and a lone client's every request is such a first unit.
    const batch = this.open(durable);
    try {
      return fn();
    } catch (error) {
      this.abandon(batch);
      throw error;
    }
  }

  /**
   * Resolves once everything written so far is committed, and durable unless every unit of its
   * batch said otherwise; rejects if that failed.
   * `now`: nobody else can join the batch this turn, so commit it right away.
   */
  settled(now = false): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const batch = this.batch;
    if (!batch) return Promise.resolve();
    if (now) this.commit();
    return batch.done;
  }

  /** Commits the open batch and makes everything durable now (on shutdown). */
  flush() {
    this.commit();
    if (this.unsynced && this.failure === undefined) this.syncNow();
  }

  observe(observer: CommitObserver) {
    this.observer = observer;
  }

  /**
   * Told when a batch opens on a database that another connection wrote to since this one's last
   * batch (another engine on the same file, during a restart that overlaps the old process).
   */
  onForeignWrite(listener: () => void) {
    this.foreignWrite = listener;
  }

  /** Told when a batch's COMMIT failed and every unit in it was rolled back. */
  onBatchLost(listener: () => void) {
    this.batchLost = listener;
  }

  private open(durable: boolean): Batch {
    this.begin.run();
    // Read under the write lock, so that nobody else can commit before this batch does.
    const version = this.version.get()!;
    if (this.dataVersion !== undefined && version !== this.dataVersion) this.foreignWrite?.();
    this.dataVersion = version;
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    done.catch(() => {}); // a failed commit is reported to the waiting requests, not as unhandled
    const batch: Batch = { done, resolve, reject, size: 1, durable };
    this.batch = batch;
    setImmediate(() => {
      if (this.batch === batch) this.commit();
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

  private commit() {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    const started = performance.now();
    let synced = false;
    try {
      if (this.failure !== undefined) throw this.failure;
      this.commitStatement.run();
      this.unsynced = true;
      if (batch.durable) synced = this.syncNow();
      batch.resolve();
    } catch (error) {
      if (this.db.inTransaction) {
        this.rollback.run();
        this.batchLost?.();
      }
      batch.reject(error);
    }
    this.observer?.((performance.now() - started) / 1000, batch.size, synced);
  }

  /** Syncs the log if there is a sync; true if it did. */
  private syncNow(): boolean {
    if (!this.sync) return false;
    try {
      this.sync.now();
    } catch (error) {
      // After a failed flush the kernel may have dropped the pages it could not write: nothing
      // committed since the last good sync can be promised, now or later.
      this.failure = error;
      throw error;
    }
    this.unsynced = false;
    return true;
  }
}
