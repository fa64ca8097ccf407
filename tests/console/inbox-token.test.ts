/**
 * Task tokens at rest: whoever reads the console database finds no usable token.
 */
import { readFileSync, rmSync, statSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/console/db";
import { getTask, insertReceivedTask, type ReceivedTask } from "@/lib/console/inbox-store";
import { isSealed, sealStoredTokens, tokenKey } from "@/lib/console/inbox-token";
import { consoleDbFile, sharedDatabase, TEST_TOKEN_KEY } from "./human-tasks";
import { closeStores, openStore } from "./stores";

afterAll(closeStores);

const TOKEN = "AAAA-the-one-token-that-answers-this-task-ZZZZ";
const task: ReceivedTask = {
  taskToken: TOKEN,
  domain: "orders",
  taskList: "approvals",
  activityId: "approve",
  activityType: { name: "ApproveOrder", version: "1" },
  workflowId: "order-1",
  runId: "run-1",
  startedEventId: 6,
  input: '{"question":"Ship it?"}',
};

async function storedToken(db: Db, id: number): Promise<string> {
  const row = await db.get<{ task_token: string }>(
    "SELECT task_token FROM human_tasks WHERE id = ?",
    [id],
  );
  return row!.task_token;
}

describe("task tokens at rest", () => {
  it("are sealed in the database file; the key lives beside it, readable by its owner only", async () => {
    const f = consoleDbFile();
    try {
      const db = await f.open();
      const { id } = await insertReceivedTask(db, task);
      await db.run("PRAGMA wal_checkpoint(TRUNCATE)");
      const raw = readFileSync(f.path).toString("latin1");
      expect(raw).not.toContain(TOKEN);
      expect(isSealed(await storedToken(db, id))).toBe(true);
      expect(statSync(`${f.path}.key`).mode & 0o777).toBe(0o600);
      // Another connection (a restarted console) opens it with the same key.
      expect((await getTask(await f.open(), id))?.taskToken).toBe(TOKEN);
      // Idempotent on the token although the stored value differs each time.
      expect(await insertReceivedTask(db, task)).toEqual({ id, inserted: false });
      // Without the key, the file alone does not give the token.
      rmSync(`${f.path}.key`);
      await expect(getTask(await f.open(), id)).rejects.toThrow();
    } finally {
      await f.cleanup();
    }
  });

  it("tokens stored in the clear by an earlier version are sealed in place", async () => {
    const db = await openStore("sqlite");
    const { id } = await insertReceivedTask(db, task);
    await db.run("UPDATE human_tasks SET task_token = ?, token_digest = NULL WHERE id = ?", [
      TOKEN,
      id,
    ]);
    expect((await getTask(db, id))?.taskToken).toBe(TOKEN);
    expect(await sealStoredTokens(db)).toBe(1);
    expect(isSealed(await storedToken(db, id))).toBe(true);
    expect((await getTask(db, id))?.taskToken).toBe(TOKEN);
    expect(await insertReceivedTask(db, task)).toEqual({ id, inserted: false });
    expect(await sealStoredTokens(db)).toBe(0);
  });

  it("on PostgreSQL come from CONSOLE_TASK_TOKEN_KEY, shared by every console process", async () => {
    const shared = await sharedDatabase("postgres");
    try {
      const [a, b] = [await shared.open(), await shared.open()];
      // No key file can sit beside a PostgreSQL database: without the variable, nothing is stored.
      vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", undefined);
      await expect(insertReceivedTask(a, task)).rejects.toThrow(
        /CONSOLE_TASK_TOKEN_KEY is not set/,
      );
      vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);
      expect(tokenKey(a).equals(tokenKey(b))).toBe(true);
      const { id } = await insertReceivedTask(a, task);
      expect(isSealed(await storedToken(a, id))).toBe(true);
      // The other process opens it and finds the same task by its token.
      expect((await getTask(b, id))?.taskToken).toBe(TOKEN);
      expect(await insertReceivedTask(b, task)).toEqual({ id, inserted: false });
    } finally {
      vi.unstubAllEnvs();
      await shared.cleanup();
    }
  });
});
