/**
 * The inbox's gauges on the console's metrics registry: how many tasks wait per human task list,
 * and each served list's poller — its state (polling, backing off, on standby while another
 * console process holds the list's lease, stopped) and when it last polled. Read at scrape time
 * from the console database and the process's poller, so that the figures are never stale and
 * nothing has to remember to update them.
 */
import { Gauge, type Registry } from "prom-client";
import { consoleDb, type Db } from "./db";
import { currentPoller, type HumanTaskPoller, type ListStatus } from "./poller";
import { listLeases } from "./poller-lease";
import { humanTaskListsSetting } from "./settings";

export const POLLER_STATES: ListStatus["state"][] = ["polling", "backoff", "standby", "stopped"];

export interface ListPollerState {
  domain: string;
  taskList: string;
  state: ListStatus["state"];
  /** The console process holding the list's lease (polling it), if any holds a live one. */
  holder: string | null;
  lastPollAt: number | null;
  lastError: string | null;
}

/**
 * Every served task list (configured, or polled) with this process's poller state for it;
 * unpolled here: stopped, with the holder of a live lease when another process polls it.
 */
export async function listPollerStates(
  db: Db,
  poller = currentPoller(),
  now = Date.now(),
): Promise<ListPollerState[]> {
  const status = poller?.status() ?? [];
  const key = (l: { domain: string; taskList: string }) => `${l.domain}:${l.taskList}`;
  const [setting, leases] = await Promise.all([humanTaskListsSetting(db), listLeases(db)]);
  const lists = new Map(setting.lists.map((l) => [key(l), l]));
  for (const s of status) if (!lists.has(key(s))) lists.set(key(s), s);
  const holders = new Map(
    leases.filter((l) => l.expiresAt >= now).map((l) => [l.name, l.holder] as const),
  );
  return [...lists.values()].map((l) => {
    const s = status.find((x) => key(x) === key(l));
    return {
      domain: l.domain,
      taskList: l.taskList,
      state: s?.state ?? "stopped",
      holder: s?.holder ?? holders.get(key(l)) ?? null,
      lastPollAt: s?.lastPollAt ?? null,
      lastError: s?.lastError ?? null,
    };
  });
}

/** Tasks that wait for a decision (pending or claimed), per human task list. */
export async function pendingByList(
  db: Db,
): Promise<{ domain: string; taskList: string; n: number }[]> {
  return db.all<{ domain: string; taskList: string; n: number }>(
    `SELECT domain, task_list AS "taskList", count(*) AS n FROM human_tasks
     WHERE state IN ('pending', 'claimed') GROUP BY domain, task_list`,
  );
}

/** Adds the inbox's gauges to `registry`; `sources` default to the process's database and poller. */
export function registerInboxMetrics(
  registry: Registry,
  sources: { db: () => Promise<Db>; poller: () => HumanTaskPoller | undefined } = {
    db: consoleDb,
    poller: currentPoller,
  },
): void {
  const labelNames = ["domain", "task_list"] as const;
  new Gauge({
    name: "swf_console_inbox_pending_tasks",
    help: "Human tasks waiting for a decision (pending or claimed), per human task list.",
    labelNames,
    registers: [registry],
    async collect() {
      const rows = await pendingByList(await sources.db());
      this.reset();
      for (const { domain, taskList, n } of rows) this.set({ domain, task_list: taskList }, n);
    },
  });
  new Gauge({
    name: "swf_console_inbox_poller_state",
    help: "The inbox poller of each human task list: 1 for its current state (polling, backoff, standby: another console process holds its lease, stopped), 0 for the others.",
    labelNames: [...labelNames, "state"] as const,
    registers: [registry],
    async collect() {
      const lists = await listPollerStates(await sources.db(), sources.poller());
      this.reset();
      for (const l of lists)
        for (const state of POLLER_STATES)
          this.set({ domain: l.domain, task_list: l.taskList, state }, l.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: "swf_console_inbox_poller_last_poll_timestamp_seconds",
    help: "When the inbox poller of each human task list last finished a poll (Unix time).",
    labelNames,
    registers: [registry],
    async collect() {
      const lists = await listPollerStates(await sources.db(), sources.poller());
      this.reset();
      for (const l of lists)
        if (l.lastPollAt !== null)
          this.set({ domain: l.domain, task_list: l.taskList }, l.lastPollAt / 1000);
    },
  });
}
