import type { Statement } from "better-sqlite3";
import type { Db } from "./db";
import { columnsOf, rowBuilder, rowQuery } from "./rows";

/** Effective settings of a run, fixed when it starts (wire names and formats). */
export interface RunConfig {
  taskList: string;
  taskPriority: string;
  taskStartToCloseTimeout: string;
  executionStartToCloseTimeout: string;
  childPolicy: string;
  lambdaRole?: string;
}

export interface ExecutionRow {
  id: number;
  domain: string;
  workflow_id: string;
  run_id: string;
  type_name: string;
  type_version: string;
  open: 0 | 1;
  close_status: string | null;
  started_at: number;
  closed_at: number | null;
  tags: string;
  cancel_requested: 0 | 1;
  parent_workflow_id: string | null;
  parent_run_id: string | null;
  parent_initiated_event_id: number | null;
  config: string;
  next_event_id: number;
  latest_activity_at: number | null;
  latest_execution_context: string | null;
  decision_task_list: string;
  dt_scheduled_id: number;
  dt_started_id: number;
  dt_started_scheduled_id: number;
  dt_nonce: string | null;
  dt_previous_started_id: number;
  /** Schedule-to-start timeout of a temporary decision task-list override; null when permanent or none. */
  dt_override_timeout: string | null;
}

const EXECUTION_COLUMNS = columnsOf<ExecutionRow>({
  id: true,
  domain: true,
  workflow_id: true,
  run_id: true,
  type_name: true,
  type_version: true,
  open: true,
  close_status: true,
  started_at: true,
  closed_at: true,
  tags: true,
  cancel_requested: true,
  parent_workflow_id: true,
  parent_run_id: true,
  parent_initiated_event_id: true,
  config: true,
  next_event_id: true,
  latest_activity_at: true,
  latest_execution_context: true,
  decision_task_list: true,
  dt_scheduled_id: true,
  dt_started_id: true,
  dt_started_scheduled_id: true,
  dt_nonce: true,
  dt_previous_started_id: true,
  dt_override_timeout: true,
});

export type NewExecution = Pick<
  ExecutionRow,
  | "domain"
  | "workflow_id"
  | "run_id"
  | "type_name"
  | "type_version"
  | "started_at"
  | "tags"
  | "parent_workflow_id"
  | "parent_run_id"
  | "parent_initiated_event_id"
  | "config"
  | "decision_task_list"
>;

/** A visibility query, already validated: one time range plus at most one filter. */
export interface ExecutionQuery {
  domain: string;
  open: boolean;
  timeField: "started_at" | "closed_at";
  oldest: number;
  latest?: number;
  workflowId?: string;
  typeName?: string;
  typeVersion?: string;
  tag?: string;
  closeStatus?: string;
}

