/**
 * The audit log: one row per mutating action (SWF calls, inbox decisions, user and settings
 * changes, sign-ins): who, when, what, on which target, with which parameters, and the outcome
 * (ok, an SWF fault, or refused).
 *
 * An action that reaches SWF writes two rows: an `attempt` before the call and its outcome after
 * (naming the attempt), so that a crash between them still leaves the attempt on record. Lists
 * show an attempt only while it has no outcome.
 *
 * Append-only: the console has no UPDATE or DELETE path (triggers refuse both), and each row
 * carries a SHA-256 over its content and the previous row's hash, so that editing or removing a
 * row breaks the chain that `verifyAuditChain` (`npm run audit:verify`) walks.
 */
import { createHash } from "node:crypto";
import { createLogger } from "@/lib/log";
import type { Db, SqlParam } from "./db";
import { storableText } from "./db/types";
import { toConsoleFault } from "./faults";
import type { Role } from "./roles";

const log = createLogger("console");

export type AuditOutcome = "attempt" | "ok" | "fault" | "denied";

export interface AuditInput {
  at?: number;
  username: string;
  role?: Role | null;
  action: string;
  target?: string | null;
  domain?: string | null;
  workflowId?: string | null;
  runId?: string | null;
  parameters?: unknown;
  outcome: AuditOutcome;
  fault?: string | null;
  message?: string | null;
  result?: unknown;
  ip?: string | null;
  bulkId?: string | null;
  /** Outcome rows: the attempt row they close. */
  attemptId?: number | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  username: string;
  role: Role | null;
  action: string;
  target: string | null;
  domain: string | null;
  workflowId: string | null;
  runId: string | null;
  parameters: unknown;
  outcome: AuditOutcome;
  fault: string | null;
  message: string | null;
  result: unknown;
  ip: string | null;
  bulkId: string | null;
  attemptId: number | null;
}

interface AuditRow {
  id: number;
  at: number;
  username: string;
  role: Role | null;
  action: string;
  target: string | null;
  domain: string | null;
  workflow_id: string | null;
  run_id: string | null;
  parameters: string | null;
  outcome: AuditOutcome;
  fault: string | null;
  message: string | null;
  result: string | null;
  ip: string | null;
  bulk_id: string | null;
  attempt_id: number | null;
  hash: string | null;
}

/** Keys whose values never reach the log. */
const SECRET_KEYS =
  /^(password|newPassword|currentPassword|secret|token|taskToken|client_secret)$/i;
/** Keys holding a URL whose path and query may be a credential (a Slack webhook's is). */
const URL_KEYS = /^url$/i;
const MAX_JSON = 40_000;

/**
 * A URL as the log may keep it: scheme and host only. A webhook URL is itself the credential
 * (whoever knows a Slack incoming-webhook URL may post to the channel), and every signed-in user
 * reads the audit log.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname === "/" && !u.search && !u.hash ? u.origin : `${u.origin}/[redacted]`;
  } catch {
    return "[redacted]";
  }
}

function redact(key: string, v: unknown): unknown {
  if (!key) return v;
  if (SECRET_KEYS.test(key)) return "[redacted]";
  if (URL_KEYS.test(key) && typeof v === "string") return redactUrl(v);
  return v;
}

function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, redact);
  } catch {
    // Nested deeper than the stack goes (a caller can send that within the body limit): the row
    // is still written, without what cannot be written down.
    text = JSON.stringify({ unrecorded: "nested too deeply to record" });
  }
  if (text === undefined) return null;
  return text.length > MAX_JSON
    ? JSON.stringify({ truncated: true, preview: text.slice(0, MAX_JSON) })
    : text;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The chain's value before the first row. */
export const AUDIT_GENESIS = "0".repeat(64);

const COLUMNS = [
  "id",
  "at",
  "username",
  "role",
  "action",
  "target",
  "domain",
  "workflow_id",
  "run_id",
  "parameters",
  "outcome",
  "fault",
  "message",
  "result",
  "ip",
  "bulk_id",
  "attempt_id",
] as const;

/** SHA-256 over the previous hash and every stored column of the row (in a fixed order). */
export function auditRowHash(previous: string, row: Omit<AuditRow, "hash">): string {
  return createHash("sha256")
    .update(previous)
    .update("\n")
    .update(JSON.stringify(COLUMNS.map((c) => row[c])))
    .digest("hex");
}

/** Gives rows written before the chain existed their hash, in order (once, after an upgrade). */
async function sealUnhashed(db: Db): Promise<string> {
  const rows = await db.all<AuditRow>("SELECT * FROM audit WHERE hash IS NULL ORDER BY id");
  let previous = AUDIT_GENESIS;
  if (rows.length) {
    const before = await db.get<{ hash: string | null }>(
      "SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1",
      [rows[0].id],
    );
    previous = before?.hash ?? AUDIT_GENESIS;
  }
  for (const row of rows) {
    previous = auditRowHash(previous, row);
    await db.run("UPDATE audit SET hash = ? WHERE id = ?", [previous, row.id]);
  }
  return previous;
}

