/**
 * Open executions per domain kept in memory (lib/engine/store/open-counts.ts), against a real
 * SQLite store: after every kind of unit (committed, failed, nested, lost with its batch) the
 * count equals what the table holds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStore, type Store } from "../../lib/engine/store";

const D = "orders";

describe("OpenCounts", () => {
  let dir: string;
  let store: Store;
  let sequence = 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "swf-open-counts-"));
    store = createStore(join(dir, "engine.sqlite"));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Inserts an open run the way startRun does: the row, then the count. */
  function open(domain = D, on = store): number {
    const { id } = on.executions.insert(
      {
        domain,
        workflow_id: `w-${++sequence}`,
        run_id: `r-${sequence}`,
        type_name: "T",
        type_version: "1",
        started_at: 0,
        tags: "[]",
        parent_workflow_id: null,
        parent_run_id: null,
        parent_initiated_event_id: null,
        config: "{}",
        decision_task_list: "l",
      },
      [],
    );
    on.openCounts.add(domain, 1);
    return id;
  }

  /** Closes a run the way closeRun does: the row saved closed, then the count. */
  function close(id: number, on = store) {
    const row = on.executions.byId(id)!;
    on.executions.saveClosed({ ...row, open: 0, close_status: "COMPLETED", closed_at: 1 });
    on.openCounts.add(row.domain, -1);
  }

  const table = (domain = D) => store.executions.countOpen(domain);
  const failing = (fn: () => void) =>
    expect(() =>
      store.tx(() => {
        fn();
        throw new Error("the unit fails");
      }),
    ).toThrow("the unit fails");

  it("counts from the table once, then follows starts and closes", async () => {
    store.tx(() => [open(), open(), open()]);
    await store.settled(true);
    expect(store.openCounts.get(D)).toBe(3);
    const id = store.tx(() => open());
    store.tx(() => close(id));
    store.tx(() => open("other"));
    expect(store.openCounts.get(D)).toBe(3);
    expect(table()).toBe(3);
    expect(store.openCounts.get("other")).toBe(1);
  });

  it("a failed unit takes its changes back, the other units of its batch keep theirs", async () => {
    store.tx(() => open());
    expect(store.openCounts.get(D)).toBe(1);
    store.tx(() => open());
    const id = store.tx(() => open());
    failing(() => {
      open();
      open();
      close(id);
    });
    expect(store.openCounts.get(D)).toBe(3);
    await store.settled(true);
    expect(table()).toBe(3);
  });

  it("a count taken inside a failed unit, after its own start, is taken again", () => {
    store.tx(() => open());
    failing(() => {
      open();
      expect(store.openCounts.get(D)).toBe(2); // first count, including this unit's row
    });
    expect(store.openCounts.get(D)).toBe(1);
    expect(table()).toBe(1);
  });

  it("a nested unit's changes go back when the unit around it fails", () => {
    store.tx(() => open());
    expect(store.openCounts.get(D)).toBe(1);
    failing(() => {
      store.tx(() => open());
      expect(store.openCounts.get(D)).toBe(2);
    });
    expect(store.openCounts.get(D)).toBe(1);
    expect(table()).toBe(1);
  });

  it("counts again after another connection (a second engine on the file) starts or closes runs", async () => {
    store.tx(() => open());
    await store.settled(true);
    expect(store.openCounts.get(D)).toBe(1);
    const id = store.tx(() => open());
    await store.settled(true);
    const other = createStore(join(dir, "engine.sqlite"));
    try {
      other.tx(() => {
        expect(other.openCounts.get(D)).toBe(2);
        open(D, other);
        open(D, other);
        close(id, other);
      });
      await other.settled(true);
      // This store's count (2) is stale until its next batch opens.
      store.tx(() => expect(store.openCounts.get(D)).toBe(3));
      store.tx(() => open());
      await store.settled(true);
      other.tx(() => expect(other.openCounts.get(D)).toBe(4));
      expect(table()).toBe(4);
    } finally {
      other.close();
    }
  });

  it("a batch whose COMMIT failed takes every count with it", async () => {
    store.tx(() => open());
    await store.settled(true);
    expect(store.openCounts.get(D)).toBe(1);
    // A deferred foreign key fails only at COMMIT, after every unit of the batch succeeded.
    store.db.pragma("foreign_keys = ON");
    store.db.exec(`
      CREATE TABLE t_parents (id INTEGER PRIMARY KEY);
      CREATE TABLE t_children (parent INTEGER REFERENCES t_parents(id) DEFERRABLE INITIALLY DEFERRED);
    `);
    store.tx(() => open());
    store.tx(() => store.db.prepare("INSERT INTO t_children (parent) VALUES (42)").run());
    expect(store.openCounts.get(D)).toBe(2);
    await expect(store.settled(true)).rejects.toThrow(/FOREIGN KEY/);
    expect(store.openCounts.get(D)).toBe(1);
    expect(table()).toBe(1);
  });
});
