/**
 * The audit log: one row per mutating action (SWF calls, inbox decisions, user and settings
 * changes, sign-ins): who, when, what, on which target, with which parameters, and the outcome
 * (ok, an SWF fault, or refused). Rows are never updated or deleted by the console.
 */
import type { Db } from "./db";
import type { Role } from "./roles";

export type AuditOutcome = "ok" | "fault" | "denied";

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
}

/** Keys whose values never reach the log. */
const SECRET_KEYS =
  /^(password|newPassword|currentPassword|secret|token|taskToken|client_secret)$/i;
const MAX_JSON = 40_000;

function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value, (key, v) => (key && SECRET_KEYS.test(key) ? "[redacted]" : v));
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

export function recordAudit(db: Db, entry: AuditInput): number {
  const info = db
    .prepare(
      `INSERT INTO audit (at, username, role, action, target, domain, workflow_id, run_id, parameters,
                          outcome, fault, message, result, ip, bulk_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      entry.at ?? Date.now(),
      entry.username,
      entry.role ?? null,
      entry.action,
      entry.target ?? null,
      entry.domain ?? null,
      entry.workflowId ?? null,
      entry.runId ?? null,
      toJson(entry.parameters),
      entry.outcome,
      entry.fault ?? null,
      entry.message?.slice(0, 2000) ?? null,
      toJson(entry.result),
      entry.ip ?? null,
      entry.bulkId ?? null,
    );
  return Number(info.lastInsertRowid);
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
  };
}

/** Newest first. `limit` defaults to 100 (max 100,000 for exports). */
export function queryAudit(db: Db, filter: AuditFilter = {}): AuditEntry[] {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    args.push(value);
  };
  if (filter.username) add("username = ? COLLATE NOCASE", filter.username);
  if (filter.action) add("action = ?", filter.action);
  if (filter.outcome) add("outcome = ?", filter.outcome);
  if (filter.from !== undefined) add("at >= ?", filter.from);
  if (filter.to !== undefined) add("at <= ?", filter.to);
  if (filter.bulkId) add("bulk_id = ?", filter.bulkId);
  if (filter.target) {
    where.push("target LIKE ? ESCAPE '\\'");
    args.push(`%${filter.target.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (filter.before !== undefined) add("id < ?", filter.before);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 100_000);
  const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ${limit}`;
  return (db.prepare(sql).all(...args) as AuditRow[]).map(toEntry);
}

/** Distinct values for the filter pickers. */
export function auditFacets(db: Db): { users: string[]; actions: string[] } {
  const users = (
    db.prepare("SELECT DISTINCT username FROM audit ORDER BY username").all() as {
      username: string;
    }[]
  ).map((r) => r.username);
  const actions = (
    db.prepare("SELECT DISTINCT action FROM audit ORDER BY action").all() as { action: string }[]
  ).map((r) => r.action);
  return { users, actions };
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

export function auditToCsv(entries: AuditEntry[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(",")];
  for (const e of entries) {
    lines.push(
      AUDIT_CSV_COLUMNS.map((c) => csvCell(c === "at" ? new Date(e.at).toISOString() : e[c])).join(
        ",",
      ),
    );
  }
  return lines.join("\r\n") + "\r\n";
}
