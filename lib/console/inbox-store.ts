/**
 * The human-task inbox: activity tasks the console received on human task lists, kept in the
 * console database so that a restart loses none. A task is decided once: the decider claims it
 * with a single conditional UPDATE (state 'pending' → 'claimed') before calling SWF, so of two
 * approvers clicking at once exactly one proceeds; the other is told who decided and when.
 *
 * States: pending → claimed → completed | failed; pending/claimed → expired (SWF no longer knows
 * the token: timed out, execution closed) | canceled (the workflow asked to cancel the task).
 * A claim whose SWF call was refused (the request never took effect) returns to pending; a claim
 * whose outcome is unknown (timeout, reset connection) stays claimed, flagged `outcomeUnknown`,
 * until the poller learns from SWF what happened — it is never handed to a second approver.
 *
 * Separately from the decision claim, a task may be held by a person (`assignee`, since
 * `assignedAt`): claim/release/assign in the inbox. Task tokens are stored sealed (inbox-token.ts).
 */
import type { Db, SqlParam } from "./db";
import type { FormValues } from "./inbox-form";
import { questionOfInput, shortQuestion } from "./inbox-question";
import { searchWords } from "./inbox-search";
import { openToken, sealToken, tokenDigest } from "./inbox-token";
import { DECIDING_ROLES } from "./roles";

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
  /** The question the input asks (its `question` member), for lists. */
  question: string | null;
  /** Who holds the task (claimed it for themselves or was assigned it), and since when. */
  assignee: string | null;
  assignedAt: number | null;
  /** The typed answer of a form task. */
  values: FormValues | null;
  /** The decision was sent but its outcome is not known yet; the poller asks SWF. */
  outcomeUnknown: boolean;
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
  question: string | null;
  assignee: string | null;
  assigned_at: number | null;
  answer_values: string | null;
  outcome_unknown: number;
}

function toTask(db: Db, r: Row): StoredTask {
  return {
    id: r.id,
    taskToken: openToken(db, r.task_token),
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
    question: r.question,
    assignee: r.assignee,
    assignedAt: r.assigned_at,
    values: r.answer_values ? (JSON.parse(r.answer_values) as FormValues) : null,
    outcomeUnknown: r.outcome_unknown !== 0,
  };
}

/**
 * The list's copy of the input's question (shortened, with "…", when long; a question that is not
 * a string as its JSON). The pane shows the whole question from the input, which is kept whole.
 */
