/**
 * The console store (lib/console/db): the same answers from both backends, and on PostgreSQL
 * several console processes (here: separate pools) on one database acting as one.
 */
import { afterAll, describe, expect, it } from "vitest";
import { queryAudit, recordAudit, verifyAuditChain } from "@/lib/console/audit";
import { isUniqueViolation, openConsoleDb, type Db } from "@/lib/console/db";
import { numberPlaceholders } from "@/lib/console/db/postgres";
import { createSession, revokeSession, sessionUser } from "@/lib/console/sessions";
import { createUser, findUser, updateUser } from "@/lib/console/users";
import { until } from "./helpers";
import { STORE_KINDS, closeStores, freshPostgresUrl, openStore } from "./stores";

afterAll(closeStores);

describe.each(STORE_KINDS)("console store (%s)", (kind) => {
  it("answers rows with numbers as numbers and counts changes", async () => {
    const db = await openStore(kind);
    expect(
      await db.run("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)", [
        "a",
        "x",
        1_700_000_000_000,
      ]),
    ).toEqual({ changes: 1 });
    await db.run("INSERT INTO settings (key, value, updated_at) VALUES ('b', 'it''s ?', 2)");
    expect(
      await db.get("SELECT key, value, updated_at FROM settings WHERE key = ?", ["a"]),
    ).toEqual({ key: "a", value: "x", updated_at: 1_700_000_000_000 });
    expect(await db.get("SELECT value FROM settings WHERE key = 'b'")).toEqual({ value: "it's ?" });
    expect(await db.get("SELECT key FROM settings WHERE key = ?", ["none"])).toBeUndefined();
    expect(await db.get("SELECT count(*) AS n, max(updated_at) AS m FROM settings")).toEqual({
      n: 2,
      m: 1_700_000_000_000,
    });
    expect(await db.run("UPDATE settings SET value = 'y'")).toEqual({ changes: 2 });
    expect(await db.run("DELETE FROM settings WHERE key = ? RETURNING key", ["a"])).toEqual({
      changes: 1,
    });
    await db.ping();
  });

  it("says a unique constraint refused a row, in both backends' words", async () => {
    const db = await openStore(kind);
    await db.run("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 1)");
    const error = await db
      .run("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'w', 2)")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error("other"))).toBe(false);
  });

  it("commits a transaction when it resolves, rolls it back when it throws, and nests", async () => {
    const db = await openStore(kind);
    const put = (key: string) =>
      db.run("INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', 0)", [key]);
    const keys = async () =>
      (await db.all<{ key: string }>("SELECT key FROM settings ORDER BY key")).map((r) => r.key);
    expect(
      await db.tx(async () => {
        await put("a");
        await db.tx(() => put("b"));
        return "done";
      }),
    ).toBe("done");
    await expect(
      db.tx(async () => {
        await put("c");
        await db.tx(() => put("d"));
        throw new Error("give up");
      }),
    ).rejects.toThrow("give up");
    expect(await keys()).toEqual(["a", "b"]);
    // A failed statement inside rolls back the whole transaction too.
    await expect(
      db.tx(async () => {
        await put("e");
        await put("a");
      }),
    ).rejects.toSatisfy(isUniqueViolation);
    expect(await keys()).toEqual(["a", "b"]);
  });

  it("keeps statements from outside a transaction out of it", async () => {
    const db = await openStore(kind);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const tx = db
      .tx(async () => {
        await db.run("INSERT INTO settings (key, value, updated_at) VALUES ('in', 'v', 0)");
        entered();
        await gate;
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);
    await inside;
    // Written meanwhile by "another request": must survive the rollback.
    const outside = db.run("INSERT INTO settings (key, value, updated_at) VALUES ('out', 'v', 0)");
    release();
    expect(await tx).toBe("roll back");
    await outside;
    expect(await db.all("SELECT key FROM settings")).toEqual([{ key: "out" }]);
  });
});