/**
 * Appends to the chain take turns, across console processes too: each reads the last row's hash
 * and writes the next.
 */
const CHAIN = { lock: "swf-console.audit" };

/** Seals rows written before the hash chain existed (start-up, after an upgrade). */
export async function sealAuditLog(db: Db): Promise<void> {
  await db.tx(async () => void (await sealUnhashed(db)), CHAIN);
}

export async function recordAudit(db: Db, entry: AuditInput): Promise<number> {
  return db.tx(async () => {
    const last = await db.get<{ id: number; hash: string | null }>(
      "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
    );
    const previous = !last ? AUDIT_GENESIS : (last.hash ?? (await sealUnhashed(db)));
    const row: Omit<AuditRow, "hash"> = {
      id: (last?.id ?? 0) + 1,
      at: entry.at ?? Date.now(),
      username: entry.username,
      role: entry.role ?? null,
      action: entry.action,
      target: entry.target ?? null,
      domain: entry.domain ?? null,
      workflow_id: entry.workflowId ?? null,
      run_id: entry.runId ?? null,
      parameters: toJson(entry.parameters),
      outcome: entry.outcome,
      fault: entry.fault ?? null,
      message: entry.message?.slice(0, 2000) ?? null,
      result: toJson(entry.result),
      ip: entry.ip ?? null,
      bulk_id: entry.bulkId ?? null,
      attempt_id: entry.attemptId ?? null,
    };
    // The hash must cover the text as stored (a NUL is not storable everywhere).
    for (const c of COLUMNS) {
      const value = row[c];
      if (typeof value === "string") Object.assign(row, { [c]: storableText(value) });
    }
    await db.run(
      `INSERT INTO audit (${COLUMNS.join(", ")}, hash) VALUES (${COLUMNS.map(() => "?").join(", ")}, ?)`,
      [...COLUMNS.map((c) => row[c]), auditRowHash(previous, row)],
    );
    return row.id;
  }, CHAIN);
}

/** What an outcome row adds to its entry: a fault (the outcome is then `fault`), or what it learnt. */
export type OutcomeFields = Partial<Omit<AuditInput, "outcome" | "attemptId">>;

/**
 * Runs `act` between an attempt row and its outcome row: `ok`, or `fault` when the fields
 * `outcomeOf` finds in its answer name one, or the fault it threw (rethrown). The route wrapper
 * does the same around a handler; this is for work audited per item inside one request (bulk
 * decisions, re-runs).
 */
export async function auditAround<T>(
  db: Db,
  entry: Omit<AuditInput, "outcome" | "attemptId">,
  act: () => Promise<T>,
  outcomeOf: (answer: T) => OutcomeFields | undefined,
): Promise<T> {
  const attemptId = await recordAudit(db, { ...entry, outcome: "attempt" });
  let answer: T;
  try {
    answer = await act();
  } catch (error) {
    // The fault as the caller is told it: a console failure's own message (a database error
    // naming its host, say) stays in the log, out of the audit log every signed-in user reads.
    const { fault, message } = toConsoleFault(error);
    await recordAudit(db, { ...entry, outcome: "fault", fault, message, attemptId });
    throw error;
  }
  const fields = outcomeOf(answer);
  try {
    await recordAudit(db, {
      ...entry,
      ...fields,
      outcome: fields?.fault ? "fault" : "ok",
      attemptId,
    });
  } catch (err) {
    // What was done is done: failing here would report it as not done and stop the items after
    // it. The attempt row stays open in the log (sent, outcome not recorded).
    log.error({ err, action: entry.action }, "could not write the audit outcome");
  }
  return answer;
}

/**
 * What of a refused request's body the log keeps: its secrets redacted, then at most `max`
 * characters of it. A refused caller decides what the body holds; the log must not become a
 * place to store it.
 */
export function auditPreview(body: unknown, max = 300): unknown {
  if (body === undefined || body === null) return undefined;
  const text = toJson(body) ?? "";
  return text.length <= max ? parse(text) : { truncated: true, preview: text.slice(0, max) };
}

export interface AuditChainReport {
  ok: boolean;
  rows: number;
  /** The first row whose hash does not follow from its content and its predecessor. */
  brokenAt?: number;
  problem?: string;
}

/** Walks the whole log in order and recomputes every hash, a page of rows at a time. */
export async function verifyAuditChain(db: Db, pageSize = 1000): Promise<AuditChainReport> {
  let previous = AUDIT_GENESIS;
  let rows = 0;
  for (let after = 0; ;) {
    const page = await db.all<AuditRow>(
      `SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ${pageSize}`,
      [after],
    );
    for (const row of page) {
      rows++;
      if (row.hash === null)
        return { ok: false, rows, brokenAt: row.id, problem: "row has no hash (not sealed)" };
      const expected = auditRowHash(previous, row);
      if (expected !== row.hash)
        return {
          ok: false,
          rows,
          brokenAt: row.id,
          problem: "hash does not match the row and its predecessor (changed, removed or inserted)",
        };
      previous = row.hash;
    }
    if (page.length < pageSize) return { ok: true, rows };
    after = page[page.length - 1].id;
  }
}