export function questionOf(input: string | null | undefined): string | null {
  const question = questionOfInput(input);
  return question && shortQuestion(question.text);
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

/**
 * Stores a polled task, idempotent on the token's digest: of several console processes (or
 * retries) storing the same task, one inserts it and every other gets the same id.
 */
export async function insertReceivedTask(
  db: Db,
  t: ReceivedTask,
  now = Date.now(),
): Promise<{ id: number; inserted: boolean }> {
  const digest = tokenDigest(db, t.taskToken);
  const row = await db.get<{ id: number }>(
    `INSERT INTO human_tasks
       (task_token, token_digest, domain, task_list, activity_id, activity_name, activity_version, workflow_id, run_id,
        started_event_id, input, question, received_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (token_digest) DO NOTHING
     RETURNING id`,
    [
      sealToken(db, t.taskToken),
      digest,
      t.domain,
      t.taskList,
      t.activityId,
      t.activityType.name,
      t.activityType.version,
      t.workflowId,
      t.runId,
      t.startedEventId,
      t.input ?? null,
      questionOf(t.input),
      now,
      now,
    ],
  );
  if (row) return { id: row.id, inserted: true };
  const existing = await db.get<{ id: number }>(
    "SELECT id FROM human_tasks WHERE token_digest = ?",
    [digest],
  );
  if (!existing) throw new Error("a human task was neither inserted nor found by its token");
  return { id: existing.id, inserted: false };
}

export interface TaskTimeouts {
  scheduledAt: number | null;
  heartbeatTimeoutSeconds: number | null;
  startToCloseDeadline: number | null;
  scheduleToCloseDeadline: number | null;
}

export async function setTaskTimeouts(
  db: Db,
  id: number,
  t: TaskTimeouts,
  now = Date.now(),
): Promise<void> {
  const deadlines = [t.startToCloseDeadline, t.scheduleToCloseDeadline].filter(
    (d): d is number => d !== null,
  );
  await db.run(
    `UPDATE human_tasks SET scheduled_at = ?, heartbeat_timeout_s = ?, start_to_close_deadline = ?,
            schedule_to_close_deadline = ?, deadline = ?, details_loaded = 1, updated_at = ?
      WHERE id = ?`,
    [
      t.scheduledAt,
      t.heartbeatTimeoutSeconds,
      t.startToCloseDeadline,
      t.scheduleToCloseDeadline,
      deadlines.length ? Math.min(...deadlines) : null,
      now,
      id,
    ],
  );
}

export async function getTask(db: Db, id: number): Promise<StoredTask | undefined> {
  const row = await db.get<Row>("SELECT * FROM human_tasks WHERE id = ?", [id]);
  return row && toTask(db, row);
}

export type SortOrder = "age" | "due" | "recent" | "changed";
export const SORT_ORDERS: readonly SortOrder[] = ["age", "due", "recent", "changed"];

export interface TaskQuery {
  states?: TaskState[];
  domain?: string;
  taskList?: string;
  /** Activity type name. */
  activityType?: string;
  /** Who holds it; "" for tasks nobody holds. */
  assignee?: string;
  /** Only open tasks past their deadline (at `now`). */
  overdue?: boolean;
  /**
   * Free text: each word must be in the question, workflow id, activity type, input, decider or
   * decision comment.
   */
  text?: string;
  workflowId?: string;
  runId?: string;
  /**
   * age: oldest first; due: soonest deadline first; recent: newest first (by arrival, the time
   * the rows show); changed: last changed first (decided, claimed, held, closed).
   */
  sort?: SortOrder;
  limit?: number;
  now?: number;
}

export const MAX_LIST = 20_000;

/** What the free text searches (a pending task has no decider nor comment: NULL matches nothing). */
const SEARCHED = ["question", "workflow_id", "activity_name", "input", "decided_by", "comment"];

function whereOf(q: TaskQuery): { sql: string; args: SqlParam[] } {
  const where: string[] = [];
  const args: SqlParam[] = [];
  const add = (clause: string, ...values: SqlParam[]) => {
    where.push(clause);
    args.push(...values);
  };
  if (q.states?.length) add(`state IN (${q.states.map(() => "?").join(",")})`, ...q.states);
  if (q.domain) add("domain = ?", q.domain);
  if (q.taskList) add("task_list = ?", q.taskList);
  if (q.activityType) add("activity_name = ?", q.activityType);
  if (q.assignee !== undefined) {
    if (q.assignee === "") where.push("assignee IS NULL");
    else add("assignee = ?", q.assignee);
  }
  if (q.overdue)
    add(
      "state IN ('pending', 'claimed') AND deadline IS NOT NULL AND deadline < ?",
      q.now ?? Date.now(),
    );
  if (q.workflowId) add("workflow_id = ?", q.workflowId);
  if (q.runId) add("run_id = ?", q.runId);
  // Each word in any searched column ("A-1005 Grace": the id in the workflow id, the name in the
  // input). Case-insensitive on both backends (SQLite's LIKE already is, PostgreSQL's is not).
  const match = (column: string) => `lower(${column}) LIKE lower(?) ESCAPE '\\'`;
  for (const word of searchWords(q.text)) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add(`(${SEARCHED.map(match).join(" OR ")})`, ...SEARCHED.map(() => like));
  }
  return { sql: where.length ? `WHERE ${where.join(" AND ")}` : "", args };
}

function orderOf(q: TaskQuery): string {
  const sort =
    q.sort ??
    (q.states?.length && q.states.every((s) => s === "pending" || s === "claimed")
      ? "age"
      : "changed");
  if (sort === "age") return "received_at ASC, id ASC";
  if (sort === "due") return "deadline IS NULL, deadline ASC, received_at ASC, id ASC";
  if (sort === "recent") return "received_at DESC, id DESC";
  return "COALESCE(decided_at, updated_at) DESC, id DESC";
}

