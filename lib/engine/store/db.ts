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
    // In WAL mode NORMAL keeps every commit whole or absent after a crash; the group commit
    // makes commits durable itself when durability is full (see wal-sync.ts), as FULL would.
    synchronous: "NORMAL",
    foreignKeys: false,
  });
  // Statement and savepoint journals stay in memory: spilled to a temporary file they cost an
  // open, writes and an unlink inside a request, and they are never needed after a crash.
  db.pragma("temp_store = MEMORY");
  return db;
}
