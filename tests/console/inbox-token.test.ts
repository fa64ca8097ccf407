/**
 * Task tokens at rest: whoever reads the console database file finds no usable token.
 */
import { readFileSync, rmSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getTask, insertReceivedTask, type ReceivedTask } from "@/lib/console/inbox-store";
import { isSealed, sealStoredTokens } from "@/lib/console/inbox-token";
import { fileDb, memoryDb } from "./helpers";

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

describe("task tokens at rest", () => {
  it("are sealed in the database file; the key lives beside it, readable by its owner only", () => {
    const f = fileDb();
    try {
      const db = f.open();
      const { id } = insertReceivedTask(db, task);
      db.pragma("wal_checkpoint(TRUNCATE)");
      const raw = readFileSync(f.path).toString("latin1");
      expect(raw).not.toContain(TOKEN);
      const stored = (
        db.prepare("SELECT task_token FROM human_tasks WHERE id = ?").get(id) as {
          task_token: string;
        }
      ).task_token;
      expect(isSealed(stored)).toBe(true);
      expect(statSync(`${f.path}.key`).mode & 0o777).toBe(0o600);
      // Another connection (a restarted console) opens it with the same key.
      expect(getTask(f.open(), id)?.taskToken).toBe(TOKEN);
      // Idempotent on the token although the stored value differs each time.
      expect(insertReceivedTask(db, task)).toEqual({ id, inserted: false });
      // Without the key, the file alone does not give the token.
      rmSync(`${f.path}.key`);
      expect(() => getTask(f.open(), id)).toThrow();
    } finally {
      f.cleanup();
    }
  });

  it("tokens stored in the clear by an earlier version are sealed in place", () => {
    const db = memoryDb();
    const { id } = insertReceivedTask(db, task);
    db.prepare("UPDATE human_tasks SET task_token = ?, token_digest = NULL WHERE id = ?").run(
      TOKEN,
      id,
    );
    expect(getTask(db, id)?.taskToken).toBe(TOKEN);
    expect(sealStoredTokens(db)).toBe(1);
    const stored = (
      db.prepare("SELECT task_token FROM human_tasks WHERE id = ?").get(id) as {
        task_token: string;
      }
    ).task_token;
    expect(isSealed(stored)).toBe(true);
    expect(getTask(db, id)?.taskToken).toBe(TOKEN);
    expect(insertReceivedTask(db, task)).toEqual({ id, inserted: false });
    expect(sealStoredTokens(db)).toBe(0);
  });
});
