import { closeSync, fdatasyncSync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Makes what has been committed to SQLite's write-ahead log durable: `fdatasync` of the `-wal`
 * file through a descriptor of its own (the kernel flushes a file's pages whichever descriptor
 * asks). The connection runs with synchronous=NORMAL, which in WAL mode keeps every commit whole
 * or absent after a crash but does not wait for the disk; the group commit calls `now()` after
 * a COMMIT that must be durable, exactly where synchronous=FULL would have synced. Because the
 * log is append-only until a checkpoint (which SQLite syncs itself), one sync makes every
 * earlier commit durable too.
 */
export class LogSync {
  private fd?: number;

  constructor(private readonly path: string) {}

  /** Flushes the log now; throws if the disk refused. */
  now() {
    fdatasyncSync(this.descriptor());
  }

  close() {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
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
}
