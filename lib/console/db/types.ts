/**
 * The console's one store interface: a few async SQL verbs that both backends answer the same way.
 * Every console module (users, sessions, audit, human tasks, runbooks, views, settings, leases)
 * talks to its tables through this, so the same code runs on SQLite (one console process) and on
 * PostgreSQL (several console processes sharing one database).
 *
 * SQL is written once, in the dialect both understand: `?` placeholders (numbered for PostgreSQL
 * by its adapter), `INSERT … ON CONFLICT`, `RETURNING`, `lower(x) LIKE lower(?)` for
 * case-insensitive matching, 0/1 for booleans and epoch milliseconds for times.
 */
export type SqlParam = string | number | null;

export interface Queryable {
  /** Every row the statement returns. */
  all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** Runs a statement; `changes` is how many rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }>;
}

export interface TxOptions {
  /**
   * A name that serialises transactions across processes: two transactions taking the same lock
   * never overlap (PostgreSQL: a transaction-scoped advisory lock; SQLite: its one writer).
   * Needed where a transaction reads a value and writes the next one from it (the audit chain).
   */
  lock?: string;
}

export interface Db extends Queryable {
  readonly dialect: "sqlite" | "postgres";
  /**
   * Runs `fn` in one transaction, committed when it resolves and rolled back when it throws.
   * Calls made on this `Db` from inside `fn` (directly or through other store functions) join
   * the transaction; a nested `tx` joins it too.
   */
  tx<T>(fn: () => Promise<T>, options?: TxOptions): Promise<T>;
  /** Is the database there and answering? (health checks) */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot be reached (down, restarting, unreachable): the console answers 503. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the console database is unavailable: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = "DatabaseUnavailableError";
  }
}

/** A unique constraint (or primary key) refused the row: both backends' way of saying it. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/**
 * Text as both backends can keep it: PostgreSQL text cannot hold U+0000 (SQLite's can), so a NUL
 * in what a caller sent (a user name at sign-in, an audited message) would fail the statement.
 * Both backends store it as U+FFFD, which no valid name contains: a lookup still finds nothing,
 * and the audit still shows where it was.
 */
export function storableText(text: string): string {
  return text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text;
}

/** Statement parameters with their text made storable (see storableText). */
export function storableParams(params: readonly SqlParam[]): SqlParam[] {
  return params.map((p) => (typeof p === "string" ? storableText(p) : p));
}
