/**
 * The console store on PostgreSQL (`CONSOLE_DATABASE_URL`), for several console processes that
 * act as one: they share sessions, human tasks and their claims, poller leases and one audit log.
 *
 * Statements use `?` placeholders like SQLite's; they are numbered here. BIGINT and NUMERIC come
 * back as JavaScript numbers (every one the console stores — ids, counts, epoch milliseconds — is
 * far below 2^53), so rows look the same from both backends.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import {
  DatabaseUnavailableError,
  storableParams,
  type Db,
  type SqlParam,
  type TxOptions,
} from "./types";

const INT8 = 20;
const NUMERIC = 1700;

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** `?` → `$1, $2, …`, leaving quoted text alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = "";
  let quote: string | null = null;
  for (const c of sql) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "?") {
      out += `$${++n}`;
      continue;
    }
    out += c;
  }
  return out;
}

type Client = pg.Pool | pg.PoolClient;

/**
 * Failures that say "the server is not there" rather than "this statement is wrong": refused or
 * dropped connections, connect timeouts, and PostgreSQL's connection and shutdown classes (08, 57P).
 */
function unavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE)$/.test(code)) return true;
  if (/^(08|57P0)/.test(code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated/i.test(
    (error as Error)?.message ?? "",
  );
}

/** Runs `work`, turning "cannot reach the database" into a `DatabaseUnavailableError`. */
async function reaching<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw unavailable(e) ? new DatabaseUnavailableError(e) : e;
  }
}

/** A transaction-scoped advisory lock: released at COMMIT or ROLLBACK. */
const lock = (client: pg.PoolClient, name: string) =>
  client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [name]);

export class PostgresStore implements Db {
  readonly dialect = "postgres";
  private readonly placeholders = new Map<string, string>();
  private readonly inTx = new AsyncLocalStorage<pg.PoolClient>();

  constructor(readonly pool: pg.Pool) {}

  static connect(url: string, options: { max?: number } = {}): PostgresStore {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      types,
      // A console must not hang on a dead database: fail the request, keep serving others.
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      application_name: "swf-console",
    });
    // An idle client's connection dropping (a database restart) must not crash the process.
    pool.on("error", () => {});
    return new PostgresStore(pool);
  }

  async all<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    const result = await reaching(() =>
      this.client().query(this.text(sql), storableParams(params)),
    );
    return result.rows as T[];
  }

  async get<T>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlParam[] = []): Promise<{ changes: number }> {
    const result = await reaching(() =>
      this.client().query(this.text(sql), storableParams(params)),
    );
    return { changes: result.rowCount ?? 0 };
  }

  async tx<T>(fn: () => Promise<T>, options: TxOptions = {}): Promise<T> {
    const outer = this.inTx.getStore();
    if (outer) {
      // Joining a transaction still takes this one's lock (held until the outer one ends): an
      // audit append inside another transaction must not race other processes' appends.
      if (options.lock) await lock(outer, options.lock);
      return fn();
    }
    const client = await reaching(() => this.pool.connect());
    try {
      await client.query("BEGIN");
      if (options.lock) await lock(client, options.lock);
      const result = await this.inTx.run(client, fn);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** Runs a script of several statements (no parameters): migrations. */
  async exec(script: string): Promise<void> {
    await this.client().query(script);
  }

  async ping(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  async close(): Promise<void> {
    if (!this.pool.ended && !this.pool.ending) await this.pool.end();
  }

  private client(): Client {
    return this.inTx.getStore() ?? this.pool;
  }

  private text(sql: string): string {
    let text = this.placeholders.get(sql);
    if (text === undefined) {
      text = numberPlaceholders(sql);
      this.placeholders.set(sql, text);
    }
    return text;
  }
}
