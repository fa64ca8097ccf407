import { Database, type SqliteDatabase } from "../../sqlite-driver";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { MIGRATIONS } from "./migrations";

export type Db = SqliteDatabase;

export interface OpenOptions {
  /** `synchronous=FULL` survives power loss; NORMAL (WAL) survives process crashes only. */
  durability?: "full" | "normal";
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.durability === "normal" ? "NORMAL" : "FULL"}`);
  db.pragma("foreign_keys = OFF");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const applied = db.pragma("user_version", { simple: true }) as number;
  if (applied > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${applied} is newer than this engine (${MIGRATIONS.length})`,
    );
  }
  for (let v = applied; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
