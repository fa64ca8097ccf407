import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";

/** Makes what has been committed to the write-ahead log durable (see GroupCommit). */
export interface LogSync {
  /** Flushes the log to disk now, on this thread; throws if the disk refused. */
  now(): void;
  /** Flushes the log to disk on another thread; `done` gets the error if the disk refused. */
  later(done: (error: Error | null) => void): void;
  close(): void;
}

/**
 * The engine's own sync of the SQLite write-ahead log: `fdatasync` of the `-wal` file through a
 * descriptor of its own (Linux flushes a file's data whichever descriptor asks).
 *
 * SQLite as built here syncs with `fsync`, which on ext4 also commits the file-system journal
 * whenever the file's modification time moved, i.e. on almost every commit, and waits for
 * whatever else is in that journal transaction. `fdatasync` flushes the log's pages (and its size
 * when it grew) only. The connection therefore runs with synchronous=NORMAL (the log is synced
 * before each checkpoint and when it restarts, commits are whole or absent after a crash) and
 * the group commit calls this after each COMMIT, answering nobody before it returns: every
 * acknowledged change is on disk, as with synchronous=FULL.
 */
export class WalSync implements LogSync {
  private fd?: number;
  private inFlight = 0;
  private closing = false;

  constructor(private readonly path: string) {}

  now() {
    fdatasyncSync(this.descriptor());
  }

  later(done: (error: Error | null) => void) {
    let fd: number;
    try {
      fd = this.descriptor();
    } catch (error) {
      return done(error as Error);
    }
    this.inFlight++;
    fdatasync(fd, (error) => {
      if (--this.inFlight === 0 && this.closing) this.release();
      done(error);
    });
  }

  /** Closes the descriptor, once no sync on another thread still uses it. */
  close() {
    this.closing = true;
    if (this.inFlight === 0) this.release();
  }

  private descriptor(): number {
    if (this.fd === undefined) {
      // Opened at the first commit, when the log surely exists. It may have been created just
      // now: its directory entry is made durable once, as SQLite does for a new log.
      this.fd = openSync(`${this.path}-wal`, "r");
      const dir = openSync(dirname(this.path), "r");
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return this.fd;
  }

  private release() {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
