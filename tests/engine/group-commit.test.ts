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
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../lib/engine/store/db";
import { GroupCommit } from "../../lib/engine/store/group-commit";
import { LogSync } from "../../lib/engine/store/log-sync";
import { D, decide, pollActivity, pollDecision, setup, start } from "./fixtures";
import { faultOf, sdkClient, startTestEngine } from "./harness";
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
    commits.observe((seconds, size, synced) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(synced).toBe(false); // no sync given: durability "normal"
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

describe("GroupCommit with a log sync (durability full)", () => {
  let dir: string;
  let file: string;
  let db: Db;
  let syncs: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "swf-group-commit-sync-"));
    file = join(dir, "s.sqlite");
    db = openDatabase(file);
    db.exec("CREATE TABLE t (v TEXT)");
    syncs = [];
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = () =>
    (db.prepare("SELECT v FROM t ORDER BY rowid").all() as { v: string }[]).map((r) => r.v);

  /** The real log sync, with a note of when it ran (what the batch had committed by then). */
  function recordingSync(fail?: Error) {
    const real = new LogSync(file);
    return {
      now() {
        syncs.push(rows().join(","));
        if (fail) throw fail;
        real.now();
      },
    };
  }
  const insert = (commits: GroupCommit, v: string, durable?: boolean) =>
    commits.run(() => db.prepare("INSERT INTO t VALUES (?)").run(v), durable);

  it("syncs after a durable batch's COMMIT, before settled() resolves", async () => {
    const commits = new GroupCommit(db, recordingSync());
    insert(commits, "a");
    const done = commits.settled(true);
    expect(syncs).toEqual(["a"]);
    await done;
  });

  it("a batch of units that need not be durable skips the sync; the next durable batch covers it", async () => {
    const commits = new GroupCommit(db, recordingSync());
    insert(commits, "poll", false);
    await commits.settled(true);
    expect(rows()).toEqual(["poll"]); // committed: visible to the next request
    expect(syncs).toEqual([]);
    insert(commits, "answer");
    await commits.settled(true);
    // One sync of the log after both commits: the append-only log makes both durable.
    expect(syncs).toEqual(["poll,answer"]);
  });

  it("one durable unit makes its whole batch synced", async () => {
    const commits = new GroupCommit(db, recordingSync());
    insert(commits, "a", false);
    insert(commits, "b");
    insert(commits, "c", false);
    await commits.settled();
    expect(syncs).toEqual(["a,b,c"]);
  });

  it("flush() on shutdown syncs commits no sync has covered yet", async () => {
    const commits = new GroupCommit(db, recordingSync());
    insert(commits, "a", false);
    await commits.settled(true);
    expect(syncs).toEqual([]);
    commits.flush();
    expect(syncs).toEqual(["a"]);
  });

  it("a failed sync rejects the batch and every later settled(): nothing more is promised", async () => {
    const commits = new GroupCommit(db, recordingSync(new Error("EIO: i/o error, fdatasync")));
    insert(commits, "a");
    await expect(commits.settled(true)).rejects.toThrow(/EIO/);
    await expect(commits.settled()).rejects.toThrow(/EIO/);
    insert(commits, "b");
    await expect(commits.settled(true)).rejects.toThrow(/EIO/);
  });

  it("a batch whose first unit fails keeps nothing of it, and later units of the turn still commit", async () => {
    const commits = new GroupCommit(db, recordingSync());
    expect(() =>
      commits.run(() => {
        db.prepare("INSERT INTO t VALUES (?)").run("dropped");
        throw new Error("the first request failed half-way");
      }),
    ).toThrow("half-way");
    expect(db.inTransaction).toBe(false);
    insert(commits, "kept");
    await commits.settled();
    expect(rows()).toEqual(["kept"]);
  });
});

/**
 * Which answers wait for the disk, seen through the engine's `swf_engine_log_syncs_total`: every
 * change a client is told about is synced before the answer, except a decision task handed out
 * (a lost start only hands the task out again, and the first decider's answer is then refused).
 */
describe("the engine's log syncs", () => {
  it("start, decisions and activity tasks handed out are synced; a decision task handed out is not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "swf-log-syncs-"));
    const t = await startTestEngine({ db: join(dir, "engine.sqlite") });
    try {
      const syncs = async () => {
        const text = await (await fetch(`${t.url}/metrics`)).text();
        return Number(/^swf_engine_log_syncs_total (\S+)$/m.exec(text)?.[1]);
      };
      const s = await setup(t.swf);
      let before = await syncs();
      const step = async (what: string, action: () => Promise<unknown>, expected: number) => {
        await action();
        const now = await syncs();
        expect(now - before, what).toBe(expected);
        before = now;
      };
      await step("StartWorkflowExecution", () => start(s), 1);
      let task!: Awaited<ReturnType<typeof pollDecision>>;
      await step("PollForDecisionTask", async () => (task = await pollDecision(s)), 0);
      await step(
        "RespondDecisionTaskCompleted",
        () => decide(s, task.taskToken, [D.scheduleActivity(s, "a1")]),
        1,
      );
      await step("PollForActivityTask", () => pollActivity(s), 1);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
