import type { Db } from "./db";

/**
 * Group commit. With `synchronous=FULL` every COMMIT waits for the disk, which would cap the
 * engine at one durable write per fsync. Instead, every transaction that runs in one turn of
 * the event loop becomes a savepoint inside a shared transaction, committed once when the turn
 * ends. Each request stays all-or-nothing (its savepoint), and the server answers only after the
 * commit that holds what it saw (`settled`), so nothing is acknowledged before it is durable.
 */
export class GroupCommit {
  private batch?: { done: Promise<void>; resolve: () => void; reject: (e: unknown) => void };

  constructor(private readonly db: Db) {}

  /** Runs `fn` as one unit inside the current batch, opening a batch if none is open. */
  run<T>(fn: () => T): T {
    if (!this.batch) this.open();
    return this.db.transaction(fn)();
  }

  /** Resolves once everything written so far is committed; rejects if that commit failed. */
  settled(): Promise<void> {
    return this.batch?.done ?? Promise.resolve();
  }

  /** Commits the open batch now (on shutdown). */
  flush() {
    if (this.batch) this.commit();
  }

  private open() {
    this.db.exec("BEGIN IMMEDIATE");
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    done.catch(() => {}); // a failed commit is reported to the waiting requests, not as unhandled
    this.batch = { done, resolve, reject };
    setImmediate(() => this.commit());
  }

  private commit() {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    try {
      this.db.exec("COMMIT");
      batch.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      batch.reject(error);
    }
  }
}
