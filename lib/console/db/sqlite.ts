/**
 * The console store on SQLite: one connection, the default for a single console process.
 *
 * better-sqlite3 is synchronous, so a statement never interleaves with another; a transaction
 * spans awaits, though, and on one connection everything another request runs meanwhile would
 * land inside it. So a transaction holds the connection: statements from outside wait until it
 * commits, statements from inside (found through async context) go straight through.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { SqliteDb } from "@/lib/sqlite";
import type { SqliteStatement } from "@/lib/sqlite-driver";
import { storableParams, type Db, type SqlParam } from "./types";

export class SqliteStore implements Db {
  readonly dialect = "sqlite";
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly inTx = new AsyncLocalStorage<true>();
  /** Settles when the transaction holding the connection (if any) ends. */
  private held: Promise<void> = Promise.resolve();

  constructor(readonly raw: SqliteDb) {}

  async all<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    await this.turn();
    return this.statement(sql).all(...storableParams(params)) as T[];
  }

  async get<T>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    await this.turn();
    return this.statement(sql).get(...storableParams(params)) as T | undefined;
  }

  async run(sql: string, params: readonly SqlParam[] = []): Promise<{ changes: number }> {
    await this.turn();
    const statement = this.statement(sql);
    // A statement that returns rows (`… RETURNING`) must be stepped with all().
    const values = storableParams(params);
    if (statement.reader) return { changes: statement.all(...values).length };
    return { changes: statement.run(...values).changes };
  }

  async tx<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTx.getStore()) return fn();
    let release!: () => void;
    const previous = this.held;
    this.held = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      // IMMEDIATE: take the write lock now, not at the first write (no upgrade deadlock with a
      // second connection, such as a maintenance script).
      this.raw.exec("BEGIN IMMEDIATE");
      try {
        const result = await this.inTx.run(true, fn);
        this.raw.exec("COMMIT");
        return result;
      } catch (e) {
        if (this.raw.inTransaction) this.raw.exec("ROLLBACK");
        throw e;
      }
    } finally {
      release();
    }
  }

  async ping(): Promise<void> {
    this.raw.prepare("SELECT 1").get();
  }

  async close(): Promise<void> {
    if (this.raw.open) this.raw.close();
  }

  /** Waits for a transaction of another async context to end. */
  private async turn(): Promise<void> {
    if (this.inTx.getStore()) return;
    // A transaction may start while this one waited: wait again until none holds the connection.
    for (let held = this.held; ; held = this.held) {
      await held;
      if (held === this.held) return;
    }
  }

  private statement(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
