import { afterAll, describe, expect, it } from "vitest";
import {
  createSession,
  hashToken,
  purgeExpiredSessions,
  revokeSession,
  revokeUserSessions,
  sessionUser,
} from "@/lib/console/sessions";
import { createUser, deleteUser, updateUser } from "@/lib/console/users";
import { STORE_KINDS, closeStores, openStore } from "./stores";

const HOUR = 3_600_000;

afterAll(closeStores);

describe.each(STORE_KINDS)("sessions (%s)", (kind) => {
  async function setup() {
    const db = await openStore(kind);
    const alice = await createUser(db, {
      username: "alice",
      password: "alice-password",
      role: "operator",
    });
    await createUser(db, { username: "root", password: "root-password", role: "admin" });
    return { db, alice };
  }

  it("finds the user behind a token and stores only the token's hash", async () => {
    const { db, alice } = await setup();
    const { token, expiresAt } = await createSession(
      db,
      alice.id,
      HOUR,
      { userAgent: "test" },
      1_000,
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(1_000 + HOUR);
    expect(await sessionUser(db, token, 2_000)).toEqual({
      userId: alice.id,
      username: "alice",
      role: "operator",
      source: "local",
      expiresAt: 1_000 + HOUR,
    });
    const stored = await db.all<{ token_hash: string }>("SELECT token_hash FROM sessions");
    expect(stored).toEqual([{ token_hash: hashToken(token) }]);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("refuses unknown, empty and oversized tokens", async () => {
    const { db } = await setup();
    expect(await sessionUser(db, undefined)).toBeUndefined();
    expect(await sessionUser(db, "")).toBeUndefined();
    expect(await sessionUser(db, "nope")).toBeUndefined();
    expect(await sessionUser(db, "x".repeat(5000))).toBeUndefined();
  });

  it("expires", async () => {
    const { db, alice } = await setup();
    const { token } = await createSession(db, alice.id, HOUR, {}, 0);
    expect(await sessionUser(db, token, HOUR - 1)).toBeDefined();
    expect(await sessionUser(db, token, HOUR)).toBeUndefined();
    expect(await purgeExpiredSessions(db, HOUR)).toBe(1);
  });

  it("lapses after the idle timeout and records when it was last seen", async () => {
    const { db, alice } = await setup();
    const { token } = await createSession(db, alice.id, 10 * HOUR, {}, 0);
    const idle = 30 * 60_000;
    expect(await sessionUser(db, token, idle, idle)).toBeDefined();
    const seen = await db.get<{ last_seen_at: number }>("SELECT last_seen_at FROM sessions");
    expect(seen).toEqual({ last_seen_at: idle });
    // Idle for longer than the timeout (plus the bookkeeping granularity): gone for good.
    expect(await sessionUser(db, token, idle + idle + 61_000, idle)).toBeUndefined();
    expect(await db.all("SELECT token_hash FROM sessions")).toEqual([]);
  });

  it("can be checked without counting as use (an open live stream's re-checks)", async () => {
    const { db, alice } = await setup();
    const { token } = await createSession(db, alice.id, 10 * HOUR, {}, 0);
    const idle = 30 * 60_000;
    expect(await sessionUser(db, token, idle, idle, { touch: false })).toBeDefined();
    const seen = await db.get<{ last_seen_at: number }>("SELECT last_seen_at FROM sessions");
    expect(seen).toEqual({ last_seen_at: 0 });
    expect(await sessionUser(db, token, idle + 61_001, idle, { touch: false })).toBeUndefined();
  });

  it("is revoked at logout, one session at a time", async () => {
    const { db, alice } = await setup();
    const a = await createSession(db, alice.id, HOUR);
    const b = await createSession(db, alice.id, HOUR);
    await revokeSession(db, a.token);
    expect(await sessionUser(db, a.token)).toBeUndefined();
    expect(await sessionUser(db, b.token)).toBeDefined();
  });

  it("ends everywhere on revokeUserSessions, on deletion and while the user is disabled", async () => {
    const { db, alice } = await setup();
    const a = await createSession(db, alice.id, HOUR);
    const b = await createSession(db, alice.id, HOUR);
    expect(await revokeUserSessions(db, alice.id)).toBe(2);
    expect(await sessionUser(db, a.token)).toBeUndefined();
    expect(await sessionUser(db, b.token)).toBeUndefined();

    const c = await createSession(db, alice.id, HOUR);
    await updateUser(db, "alice", { disabled: true });
    expect(await sessionUser(db, c.token)).toBeUndefined();
    await updateUser(db, "alice", { disabled: false });
    expect(await sessionUser(db, c.token)).toBeDefined();
    await deleteUser(db, "alice");
    expect(await sessionUser(db, c.token)).toBeUndefined();
    // The session rows went with the user.
    expect(await db.all("SELECT token_hash FROM sessions WHERE user_id = ?", [alice.id])).toEqual(
      [],
    );
  });

  it("follows role changes at once (the role is read per request)", async () => {
    const { db, alice } = await setup();
    const { token } = await createSession(db, alice.id, HOUR);
    await updateUser(db, "alice", { role: "viewer" });
    expect((await sessionUser(db, token))?.role).toBe("viewer");
  });

  it("asks for the password change to revoke sessions", async () => {
    const { db } = await setup();
    expect((await updateUser(db, "alice", { password: "a-new-password" })).revokeSessions).toBe(
      true,
    );
    expect((await updateUser(db, "alice", { role: "approver" })).revokeSessions).toBe(false);
    expect((await updateUser(db, "alice", { disabled: true })).revokeSessions).toBe(true);
  });
});
