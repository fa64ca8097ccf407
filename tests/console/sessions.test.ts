import { describe, expect, it } from "vitest";
import {
  createSession,
  hashToken,
  purgeExpiredSessions,
  revokeSession,
  revokeUserSessions,
  sessionUser,
} from "@/lib/console/sessions";
import { createUser, deleteUser, updateUser } from "@/lib/console/users";
import { memoryDb } from "./helpers";

const HOUR = 3_600_000;

async function setup() {
  const db = memoryDb();
  const alice = await createUser(db, {
    username: "alice",
    password: "alice-password",
    role: "operator",
  });
  await createUser(db, { username: "root", password: "root-password", role: "admin" });
  return { db, alice };
}

describe("sessions", () => {
  it("finds the user behind a token and stores only the token's hash", async () => {
    const { db, alice } = await setup();
    const { token, expiresAt } = createSession(db, alice.id, HOUR, { userAgent: "test" }, 1_000);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(1_000 + HOUR);
    expect(sessionUser(db, token, 2_000)).toMatchObject({
      username: "alice",
      role: "operator",
      source: "local",
    });
    const stored = db.prepare("SELECT token_hash FROM sessions").all() as { token_hash: string }[];
    expect(stored).toEqual([{ token_hash: hashToken(token) }]);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("refuses unknown, empty and oversized tokens", async () => {
    const { db } = await setup();
    expect(sessionUser(db, undefined)).toBeUndefined();
    expect(sessionUser(db, "")).toBeUndefined();
    expect(sessionUser(db, "nope")).toBeUndefined();
    expect(sessionUser(db, "x".repeat(5000))).toBeUndefined();
  });

  it("expires", async () => {
    const { db, alice } = await setup();
    const { token } = createSession(db, alice.id, HOUR, {}, 0);
    expect(sessionUser(db, token, HOUR - 1)).toBeDefined();
    expect(sessionUser(db, token, HOUR)).toBeUndefined();
    expect(purgeExpiredSessions(db, HOUR)).toBe(1);
  });

  it("is revoked at logout, one session at a time", async () => {
    const { db, alice } = await setup();
    const a = createSession(db, alice.id, HOUR);
    const b = createSession(db, alice.id, HOUR);
    revokeSession(db, a.token);
    expect(sessionUser(db, a.token)).toBeUndefined();
    expect(sessionUser(db, b.token)).toBeDefined();
  });

  it("ends everywhere on revokeUserSessions, on deletion and while the user is disabled", async () => {
    const { db, alice } = await setup();
    const a = createSession(db, alice.id, HOUR);
    const b = createSession(db, alice.id, HOUR);
    expect(revokeUserSessions(db, alice.id)).toBe(2);
    expect(sessionUser(db, a.token)).toBeUndefined();
    expect(sessionUser(db, b.token)).toBeUndefined();

    const c = createSession(db, alice.id, HOUR);
    await updateUser(db, "alice", { disabled: true });
    expect(sessionUser(db, c.token)).toBeUndefined();
    await updateUser(db, "alice", { disabled: false });
    deleteUser(db, "alice");
    expect(sessionUser(db, c.token)).toBeUndefined();
  });

  it("follows role changes at once (the role is read per request)", async () => {
    const { db, alice } = await setup();
    const { token } = createSession(db, alice.id, HOUR);
    await updateUser(db, "alice", { role: "viewer" });
    expect(sessionUser(db, token)?.role).toBe("viewer");
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
