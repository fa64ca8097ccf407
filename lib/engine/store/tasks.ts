import type { Db } from "./db";
import { columnsOf, rowQuery } from "./rows";

export interface ActivityTimeouts {
  scheduleToStartTimeout: string;
  scheduleToCloseTimeout: string;
  startToCloseTimeout: string;
  heartbeatTimeout: string;
}

export interface ActivityTaskRow {
  id: number;
  execution_id: number;
  scheduled_event_id: number;
  activity_id: string;
  domain: string;
  task_list: string;
  priority: number;
  type_name: string;
  type_version: string;
  input: string | null;
  timeouts: string;
  started_event_id: number;
  nonce: string | null;
  heartbeat_details: string | null;
  cancel_requested_event_id: number | null;
}

export type NewActivityTask = Omit<
  ActivityTaskRow,
  "id" | "started_event_id" | "nonce" | "heartbeat_details" | "cancel_requested_event_id"
>;

export function activityTaskStatements(db: Db) {
  const insert = db.prepare(
    `INSERT INTO activity_tasks (execution_id, scheduled_event_id, activity_id, domain, task_list, priority,
       type_name, type_version, input, timeouts)
     VALUES (@execution_id, @scheduled_event_id, @activity_id, @domain, @task_list, @priority,
       @type_name, @type_version, @input, @timeouts)`,
  );
  const byEvent = db.prepare<[number, number], ActivityTaskRow>(
    "SELECT * FROM activity_tasks WHERE execution_id = ? AND scheduled_event_id = ?",
  );
  const byActivityId = db.prepare<[number, string], ActivityTaskRow>(
    "SELECT * FROM activity_tasks WHERE execution_id = ? AND activity_id = ?",
  );
  const next = db.prepare<[string, string], ActivityTaskRow>(
    `SELECT * FROM activity_tasks WHERE domain = ? AND task_list = ? AND started_event_id = 0
     ORDER BY priority DESC, id ASC LIMIT 1`,
  );
  const markStarted = db.prepare(
    "UPDATE activity_tasks SET started_event_id = ?, nonce = ? WHERE id = ?",
  );
  const setHeartbeat = db.prepare("UPDATE activity_tasks SET heartbeat_details = ? WHERE id = ?");
  const setCancelRequested = db.prepare(
    "UPDATE activity_tasks SET cancel_requested_event_id = ? WHERE id = ?",
  );
  const remove = db.prepare("DELETE FROM activity_tasks WHERE id = ?");
  const removeAll = db.prepare("DELETE FROM activity_tasks WHERE execution_id = ?");
  const countOpen = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM activity_tasks WHERE execution_id = ?",
  );
  const countPending = db.prepare<[string, string], { n: number }>(
    "SELECT COUNT(*) AS n FROM activity_tasks WHERE domain = ? AND task_list = ? AND started_event_id = 0",
  );
  return {
    insert: (row: NewActivityTask) => insert.run(row),
    byEvent: (executionId: number, scheduledEventId: number) =>
      byEvent.get(executionId, scheduledEventId),
    byActivityId: (executionId: number, activityId: string) =>
      byActivityId.get(executionId, activityId),
    next: (domain: string, taskList: string) => next.get(domain, taskList),
    markStarted: (id: number, startedEventId: number, nonce: string) =>
      markStarted.run(startedEventId, nonce, id),
    setHeartbeat: (id: number, details: string | null) => setHeartbeat.run(details, id),
    setCancelRequested: (id: number, eventId: number) => setCancelRequested.run(eventId, id),
    remove: (id: number) => remove.run(id),
    removeAll: (executionId: number) => removeAll.run(executionId),
    countOpen: (executionId: number) => countOpen.get(executionId)!.n,
    countPending: (domain: string, taskList: string) => countPending.get(domain, taskList)!.n,
  };
}

export interface DecisionQueueRow {
  id: number;
  execution_id: number;
  domain: string;
  task_list: string;
  priority: number;
}

