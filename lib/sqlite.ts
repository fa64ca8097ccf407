/**
 * The one way this project opens a SQLite file and brings its schema up to date, shared by the
 * engine's store and the console's database (each keeps its own list of migrations).
 *
 * Migrations are an append-only list of SQL scripts; `PRAGMA user_version` records how many have
 * run, and each runs in its own IMMEDIATE transaction so that two processes opening the same file
 * at once cannot both apply it. A file written by a newer release (more migrations than this one
 * knows) is refused rather than misread.
 */
import { Database, type SqliteDatabase } from "./sqlite-driver";
// The paths come from configuration at run time; `turbopackIgnore` keeps Next.js from tracing
// the whole project for them.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

export type SqliteDb = SqliteDatabase;

export interface OpenSqliteOptions {
  /** Appended-only SQL scripts; index i brings the schema from version i to i + 1. */
  migrations: readonly string[];
  /** Whose database this is, for the "newer schema" refusal: "console", "engine". */
  name: string;
  /** `FULL` survives power loss; `NORMAL` (with WAL) survives process crashes only. */
  synchronous: "FULL" | "NORMAL";
  foreignKeys: boolean;
  /**
   * Permission bits for a file this call creates (and its WAL/SHM companions), e.g. 0o600 for
   * a file holding password hashes. Existing files keep theirs.
   */
  fileMode?: number;
  /** Open an existing file without writing to it (no migration). */
  readonly?: boolean;
}

export function openSqlite(path: string, options: OpenSqliteOptions): SqliteDb {
  const memory = path === ":memory:";
  if (!memory && !options.readonly) {
    mkdirSync(/*turbopackIgnore: true*/ dirname(path), { recursive: true });
    if (options.fileMode !== undefined) createWithMode(path, options.fileMode);
  }
  const db = new Database(path, options.readonly ? { readonly: true, fileMustExist: true } : {});
  if (options.readonly) return db;
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma(`foreign_keys = ${options.foreignKeys ? "ON" : "OFF"}`);
  // Another process (a restart overlapping the old one) may hold the write lock briefly.
  db.pragma("busy_timeout = 5000");
  if (!memory && options.fileMode !== undefined) {
    for (const companion of [`${path}-wal`, `${path}-shm`]) {
      if (existsSync(/*turbopackIgnore: true*/ companion))
        chmodSync(/*turbopackIgnore: true*/ companion, options.fileMode);
    }
  }
  migrate(db, options.migrations, options.name);
  return db;
}

/** Creates the file with `mode` before SQLite does (SQLite would use the umask, often 0644). */
function createWithMode(path: string, mode: number): void {
  if (existsSync(/*turbopackIgnore: true*/ path)) return;
  try {
    closeSync(openSync(/*turbopackIgnore: true*/ path, "wx", mode));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

export function migrate(db: SqliteDb, migrations: readonly string[], name: string): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `${name} database schema version ${current} is newer than this ${name} (${migrations.length}); upgrade the ${name}`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      // Another process may have applied it while this one waited for the lock.
      if ((db.pragma("user_version", { simple: true }) as number) !== v) return;
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