export function executionStatements(db: Db) {
  const insert = db
    .prepare(
      `INSERT INTO executions (domain, workflow_id, run_id, type_name, type_version, open, started_at, tags,
       parent_workflow_id, parent_run_id, parent_initiated_event_id, config, next_event_id, decision_task_list)
     VALUES (@domain, @workflow_id, @run_id, @type_name, @type_version, 1, @started_at, @tags,
       @parent_workflow_id, @parent_run_id, @parent_initiated_event_id, @config, 1, @decision_task_list)
     RETURNING ${EXECUTION_COLUMNS.join(", ")}`,
    )
    .raw(true);
  const inserted = rowBuilder<ExecutionRow>(EXECUTION_COLUMNS);
  const insertTag = db.prepare(
    "INSERT OR IGNORE INTO execution_tags (execution_id, domain, tag) VALUES (?, ?, ?)",
  );
  const byId = rowQuery<ExecutionRow, [number]>(
    db,
    EXECUTION_COLUMNS,
    "FROM executions WHERE id = ?",
  );
  const byRun = rowQuery<ExecutionRow, [string, string, string]>(
    db,
    EXECUTION_COLUMNS,
    "FROM executions WHERE domain = ? AND run_id = ? AND workflow_id = ?",
  );
  const openByWorkflow = rowQuery<ExecutionRow, [string, string]>(
    db,
    EXECUTION_COLUMNS,
    "FROM executions WHERE domain = ? AND workflow_id = ? AND open = 1",
  );
  // Only unindexed columns: SQLite rewrites every index whose column appears in SET, even when the
  // value is unchanged, which multiplies the pages (and WAL bytes) of each commit.
  const HOT = `cancel_requested = @cancel_requested, next_event_id = @next_event_id,
       latest_activity_at = @latest_activity_at, latest_execution_context = @latest_execution_context,
       decision_task_list = @decision_task_list, dt_scheduled_id = @dt_scheduled_id,
       dt_started_id = @dt_started_id, dt_started_scheduled_id = @dt_started_scheduled_id,
       dt_nonce = @dt_nonce, dt_previous_started_id = @dt_previous_started_id,
       dt_override_timeout = @dt_override_timeout`;
  const save = db.prepare(`UPDATE executions SET ${HOT} WHERE id = @id`);
  const saveClosed = db.prepare(
    `UPDATE executions SET open = @open, close_status = @close_status, closed_at = @closed_at, ${HOT} WHERE id = @id`,
  );
  const countOpen = db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM executions WHERE domain = ? AND open = 1",
  );
  const remove = db.prepare("DELETE FROM executions WHERE id = ?");
  const removeTags = db.prepare("DELETE FROM execution_tags WHERE execution_id = ?");

  // Visibility statements differ by filter combination; prepare each shape once.
  const cache = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare<unknown[]>(sql)));
    return stmt;
  };

  function where(q: ExecutionQuery): { sql: string; params: unknown[] } {
    const t = q.timeField;
    // `open` as a literal: the close-time indexes are partial (WHERE open = 0), and SQLite uses a
    // partial index only when the query's own WHERE implies it at prepare time.
    const clauses = ["domain = ?", q.open ? "open = 1" : "open = 0", `${t} >= ?`];
    const params: unknown[] = [q.domain, q.oldest];
    const add = (clause: string, value: unknown) => {
      if (value === undefined) return;
      clauses.push(clause);
      params.push(value);
    };
    add(`${t} <= ?`, q.latest);
    add("workflow_id = ?", q.workflowId);
    add("type_name = ?", q.typeName);
    add("type_version = ?", q.typeVersion);
    add("close_status = ?", q.closeStatus);
    if (q.tag !== undefined) {
      clauses.push("id IN (SELECT execution_id FROM execution_tags WHERE domain = ? AND tag = ?)");
      params.push(q.domain, q.tag);
    }
    return { sql: clauses.join(" AND "), params };
  }

  return {
    /** Inserts an open run; its whole row as stored (with every default) comes back. */
    insert(row: NewExecution, tagList: string[]): ExecutionRow {
      const stored = inserted(insert.get(row) as unknown[]);
      for (const tag of tagList) insertTag.run(stored.id, row.domain, tag);
      return stored;
    },
    byId: (id: number) => byId.get(id),
    byRun: (domain: string, workflowId: string, runId: string) =>
      byRun.get(domain, runId, workflowId),
    openByWorkflow: (domain: string, workflowId: string) => openByWorkflow.get(domain, workflowId),
    /** Open executions of the domain, counted (see OpenCounts). */
    countOpen: (domain: string) => countOpen.get(domain)!.n,
    /** Persists the run's mutable state; the open/close columns change only through `saveClosed`. */
    save: (row: ExecutionRow) => save.run(row),
    /** Persists a run that has just closed (status, close time and the rest). */
    saveClosed: (row: ExecutionRow) => saveClosed.run(row),
    remove(id: number) {
      remove.run(id);
      removeTags.run(id);
    },
    /** Newest first (by the query's time field), or oldest first with `reverse`; keyset paging on (time, id). */
    list(q: ExecutionQuery, after: [number, number] | undefined, reverse: boolean, limit: number) {
      const w = where(q);
      const t = q.timeField;
      let sql = `SELECT * FROM executions WHERE ${w.sql}`;
      const params = [...w.params];
      if (after) {
        sql += reverse
          ? ` AND (${t} > ? OR (${t} = ? AND id > ?))`
          : ` AND (${t} < ? OR (${t} = ? AND id < ?))`;
        params.push(after[0], after[0], after[1]);
      }
      sql += reverse ? ` ORDER BY ${t} ASC, id ASC` : ` ORDER BY ${t} DESC, id DESC`;
      sql += " LIMIT ?";
      params.push(limit);
      return prepared(sql).all(...params) as ExecutionRow[];
    },
    count(q: ExecutionQuery): number {
      const w = where(q);
      return (
        prepared(`SELECT COUNT(*) AS n FROM executions WHERE ${w.sql}`).get(...w.params) as {
          n: number;
        }
      ).n;
    },
  };
}
