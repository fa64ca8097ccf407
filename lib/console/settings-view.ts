/** What the settings page shows and changes: the human-task lists and the poller serving them. */
import { formatHumanTaskLists, parseHumanTaskLists, type Env } from "./config";
import type { Db } from "./db";
import { validationFault } from "./faults";
import { currentPoller } from "./poller";
import { humanTaskListsSetting, setHumanTaskLists } from "./settings";

export async function settingsSnapshot(db: Db, env: Env = process.env) {
  const setting = await humanTaskListsSetting(db, env);
  return {
    humanTaskLists: {
      value: formatHumanTaskLists(setting.lists),
      source: setting.source,
      updatedAt: setting.updatedAt,
      updatedBy: setting.updatedBy,
      error: setting.error ?? null,
      environment: env.HUMAN_TASK_LISTS ?? "",
    },
    poller: {
      running: Boolean(currentPoller()?.isRunning()),
      lists: currentPoller()?.status() ?? [],
    },
  };
}

/** Stores `domain:list,…` (or with `null` reverts to HUMAN_TASK_LISTS) and re-aims the poller. */
export async function changeHumanTaskLists(
  db: Db,
  value: string | null,
  by: string,
): Promise<void> {
  let lists;
  try {
    lists = value === null ? null : parseHumanTaskLists(value);
  } catch (e) {
    throw validationFault((e as Error).message);
  }
  await setHumanTaskLists(db, lists, by);
  await currentPoller()?.reconcile();
}
