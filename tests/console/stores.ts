/**
 * The console store backends, for suites that must hold on both: a fresh migrated database per
 * call, SQLite in memory or a new PostgreSQL database on the test server.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openConsoleDb, type Db } from "@/lib/console/db";

export type StoreKind = "sqlite" | "postgres";

export const STORE_KINDS: readonly StoreKind[] = ["sqlite", "postgres"];

/** The URL of a new, empty PostgreSQL database on the test server. */
export async function freshPostgresUrl(): Promise<string> {
  const admin = inject("postgresUrl");
  if (!admin) throw new Error(inject("postgresMissing"));
  const name = `console_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

const opened: Db[] = [];

/** A fresh migrated console database of the given kind. */
export async function openStore(kind: StoreKind): Promise<Db> {
  const db = await openConsoleDb(kind === "sqlite" ? ":memory:" : await freshPostgresUrl());
  opened.push(db);
  return db;
}

/** Closes every store `openStore` opened (PostgreSQL pools would keep the worker alive). */
export async function closeStores(): Promise<void> {
  await Promise.all(opened.splice(0).map((db) => db.close()));
}