export function decisionQueueStatements(db: Db) {
  const add = db.prepare(
    "INSERT OR IGNORE INTO decision_queue (execution_id, domain, task_list, priority) VALUES (?, ?, ?, ?)",
  );
  const next = rowQuery<DecisionQueueRow, [string, string]>(
    db,
    columnsOf<DecisionQueueRow>({
      id: true,
      execution_id: true,
      domain: true,
      task_list: true,
      priority: true,
    }),
    "FROM decision_queue WHERE domain = ? AND task_list = ? ORDER BY priority DESC, id ASC LIMIT 1",
  );
  const remove = db.prepare("DELETE FROM decision_queue WHERE execution_id = ?");
  const countPending = db.prepare<[string, string], { n: number }>(
    "SELECT COUNT(*) AS n FROM decision_queue WHERE domain = ? AND task_list = ?",
  );
  // Both queues' indexes lead with (domain, task_list): a grouped scan of one domain's entries.
  const pendingLists = db.prepare<
    [string, string],
    { task_list: string; kind: "decision" | "activity"; n: number }
  >(
    `SELECT task_list, 'decision' AS kind, COUNT(*) AS n FROM decision_queue WHERE domain = ?
       GROUP BY task_list
     UNION ALL
     SELECT task_list, 'activity' AS kind, COUNT(*) AS n FROM activity_tasks
       WHERE domain = ? AND started_event_id = 0 GROUP BY task_list`,
  );
  return {
    /**
     * The domain's task lists with pending decision or activity tasks (what CountPending… would
     * count), sorted by name: what SWF cannot list, and the engine can.
     */
    pendingTaskLists: (domain: string) => {
      const byName = new Map<string, { taskList: string; decision: number; activity: number }>();
      for (const r of pendingLists.all(domain, domain)) {
        let e = byName.get(r.task_list);
        if (!e) byName.set(r.task_list, (e = { taskList: r.task_list, decision: 0, activity: 0 }));
        e[r.kind] = r.n;
      }
      return [...byName.values()].sort((a, b) =>
        a.taskList < b.taskList ? -1 : a.taskList > b.taskList ? 1 : 0,
      );
    },
    add: (executionId: number, domain: string, taskList: string, priority: number) =>
      add.run(executionId, domain, taskList, priority),
    next: (domain: string, taskList: string) => next.get(domain, taskList),
    remove: (executionId: number) => remove.run(executionId),
    countPending: (domain: string, taskList: string) => countPending.get(domain, taskList)!.n,
  };
}

export function timerStatements(db: Db) {
  const insert = db.prepare(
    "INSERT INTO timers (execution_id, timer_id, started_event_id) VALUES (?, ?, ?)",
  );
  const get = db.prepare<[number, string], { timer_id: string; started_event_id: number }>(
    "SELECT timer_id, started_event_id FROM timers WHERE execution_id = ? AND timer_id = ?",
  );
  const byEvent = db.prepare<[number, number], { timer_id: string; started_event_id: number }>(
    "SELECT timer_id, started_event_id FROM timers WHERE execution_id = ? AND started_event_id = ?",
  );
  const remove = db.prepare("DELETE FROM timers WHERE execution_id = ? AND timer_id = ?");
  const removeAll = db.prepare("DELETE FROM timers WHERE execution_id = ?");
  const count = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM timers WHERE execution_id = ?",
  );
  return {
    insert: (executionId: number, timerId: string, startedEventId: number) =>
      insert.run(executionId, timerId, startedEventId),
    get: (executionId: number, timerId: string) => get.get(executionId, timerId),
    byEvent: (executionId: number, startedEventId: number) =>
      byEvent.get(executionId, startedEventId),
    remove: (executionId: number, timerId: string) => remove.run(executionId, timerId),
    removeAll: (executionId: number) => removeAll.run(executionId),
    count: (executionId: number) => count.get(executionId)!.n,
  };
}

export interface LambdaTaskRow {
  execution_id: number;
  scheduled_event_id: number;
  lambda_id: string;
  /** 0 until LambdaFunctionStarted. */
  started_event_id: number;
}

export function lambdaStatements(db: Db) {
  const insert = db.prepare(
    "INSERT INTO lambda_tasks (execution_id, scheduled_event_id, lambda_id) VALUES (?, ?, ?)",
  );
  const byEvent = db.prepare<[number, number], LambdaTaskRow>(
    "SELECT * FROM lambda_tasks WHERE execution_id = ? AND scheduled_event_id = ?",
  );
  const byLambdaId = db.prepare<[number, string], LambdaTaskRow>(
    "SELECT * FROM lambda_tasks WHERE execution_id = ? AND lambda_id = ?",
  );
  const markStarted = db.prepare(
    "UPDATE lambda_tasks SET started_event_id = ? WHERE execution_id = ? AND scheduled_event_id = ?",
  );
  const remove = db.prepare(
    "DELETE FROM lambda_tasks WHERE execution_id = ? AND scheduled_event_id = ?",
  );
  const removeAll = db.prepare("DELETE FROM lambda_tasks WHERE execution_id = ?");
  const countOpen = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM lambda_tasks WHERE execution_id = ?",
  );
  return {
    insert: (executionId: number, scheduledEventId: number, lambdaId: string) =>
      insert.run(executionId, scheduledEventId, lambdaId),
    byEvent: (executionId: number, scheduledEventId: number) =>
      byEvent.get(executionId, scheduledEventId),
    byLambdaId: (executionId: number, lambdaId: string) => byLambdaId.get(executionId, lambdaId),
    markStarted: (executionId: number, scheduledEventId: number, startedEventId: number) =>
      markStarted.run(startedEventId, executionId, scheduledEventId),
    remove: (executionId: number, scheduledEventId: number) =>
      remove.run(executionId, scheduledEventId),
    removeAll: (executionId: number) => removeAll.run(executionId),
    countOpen: (executionId: number) => countOpen.get(executionId)!.n,
  };
}

