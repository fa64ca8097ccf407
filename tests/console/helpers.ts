import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openConsoleDb, setConsoleDb, type Db } from "@/lib/console/db";
import { insertReceivedTask } from "@/lib/console/inbox-store";
import type { Role } from "@/lib/console/roles";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";
import { expect, vi } from "vitest";
import { startTestEngine, type TestEngine } from "../engine/harness";

/** A fresh in-memory console database (migrated). */
export function memoryDb(): Promise<Db> {
  return openConsoleDb(":memory:");
}

/**
 * The console's server as a test file's routes see it: a fresh in-memory database set as the
 * console's, and its SWF calls aimed at a real engine. Made in `beforeAll`; `close` in `afterAll`.
 */
export async function consoleWithEngine(): Promise<{
  engine: TestEngine;
  db: Db;
  close: () => Promise<void>;
}> {
  const engine = await startTestEngine();
  vi.stubEnv("AWS_ENDPOINT_URL_SWF", engine.url);
  vi.stubEnv("AWS_ACCESS_KEY_ID", "x");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "x");
  const db = await memoryDb();
  setConsoleDb(db);
  return {
    engine,
    db,
    async close() {
      setConsoleDb(undefined);
      vi.unstubAllEnvs();
      await db.close();
      await engine.close();
    },
  };
}

/** A console database file in a temporary directory, and a way to open more connections to it. */
export function fileDb(): { path: string; open: () => Promise<Db>; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "console-"));
  const path = join(dir, "console.sqlite");
  const opened: Db[] = [];
  return {
    path,
    open: async () => {
      const db = await openConsoleDb(path);
      opened.push(db);
      return db;
    },
    cleanup: async () => {
      await Promise.all(opened.splice(0).map((db) => db.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until `check()` holds, polling every 10 ms; fails after `ms` (a bound, not a timing claim:
 * generous, because a loaded CI machine once took over 5 s for an SWF round trip the poller waits on).
 * `check` may be async.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what = "condition",
  ms = 30_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Waits until `work` has settled or a session of `db`'s PostgreSQL database waits for a lock that
 * another transaction holds: how a test that keeps a transaction open learns that a statement is
 * queued behind it (or was not held up at all), without guessing a delay.
 */
export async function settledOrWaitingForLock(db: Db, work: Promise<unknown>): Promise<void> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  await until(async () => {
    if (settled) return true;
    const row = await db.get<{ n: number | string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return Number(row!.n) > 0;
  }, "the statement settled or waiting for a lock");
}

/** Runs `npm run audit:verify` on a console database (a file or a PostgreSQL URL): exit code and output. */
export function runAuditVerify(location: string): { code: number; out: string } {
  try {
    const out = execFileSync("npx", ["tsx", "scripts/audit-verify.ts", "--db", location], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, out: err.stderr };
  }
}

/**
 * Runs `fn` with the console configured for a PostgreSQL server that is not there (a port
 * nothing listens on), then puts back the configuration and a fresh in-memory database.
 */
export async function withUnreachableDatabase<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.CONSOLE_DATABASE_URL;
  process.env.CONSOLE_DATABASE_URL = "postgres://console@127.0.0.1:9/console";
  setConsoleDb(undefined);
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.CONSOLE_DATABASE_URL;
    else process.env.CONSOLE_DATABASE_URL = saved;
    setConsoleDb(await memoryDb());
  }
}

/**
 * Makes a SQLite console database refuse audit outcome rows (`ok`), as a full disk would after
 * the attempt row was written; returns what puts it back.
 */
export async function refuseAuditOutcomes(db: Db): Promise<() => Promise<void>> {
  await db.run(`CREATE TRIGGER refuse_outcomes BEFORE INSERT ON audit WHEN NEW.outcome = 'ok'
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
  return async () => void (await db.run("DROP TRIGGER refuse_outcomes"));
}

/** The console's origin in route-handler tests. */
export const TEST_ORIGIN = "http://127.0.0.1:3000";

/** A new user of `role` with a session: the cookie header that signs requests in as them. */
export async function signedInAs(db: Db, username: string, role: Role): Promise<string> {
  const u = await createUser(db, { username, password: "signed-in-password", role });
  return `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
}

/**
 * Calls a route handler as a same-origin browser request would: JSON `body` (if any), the
 * session `cookie`, and the route's URL segments as `params`.
 */
export function callRoute(
  handler: (r: Request, ctx: never) => Promise<Response>,
  path: string,
  cookie: string,
  options: { method?: string; body?: unknown; params?: object } = {},
): Promise<Response> {
  return handler(
    new Request(`${TEST_ORIGIN}${path}`, {
      method: options.method ?? (options.body === undefined ? "GET" : "POST"),
      headers: {
        host: "127.0.0.1:3000",
        origin: TEST_ORIGIN,
        "sec-fetch-site": "same-origin",
        "content-type": "application/json",
        cookie,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }),
    { params: Promise.resolve(options.params ?? {}) } as never,
  );
}

/** Opens a live stream (`GET /api/live`) and reads it message by message (`null` once ended). */
export async function openLiveStream(
  topic: string,
  cookie: string,
  headers: Record<string, string> = {},
) {
  const { GET } = await import("@/app/api/live/route");
  const abort = new AbortController();
  const r = await GET(
    new Request(`${TEST_ORIGIN}/api/live?topic=${encodeURIComponent(topic)}`, {
      headers: { cookie, ...headers },
      signal: abort.signal,
    }),
  );
  expect(r.status).toBe(200);
  const reader = r.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const next = async (): Promise<string | null> => {
    for (;;) {
      const end = buffered.indexOf("\n\n");
      if (end >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        return message;
      }
      const { done, value } = await reader.read();
      if (done) return null;
      buffered += decoder.decode(value, { stream: true });
    }
  };
  return { next, close: () => abort.abort() };
}

let freeTasks = 0;
/** A free human task the console received (straight into the store: no engine holds it). */
export async function freeTask(db: Db): Promise<number> {
  freeTasks++;
  const n = freeTasks;
  const { id } = await insertReceivedTask(db, {
    taskToken: `free-token-${n}-${Math.random()}`,
    domain: "orders",
    taskList: "approvals",
    activityId: `approve-${n}`,
    activityType: { name: "ApproveOrder", version: "1" },
    workflowId: `order-${n}`,
    runId: `run-${n}`,
    startedEventId: 6,
  });
  return id;
}
