/** Console configuration from the environment (documented in the README). */
import { breaksNamingRule } from "@/lib/swf/actions";
import { sqliteFileSetting } from "@/lib/typed-path";

/** The environment (process.env, or a plain object in tests). */
export type Env = Record<string, string | undefined>;

/**
 * Where console state lives: `CONSOLE_DATABASE_URL` (a `postgres://` URL, for several console
 * processes) when set, else the SQLite file `CONSOLE_DB` (default `./data/console.sqlite`). A
 * relative `CONSOLE_DB` is taken from where the command was typed, as the engine's `ENGINE_DB` is.
 */
export function consoleDbLocation(env: Env = process.env, cwd = process.cwd()): string {
  return env.CONSOLE_DATABASE_URL?.trim() || consoleDbPath(env, cwd);
}

/** A `CONSOLE_DATABASE_URL`-style location, as opposed to a SQLite file. */
export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

export function consoleDbPath(env: Env = process.env, cwd = process.cwd()): string {
  return sqliteFileSetting(env.CONSOLE_DB, "./data/console.sqlite", env, cwd);
}

/**
 * How long a console process's lease on a human task list lasts without renewal:
 * `CONSOLE_POLLER_LEASE_SECONDS` (default 30). Another process takes the list over this long after
 * the holder dies.
 */
export function pollerLeaseMs(env: Env = process.env): number {
  const seconds = Number(env.CONSOLE_POLLER_LEASE_SECONDS ?? "30");
  return (Number.isFinite(seconds) && seconds >= 1 ? seconds : 30) * 1000;
}

/** Session lifetime: `CONSOLE_SESSION_HOURS` (default 12 hours). */
export function sessionTtlMs(env: Env = process.env): number {
  const hours = Number(env.CONSOLE_SESSION_HOURS ?? "12");
  return (Number.isFinite(hours) && hours > 0 ? hours : 12) * 3_600_000;
}

/**
 * Idle timeout: a session unused for `CONSOLE_SESSION_IDLE_MINUTES` (default 60) ends, whatever
 * its absolute lifetime left.
 */
export function sessionIdleMs(env: Env = process.env): number {
  const minutes = Number(env.CONSOLE_SESSION_IDLE_MINUTES ?? "60");
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : 60) * 60_000;
}

export interface HumanTaskList {
  domain: string;
  taskList: string;
}

export const listKey = (l: HumanTaskList) => `${l.domain}:${l.taskList}`;

/**
 * Parses `domain:taskList,domain:taskList` (whitespace and newlines also separate entries).
 * SWF names cannot contain `:`, so the split is unambiguous. Throws with the offending entry.
 */
export function parseHumanTaskLists(value: string | undefined): HumanTaskList[] {
  const out: HumanTaskList[] = [];
  const seen = new Set<string>();
  for (const raw of (value ?? "").split(/[,\s]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const parts = entry.split(":");
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new Error(`"${entry}" is not of the form domain:taskList`);
    }
    const [domain, taskList] = parts;
    for (const [what, v] of [
      ["domain", domain],
      ["task list", taskList],
    ] as const) {
      if (v.length > 256 || breaksNamingRule(v))
        throw new Error(`"${entry}": invalid ${what} name`);
    }
    const item = { domain, taskList };
    if (!seen.has(listKey(item))) {
      seen.add(listKey(item));
      out.push(item);
    }
  }
  return out;
}

export function formatHumanTaskLists(lists: HumanTaskList[]): string {
  return lists.map(listKey).join(",");
}
