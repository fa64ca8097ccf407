/**
 * Task tokens at rest. A task token answers a human task (approve, reject, fail) with no other
 * check, so anyone who can read the console database must not be able to use one: tokens are
 * stored sealed with AES-256-GCM under a key that lives outside the database — the
 * `CONSOLE_TASK_TOKEN_KEY` environment variable, or (SQLite only) a key file beside the database
 * created 0600 on first use (`<CONSOLE_DB>.key`). Lookups by token use an HMAC digest under the
 * same key, so an insert stays idempotent without keeping the token in the clear.
 *
 * On PostgreSQL the key must come from the environment: every console process sharing the
 * database seals, opens and digests tokens with it (two keys would store one task twice).
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Db } from "./db";
import type { SqliteStore } from "./db/sqlite";
import { openSealed, sealText } from "./sealing";

const PREFIX = "sealed:v1:";
const keys = new WeakMap<Db, Buffer>();

const isSqliteStore = (db: Db): db is SqliteStore => db.dialect === "sqlite";

function keyFromText(text: string): Buffer {
  return createHash("sha256").update(text.trim()).digest();
}

/** The database's token key: from the environment, its key file, or (in-memory databases) random. */
export function tokenKey(db: Db, env: NodeJS.ProcessEnv = process.env): Buffer {
  const known = keys.get(db);
  if (known) return known;
  let key: Buffer;
  if (env.CONSOLE_TASK_TOKEN_KEY) key = keyFromText(env.CONSOLE_TASK_TOKEN_KEY);
  // The dialect, not `instanceof`: Next.js may load the store's class once per bundle.
  else if (!isSqliteStore(db)) {
    throw new Error(
      "CONSOLE_TASK_TOKEN_KEY is not set: with a PostgreSQL console database every console process needs the same task-token key",
    );
  } else if (db.raw.memory || !db.raw.name) key = randomBytes(32);
  else {
    const file = `${db.raw.name}.key`;
    if (!existsSync(file)) {
      try {
        // "wx": of two processes creating it at once, one wins and the other reads its key.
        writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
    }
    chmodSync(file, 0o600);
    key = keyFromText(readFileSync(file, "utf8"));
  }
  keys.set(db, key);
  return key;
}

export function sealToken(db: Db, token: string): string {
  return `${PREFIX}${sealText(tokenKey(db), token, "base64")}`;
}

/** The token a stored value holds; values written before sealing are returned as they are. */
export function openToken(db: Db, stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  return openSealed(tokenKey(db), stored.slice(PREFIX.length), "base64");
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function tokenDigest(db: Db, token: string): string {
  return createHmac("sha256", tokenKey(db)).update(token).digest("hex");
}

/** Seals tokens stored in the clear by earlier versions (idempotent). */
export async function sealStoredTokens(db: Db): Promise<number> {
  return db.tx(async () => {
    const rows = await db.all<{ id: number; task_token: string }>(
      "SELECT id, task_token FROM human_tasks WHERE task_token NOT LIKE 'sealed:v1:%'",
    );
    for (const r of rows)
      await db.run("UPDATE human_tasks SET task_token = ?, token_digest = ? WHERE id = ?", [
        sealToken(db, r.task_token),
        tokenDigest(db, r.task_token),
        r.id,
      ]);
    return rows.length;
  });
}
