/**
 * The console schema (lib/console/migrations.ts) is written twice, once per backend: after every
 * migration both must hold the same tables and columns, and a database newer than the code must
 * be refused rather than misread.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openConsoleDb } from "@/lib/console/db";
import type { SqliteStore } from "@/lib/console/db/sqlite";
import { MIGRATIONS } from "@/lib/console/migrations";
import { findUser, refoldUsernames } from "@/lib/console/users";
import { openSqlite } from "@/lib/sqlite";
import { closeStores, freshPostgresUrl, openStore, type StoreKind } from "./stores";

afterAll(closeStores);

interface Column {
  table: string;
  column: string;
  /** INTEGER or TEXT: what the value is, whatever each backend calls it. */
  kind: "integer" | "text";
  nullable: boolean;
}

async function sqliteColumns(): Promise<Column[]> {
  const db = await openStore("sqlite");
  const tables = await db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const columns: Column[] = [];
  for (const { name } of tables) {
    const info = await db.all<{ name: string; type: string; notnull: number; pk: number }>(
      `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`,
      [name],
    );
    for (const c of info)
      columns.push({
        table: name,
        column: c.name,
        kind: c.type === "INTEGER" ? "integer" : c.type === "TEXT" ? "text" : (c.type as never),
        // A primary key is never null (SQLite's table_info does not say so).
        nullable: c.notnull === 0 && c.pk === 0,
      });
  }
  return columns;
}

