import type { SqliteStatement as Statement } from "../../sqlite-driver";
import type { Db } from "./db";

/** Told after each commit: how long COMMIT took (seconds) and how many transactions it carried. */
export type CommitObserver = (seconds: number, transactions: number) => void;

/**
 * Group commit. With `synchronous=FULL` every COMMIT waits for the disk, which would cap the
 * engine at one durable write per fsync. Instead, every transaction that runs in one turn of
 * the event loop becomes a savepoint inside a shared transaction, committed once when the turn
 * ends. Each request stays all-or-nothing (its savepoint), and the server answers only after the
 * commit that holds what it saw (`settled`), so nothing is acknowledged before it is durable.
 * A request that is alone need not wait for the turn to end: `settled(true)` commits at once.
 */
export class GroupCommit {
  private batch?: {
    done: Promise<void>;
    resolve: () => void;
    reject: (e: unknown) => void;
    size: number;
  };
  private observer?: CommitObserver;
  // Prepared once: exec() would parse the SQL again on every batch.
  private readonly begin: Statement;
  private readonly commitStatement: Statement;
  private readonly rollback: Statement;

  constructor(private readonly db: Db) {
    this.begin = db.prepare("BEGIN IMMEDIATE");
    this.commitStatement = db.prepare("COMMIT");
    this.rollback = db.prepare("ROLLBACK");
  }

  /** Runs `fn` as one unit inside the current batch, opening a batch if none is open. */
  run<T>(fn: () => T): T {
    if (!this.batch) this.open();
    this.batch!.size++;
    return this.db.transaction(fn)();
  }

  /**
   * Resolves once everything written so far is committed; rejects if that commit failed.
   * `now`: nobody else can join the batch this turn, so commit it right away.
   */
  settled(now = false): Promise<void> {
    const batch = this.batch;
    if (!batch) return Promise.resolve();
    if (now) this.commit();
    return batch.done;
  }

  /** Commits the open batch now (on shutdown). */
  flush() {
    if (this.batch) this.commit();
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
    const batch = { done, resolve, reject, size: 0 };
    this.batch = batch;
    setImmediate(() => {
      if (this.batch === batch) this.commit();
    });
  }

  private commit() {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    const started = performance.now();
    try {
      this.commitStatement.run();
      batch.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      batch.reject(error);
    }
    this.observer?.((performance.now() - started) / 1000, batch.size);
  }
}
