/**
 * Console settings editable by admins, stored in the console database. A stored value overrides
 * the environment; deleting it falls back to the environment again.
 */
import { formatHumanTaskLists, parseHumanTaskLists, type HumanTaskList, type Env } from "./config";
import type { Db } from "./db";

const HUMAN_TASK_LISTS = "humanTaskLists";

export interface HumanTaskListsSetting {
  lists: HumanTaskList[];
  source: "settings" | "environment";
  updatedAt: number | null;
  updatedBy: string | null;
  /** Set when the environment's value cannot be parsed (the lists are then empty). */
  error?: string;
}

export async function humanTaskListsSetting(
  db: Db,
  env: Env = process.env,
): Promise<HumanTaskListsSetting> {
  const row = await db.get<{ value: string; updated_at: number; updated_by: string | null }>(
    "SELECT value, updated_at, updated_by FROM settings WHERE key = ?",
    [HUMAN_TASK_LISTS],
  );
  if (row) {
    return {
      lists: parseHumanTaskLists(row.value),
      source: "settings",
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }
  try {
    return {
      lists: parseHumanTaskLists(env.HUMAN_TASK_LISTS),
      source: "environment",
      updatedAt: null,
      updatedBy: null,
    };
  } catch (e) {
    return {
      lists: [],
      source: "environment",
      updatedAt: null,
      updatedBy: null,
      error: (e as Error).message,
    };
  }
}

/** Stores the lists (validated), or with `null` reverts to the environment's. */
export async function setHumanTaskLists(
  db: Db,
  lists: HumanTaskList[] | null,
  by: string,
  now = Date.now(),
): Promise<void> {
  if (lists === null) {
    await db.run("DELETE FROM settings WHERE key = ?", [HUMAN_TASK_LISTS]);
    return;
  }
  const value = formatHumanTaskLists(parseHumanTaskLists(formatHumanTaskLists(lists)));
  await db.run(
    `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [HUMAN_TASK_LISTS, value, now, by],
  );
}
