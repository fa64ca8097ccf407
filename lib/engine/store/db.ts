import { openSqlite, type SqliteDb } from "../../sqlite";
import { MIGRATIONS } from "./migrations";

export type Db = SqliteDb;

export interface OpenOptions {
  /**
   * "full" (default): what the engine acknowledges survives power loss; "normal": it survives a
   * crash of the process only.
   */
  durability?: "full" | "normal";
}

export function openDatabase(path: string): Db {
  const db = openSqlite(path, {
    migrations: MIGRATIONS,
    name: "engine",
    // In WAL mode NORMAL keeps every commit whole or absent after a crash; with full durability
    // the group commit syncs the log itself after each commit that needs it (log-sync.ts).
    synchronous: "NORMAL",
    foreignKeys: false,
  });
  // Savepoint and statement journals stay in memory: spilled to a temporary file they cost an
  // open, writes and an unlink inside a request, and they are never needed after a crash.
  db.pragma("temp_store = MEMORY");
  return db;
}