/** Tasks matching `q` (open ones oldest first, others last changed first, unless `sort` says). */
export async function listTasks(db: Db, q: TaskQuery = {}): Promise<StoredTask[]> {
  const { sql, args } = whereOf(q);
  const limit = Math.min(Math.max(q.limit ?? 500, 1), MAX_LIST);
  const rows = await db.all<Row>(
    `SELECT * FROM human_tasks ${sql} ORDER BY ${orderOf(q)} LIMIT ${limit}`,
    args,
  );
  return rows.map((r) => toTask(db, r));
}

/** What a list row shows: no input, no token. */
export interface TaskSummary {
  id: number;
  domain: string;
  taskList: string;
  activityType: { name: string; version: string };
  activityId: string;
  workflowId: string;
  runId: string;
  question: string | null;
  receivedAt: number;
  deadline: number | null;
  state: TaskState;
  decision: Decision | null;
  decidedBy: string | null;
  decidedAt: number | null;
  assignee: string | null;
  assignedAt: number | null;
  outcomeUnknown: boolean;
}

interface SummaryRow {
  id: number;
  domain: string;
  task_list: string;
  activity_name: string;
  activity_version: string;
  activity_id: string;
  workflow_id: string;
  run_id: string;
  question: string | null;
  received_at: number;
  deadline: number | null;
  state: TaskState;
  decision: Decision | null;
  decided_by: string | null;
  decided_at: number | null;
  assignee: string | null;
  assigned_at: number | null;
  outcome_unknown: number;
}

/** List rows for the inbox (a narrow projection, fast for tens of thousands). */
export async function listTaskSummaries(db: Db, q: TaskQuery = {}): Promise<TaskSummary[]> {
  const { sql, args } = whereOf(q);
  const limit = Math.min(Math.max(q.limit ?? 500, 1), MAX_LIST);
  const rows = await db.all<SummaryRow>(
    `SELECT id, domain, task_list, activity_name, activity_version, activity_id, workflow_id, run_id, question,
            received_at, deadline, state, decision, decided_by, decided_at, assignee, assigned_at, outcome_unknown
       FROM human_tasks ${sql} ORDER BY ${orderOf(q)} LIMIT ${limit}`,
    args,
  );
  return rows.map((r) => ({
    id: r.id,
    domain: r.domain,
    taskList: r.task_list,
    activityType: { name: r.activity_name, version: r.activity_version },
    activityId: r.activity_id,
    workflowId: r.workflow_id,
    runId: r.run_id,
    question: r.question,
    receivedAt: r.received_at,
    deadline: r.deadline,
    state: r.state,
    decision: r.decision,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    assignee: r.assignee,
    assignedAt: r.assigned_at,
    outcomeUnknown: r.outcome_unknown !== 0,
  }));
}

export const VIEW_STATES = {
  pending: ["pending", "claimed"],
  mine: ["pending", "claimed"],
  overdue: ["pending", "claimed"],
  decided: ["completed", "failed"],
  expired: ["expired", "canceled"],
  all: undefined,
} as const satisfies Record<string, readonly TaskState[] | undefined>;
export type InboxView = keyof typeof VIEW_STATES;
export const INBOX_VIEWS = Object.keys(VIEW_STATES) as InboxView[];

/** The query of a view for `me`, refined by the other filters. */
export function viewQuery(view: InboxView, me: string, filters: TaskQuery = {}): TaskQuery {
  const states = VIEW_STATES[view];
  return {
    ...filters,
    states: states ? [...states] : undefined,
    ...(view === "mine" ? { assignee: me } : {}),
    ...(view === "overdue" ? { overdue: true } : {}),
  };
}

export type ViewCounts = Record<Exclude<InboxView, "all">, number>;

