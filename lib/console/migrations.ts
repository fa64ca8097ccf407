/**
 * The console database's schema, as one append-only list of migrations, each written for both
 * backends: the same tables, columns and constraints, in each one's own DDL (SQLite's
 * `INTEGER PRIMARY KEY` is PostgreSQL's identity column, `COLLATE NOCASE` a unique index on
 * `lower(username)`, a trigger's body a PL/pgSQL function). The version applied is in SQLite's
 * `PRAGMA user_version` and PostgreSQL's `console_schema`; each migration runs in its own
 * transaction. Never edit a shipped migration: add a new one, to both lists.
 */
export interface Migration {
  sqlite: string;
  postgres: string;
}

const SQLITE: readonly string[] = [
  // 1: users, sessions, audit, settings, human tasks, OIDC login state.
  `
  CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'approver', 'operator', 'admin')),
    source        TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'oidc')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    last_login_at INTEGER
  );

  CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    user_agent   TEXT,
    ip           TEXT
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_expiry ON sessions(expires_at);

  CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    username    TEXT NOT NULL,
    role        TEXT,
    action      TEXT NOT NULL,
    target      TEXT,
    domain      TEXT,
    workflow_id TEXT,
    run_id      TEXT,
    parameters  TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'fault', 'denied')),
    fault       TEXT,
    message     TEXT,
    result      TEXT,
    ip          TEXT,
    bulk_id     TEXT
  );
  CREATE INDEX audit_at ON audit(at);
  CREATE INDEX audit_user ON audit(username, at);
  CREATE INDEX audit_action ON audit(action, at);

  CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  );

  CREATE TABLE human_tasks (
    id                          INTEGER PRIMARY KEY,
    task_token                  TEXT NOT NULL UNIQUE,
    domain                      TEXT NOT NULL,
    task_list                   TEXT NOT NULL,
    activity_id                 TEXT NOT NULL,
    activity_name               TEXT NOT NULL,
    activity_version            TEXT NOT NULL,
    workflow_id                 TEXT NOT NULL,
    run_id                      TEXT NOT NULL,
    started_event_id            INTEGER NOT NULL,
    input                       TEXT,
    received_at                 INTEGER NOT NULL,
    scheduled_at                INTEGER,
    heartbeat_timeout_s         INTEGER,
    start_to_close_deadline     INTEGER,
    schedule_to_close_deadline  INTEGER,
    deadline                    INTEGER,
    details_loaded              INTEGER NOT NULL DEFAULT 0,
    last_heartbeat_at           INTEGER,
    state                       TEXT NOT NULL DEFAULT 'pending'
                                CHECK (state IN ('pending', 'claimed', 'completed', 'failed', 'expired', 'canceled')),
    decision                    TEXT,
    comment                     TEXT,
    decided_by                  TEXT,
    decided_at                  INTEGER,
    closed_reason               TEXT,
    updated_at                  INTEGER NOT NULL
  );
  CREATE INDEX human_tasks_state ON human_tasks(state, received_at);
  CREATE INDEX human_tasks_execution ON human_tasks(domain, workflow_id, run_id);

  CREATE TABLE oidc_logins (
    state         TEXT PRIMARY KEY,
    code_verifier TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    return_to     TEXT,
    created_at    INTEGER NOT NULL
  );
  `,
  // 2: an append-only, hash-chained audit log with attempt rows (written before an action runs,
  //    closed by an outcome row naming the attempt); OIDC users keyed on issuer + subject.
  `
  CREATE TABLE audit_v2 (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    username    TEXT NOT NULL,
    role        TEXT,
    action      TEXT NOT NULL,
    target      TEXT,
    domain      TEXT,
    workflow_id TEXT,
    run_id      TEXT,
    parameters  TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('attempt', 'ok', 'fault', 'denied')),
    fault       TEXT,
    message     TEXT,
    result      TEXT,
    ip          TEXT,
    bulk_id     TEXT,
    attempt_id  INTEGER,
    hash        TEXT
  );
  INSERT INTO audit_v2 (id, at, username, role, action, target, domain, workflow_id, run_id,
                        parameters, outcome, fault, message, result, ip, bulk_id)
    SELECT id, at, username, role, action, target, domain, workflow_id, run_id,
           parameters, outcome, fault, message, result, ip, bulk_id FROM audit;
  DROP TABLE audit;
  ALTER TABLE audit_v2 RENAME TO audit;
  CREATE INDEX audit_at ON audit(at);
  CREATE INDEX audit_user ON audit(username, at);
  CREATE INDEX audit_action ON audit(action, at);
  CREATE INDEX audit_attempt ON audit(attempt_id) WHERE attempt_id IS NOT NULL;
  -- Rows from before the chain get their hash once (sealed); after that nothing changes a row.
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN OLD.hash IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

  ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
  ALTER TABLE users ADD COLUMN oidc_subject TEXT;
  CREATE UNIQUE INDEX users_oidc_identity ON users(oidc_issuer, oidc_subject)
    WHERE oidc_subject IS NOT NULL;
  `,
  // 3: the approver's inbox — who holds a task and since when, typed answers, the question shown in
  // lists, decisions whose outcome is unknown, a digest of the (now sealed) task token for
  // idempotent inserts, and the per-list webhook with its delivery queue.
  `
  ALTER TABLE human_tasks ADD COLUMN assignee TEXT;
  ALTER TABLE human_tasks ADD COLUMN assigned_at INTEGER;
  ALTER TABLE human_tasks ADD COLUMN answer_values TEXT;
  ALTER TABLE human_tasks ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE human_tasks ADD COLUMN question TEXT;
  ALTER TABLE human_tasks ADD COLUMN token_digest TEXT;
  CREATE UNIQUE INDEX human_tasks_token_digest ON human_tasks(token_digest);
  CREATE INDEX human_tasks_assignee ON human_tasks(assignee, state);
  CREATE INDEX human_tasks_deadline ON human_tasks(state, deadline);

  CREATE TABLE human_task_hooks (
    domain        TEXT NOT NULL,
    task_list     TEXT NOT NULL,
    url           TEXT NOT NULL,
    console_url   TEXT,
    updated_at    INTEGER NOT NULL,
    updated_by    TEXT,
    last_ok_at    INTEGER,
    last_error    TEXT,
    last_error_at INTEGER,
    PRIMARY KEY (domain, task_list)
  );

  CREATE TABLE human_task_deliveries (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES human_tasks(id) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    body         TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      INTEGER NOT NULL,
    last_error   TEXT,
    delivered_at INTEGER,
    gave_up_at   INTEGER
  );
  CREATE INDEX human_task_deliveries_due ON human_task_deliveries(delivered_at, gave_up_at, next_at);
  `,
  // 4: runbook notes of the failures view, one per (domain, failure group); saved views of the
  //    executions list, shared by everyone.
  `
  CREATE TABLE runbooks (
    domain      TEXT NOT NULL,
    group_key   TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (domain, group_key)
  );

  CREATE TABLE saved_views (
    id          INTEGER PRIMARY KEY,
    domain      TEXT NOT NULL,
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (domain, name)
  );
  `,
  // 5: poller leases — with several console processes on one database, one of them polls each
  //    human task list; the lease expires when its holder stops renewing it (a dead process).
  `
  CREATE TABLE poller_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
];

const POSTGRES: readonly string[] = [
  // 1
  `
  CREATE TABLE users (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL,
    password_hash TEXT,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'approver', 'operator', 'admin')),
    source        TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'oidc')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    last_login_at BIGINT
  );
  CREATE UNIQUE INDEX users_username ON users (lower(username));

  CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    user_agent   TEXT,
    ip           TEXT
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_expiry ON sessions(expires_at);

  CREATE TABLE audit (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at          BIGINT NOT NULL,
    username    TEXT NOT NULL,
    role        TEXT,
    action      TEXT NOT NULL,
    target      TEXT,
    domain      TEXT,
    workflow_id TEXT,
    run_id      TEXT,
    parameters  TEXT,
    outcome     TEXT NOT NULL CONSTRAINT audit_outcome CHECK (outcome IN ('ok', 'fault', 'denied')),
    fault       TEXT,
    message     TEXT,
    result      TEXT,
    ip          TEXT,
    bulk_id     TEXT
  );
  CREATE INDEX audit_at ON audit(at);
  CREATE INDEX audit_user ON audit(lower(username), at);
  CREATE INDEX audit_action ON audit(action, at);

  CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT
  );

  CREATE TABLE human_tasks (
    id                          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    task_token                  TEXT NOT NULL UNIQUE,
    domain                      TEXT NOT NULL,
    task_list                   TEXT NOT NULL,
    activity_id                 TEXT NOT NULL,
    activity_name               TEXT NOT NULL,
    activity_version            TEXT NOT NULL,
    workflow_id                 TEXT NOT NULL,
    run_id                      TEXT NOT NULL,
    started_event_id            BIGINT NOT NULL,
    input                       TEXT,
    received_at                 BIGINT NOT NULL,
    scheduled_at                BIGINT,
    heartbeat_timeout_s         BIGINT,
    start_to_close_deadline     BIGINT,
    schedule_to_close_deadline  BIGINT,
    deadline                    BIGINT,
    details_loaded              INTEGER NOT NULL DEFAULT 0,
    last_heartbeat_at           BIGINT,
    state                       TEXT NOT NULL DEFAULT 'pending'
                                CHECK (state IN ('pending', 'claimed', 'completed', 'failed', 'expired', 'canceled')),
    decision                    TEXT,
    comment                     TEXT,
    decided_by                  TEXT,
    decided_at                  BIGINT,
    closed_reason               TEXT,
    updated_at                  BIGINT NOT NULL
  );
  CREATE INDEX human_tasks_state ON human_tasks(state, received_at);
  CREATE INDEX human_tasks_execution ON human_tasks(domain, workflow_id, run_id);

  CREATE TABLE oidc_logins (
    state         TEXT PRIMARY KEY,
    code_verifier TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    return_to     TEXT,
    created_at    BIGINT NOT NULL
  );
  `,
  // 2
  `
  ALTER TABLE audit DROP CONSTRAINT audit_outcome;
  ALTER TABLE audit ADD CONSTRAINT audit_outcome CHECK (outcome IN ('attempt', 'ok', 'fault', 'denied'));
  ALTER TABLE audit ADD COLUMN attempt_id BIGINT;
  ALTER TABLE audit ADD COLUMN hash TEXT;
  CREATE INDEX audit_attempt ON audit(attempt_id) WHERE attempt_id IS NOT NULL;
  CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' OR OLD.hash IS NOT NULL THEN
      RAISE EXCEPTION 'the audit log is append-only';
    END IF;
    RETURN NEW;
  END
  $$;
  CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

  ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
  ALTER TABLE users ADD COLUMN oidc_subject TEXT;
  CREATE UNIQUE INDEX users_oidc_identity ON users(oidc_issuer, oidc_subject)
    WHERE oidc_subject IS NOT NULL;
  `,
  // 3
  `
  ALTER TABLE human_tasks ADD COLUMN assignee TEXT;
  ALTER TABLE human_tasks ADD COLUMN assigned_at BIGINT;
  ALTER TABLE human_tasks ADD COLUMN answer_values TEXT;
  ALTER TABLE human_tasks ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE human_tasks ADD COLUMN question TEXT;
  ALTER TABLE human_tasks ADD COLUMN token_digest TEXT;
  CREATE UNIQUE INDEX human_tasks_token_digest ON human_tasks(token_digest);
  CREATE INDEX human_tasks_assignee ON human_tasks(assignee, state);
  CREATE INDEX human_tasks_deadline ON human_tasks(state, deadline);

  CREATE TABLE human_task_hooks (
    domain        TEXT NOT NULL,
    task_list     TEXT NOT NULL,
    url           TEXT NOT NULL,
    console_url   TEXT,
    updated_at    BIGINT NOT NULL,
    updated_by    TEXT,
    last_ok_at    BIGINT,
    last_error    TEXT,
    last_error_at BIGINT,
    PRIMARY KEY (domain, task_list)
  );

  CREATE TABLE human_task_deliveries (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    task_id      BIGINT NOT NULL REFERENCES human_tasks(id) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    body         TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      BIGINT NOT NULL,
    last_error   TEXT,
    delivered_at BIGINT,
    gave_up_at   BIGINT
  );
  CREATE INDEX human_task_deliveries_due ON human_task_deliveries(delivered_at, gave_up_at, next_at);
  `,
  // 4
  `
  CREATE TABLE runbooks (
    domain      TEXT NOT NULL,
    group_key   TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (domain, group_key)
  );

  CREATE TABLE saved_views (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    domain      TEXT NOT NULL,
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (domain, name)
  );
  `,
  // 5
  `
  CREATE TABLE poller_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  `,
];

if (SQLITE.length !== POSTGRES.length) throw new Error("console migrations: one list is longer");

export const MIGRATIONS: readonly Migration[] = SQLITE.map((sqlite, i) => ({
  sqlite,
  postgres: POSTGRES[i],
}));
