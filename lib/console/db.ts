/**
 * The console's own SQLite database (users, sessions, audit log, settings, human-task inbox),
 * separate from SWF's state. One connection per server process; Next.js may load this module in
 * several bundles, so the connection lives on `globalThis`.
 */
import { Database, type SqliteDatabase } from "../sqlite-driver";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { consoleDbPath } from "./config";
import { MIGRATIONS } from "./migrations";

export type Db = SqliteDatabase;

/** Opens (creating when needed) and migrates a console database. */
export function openConsoleDb(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // A second console process (a restart overlapping the old one) may hold the write lock briefly.
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `console database schema version ${current} is newer than this console (${MIGRATIONS.length}); upgrade the console`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

const KEY = Symbol.for("swf-console.db");
type Holder = { [KEY]?: Db };

/** The process's console database, opened on first use from `CONSOLE_DB`. */
export function consoleDb(): Db {
  const g = globalThis as Holder;
  return (g[KEY] ??= openConsoleDb(consoleDbPath()));
}

/** Tests: use this database instead of `CONSOLE_DB`. */
export function setConsoleDb(db: Db | undefined): void {
  (globalThis as Holder)[KEY] = db;
}
