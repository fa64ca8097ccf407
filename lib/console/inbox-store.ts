/**
 * The human-task inbox: activity tasks the console received on human task lists, kept in the
 * console database so that a restart loses none. A task is decided once: the decider claims it
 * with a single conditional UPDATE (state 'pending' → 'claimed') before calling SWF, so of two
 * approvers clicking at once exactly one proceeds; the other is told who decided and when.
 *
 * States: pending → claimed → completed | failed; pending/claimed → expired (SWF no longer knows
 * the token: timed out, execution closed) | canceled (the workflow asked to cancel the task).
 * A claim whose SWF call failed for a transient reason returns to pending.
 */
import type { Db } from "./db";

export type TaskState = "pending" | "claimed" | "completed" | "failed" | "expired" | "canceled";
export type Decision = "approve" | "reject" | "fail";

export interface HumanTask {
  id: number;
  domain: string;
  taskList: string;
  activityId: string;
  activityType: { name: string; version: string };
  workflowId: string;
  runId: string;
  startedEventId: number;
  input: string | null;
  receivedAt: number;
  scheduledAt: number | null;
  heartbeatTimeoutSeconds: number | null;
  startToCloseDeadline: number | null;
  scheduleToCloseDeadline: number | null;
  /** The earliest deadline SWF enforces, if any (epoch ms). */
  deadline: number | null;
  detailsLoaded: boolean;
  lastHeartbeatAt: number | null;
  state: TaskState;
  decision: Decision | null;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  closedReason: string | null;
  updatedAt: number;
}

/** Server-side only: the task token answers the task; it never leaves the server. */
export interface StoredTask extends HumanTask {
  taskToken: string;
}

interface Row {
  id: number;
  task_token: string;
  domain: string;
  task_list: string;
  activity_id: string;
  activity_name: string;
  activity_version: string;
  workflow_id: string;
  run_id: string;
  started_event_id: number;
  input: string | null;
  received_at: number;
  scheduled_at: number | null;
  heartbeat_timeout_s: number | null;
  start_to_close_deadline: number | null;
  schedule_to_close_deadline: number | null;
  deadline: number | null;
  details_loaded: number;
  last_heartbeat_at: number | null;
  state: TaskState;
  decision: Decision | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: number | null;
  closed_reason: string | null;
  updated_at: number;
}

function toTask(r: Row): StoredTask {
  return {
    id: r.id,
    taskToken: r.task_token,
    domain: r.domain,
    taskList: r.task_list,
    activityId: r.activity_id,
    activityType: { name: r.activity_name, version: r.activity_version },
    workflowId: r.workflow_id,
    runId: r.run_id,
    startedEventId: r.started_event_id,
    input: r.input,
    receivedAt: r.received_at,
    scheduledAt: r.scheduled_at,
    heartbeatTimeoutSeconds: r.heartbeat_timeout_s,
    startToCloseDeadline: r.start_to_close_deadline,
    scheduleToCloseDeadline: r.schedule_to_close_deadline,
    deadline: r.deadline,
    detailsLoaded: r.details_loaded !== 0,
    lastHeartbeatAt: r.last_heartbeat_at,
    state: r.state,
    decision: r.decision,
    comment: r.comment,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    closedReason: r.closed_reason,
    updatedAt: r.updated_at,
  };
}

/** Drops the token: what the browser may see. */
export function publicTask(task: StoredTask): HumanTask {
  const { taskToken: _, ...rest } = task;
  return rest;
}

export interface ReceivedTask {
  taskToken: string;
  domain: string;
  taskList: string;
  activityId: string;
  activityType: { name: string; version: string };
  workflowId: string;
  runId: string;
  startedEventId: number;
  input?: string | null;
}

