import { Worker } from "node:worker_threads";
import { createLogger } from "../../log";
import { DRIVER_MODULE } from "../../sqlite-driver";
import type { Db } from "./db";

const log = createLogger("engine");

/** Commits between two checkpoints asked of the worker (each commit adds some 7–13 pages). */
const COMMITS_PER_CHECKPOINT = 64;
/**
 * Pages the write-ahead log may reach before a commit checkpoints on the main thread after all;
 * by then the worker has copied most of them. Under steady writes the worker never catches up
 * with the very end of the log, and only a checkpoint by the writer lets the log restart from its
 * beginning: a longer log would make every page read search more of its index.
 */
export const FALLBACK_PAGES = 2_000;
/** The most `close` waits for the worker to close its connection. */
const CLOSE_WAIT_MS = 5_000;

/** Slots of the state shared with the worker: it is read without waiting for the event loop. */
const CLOSED = 0;
const BUSY = 1;

// Plain JavaScript, so that it runs the same under node, tsx and vitest.
const WORKER_SOURCE = `
const CLOSED = ${CLOSED};
const BUSY = ${BUSY};
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("synchronous = " + workerData.synchronous);
db.pragma("busy_timeout = 5000");
const state = new Int32Array(workerData.state);
parentPort.on("message", (message) => {
  if (message === "close") {
    try { db.close(); } finally {
      Atomics.store(state, CLOSED, 1);
      Atomics.notify(state, CLOSED);
      parentPort.close();
    }
    return;
  }
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage(String((error && error.message) || error));
  } finally {
    Atomics.store(state, BUSY, 0);
  }
});
`;

/**
 * WAL checkpoints on a thread of their own. A checkpoint copies the log's pages into the
 * database file and syncs it; run by SQLite itself it would happen inside whichever commit
 * crossed the threshold, holding that request (and every other, the engine being single-
 * threaded) for milliseconds. Here a second connection in a worker thread does it while the
 * main thread goes on answering; the log restarts from its beginning once a checkpoint has
 * caught up, so it stays small and is overwritten in place.
 *
 * Durability does not depend on it: a commit is durable once in the log (synced per commit with
 * synchronous=FULL). Should the worker fail, SQLite's own checkpoints on the main connection
 * take over, as before.
 */
export class Checkpointer {
  private worker?: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private commits = 0;

  constructor(
    private readonly db: Db,
    path: string,
    synchronous: "FULL" | "NORMAL",
  ) {
    if (path === ":memory:") return;
    try {
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          driver: require.resolve(DRIVER_MODULE),
          path,
          synchronous,
          state: this.state.buffer,
        },
      });
    } catch (error) {
      log.warn({ err: error }, "checkpoints stay on the main thread: no worker thread");
      return;
    }
    this.worker.unref();
    this.worker.on("message", (reason: string) =>
      log.warn({ reason }, "checkpoint failed; the next one retries"),
    );
    this.worker.on("error", (error) => {
      log.error({ err: error }, "checkpoint worker failed: checkpoints back on the main thread");
      this.stop();
    });
    db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  }

  /** Told after every commit: now and then, asks the worker for a checkpoint. */
  committed() {
    if (!this.worker || ++this.commits < COMMITS_PER_CHECKPOINT) return;
    if (Atomics.load(this.state, BUSY) === 1) return;
    this.commits = 0;
    Atomics.store(this.state, BUSY, 1);
    this.worker.postMessage("checkpoint");
  }

  /**
   * Closes the worker's connection and waits for it, so that the main connection closes last
   * (and, as the last one, checkpoints and removes the log as usual).
   */
  close() {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.postMessage("close");
    Atomics.wait(this.state, CLOSED, 0, CLOSE_WAIT_MS);
  }

  private stop() {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.db.open) this.db.pragma("wal_autocheckpoint = 1000");
  }
}
