/**
 * The console's own database (users, sessions, audit log, settings, human tasks, runbooks, saved
 * views, poller leases), separate from SWF's state: SQLite by default, PostgreSQL when
 * `CONSOLE_DATABASE_URL` is set. One connection (SQLite) or pool (PostgreSQL) per server process;
 * Next.js may load this module in several bundles, so it lives on `globalThis`.
 *
 * SQLite runs `synchronous=FULL` (an audit row that was written stays written through a power
 * cut), and its file and WAL are created 0600: they hold password hashes and the audit trail.
 */
import { openSqlite } from "@/lib/sqlite";
import { consoleDbLocation } from "../config";
import { MIGRATIONS } from "../migrations";
import { PostgresStore } from "./postgres";
import { SqliteStore } from "./sqlite";
import type { Db } from "./types";
import { isPostgresUrl } from "../config";

export type { Db, Queryable, SqlParam } from "./types";
export { DatabaseUnavailableError, isUniqueViolation } from "./types";

/** Opens (creating when needed) and migrates a console database: a SQLite path or a PostgreSQL URL. */
export async function openConsoleDb(location: string): Promise<Db> {
  if (!isPostgresUrl(location)) {
    return new SqliteStore(
      openSqlite(location, {
        migrations: MIGRATIONS.map((m) => m.sqlite),
        name: "console",
        synchronous: "FULL",
        foreignKeys: true,
        fileMode: 0o600,
      }),
    );
  }
  const store = PostgresStore.connect(location);
  try {
    await migratePostgres(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

/**
 * Brings a PostgreSQL console schema up to date. Processes starting together take turns on an
 * advisory lock; a schema newer than this console is refused rather than misread.
 */
async function migratePostgres(store: PostgresStore): Promise<void> {
  await store.tx(
    async () => {
      await store.exec("CREATE TABLE IF NOT EXISTS console_schema (version INTEGER NOT NULL)");
      let row = await store.get<{ version: number }>("SELECT version FROM console_schema");
      if (!row) {
        await store.run("INSERT INTO console_schema (version) VALUES (0)");
        row = { version: 0 };
      }
      if (row.version > MIGRATIONS.length) {
        throw new Error(
          `console database schema version ${row.version} is newer than this console (${MIGRATIONS.length}); upgrade the console`,
        );
      }
      for (let v = row.version; v < MIGRATIONS.length; v++) {
        await store.exec(MIGRATIONS[v].postgres);
        await store.run("UPDATE console_schema SET version = ?", [v + 1]);
      }
    },
    { lock: "swf-console.migrations" },
  );
}

const KEY = Symbol.for("swf-console.db");
type Holder = { [KEY]?: Promise<Db> };

/** The process's console database, opened on first use from the configuration. */
export function consoleDb(): Promise<Db> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const opening = openConsoleDb(consoleDbLocation());
    // A failed open (database down) is retried by the next caller rather than cached.
    opening.catch(() => {
      if (g[KEY] === opening) g[KEY] = undefined;
    });
    g[KEY] = opening;
  }
  return g[KEY];
}

/** Tests: use this database instead of the configured one. */
export function setConsoleDb(db: Db | undefined): void {
  (globalThis as Holder)[KEY] = db && Promise.resolve(db);
}
