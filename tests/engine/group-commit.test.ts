/**
 * Group commit (lib/engine/store/group-commit.ts) on a real SQLite file, watched through a second
 * connection: what a unit wrote is invisible to others until its batch commits, settled() resolves
 * only after that commit, a failing unit takes only its own writes with it, and a failed COMMIT
 * (a deferred foreign key, checked by SQLite only at COMMIT) rejects settled() and leaves nothing
 * of the batch behind.
 */
import { DescribeDomainCommand, RegisterDomainCommand, type SWFClient } from "@aws-sdk/client-swf";
import { Database } from "../../lib/sqlite-driver";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type Db } from "../../lib/engine/store/db";
import { GroupCommit } from "../../lib/engine/store/group-commit";
import { WalSync, type LogSync } from "../../lib/engine/store/wal-sync";
import { faultOf, sdkClient } from "./harness";
import { engineLeaf, killGroup, spawnEngine, within, type EngineProcess } from "./process";

describe("GroupCommit", () => {
  let dir: string;
  let db: Db;
  let other: Db;
  let commits: GroupCommit;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "swf-group-commit-"));
    const file = join(dir, "engine.sqlite");
    db = openDatabase(file);
    db.exec(`
      CREATE TABLE gc_notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
      CREATE TABLE gc_parents (id INTEGER PRIMARY KEY);
      CREATE TABLE gc_children (
        id INTEGER PRIMARY KEY,
        parent INTEGER REFERENCES gc_parents(id) DEFERRABLE INITIALLY DEFERRED
      );
    `);
    commits = new GroupCommit(db);
    // Another reader of the same file, as another process would be: it sees committed data only.
    other = new Database(file, { readonly: true });
  });

  afterEach(() => {
    other?.close();
    if (db.open) {
      if (db.inTransaction) db.exec("ROLLBACK");
      db.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const note = (text: string) => db.prepare("INSERT INTO gc_notes (text) VALUES (?)").run(text);
  const committed = () =>
    (other.prepare("SELECT text FROM gc_notes ORDER BY id").all() as { text: string }[]).map(
      (r) => r.text,
    );

  it("keeps a unit's writes invisible to others until settled() says they are committed", async () => {
    commits.run(() => note("a"));
    expect(committed()).toEqual([]);
    await commits.settled();
    expect(committed()).toEqual(["a"]);
    expect(db.inTransaction).toBe(false);
  });

  it("commits every unit of one turn together, once", async () => {
    const first = commits.settled();
    expect(db.inTransaction).toBe(false); // nothing open yet
    commits.run(() => note("a"));
    const batch = commits.settled();
    commits.run(() => note("b"));
    commits.run(() => note("c"));
    // One batch, one promise: every writer of the turn waits for the same COMMIT.
    expect(commits.settled()).toBe(batch);
    expect(db.inTransaction).toBe(true);
    expect(committed()).toEqual([]);
    await first;
    await batch;
    expect(committed()).toEqual(["a", "b", "c"]);
    // The next turn opens a new batch.
    commits.run(() => note("d"));
    expect(commits.settled()).not.toBe(batch);
    await commits.settled();
    expect(committed()).toEqual(["a", "b", "c", "d"]);
  });

  it("a unit that throws takes only its own writes with it", async () => {
    commits.run(() => note("kept-1"));
    expect(() =>
      commits.run(() => {
        note("dropped");
        throw new Error("the request failed half-way");
      }),
    ).toThrow("the request failed half-way");
    commits.run(() => note("kept-2"));
    await commits.settled();
    expect(committed()).toEqual(["kept-1", "kept-2"]);
  });

  it("a batch's first unit that throws takes the batch with it, and the next unit opens a new one", async () => {
    expect(() =>
      commits.run(() => {
        note("dropped");
        throw new Error("the lone request failed half-way");
      }),
    ).toThrow("the lone request failed half-way");
    expect(db.inTransaction).toBe(false);
    await expect(commits.settled()).resolves.toBeUndefined();
    commits.run(() => note("kept"));
    await commits.settled();
    expect(committed()).toEqual(["kept"]);
  });

  it("a unit inside a failing first unit goes with it", async () => {
    expect(() =>
      commits.run(() => {
        commits.run(() => note("inner"));
        throw new Error("outer failed");
      }),
    ).toThrow("outer failed");
    await commits.settled();
    expect(committed()).toEqual([]);
  });

  it("a failed COMMIT rejects settled() for the whole batch, keeps none of it, and the next batch works", async () => {
    db.pragma("foreign_keys = ON");
    commits.run(() => note("same batch as the bad row"));
    // The reference is checked at COMMIT, not here: the unit itself succeeds.
    commits.run(() => db.prepare("INSERT INTO gc_children (parent) VALUES (42)").run());
    await expect(commits.settled()).rejects.toThrow(/FOREIGN KEY/);
    expect(db.inTransaction).toBe(false);
    expect(committed()).toEqual([]);
    expect(other.prepare("SELECT count(*) AS n FROM gc_children").get()).toEqual({ n: 0 });

    commits.run(() => note("next batch"));
    await commits.settled();
    expect(committed()).toEqual(["next batch"]);
  });

  it("flush() commits the open batch at once (shutdown)", () => {
    commits.run(() => note("a"));
    commits.flush();
    expect(committed()).toEqual(["a"]);
    expect(db.inTransaction).toBe(false);
    commits.flush(); // nothing open: a no-op
    expect(committed()).toEqual(["a"]);
  });

  it("settled() with nothing written resolves", async () => {
    await expect(commits.settled()).resolves.toBeUndefined();
  });
});

/**
 * The real log sync (fdatasync of the -wal file), with the answers of its syncs on another thread
 * held until the test lets them through, so that what waits for what can be seen.
 */
class HeldSync implements LogSync {
  inline = 0;
  private held: (() => void)[] = [];
  failWith?: Error;
  constructor(private readonly real: LogSync) {}
  now() {
    this.inline++;
    this.real.now();
  }
  later(done: (error: Error | null) => void) {
    this.real.later((error) => this.held.push(() => done(this.failWith ?? error)));
  }
  get waiting() {
    return this.held.length;
  }
  release() {
    for (const answer of this.held.splice(0)) answer();
  }
  close() {
    this.real.close();
  }
}

describe("GroupCommit with a log sync (durable mode)", () => {
  let dir: string;
  let db: Db;
  let other: Db;
  let sync: HeldSync;
  let commits: GroupCommit;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "swf-group-sync-"));
    const file = join(dir, "engine.sqlite");
    db = openDatabase(file);
    db.exec("CREATE TABLE gc_notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
    sync = new HeldSync(new WalSync(file));
    commits = new GroupCommit(db, { sync });
    other = new Database(file, { readonly: true });
  });
  afterEach(() => {
    sync.release();
    sync.close();
    other.close();
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const note = (text: string) => db.prepare("INSERT INTO gc_notes (text) VALUES (?)").run(text);
  const committed = () =>
    (other.prepare("SELECT text FROM gc_notes ORDER BY id").all() as { text: string }[]).map(
      (r) => r.text,
    );
  const state = (p: Promise<void>) => {
    let s = "pending";
    p.then(
      () => (s = "resolved"),
      () => (s = "rejected"),
    );
    return () => s;
  };

  it("settled() resolves only once the sync after the COMMIT is done", async () => {
    commits.run(() => note("a"));
    const done = state(commits.settled());
    await vi.waitFor(() => expect(sync.waiting).toBe(1));
    // Committed (another connection reads it) but not yet acknowledged.
    expect(committed()).toEqual(["a"]);
    expect(done()).toBe("pending");
    expect(state(commits.settled())()).toBe("pending"); // a reader of it waits too
    sync.release();
    await commits.settled();
    expect(done()).toBe("resolved");
  });

  it("a batch that fills while a sync runs is committed after it, and synced by the next", async () => {
    commits.run(() => note("a"));
    const first = state(commits.settled());
    await vi.waitFor(() => expect(sync.waiting).toBe(1));
    commits.run(() => note("b"));
    commits.run(() => note("c"));
    const second = state(commits.settled(true));
    await new Promise((r) => setImmediate(r)); // the turn ends: b and c wait for the flush
    expect(committed()).toEqual(["a"]);
    sync.release(); // the first sync answers; then b and c commit together
    await vi.waitFor(() => expect(first()).toBe("resolved"));
    expect(committed()).toEqual(["a", "b", "c"]);
    expect(second()).toBe("pending");
    await vi.waitFor(() => expect(sync.waiting).toBe(1));
    sync.release();
    await vi.waitFor(() => expect(second()).toBe("resolved"));
  });

  it("a lone request's commit is synced on the spot", async () => {
    commits.run(() => note("a"));
    await commits.settled(true);
    expect(sync.inline).toBe(1);
    expect(sync.waiting).toBe(0);
    expect(committed()).toEqual(["a"]);
  });

  it("a failed sync rejects its waiters and every later settled()", async () => {
    sync.failWith = new Error("EIO: the disk refused");
    commits.run(() => note("a"));
    const waiting = commits.settled();
    await vi.waitFor(() => expect(sync.waiting).toBe(1));
    sync.release();
    await expect(waiting).rejects.toThrow("EIO");
    await expect(commits.settled()).rejects.toThrow("EIO");
    commits.run(() => note("b"));
    await expect(commits.settled(true)).rejects.toThrow("EIO");
  });
});