export interface ChildRow {
  parent_execution_id: number;
  initiated_event_id: number;
  workflow_id: string;
  child_execution_id: number | null;
  started_event_id: number;
}

export function childStatements(db: Db) {
  const insert = db.prepare(
    "INSERT INTO children (parent_execution_id, initiated_event_id, workflow_id, child_execution_id, started_event_id) VALUES (?, ?, ?, ?, ?)",
  );
  const byChild = db.prepare<[number], ChildRow>(
    "SELECT * FROM children WHERE child_execution_id = ?",
  );
  const ofParent = db.prepare<[number], ChildRow>(
    "SELECT * FROM children WHERE parent_execution_id = ?",
  );
  const setChild = db.prepare(
    "UPDATE children SET child_execution_id = ? WHERE parent_execution_id = ? AND initiated_event_id = ?",
  );
  const remove = db.prepare(
    "DELETE FROM children WHERE parent_execution_id = ? AND initiated_event_id = ?",
  );
  const removeAll = db.prepare("DELETE FROM children WHERE parent_execution_id = ?");
  const count = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM children WHERE parent_execution_id = ?",
  );
  return {
    insert: (row: ChildRow) =>
      insert.run(
        row.parent_execution_id,
        row.initiated_event_id,
        row.workflow_id,
        row.child_execution_id,
        row.started_event_id,
      ),
    byChild: (childExecutionId: number) => byChild.get(childExecutionId),
    ofParent: (parentExecutionId: number) => ofParent.all(parentExecutionId),
    setChild: (parentId: number, initiatedEventId: number, childId: number) =>
      setChild.run(childId, parentId, initiatedEventId),
    remove: (parentId: number, initiatedEventId: number) => remove.run(parentId, initiatedEventId),
    removeAll: (parentId: number) => removeAll.run(parentId),
    count: (parentId: number) => count.get(parentId)!.n,
  };
}

export type DeadlineKind =
  | "EXECUTION_START_TO_CLOSE"
  | "DECISION_START_TO_CLOSE"
  | "DECISION_SCHEDULE_TO_START"
  | "ACTIVITY_SCHEDULE_TO_START"
  | "ACTIVITY_SCHEDULE_TO_CLOSE"
  | "ACTIVITY_START_TO_CLOSE"
  | "ACTIVITY_HEARTBEAT"
  | "LAMBDA_START_TO_CLOSE"
  | "TIMER"
  | "RETENTION";

export interface DeadlineRow {
  due_at: number;
  kind: DeadlineKind;
  execution_id: number;
  /** The scheduled/started event id the deadline belongs to (0 for execution-wide ones). */
  ref: number;
}

/** Deadlines fired per query; the engine asks again until none is due. */
const DUE_BATCH = 100;

export function deadlineStatements(db: Db) {
  // One deadline per (execution, kind, ref): arming it again moves it.
  const insert = db.prepare(
    "INSERT OR REPLACE INTO deadlines (due_at, kind, execution_id, ref) VALUES (?, ?, ?, ?)",
  );
  const remove = db.prepare(
    "DELETE FROM deadlines WHERE execution_id = ? AND kind = ? AND ref = ?",
  );
  const removeAll = db.prepare("DELETE FROM deadlines WHERE execution_id = ?");
  const removeRef = db.prepare("DELETE FROM deadlines WHERE execution_id = ? AND ref = ?");
  // The limit is written into the SQL: SQLite plans with a bound LIMIT's value, so `LIMIT ?` would
  // compile the statement again on every call.
  const due = db.prepare<[number], DeadlineRow>(
    `SELECT due_at, kind, execution_id, ref FROM deadlines WHERE due_at <= ? ORDER BY due_at ASC
     LIMIT ${DUE_BATCH}`,
  );
  const earliest = db.prepare<[], { due_at: number }>(
    "SELECT due_at FROM deadlines ORDER BY due_at ASC LIMIT 1",
  );
  return {
    add: (dueAt: number, kind: DeadlineKind, executionId: number, ref = 0) =>
      insert.run(dueAt, kind, executionId, ref),
    remove: (executionId: number, kind: DeadlineKind, ref = 0) =>
      remove.run(executionId, kind, ref),
    removeAll: (executionId: number) => removeAll.run(executionId),
    /** Every deadline of one task (event ids are unique within a run, so `ref` names one task). */
    removeRef: (executionId: number, ref: number) => removeRef.run(executionId, ref),
    /** The earliest DUE_BATCH deadlines due at `now`. */
    due: (now: number) => due.all(now),
    earliest: () => earliest.get()?.due_at,
  };
}
