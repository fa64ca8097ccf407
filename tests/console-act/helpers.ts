import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openConsoleDb, type Db } from "@/lib/console/db";

/** A fresh in-memory console database (migrated). */
export function memoryDb(): Db {
  return openConsoleDb(":memory:");
}

/** A console database file in a temporary directory, and a way to open more connections to it. */
export function fileDb(): { path: string; open: () => Db; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "console-act-"));
  const path = join(dir, "console.sqlite");
  const opened: Db[] = [];
  return {
    path,
    open: () => {
      const db = openConsoleDb(path);
      opened.push(db);
      return db;
    },
    cleanup: () => {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An SDK-like error with a fault name, as @aws-sdk/client-swf throws them. */
export function fault(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}
