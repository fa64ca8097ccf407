/**
 * Sessions: a random 256-bit token in an httpOnly cookie; the server keeps only its SHA-256, so a
 * leaked database does not yield usable cookies. Sessions expire (absolute lifetime), lapse after
 * a spell of inactivity (idle timeout), and are revoked at logout, on password change and when a
 * user is disabled or deleted.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "./db";
import type { Role } from "./roles";

export const SESSION_COOKIE = "swf_console_session";

/** Over HTTPS the cookie is `__Host-` prefixed: Secure, path /, and no sibling domain can set it. */
export const sessionCookieName = (https: boolean) =>
  https ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;

/** How often "last seen" is written: the idle timeout is exact to within this. */
const SEEN_GRANULARITY_MS = 60_000;

export interface SessionUser {
  userId: number;
  username: string;
  role: Role;
  source: "local" | "oidc";
  expiresAt: number;
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(
  db: Db,
  userId: number,
  ttlMs: number,
  meta: { userAgent?: string | null; ip?: string | null } = {},
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + ttlMs;
  await db.run(
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, user_agent, ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [
      hashToken(token),
      userId,
      now,
      expiresAt,
      now,
      meta.userAgent?.slice(0, 256) ?? null,
      meta.ip ?? null,
    ],
  );
  return { token, expiresAt };
}

/**
 * The user behind a session token, if the session exists, has not expired, has been used within
 * `idleMs` (when given) and the user is enabled. An idle session is removed. `touch: false` checks
 * without counting as use (an open live stream re-checking its session must not keep it alive).
 */
export async function sessionUser(
  db: Db,
  token: string | undefined | null,
  now = Date.now(),
  idleMs?: number,
  { touch = true }: { touch?: boolean } = {},
): Promise<SessionUser | undefined> {
  if (!token || token.length > 128) return undefined;
  const row = await db.get<{
    user_id: number;
    expires_at: number;
    last_seen_at: number;
    username: string;
    role: Role;
    source: "local" | "oidc";
    disabled: number;
  }>(
    `SELECT s.user_id, s.expires_at, s.last_seen_at, u.username, u.role, u.source, u.disabled
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = ?`,
    [hashToken(token)],
  );
  if (!row || row.expires_at <= now || row.disabled) return undefined;
  if (idleMs !== undefined && now - row.last_seen_at > idleMs + SEEN_GRANULARITY_MS) {
    await revokeSession(db, token);
    return undefined;
  }
  // Cheap "last seen" bookkeeping, at most once a minute per session.
  if (touch && now - row.last_seen_at > SEEN_GRANULARITY_MS) {
    await db.run("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", [
      now,
      hashToken(token),
    ]);
  }
  return {
    userId: row.user_id,
    username: row.username,
    role: row.role,
    source: row.source,
    expiresAt: row.expires_at,
  };
}

export async function revokeSession(db: Db, token: string): Promise<void> {
  await db.run("DELETE FROM sessions WHERE token_hash = ?", [hashToken(token)]);
}

export async function revokeUserSessions(db: Db, userId: number): Promise<number> {
  return (await db.run("DELETE FROM sessions WHERE user_id = ?", [userId])).changes;
}

export async function purgeExpiredSessions(db: Db, now = Date.now()): Promise<number> {
  return (await db.run("DELETE FROM sessions WHERE expires_at <= ?", [now])).changes;
}