export interface AuditFilter {
  username?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** Inclusive range, epoch ms. */
  from?: number;
  to?: number;
  /** Substring of the target. */
  target?: string;
  bulkId?: string;
  /** Paging: entries with an id below this one. */
  before?: number;
  limit?: number;
}

/** Attempt rows that have their outcome are kept for the record but not listed. */
const OPEN_ATTEMPTS_ONLY =
  "NOT (outcome = 'attempt' AND EXISTS (SELECT 1 FROM audit o WHERE o.attempt_id = audit.id))";

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    username: r.username,
    role: r.role,
    action: r.action,
    target: r.target,
    domain: r.domain,
    workflowId: r.workflow_id,
    runId: r.run_id,
    parameters: parse(r.parameters),
    outcome: r.outcome,
    fault: r.fault,
    message: r.message,
    result: parse(r.result),
    ip: r.ip,
    bulkId: r.bulk_id,
    attemptId: r.attempt_id,
  };
}

function whereClause(filter: AuditFilter): { sql: string; args: SqlParam[] } {
  const where: string[] = [OPEN_ATTEMPTS_ONLY];
  const args: SqlParam[] = [];
  const add = (clause: string, value: SqlParam) => {
    where.push(clause);
    args.push(value);
  };
  if (filter.username) add("lower(username) = lower(?)", filter.username);
  if (filter.action) add("action = ?", filter.action);
  if (filter.outcome) add("outcome = ?", filter.outcome);
  if (filter.from !== undefined) add("at >= ?", filter.from);
  if (filter.to !== undefined) add("at <= ?", filter.to);
  if (filter.bulkId) add("bulk_id = ?", filter.bulkId);
  if (filter.target) {
    where.push("lower(target) LIKE lower(?) ESCAPE '\\'");
    args.push(`%${filter.target.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (filter.before !== undefined) add("id < ?", filter.before);
  return { sql: `WHERE ${where.join(" AND ")}`, args };
}

/** Newest first. `limit` defaults to 100 (at most 1,000 a page; exports go through `auditPages`). */
export async function queryAudit(db: Db, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const { sql, args } = whereClause(filter);
  const limit = Math.min(Math.max(Math.floor(filter.limit ?? 100) || 100, 1), 10_000);
  const rows = await db.all<AuditRow>(
    `SELECT * FROM audit ${sql} ORDER BY id DESC LIMIT ${limit}`,
    args,
  );
  return rows.map(toEntry);
}

/**
 * Every matching entry, newest first, one page at a time: an export of the whole log never holds
 * more than a page in memory, and never keeps a statement open between pages (each page is its
 * own query, resumed from the last id).
 */
export async function* auditPages(
  db: Db,
  filter: AuditFilter = {},
  pageSize = 500,
): AsyncGenerator<AuditEntry[]> {
  let before = filter.before;
  for (;;) {
    const page = await queryAudit(db, { ...filter, before, limit: pageSize });
    if (!page.length) return;
    yield page;
    if (page.length < pageSize) return;
    before = page[page.length - 1].id;
  }
}

/** Distinct values for the filter pickers. */
export async function auditFacets(db: Db): Promise<{ users: string[]; actions: string[] }> {
  const [users, actions] = await Promise.all([
    db.all<{ username: string }>("SELECT DISTINCT username FROM audit ORDER BY username"),
    db.all<{ action: string }>("SELECT DISTINCT action FROM audit ORDER BY action"),
  ]);
  return { users: users.map((r) => r.username), actions: actions.map((r) => r.action) };
}

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "username",
  "role",
  "action",
  "target",
  "domain",
  "workflowId",
  "runId",
  "outcome",
  "fault",
  "message",
  "parameters",
  "result",
  "ip",
  "bulkId",
] as const;

/**
 * One CSV cell (RFC 4180). Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR) get a leading `'` so that an audited value cannot become code when the file is opened.
 */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ""
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const AUDIT_CSV_HEADER = AUDIT_CSV_COLUMNS.join(",") + "\r\n";

export function auditCsvLines(entries: AuditEntry[]): string {
  return entries
    .map(
      (e) =>
        AUDIT_CSV_COLUMNS.map((c) =>
          csvCell(c === "at" ? new Date(e.at).toISOString() : e[c]),
        ).join(",") + "\r\n",
    )
    .join("");
}

export function auditToCsv(entries: AuditEntry[]): string {
  return AUDIT_CSV_HEADER + auditCsvLines(entries);
}