async function postgresColumns(): Promise<Column[]> {
  const db = await openStore("postgres");
  const rows = await db.all<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
  }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> 'console_schema'
      ORDER BY table_name, ordinal_position`,
  );
  return rows.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    kind: ["bigint", "integer"].includes(r.data_type)
      ? "integer"
      : r.data_type === "text"
        ? "text"
        : (r.data_type as never),
    nullable: r.is_nullable === "YES",
  }));
}

/**
 * A console database as an older console left it: the first `before` migrations applied, then
 * `sql` run. Returns where it is (`path` for SQLite, a fresh database's URL for PostgreSQL).
 */
async function legacyDatabase(kind: StoreKind, path: string, before: number, sql: string) {
  if (kind === "sqlite") {
    const old = openSqlite(path, {
      migrations: MIGRATIONS.slice(0, before).map((m) => m.sqlite),
      name: "console",
      synchronous: "FULL",
      foreignKeys: true,
    });
    old.exec(sql);
    old.close();
    return path;
  }
  const url = await freshPostgresUrl();
  const old = await import("pg").then(({ default: pg }) => new pg.Client(url));
  await old.connect();
  await old.query("CREATE TABLE console_schema (version INTEGER NOT NULL)");
  for (const m of MIGRATIONS.slice(0, before)) await old.query(m.postgres);
  await old.query(`INSERT INTO console_schema (version) VALUES (${before})`);
  await old.query(sql);
  await old.end();
  return url;
}

describe("console migrations", () => {
  it("give both backends the same tables and columns", async () => {
    const [sqlite, postgres] = await Promise.all([sqliteColumns(), postgresColumns()]);
    const byTable = (columns: Column[]) =>
      [...new Set(columns.map((c) => c.table))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(byTable(postgres)).toEqual(byTable(sqlite));
    expect(byTable(sqlite)).toEqual(
      expect.arrayContaining(["users", "sessions", "audit", "settings", "poller_leases"]),
    );
    // Same columns, in the same order, with the same kind and nullability.
    const key = (c: Column) => `${c.table}.${c.column}`;
    const sorted = (columns: Column[]) =>
      [...columns].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
    expect(sorted(postgres).map(key)).toEqual(sorted(sqlite).map(key));
    expect(sorted(postgres)).toEqual(sorted(sqlite));
  });

  it("records every migration as applied on both", async () => {
    const sqlite = (await openStore("sqlite")) as SqliteStore;
    expect(sqlite.raw.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    const postgres = await openStore("postgres");
    expect(await postgres.all("SELECT version FROM console_schema")).toEqual([
      { version: MIGRATIONS.length },
    ]);
  });

  it("PostgreSQL: migrates once, whoever opens it, and refuses a newer schema", async () => {
    const url = await freshPostgresUrl();
    // Two console processes starting together: one migrates, the other waits and finds it done.
    const [a, b] = await Promise.all([openConsoleDb(url), openConsoleDb(url)]);
    try {
      expect(await a.all("SELECT version FROM console_schema")).toEqual([
        { version: MIGRATIONS.length },
      ]);
      await a.run("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 1)");
      await b.run("UPDATE console_schema SET version = ?", [MIGRATIONS.length + 1]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    await expect(openConsoleDb(url)).rejects.toThrow(
      new RegExp(`schema version ${MIGRATIONS.length + 1} is newer than this console`),
    );
    // Nothing was touched: back at the version the code knows, it opens with its data.
    const fix = await import("pg").then(({ default: pg }) => new pg.Client(url));
    await fix.connect();
    await fix.query("UPDATE console_schema SET version = $1", [MIGRATIONS.length]);
    await fix.end();
    const again = await openConsoleDb(url);
    try {
      expect(await again.all("SELECT key, value FROM settings")).toEqual([
        { key: "k", value: "v" },
      ]);
    } finally {
      await again.close();
    }
  });

  it("SQLite: refuses a file whose schema is newer than the code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "console-schema-"));
    try {
      const path = join(dir, "console.sqlite");
      const db = (await openConsoleDb(path)) as SqliteStore;
      db.raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
      await db.close();
      await expect(openConsoleDb(path)).rejects.toThrow(/newer than this console/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(["sqlite", "postgres"] as const)(
    "%s: user names stored before migration 7 are found by their fold once the console has re-folded them",
    async (kind) => {
      const BEFORE = 6; // migrations before user-name keys
      const dir = mkdtempSync(join(tmpdir(), "console-fold-"));
      try {
        const legacyUsers = `INSERT INTO users (username, role, source, created_at, updated_at)
          VALUES ('ÖDÖN', 'viewer', 'oidc', 0, 0), ('Carol', 'viewer', 'local', 0, 0),
            ('Straße', 'viewer', 'oidc', 0, 0)`;
        const location = await legacyDatabase(
          kind,
          join(dir, "console.sqlite"),
          BEFORE,
          legacyUsers,
        );
        const db = await openConsoleDb(location);
        try {
          // ASCII names are keyed by the migration itself.
          expect((await findUser(db, "CAROL"))?.username).toBe("Carol");
          // Both databases' lower() keep "ß", which the fold spells "ss": each needs re-folding.
          expect((await refoldUsernames(db)).refolded).toBe(kind === "sqlite" ? 2 : 1);
          expect((await findUser(db, "ödön"))?.username).toBe("ÖDÖN");
          expect((await findUser(db, "STRASSE"))?.username).toBe("Straße");
          const keys = await db.all<{ username: string }>(
            "SELECT username, username_key FROM users",
          );
          expect(keys.sort((a, b) => a.username.localeCompare(b.username))).toEqual([
            { username: "Carol", username_key: "carol" },
            { username: "ÖDÖN", username_key: "ödön" },
            { username: "Straße", username_key: "strasse" },
          ]);
        } finally {
          await db.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.each(["sqlite", "postgres"] as const)(
    "%s: tasks that expired or were canceled before migration 8 name no decider",
    async (kind) => {
      const BEFORE = 7; // migrations before expired tasks were cleared of their decision
      const dir = mkdtempSync(join(tmpdir(), "console-expired-"));
      const task = (id: number, state: string, decidedBy: string | null) =>
        `(${id}, 'token-${id}', 'd', 'approvals', 'a${id}', 'Approve', '1', 'w${id}', 'r${id}', 5, 0,
          '${state}', ${decidedBy ? "'approve'" : "NULL"}, ${decidedBy ? `'${decidedBy}'` : "NULL"},
          ${decidedBy ? 1 : "NULL"}, 0)`;
      const legacyTasks = `INSERT INTO human_tasks (id, task_token, domain, task_list, activity_id,
          activity_name, activity_version, workflow_id, run_id, started_event_id, received_at, state,
          decision, decided_by, decided_at, updated_at)
        VALUES ${[task(1, "expired", "alice"), task(2, "canceled", "bob"), task(3, "completed", "carol"), task(4, "pending", null)].join(", ")}`;
      try {
        const location = await legacyDatabase(
          kind,
          join(dir, "console.sqlite"),
          BEFORE,
          legacyTasks,
        );
        const db = await openConsoleDb(location);
        try {
          const rows = await db.all<{
            id: number;
            decision: string | null;
            decided_by: string | null;
          }>("SELECT id, decision, decided_by FROM human_tasks ORDER BY id");
          expect(rows.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
            { id: 1, decision: null, decided_by: null },
            { id: 2, decision: null, decided_by: null },
            { id: 3, decision: "approve", decided_by: "carol" },
            { id: 4, decision: null, decided_by: null },
          ]);
        } finally {
          await db.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it("SQLite: the audit log's user filter reads its index, not the whole log", async () => {
    const db = (await openStore("sqlite")) as SqliteStore;
    const plan = db.raw
      .prepare(
        "EXPLAIN QUERY PLAN SELECT * FROM audit WHERE lower(username) = lower(?) ORDER BY id DESC LIMIT 100",
      )
      .all("Alice") as { detail: string }[];
    expect(plan.map((p) => p.detail).join("; ")).toMatch(/USING INDEX audit_user_folded/);
  });
});