/** How many tasks each view holds under the same filters (one pass). */
export async function countViews(
  db: Db,
  me: string,
  filters: TaskQuery = {},
  now = Date.now(),
): Promise<ViewCounts> {
  const { sql, args } = whereOf({ ...filters, states: undefined, overdue: false, sort: undefined });
  // PostgreSQL does not sum booleans: each condition counts as CASE … 1 ELSE 0.
  const count = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  const row = (await db.get<Record<keyof ViewCounts, number | null>>(
    `SELECT
       ${count("state IN ('pending', 'claimed')")} AS pending,
       ${count("state IN ('pending', 'claimed') AND assignee = ?")} AS mine,
       ${count("state IN ('pending', 'claimed') AND deadline IS NOT NULL AND deadline < ?")} AS overdue,
       ${count("state IN ('completed', 'failed')")} AS decided,
       ${count("state IN ('expired', 'canceled')")} AS expired
     FROM human_tasks ${sql}`,
    [me, now, ...args],
  ))!;
  return {
    pending: row.pending ?? 0,
    mine: row.mine ?? 0,
    overdue: row.overdue ?? 0,
    decided: row.decided ?? 0,
    expired: row.expired ?? 0,
  };
}

/** The distinct values the filters offer. */
export async function taskFacets(db: Db): Promise<{
  domains: string[];
  taskLists: string[];
  activityTypes: string[];
  assignees: string[];
}> {
  const col = async (c: string) =>
    (
      await db.all<{ v: string }>(
        `SELECT DISTINCT ${c} AS v FROM human_tasks WHERE ${c} IS NOT NULL ORDER BY 1 LIMIT 500`,
      )
    ).map((r) => r.v);
  const [domains, taskLists, activityTypes, assignees] = await Promise.all([
    col("domain"),
    col("task_list"),
    col("activity_name"),
    col("assignee"),
  ]);
  return { domains, taskLists, activityTypes, assignees };
}

/**
 * A value that changes whenever any task is added or changes (what lists show): lets a browser
 * polling the list skip downloading rows it already has.
 */
export async function tasksVersion(db: Db): Promise<string> {
  const r = (await db.get<{ n: number; u: number | null; i: number | null }>(
    "SELECT count(*) AS n, max(updated_at) AS u, max(id) AS i FROM human_tasks",
  ))!;
  return `${r.n}.${r.u ?? 0}.${r.i ?? 0}`;
}

export async function countPending(db: Db): Promise<number> {
  const r = await db.get<{ n: number }>(
    "SELECT count(*) AS n FROM human_tasks WHERE state IN ('pending', 'claimed')",
  );
  return r?.n ?? 0;
}

export type ClaimResult =
  { ok: true; task: StoredTask } | { ok: false; task: StoredTask | undefined; heldBy?: string };

export interface DecisionClaim {
  by: string;
  decision: Decision;
  comment: string | null;
  values?: FormValues | null;
  /** Operators and admins may decide a task someone else holds. */
  overrideHolder?: boolean;
}

/**
 * Claims a pending task for one decision with one conditional UPDATE, atomic on both backends
 * and across every console process sharing the database: of concurrent claims exactly one
 * changes the row (PostgreSQL makes the others wait for its row lock, then re-checks `state`).
 * A task held by someone else is theirs to decide unless `overrideHolder`.
 */
export async function claimTask(
  db: Db,
  id: number,
  claim: DecisionClaim,
  now = Date.now(),
): Promise<ClaimResult> {
  return db.tx(async (): Promise<ClaimResult> => {
    const { changes } = await db.run(
      `UPDATE human_tasks SET state = 'claimed', decision = ?, comment = ?, answer_values = ?, decided_by = ?,
              decided_at = ?, outcome_unknown = 0, updated_at = ?
        WHERE id = ? AND state = 'pending' AND (assignee IS NULL OR assignee = ? OR ? = 1)`,
      [
        claim.decision,
        claim.comment,
        claim.values ? JSON.stringify(claim.values) : null,
        claim.by,
        now,
        now,
        id,
        claim.by,
        claim.overrideHolder ? 1 : 0,
      ],
    );
    const task = await getTask(db, id);
    if (changes === 1) return { ok: true, task: task! };
    const heldBy =
      task?.state === "pending" && task.assignee && task.assignee !== claim.by
        ? task.assignee
        : undefined;
    return { ok: false, task, heldBy };
  });
}

/**
 * After SWF refused the answer (so it certainly took no effect): the claim is undone so that
 * someone can retry.
 */