/**
 * The engine's answer when its commit fails. The engine runs as its own process; once it is up,
 * its file size limit (RLIMIT_FSIZE, set from outside with prlimit) is cut to one byte, so the
 * COMMIT's write to the write-ahead log fails in the kernel (EFBIG) as on a full disk. Node
 * ignores SIGXFSZ, so the process lives on and the write fails as an I/O error.
 */
describe("the engine when a commit fails", () => {
  const processes: EngineProcess[] = [];
  const clients: SWFClient[] = [];
  let engineDir: string;
  beforeEach(() => {
    engineDir = mkdtempSync(join(tmpdir(), "swf-failed-commit-"));
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
    for (const p of processes.splice(0)) killGroup(p.child, "SIGKILL");
    rmSync(engineDir, { recursive: true, force: true });
  });

  const fileSizeLimit = (pid: number, limit: string) =>
    execFileSync("prlimit", ["--pid", String(pid), `--fsize=${limit}:`]); // the soft limit only
  const register = (swf: SWFClient, name: string) =>
    swf.send(new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: "1" }));
  const exists = (swf: SWFClient, name: string) =>
    swf.send(new DescribeDomainCommand({ name })).then(
      () => true,
      (e: Error) => {
        if (e.name !== "UnknownResourceFault") throw e;
        return false;
      },
    );

  it("answers InternalFailure 'could not store the change', keeps nothing of it, and recovers", async () => {
    const file = join(engineDir, "engine.sqlite");
    const first = await spawnEngine(["--port", "0", "--db", file]);
    processes.push(first);
    const swf = sdkClient(first.url);
    clients.push(swf);
    await register(swf, "kept");

    const engine = engineLeaf(first.child);
    fileSizeLimit(engine, "1");
    expect(await faultOf(register(swf, "lost"))).toEqual({
      name: "InternalFailure",
      message: "The engine could not store the change",
    });
    // Reads still work, and the refused change is not there.
    expect(await exists(swf, "kept")).toBe(true);
    expect(await exists(swf, "lost")).toBe(false);

    // Space again: the next batch commits (the name was never taken).
    fileSizeLimit(engine, "unlimited");
    await register(swf, "lost");
    expect(await exists(swf, "lost")).toBe(true);

    // And what was acknowledged is on disk: a new process on the same file sees both.
    killGroup(first.child, "SIGKILL");
    await within(first.exited, 10_000, "the killed engine to exit");
    const second = await spawnEngine(["--port", "0", "--db", file]);
    processes.push(second);
    const again = sdkClient(second.url);
    clients.push(again);
    expect(await exists(again, "kept")).toBe(true);
    expect(await exists(again, "lost")).toBe(true);
  }, 60_000);
});

describe("GroupCommit: a lone request, and what each commit reports", () => {
  let dir: string;
  let db: Db;
  let commits: GroupCommit;
  let reported: number[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "swf-group-commit-now-"));
    db = openDatabase(join(dir, "g.sqlite"));
    db.exec("CREATE TABLE t (v INTEGER)");
    commits = new GroupCommit(db);
    reported = [];
    commits.observe((seconds, size) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      reported.push(size);
    });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const insert = (v: number) => commits.run(() => db.prepare("INSERT INTO t VALUES (?)").run(v));

  it("settled(true) commits at once, without waiting for the turn to end", async () => {
    insert(1);
    const done = commits.settled(true);
    expect(db.inTransaction).toBe(false);
    expect(reported).toEqual([1]);
    await done;
    const reader = new Database(join(dir, "g.sqlite"), { readonly: true });
    expect(reader.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 1 });
    reader.close();
  });

  it("reports each commit with the number of units it carried", async () => {
    insert(1);
    insert(2);
    insert(3);
    await commits.settled();
    insert(4);
    await commits.settled();
    expect(reported).toEqual([3, 1]);
  });
});
