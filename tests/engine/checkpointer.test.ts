/**
 * WAL checkpoints on the worker thread (lib/engine/store/checkpointer.ts), on a real SQLite file:
 * commits land in the write-ahead log, the worker copies them into the database file while the
 * main connection never checkpoints below its fallback threshold, and closing the store leaves no
 * log behind (the worker's connection closes first, the main one checkpoints last).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStore, type Store } from "../../lib/engine/store";
import { FALLBACK_PAGES } from "../../lib/engine/store/checkpointer";
import { Database } from "../../lib/sqlite-driver";

describe("Checkpointer", () => {
  let dir: string;
  let file: string;
  let store: Store | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "swf-checkpointer-"));
    file = join(dir, "engine.sqlite");
  });
  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = async (s: Store, count: number) => {
    const insert = s.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    for (let i = 0; i < count; i++) {
      s.tx(() => insert.run(`k${i}`, "x".repeat(2000)));
      await s.settled(true);
    }
  };

  it("copies committed pages into the database file off the main thread", async () => {
    store = createStore(file);
    // The main connection checkpoints only as a fallback, far above what this test writes.
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(FALLBACK_PAGES);
    expect(FALLBACK_PAGES).toBeGreaterThan(1000);
    const before = statSync(file).size;
    await write(store, 400); // ~800 KB of rows, some 200 pages: far below the fallback
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 500_000), {
      timeout: 30_000,
      interval: 20,
    });
    // What the worker copied is the committed data, readable from the file by anyone.
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'k%'").get()).toEqual({
      n: 400,
    });
    reader.close();
  });

  it("closes its connection before the store's, which then removes the log", async () => {
    store = createStore(file);
    await write(store, 100);
    expect(existsSync(`${file}-wal`)).toBe(true);
    store.close();
    store = undefined;
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = createStore(file);
    expect(reopened.db.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'k%'").get()).toEqual(
      { n: 100 },
    );
    reopened.close();
  });

  it("runs no worker for an in-memory store", () => {
    store = createStore(":memory:");
    expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
  });
});