export async function releaseClaim(
  db: Db,
  id: number,
  by: string,
  now = Date.now(),
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE human_tasks SET state = 'pending', decision = NULL, comment = NULL, answer_values = NULL, decided_by = NULL,
            decided_at = NULL, outcome_unknown = 0, updated_at = ?
      WHERE id = ? AND state = 'claimed' AND decided_by = ?`,
    [now, id, by],
  );
  return changes === 1;
}

/** The answer went out but whether SWF took it is not known: keep the claim, ask SWF later. */
export async function markOutcomeUnknown(db: Db, id: number, now = Date.now()): Promise<void> {
  await db.run(
    "UPDATE human_tasks SET outcome_unknown = 1, updated_at = ? WHERE id = ? AND state = 'claimed'",
    [now, id],
  );
}

/** Closes a claimed task after SWF accepted the response. */
export async function completeClaim(
  db: Db,
  id: number,
  state: "completed" | "failed",
  now = Date.now(),
): Promise<void> {
  await db.run(
    "UPDATE human_tasks SET state = ?, outcome_unknown = 0, updated_at = ? WHERE id = ? AND state = 'claimed'",
    [state, now, id],
  );
}

export type AssignOutcome =
  | { status: "ok"; task: StoredTask }
  | { status: "not-found" }
  | { status: "closed"; task: StoredTask }
  | { status: "held"; task: StoredTask }
  /** `to` is, at the moment of the change, no enabled user whose role may decide. */
  | { status: "cannot-hold"; task: StoredTask };

/**
 * The UPDATE's condition that `to` (the `?` it takes) may hold a task right now: an enabled user
 * of a deciding role, named exactly as the holder is stored and compared (SQLite's users.username
 * is NOCASE: BINARY makes it exact, as PostgreSQL's comparison is). On PostgreSQL the user's row
 * is share-locked: a concurrent disable, delete or demotion (users.ts, which releases the user's
 * tasks in its own transaction) either waits for this assignment to commit, and then releases
 * the task, or has changed the row first, and the condition, re-checked on the committed row,
 * fails. Without the lock, a READ COMMITTED snapshot would still see the user as they were while
 * the release missed the not yet committed assignment. SQLite's transactions take its one write
 * lock up front, so there nothing can happen in between.
 */
function holderMayDecide(db: Db): string {
  const exact = db.dialect === "sqlite" ? " COLLATE BINARY" : "";
  const lock = db.dialect === "postgres" ? " FOR SHARE" : "";
  return `EXISTS (SELECT 1 FROM users WHERE username = ?${exact} AND disabled = 0
                     AND role IN (${DECIDING_ROLES.map(() => "?").join(", ")})${lock})`;
}

/**
 * Who holds an open task. Anyone who may decide can take a task nobody holds, give it to someone,
 * or let go of their own; taking a task from its holder needs `mayReassign` (operators, admins).
 * The change is one conditional UPDATE (atomic across console processes: of two people taking a
 * free task at once, one gets it), which also requires the new holder to be, at that moment, an
 * enabled user who may decide (holderMayDecide): a user disabled, deleted or demoted meanwhile
 * is refused ("cannot-hold") rather than left holding a task they cannot decide. When it changes
 * nothing, the task as it stands says why.
 */
export async function assignTask(
  db: Db,
  id: number,
  change: { to: string | null; by: string; mayReassign: boolean },
  now = Date.now(),
): Promise<AssignOutcome> {
  return db.tx(async (): Promise<AssignOutcome> => {
    const eligible = change.to === null ? "" : `AND ${holderMayDecide(db)}`;
    const { changes } = await db.run(
      `UPDATE human_tasks SET assignee = ?, assigned_at = ?, updated_at = ?
        WHERE id = ? AND state IN ('pending', 'claimed')
          AND (assignee IS NULL OR assignee = ? OR ? = 1)
          AND COALESCE(assignee, '') <> COALESCE(?, '')
          ${eligible}`,
      [
        change.to,
        change.to ? now : null,
        now,
        id,
        change.by,
        change.mayReassign ? 1 : 0,
        change.to,
        ...(change.to === null ? [] : [change.to, ...DECIDING_ROLES]),
      ],
    );
    const task = await getTask(db, id);
    if (!task) return { status: "not-found" };
    if (changes === 1) return { status: "ok", task };
    if (task.state !== "pending" && task.state !== "claimed") return { status: "closed", task };
    if (task.assignee === change.to) return { status: "ok", task };
    // One who may not take the task from its holder is told who holds it. Otherwise the new
    // holder is asked about rather than inferred from the task: on PostgreSQL the task may have
    // changed hands since the UPDATE looked at it.
    const mayChange = task.assignee === null || task.assignee === change.by || change.mayReassign;
    if (mayChange && change.to !== null) {
      const holder = await db.get<{ ok: unknown }>(`SELECT ${holderMayDecide(db)} AS ok`, [
        change.to,
        ...DECIDING_ROLES,
      ]);
      if (!holder?.ok) return { status: "cannot-hold", task };
    }
    return { status: "held", task };
  });
}

/**
 * Lets go of every open task `holder` holds (they were disabled or deleted, or may no longer
 * decide): the tasks as they now are, for the caller to audit in the same transaction.
 */
export async function releaseTasksHeldBy(
  db: Db,
  holder: string,
  now = Date.now(),
): Promise<StoredTask[]> {
  const rows = await db.all<Row>(
    `UPDATE human_tasks SET assignee = NULL, assigned_at = NULL, updated_at = ?
      WHERE assignee = ? AND state IN ('pending', 'claimed')
      RETURNING *`,
    [now, holder],
  );
  return rows.map((r) => toTask(db, r)).sort((a, b) => a.id - b.id);
}

/** How many open tasks each holder holds (holders with none are absent). */
export async function heldTaskCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.all<{ assignee: string; n: number | string }>(
    `SELECT assignee, count(*) AS n FROM human_tasks
      WHERE assignee IS NOT NULL AND state IN ('pending', 'claimed') GROUP BY assignee`,
  );
  return new Map(rows.map((r) => [r.assignee, Number(r.n)]));
}

/**
 * SWF no longer knows the task (timed out, execution closed) or the workflow canceled it.
 * `pendingOnly`: for what was learnt from a pending task (a heartbeat, a probe); a task claimed
 * meanwhile has a decision in flight — SWF may have refused the heartbeat *because* it took that
 * decision — and is settled by the decision itself (finishClaim, settleClaim), which reads the
 * history. A claim's decision is dropped with it: nothing was decided, and an expired task never
 * names a decider (the audit log keeps the attempt and its TaskExpired fault; the caller's
 * `reason` may say whose answer came too late).
 */
export async function closeTask(
  db: Db,
  id: number,
  state: "expired" | "canceled",
  reason: string,
  now = Date.now(),
  { pendingOnly = false }: { pendingOnly?: boolean } = {},
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE human_tasks SET state = ?, closed_reason = ?, decision = NULL, comment = NULL, answer_values = NULL,
            decided_by = NULL, decided_at = NULL, outcome_unknown = 0, updated_at = ?
      WHERE id = ? AND state IN (${pendingOnly ? "'pending'" : "'pending', 'claimed'"})`,
    [state, reason.slice(0, 1000), now, id],
  );
  return changes === 1;
}

export async function recordHeartbeat(db: Db, id: number, now = Date.now()): Promise<void> {
  await db.run("UPDATE human_tasks SET last_heartbeat_at = ? WHERE id = ?", [now, id]);
}

/** Open tasks (pending or claimed), for the maintenance loop. */
export async function openTasks(db: Db): Promise<StoredTask[]> {
  const rows = await db.all<Row>(
    "SELECT * FROM human_tasks WHERE state IN ('pending', 'claimed') ORDER BY id",
  );
  return rows.map((r) => toTask(db, r));
}

/** The task lists that have open tasks (their maintenance needs a poller lease: poller.ts). */
export async function listsWithOpenTasks(db: Db): Promise<{ domain: string; taskList: string }[]> {
  return db.all<{ domain: string; taskList: string }>(
    `SELECT DISTINCT domain, task_list AS "taskList" FROM human_tasks
      WHERE state IN ('pending', 'claimed') ORDER BY 1, 2`,
  );
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
