/**
 * Group commit (lib/engine/store/group-commit.ts) on a real SQLite file, watched through a second
 * connection: what a unit wrote is invisible to others until its batch commits, settled() resolves
 * only after that commit, a failing unit takes only its own writes with it, and a failed COMMIT
 * (a deferred foreign key, checked by SQLite only at COMMIT) rejects settled() and leaves nothing
 * of the batch behind.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../lib/engine/store/db";
import { GroupCommit } from "../../lib/engine/store/group-commit";

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

describe("GroupCommit", () => {
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
