import { randomBytes } from "node:crypto";
import { openDatabase, type Db, type OpenOptions } from "./db";
import { domainStatements } from "./domains";
import { eventStatements } from "./events";
import { executionStatements } from "./executions";
import {
  activityTaskStatements,
  childStatements,
  deadlineStatements,
  decisionQueueStatements,
  timerStatements,
} from "./tasks";
import { typeStatements } from "./types";

export type Store = ReturnType<typeof createStore>;

export function createStore(path: string, options?: OpenOptions) {
  const db: Db = openDatabase(path, options);
  return {
    db,
    domains: domainStatements(db),
    types: typeStatements(db),
    executions: executionStatements(db),
    events: eventStatements(db),
    activities: activityTaskStatements(db),
    decisionQueue: decisionQueueStatements(db),
    timers: timerStatements(db),
    children: childStatements(db),
    deadlines: deadlineStatements(db),
    /** Runs `fn` in one IMMEDIATE transaction: all of its writes land, or none. */
    tx<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
    /** A secret kept in the database so page tokens stay valid across restarts. */
    secret(name: string): Buffer {
      const row = db
        .prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?")
        .get(name);
      if (row) return Buffer.from(row.value, "base64");
      const value = randomBytes(32);
      db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)").run(name, value.toString("base64"));
      return value;
    },
    close: () => db.close(),
  };
}

export type { ExecutionRow, RunConfig, ExecutionQuery } from "./executions";
export type { ActivityTaskRow, ActivityTimeouts, DeadlineKind, DeadlineRow } from "./tasks";
export type { DomainRow } from "./domains";
export type { TypeRow, TypeKind } from "./types";
