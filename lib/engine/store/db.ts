import { openSqlite, type SqliteDb } from "../../sqlite";
import { MIGRATIONS } from "./migrations";

export type Db = SqliteDb;

export interface OpenOptions {
  /** `synchronous=FULL` survives power loss; NORMAL (WAL) survives process crashes only. */
  durability?: "full" | "normal";
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  return openSqlite(path, {
    migrations: MIGRATIONS,
    name: "engine",
    synchronous: options.durability === "normal" ? "NORMAL" : "FULL",
    foreignKeys: false,
  });
}
