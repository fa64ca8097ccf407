/**
 * The console's own SQLite database (users, sessions, audit log, settings, human-task inbox),
 * separate from SWF's state. One connection per server process; Next.js may load this module in
 * several bundles, so the connection lives on `globalThis`.
 *
 * `synchronous=FULL`: an audit row that was written stays written through a power cut. The file
 * (and its WAL) are created 0600: they hold password hashes and the audit trail.
 */
import { migrate as migrateSqlite, openSqlite, type SqliteDb } from "@/lib/sqlite";
import { consoleDbPath } from "./config";
import { MIGRATIONS } from "./migrations";

export type Db = SqliteDb;

/** Opens (creating when needed) and migrates a console database. */
export function openConsoleDb(path: string): Db {
  return openSqlite(path, {
    migrations: MIGRATIONS,
    name: "console",
    synchronous: "FULL",
    foreignKeys: true,
    fileMode: 0o600,
  });
}

export function migrate(db: Db): void {
  migrateSqlite(db, MIGRATIONS, "console");
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
