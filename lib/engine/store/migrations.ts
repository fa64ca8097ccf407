/**
 * Versioned schema. `PRAGMA user_version` holds the number of migrations applied;
 * append new migrations, never edit an applied one.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: initial schema */ `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE domains (
    name TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    description TEXT,
    retention TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    open_count INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;

  CREATE TABLE domain_tags (
    domain TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (domain, key)
  ) WITHOUT ROWID;

  CREATE TABLE types (
    domain TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL,
    deprecated_at INTEGER,
    config TEXT NOT NULL,
    PRIMARY KEY (domain, kind, name, version)
  ) WITHOUT ROWID;

  CREATE TABLE executions (
    id INTEGER PRIMARY KEY,
    domain TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    type_name TEXT NOT NULL,
    type_version TEXT NOT NULL,
    open INTEGER NOT NULL,
    close_status TEXT,
    started_at INTEGER NOT NULL,
    closed_at INTEGER,
    tags TEXT NOT NULL,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    parent_workflow_id TEXT,
    parent_run_id TEXT,
    parent_initiated_event_id INTEGER,
    config TEXT NOT NULL,
    next_event_id INTEGER NOT NULL,
    latest_activity_at INTEGER,
    latest_execution_context TEXT,
    decision_task_list TEXT NOT NULL,
    dt_scheduled_id INTEGER NOT NULL DEFAULT 0,
    dt_started_id INTEGER NOT NULL DEFAULT 0,
    dt_started_scheduled_id INTEGER NOT NULL DEFAULT 0,
    dt_nonce TEXT,
    dt_previous_started_id INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX executions_run ON executions (domain, run_id);
  CREATE UNIQUE INDEX executions_open_workflow ON executions (domain, workflow_id) WHERE open = 1;
  CREATE INDEX executions_by_start ON executions (domain, open, started_at, id);
  CREATE INDEX executions_by_close ON executions (domain, open, closed_at, id);
  CREATE INDEX executions_by_workflow ON executions (domain, workflow_id, started_at, id);
  CREATE INDEX executions_by_type ON executions (domain, type_name, type_version, started_at, id);
  CREATE INDEX executions_by_status ON executions (domain, close_status, closed_at, id);

  CREATE TABLE execution_tags (
    execution_id INTEGER NOT NULL,
    domain TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (execution_id, tag)
  ) WITHOUT ROWID;
  CREATE INDEX execution_tags_by_tag ON execution_tags (domain, tag, execution_id);

  CREATE TABLE events (
    execution_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    ts INTEGER NOT NULL,
    attrs TEXT NOT NULL,
    PRIMARY KEY (execution_id, event_id)
  ) WITHOUT ROWID;

  -- One row per open activity task. id gives FIFO order within a priority.
  CREATE TABLE activity_tasks (
    id INTEGER PRIMARY KEY,
    execution_id INTEGER NOT NULL,
    scheduled_event_id INTEGER NOT NULL,
    activity_id TEXT NOT NULL,
    domain TEXT NOT NULL,
    task_list TEXT NOT NULL,
    priority INTEGER NOT NULL,
    type_name TEXT NOT NULL,
    type_version TEXT NOT NULL,
    input TEXT,
    timeouts TEXT NOT NULL,
    started_event_id INTEGER NOT NULL DEFAULT 0,
    nonce TEXT,
    heartbeat_details TEXT,
    cancel_requested_event_id INTEGER
  );
  CREATE UNIQUE INDEX activity_tasks_by_event ON activity_tasks (execution_id, scheduled_event_id);
  CREATE UNIQUE INDEX activity_tasks_by_activity_id ON activity_tasks (execution_id, activity_id);
  CREATE INDEX activity_tasks_queue ON activity_tasks (domain, task_list, priority DESC, id)
    WHERE started_event_id = 0;

  -- One row per execution whose scheduled decision task may be handed out now
  -- (scheduled, and no other decision task of that execution started).
  CREATE TABLE decision_queue (
    id INTEGER PRIMARY KEY,
    execution_id INTEGER NOT NULL UNIQUE,
    domain TEXT NOT NULL,
    task_list TEXT NOT NULL,
    priority INTEGER NOT NULL
  );
  CREATE INDEX decision_queue_order ON decision_queue (domain, task_list, priority DESC, id);

  CREATE TABLE timers (
    execution_id INTEGER NOT NULL,
    timer_id TEXT NOT NULL,
    started_event_id INTEGER NOT NULL,
    PRIMARY KEY (execution_id, timer_id)
  ) WITHOUT ROWID;

  CREATE TABLE children (
    parent_execution_id INTEGER NOT NULL,
    initiated_event_id INTEGER NOT NULL,
    workflow_id TEXT NOT NULL,
    child_execution_id INTEGER,
    started_event_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (parent_execution_id, initiated_event_id)
  ) WITHOUT ROWID;
  CREATE INDEX children_by_child ON children (child_execution_id);

  -- Every timeout, timer and retention deadline, durable so that a restart loses none.
  CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    due_at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    execution_id INTEGER NOT NULL,
    ref INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX deadlines_due ON deadlines (due_at);
  CREATE INDEX deadlines_by_ref ON deadlines (execution_id, kind, ref);
  `,
  /* 2: temporary decision task-list overrides */ `
  ALTER TABLE executions ADD COLUMN dt_override_timeout TEXT;
  `,
  /*
   * 3: fewer B-trees written per commit. Deadlines are keyed by their task (no rowid, one index
   * fewer); the close-time indexes hold closed runs only, so starting a run no longer writes them.
   */ `
  CREATE TABLE deadlines_v3 (
    execution_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    ref INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER NOT NULL,
    PRIMARY KEY (execution_id, kind, ref)
  ) WITHOUT ROWID;
  INSERT OR REPLACE INTO deadlines_v3 (execution_id, kind, ref, due_at)
    SELECT execution_id, kind, ref, due_at FROM deadlines ORDER BY id;
  DROP TABLE deadlines;
  ALTER TABLE deadlines_v3 RENAME TO deadlines;
  CREATE INDEX deadlines_due ON deadlines (due_at);

  DROP INDEX executions_by_close;
  DROP INDEX executions_by_status;
  CREATE INDEX executions_by_close ON executions (domain, closed_at, id) WHERE open = 0;
  CREATE INDEX executions_by_status ON executions (domain, close_status, closed_at, id) WHERE open = 0;
  `,
  /* 4: open Lambda tasks, one row each from LambdaFunctionScheduled until it closes */ `
  CREATE TABLE lambda_tasks (
    execution_id INTEGER NOT NULL,
    scheduled_event_id INTEGER NOT NULL,
    lambda_id TEXT NOT NULL,
    started_event_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (execution_id, scheduled_event_id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX lambda_tasks_by_id ON lambda_tasks (execution_id, lambda_id);
  `,
  /* 5: open executions are counted in memory (OpenCounts), not rewritten into the domain's row */ `
  ALTER TABLE domains DROP COLUMN open_count;
  `,
];