/** Stores a polled task (idempotent on the token). Returns its id. */
export function insertReceivedTask(
  db: Db,
  t: ReceivedTask,
  now = Date.now(),
): { id: number; inserted: boolean } {
  const info = db
    .prepare(
      `INSERT OR IGNORE INTO human_tasks
         (task_token, domain, task_list, activity_id, activity_name, activity_version, workflow_id, run_id,
          started_event_id, input, received_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      t.taskToken,
      t.domain,
      t.taskList,
      t.activityId,
      t.activityType.name,
      t.activityType.version,
      t.workflowId,
      t.runId,
      t.startedEventId,
      t.input ?? null,
      now,
      now,
    );
  if (info.changes === 1) return { id: Number(info.lastInsertRowid), inserted: true };
  const row = db.prepare("SELECT id FROM human_tasks WHERE task_token = ?").get(t.taskToken) as {
    id: number;
  };
  return { id: row.id, inserted: false };
}

export interface TaskTimeouts {
  scheduledAt: number | null;
  heartbeatTimeoutSeconds: number | null;
  startToCloseDeadline: number | null;
  scheduleToCloseDeadline: number | null;
}

export function setTaskTimeouts(db: Db, id: number, t: TaskTimeouts, now = Date.now()): void {
  const deadlines = [t.startToCloseDeadline, t.scheduleToCloseDeadline].filter(
    (d): d is number => d !== null,
  );
  db.prepare(
    `UPDATE human_tasks SET scheduled_at = ?, heartbeat_timeout_s = ?, start_to_close_deadline = ?,
            schedule_to_close_deadline = ?, deadline = ?, details_loaded = 1, updated_at = ?
      WHERE id = ?`,
  ).run(
    t.scheduledAt,
    t.heartbeatTimeoutSeconds,
    t.startToCloseDeadline,
    t.scheduleToCloseDeadline,
    deadlines.length ? Math.min(...deadlines) : null,
    now,
    id,
  );
}

export function getTask(db: Db, id: number): StoredTask | undefined {
  const row = db.prepare("SELECT * FROM human_tasks WHERE id = ?").get(id) as Row | undefined;
  return row && toTask(row);
}

export interface TaskQuery {
  states?: TaskState[];
  domain?: string;
  workflowId?: string;
  runId?: string;
  limit?: number;
}

/** Pending tasks oldest first; other states newest first. */
export function listTasks(db: Db, q: TaskQuery = {}): StoredTask[] {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    args.push(value);
  };
  if (q.states?.length) {
    where.push(`state IN (${q.states.map(() => "?").join(",")})`);
    args.push(...q.states);
  }
  if (q.domain) add("domain = ?", q.domain);
  if (q.workflowId) add("workflow_id = ?", q.workflowId);
  if (q.runId) add("run_id = ?", q.runId);
  const onlyOpen = q.states?.length && q.states.every((s) => s === "pending" || s === "claimed");
  const order = onlyOpen
    ? "received_at ASC, id ASC"
    : "COALESCE(decided_at, updated_at) DESC, id DESC";
  const limit = Math.min(Math.max(q.limit ?? 500, 1), 5000);
  const sql = `SELECT * FROM human_tasks ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order} LIMIT ${limit}`;
  return (db.prepare(sql).all(...args) as Row[]).map(toTask);
}

export function countPending(db: Db): number {
  return (
    db.prepare("SELECT count(*) AS n FROM human_tasks WHERE state = 'pending'").get() as {
      n: number;
    }
  ).n;
}

export type ClaimResult =
  { ok: true; task: StoredTask } | { ok: false; task: StoredTask | undefined };

/**
 * Claims a pending task for one decision. The conditional UPDATE is atomic in SQLite, also across
 * processes sharing the file: of concurrent claims exactly one changes a row.
 */
export function claimTask(
  db: Db,
  id: number,
  claim: { by: string; decision: Decision; comment: string | null },
  now = Date.now(),
): ClaimResult {
  return db
    .transaction((): ClaimResult => {
      const changed = db
        .prepare(
          `UPDATE human_tasks SET state = 'claimed', decision = ?, comment = ?, decided_by = ?, decided_at = ?, updated_at = ?
            WHERE id = ? AND state = 'pending'`,
        )
        .run(claim.decision, claim.comment, claim.by, now, now, id).changes;
      const task = getTask(db, id);
      return changed === 1 ? { ok: true, task: task! } : { ok: false, task };
    })
    .immediate();
}

/** After a transient failure (SWF unreachable): the claim is undone so that someone can retry. */
export function releaseClaim(db: Db, id: number, by: string, now = Date.now()): boolean {
  return (
    db
      .prepare(
        `UPDATE human_tasks SET state = 'pending', decision = NULL, comment = NULL, decided_by = NULL, decided_at = NULL,
                updated_at = ? WHERE id = ? AND state = 'claimed' AND decided_by = ?`,
      )
      .run(now, id, by).changes === 1
  );
}

/** Closes a claimed task after SWF accepted the response. */
export function completeClaim(
  db: Db,
  id: number,
  state: "completed" | "failed",
  now = Date.now(),
): void {
  db.prepare(
    "UPDATE human_tasks SET state = ?, updated_at = ? WHERE id = ? AND state = 'claimed'",
  ).run(state, now, id);
}

/** SWF no longer knows the task (timed out, execution closed) or the workflow canceled it. */
export function closeTask(
  db: Db,
  id: number,
  state: "expired" | "canceled",
  reason: string,
  now = Date.now(),
): boolean {
  return (
    db
      .prepare(
        `UPDATE human_tasks SET state = ?, closed_reason = ?, updated_at = ?
          WHERE id = ? AND state IN ('pending', 'claimed')`,
      )
      .run(state, reason.slice(0, 1000), now, id).changes === 1
  );
}

export function recordHeartbeat(db: Db, id: number, now = Date.now()): void {
  db.prepare("UPDATE human_tasks SET last_heartbeat_at = ? WHERE id = ?").run(now, id);
}

/** Open tasks (pending or claimed), for the maintenance loop. */
export function openTasks(db: Db): StoredTask[] {
  return (
    db
      .prepare("SELECT * FROM human_tasks WHERE state IN ('pending', 'claimed') ORDER BY id")
      .all() as Row[]
  ).map(toTask);
}

/**
 * When the task next needs a heartbeat: a third of its heartbeat timeout after the last one (or
 * after receipt); tasks without a heartbeat timeout are probed every `probeMs` to learn whether
 * SWF still knows them (a heartbeat writes no history event).
 */
export function nextHeartbeatAt(task: HumanTask, probeMs: number): number {
  const last = task.lastHeartbeatAt ?? task.receivedAt;
  if (task.heartbeatTimeoutSeconds && task.heartbeatTimeoutSeconds > 0) {
    return last + Math.max(500, Math.min((task.heartbeatTimeoutSeconds * 1000) / 3, probeMs));
  }
  return last + probeMs;
}