describe("PostgreSQL placeholders", () => {
  it("numbers ? outside quoted text", () => {
    expect(numberPlaceholders("SELECT ? , '?', \"?\" FROM t WHERE a = ? AND b LIKE '%?%'")).toBe(
      "SELECT $1 , '?', \"?\" FROM t WHERE a = $2 AND b LIKE '%?%'",
    );
    expect(numberPlaceholders("SELECT 'it''s ?', ?")).toBe("SELECT 'it''s ?', $1");
  });
});

describe("two console processes on one PostgreSQL database", () => {
  const pools: Db[] = [];
  afterAll(async () => {
    await Promise.all(pools.splice(0).map((db) => db.close()));
  });

  async function twoConsoles(): Promise<[Db, Db]> {
    const url = await freshPostgresUrl();
    const [a, b] = await Promise.all([openConsoleDb(url), openConsoleDb(url)]);
    pools.push(a, b);
    return [a, b];
  }

  it("append to one intact audit chain", async () => {
    const [a, b] = await twoConsoles();
    const append = (db: Db, who: string) =>
      Array.from({ length: 50 }, (_, i) =>
        recordAudit(db, { username: who, action: "Login", outcome: "ok", message: `#${i}` }),
      );
    const ids = await Promise.all([...append(a, "on-a"), ...append(b, "on-b")]);
    expect(new Set(ids).size).toBe(100);
    expect([...ids].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await verifyAuditChain(a)).toEqual({ ok: true, rows: 100 });
    expect(await verifyAuditChain(b)).toEqual({ ok: true, rows: 100 });
    expect(await queryAudit(b, { username: "on-a", limit: 1000 })).toHaveLength(50);
  });

  it("share sessions and users: made on one, valid (and revoked) on the other", async () => {
    const [a, b] = await twoConsoles();
    const user = await createUser(a, { username: "pia", password: "pia-password", role: "viewer" });
    const { token } = await createSession(a, user.id, 3_600_000);
    expect(await sessionUser(b, token)).toMatchObject({ userId: user.id, username: "pia" });
    await updateUser(b, "pia", { role: "operator" });
    expect((await sessionUser(a, token))?.role).toBe("operator");
    expect((await findUser(a, "PIA"))?.role).toBe("operator");
    await revokeSession(b, token);
    expect(await sessionUser(a, token)).toBeUndefined();
  });

  it("keep the last enabled admin when two admins demote each other from two processes", async () => {
    const [a, b] = await twoConsoles();
    await createUser(a, { username: "ann", password: "ann-password", role: "admin" });
    await createUser(a, { username: "ben", password: "ben-password", role: "admin" });
    const results = await Promise.allSettled([
      updateUser(a, "ann", { role: "viewer" }),
      updateUser(b, "ben", { role: "viewer" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const admins = await a.all("SELECT username FROM users WHERE role = 'admin' AND disabled = 0");
    expect(admins).toHaveLength(1);
  });
});

describe("PostgreSQL transaction locks", () => {
  it("are taken by a transaction that joins another, and held until the outer one ends", async () => {
    const url = await freshPostgresUrl();
    const [a, b] = await Promise.all([openConsoleDb(url), openConsoleDb(url)]);
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const holding = new Promise<void>((r) => (locked = r));
      const order: string[] = [];
      const outer = a.tx(async () => {
        await a.tx(
          async () => {
            locked();
          },
          { lock: "test.lock" },
        );
        // The joined transaction has returned; its lock stays with the outer transaction.
        await gate;
        order.push("a commits");
      });
      await holding;
      const other = b.tx(async () => void order.push("b has the lock"), { lock: "test.lock" });
      // Wait until b is queued behind the lock, then let a finish.
      try {
        await until(async () => {
          const row = await a.get<{ n: number }>(
            `SELECT count(*) AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`,
          );
          return row!.n === 1;
        }, "b waiting for the lock");
      } finally {
        release();
      }
      await Promise.all([outer, other]);
      expect(order).toEqual(["a commits", "b has the lock"]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
