/** Group commit on a real SQLite file: batching, committing at once, and reporting each commit. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../lib/engine/store/db";
import { GroupCommit } from "../../lib/engine/store/group-commit";

let dir: string;
let db: Db;
let commits: GroupCommit;
let seen: [number, number][];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "swf-gc-"));
  db = openDatabase(join(dir, "g.sqlite"));
  db.exec("CREATE TABLE t (v INTEGER)");
  commits = new GroupCommit(db);
  seen = [];
  commits.observe((seconds, size) => seen.push([seconds, size]));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (v: number) => commits.run(() => db.prepare("INSERT INTO t VALUES (?)").run(v));

describe("GroupCommit", () => {
  it("puts the transactions of one event-loop turn into one commit", async () => {
    insert(1);
    insert(2);
    expect(db.inTransaction).toBe(true);
    const done = commits.settled();
    insert(3);
    await done;
    expect(db.inTransaction).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0][1]).toBe(3);
  });

  it("commits at once when asked (a request that is alone), without waiting for the turn to end", async () => {
    insert(1);
    const done = commits.settled(true);
    expect(db.inTransaction).toBe(false);
    expect(seen.map(([, size]) => size)).toEqual([1]);
    await done;
    // What was committed is visible to another connection.
    const other = openDatabase(join(dir, "g.sqlite"));
    expect(other.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 1 });
    other.close();
  });

  it("a transaction that throws is undone alone; the batch still commits the others", async () => {
    insert(1);
    expect(() =>
      commits.run(() => {
        db.prepare("INSERT INTO t VALUES (?)").run(2);
        throw new Error("undo me");
      }),
    ).toThrow("undo me");
    await commits.settled();
    expect(db.prepare("SELECT v FROM t").all()).toEqual([{ v: 1 }]);
  });

  it("a failed commit rejects every request waiting on it", async () => {
    insert(1);
    // The database going away under an open batch makes its COMMIT fail.
    const done = commits.settled();
    db.close();
    await expect(done).rejects.toThrow();
    db = openDatabase(join(dir, "g.sqlite"));
    expect(db.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 0 });
  });
});
