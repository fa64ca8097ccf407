import { randomBytes } from "node:crypto";
import { openDatabase, type Db, type OpenOptions } from "./db";
import { GroupCommit, type CommitObserver } from "./group-commit";
import { LogSync } from "./log-sync";
import { OpenCounts } from "./open-counts";
import { domainStatements } from "./domains";
import { eventStatements } from "./events";
import { executionStatements } from "./executions";
import {
  activityTaskStatements,
  childStatements,
  deadlineStatements,
  decisionQueueStatements,
  lambdaStatements,
  timerStatements,
} from "./tasks";
import { typeStatements } from "./types";

export type Store = ReturnType<typeof createStore>;

export function createStore(path: string, options: OpenOptions = {}) {
  const db: Db = openDatabase(path);
  const sync =
    options.durability !== "normal" && path !== ":memory:" ? new LogSync(path) : undefined;
  const commits = new GroupCommit(db, sync);
  const executions = executionStatements(db);
  const openCounts = new OpenCounts(executions.countOpen);
  commits.onBatchLost(() => openCounts.forget());
  // Another engine's starts and closes are in the table, not in this one's counts.
  commits.onForeignWrite(() => openCounts.forget());
  return {
    db,
    domains: domainStatements(db),
    types: typeStatements(db),
    executions,
    /** Open executions per domain (the open-executions limit). */
    openCounts,
    events: eventStatements(db),
    activities: activityTaskStatements(db),
    decisionQueue: decisionQueueStatements(db),
    timers: timerStatements(db),
    children: childStatements(db),
    lambdas: lambdaStatements(db),
    deadlines: deadlineStatements(db),
    /**
     * Runs `fn` as one all-or-nothing unit; it becomes durable with its group commit.
     * `durable: false`: its answer need not wait for the disk (see GroupCommit).
     */
    tx: <T>(fn: () => T, durable?: boolean): T => openCounts.unit(() => commits.run(fn, durable)),
    /** Resolves once everything written so far is durable; `now`: commit without waiting for others. */
    settled: (now?: boolean) => commits.settled(now),
    /** Reports each group commit's duration and size (metrics). */
    onCommit: (observer: CommitObserver) => commits.observe(observer),
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
    close: () => {
      commits.flush();
      sync?.close();
      db.close();
    },
  };
}

export type { ExecutionRow, RunConfig, ExecutionQuery } from "./executions";
export type { ActivityTaskRow, ActivityTimeouts, DeadlineKind, DeadlineRow } from "./tasks";
export type { DomainRow } from "./domains";
export type { TypeRow, TypeKind } from "./types";
