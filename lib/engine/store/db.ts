import { openSqlite, type SqliteDb } from "../../sqlite";
import { MIGRATIONS } from "./migrations";

export type Db = SqliteDb;

export interface OpenOptions {
  /** `synchronous=FULL` survives power loss; NORMAL (WAL) survives process crashes only. */
  durability?: "full" | "normal";
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const db = openSqlite(path, {
    migrations: MIGRATIONS,
    name: "engine",
    synchronous: options.durability === "normal" ? "NORMAL" : "FULL",
    foreignKeys: false,
  });
  // Statement and savepoint journals stay in memory: spilled to a temporary file they cost an
  // open, writes and an unlink inside a request, and they are never needed after a crash.
  db.pragma("temp_store = MEMORY");
  return db;
}
