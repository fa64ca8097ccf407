/**
 * Signing in and changing one's own password: throttled (rate-limit.ts), audited, counted in the
 * metrics. Routes only move the result into a cookie.
 */
import { recordAudit } from "./audit";
import { sessionTtlMs } from "./config";
import type { Db } from "./db";
import { ConsoleFault } from "./faults";
import { consoleMetrics } from "./metrics";
import { loginKeys, loginLimiter } from "./rate-limit";
import { createSession, revokeSession, revokeUserSessions, type SessionUser } from "./sessions";
import { authenticateLocal, findUser, recordLogin, updateUser, type User } from "./users";

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  /**
   * The session token the browser presented while signing in (another user's, or its own from
   * before): it ends when the new session starts, so that a sign-in never leaves a session alive
   * that the browser no longer holds.
   */
  previousToken?: string;
}

/** The audit log's name for a refused sign-in as someone who is no user. */
export const UNKNOWN_USER = "(unknown user)";

const throttled = (ms: number) =>
  new ConsoleFault(
    429,
    "TooManyAttempts",
    `Too many failed attempts; try again in ${Math.ceil(ms / 1000)} s`,
    { retryAfterSeconds: Math.ceil(ms / 1000) },
  );

/** User name and password → a new session; 401 `InvalidCredentials`, 429 `TooManyAttempts`. */
export async function passwordSignIn(
  db: Db,
  credentials: { username: string; password: string },
  client: ClientInfo,
): Promise<{ user: User; session: { token: string; expiresAt: number } }> {
  const { username, password } = credentials;
  const attempt = loginLimiter().begin(loginKeys(username, client.ip));
  if (attempt.retryAfterMs > 0) {
    // Counted, not audited: the rows that anyone, signed in or not, can make the console write
    // stay bounded by the limiter (its free failures, then one per wait), however fast they send.
    consoleMetrics().loginsRefused.inc({ reason: "throttled" });
    throw throttled(attempt.retryAfterMs);
  }
  let user: User | undefined;
  try {
    user = await authenticateLocal(db, username, password);
  } finally {
    attempt.settle(user !== undefined);
  }
  if (!user) {
    const message = "Wrong user name or password";
    consoleMetrics().loginsRefused.inc({ reason: "credentials" });
    // Every signed-in user reads the audit log, and what was typed as a user name that is nobody's
    // is often a password typed in the wrong box: only a user's own name is written down.
    const known = await findUser(db, username);
    await recordAudit(db, {
      username: known?.username ?? UNKNOWN_USER,
      action: "Login",
      outcome: "denied",
      fault: "InvalidCredentials",
      message,
      ip: client.ip,
    });
    throw new ConsoleFault(401, "InvalidCredentials", message);
  }
  return { user, session: await startSession(db, user, client) };
}

/** A successful sign-in, however it was made: a new session, the user's last sign-in, the audit row. */
export async function startSession(
  db: Db,
  user: User,
  client: ClientInfo,
  parameters?: Record<string, unknown>,
): Promise<{ token: string; expiresAt: number }> {
  if (client.previousToken) await revokeSession(db, client.previousToken);
  const session = await createSession(db, user.id, sessionTtlMs(), client);
  await recordLogin(db, user.id);
  await recordAudit(db, {
    username: user.username,
    role: user.role,
    action: "Login",
    outcome: "ok",
    parameters,
    ip: client.ip,
  });
  return session;
}

/**
 * The signed-in local user's own password: the current one must be right (throttled like a
 * sign-in, so a stolen session cannot guess it quickly). Every session of the user ends; this
 * browser gets a fresh one.
 */
export async function changeOwnPassword(
  db: Db,
  user: SessionUser,
  change: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<{ token: string; expiresAt: number }> {
  if (user.source !== "local")
    throw new ConsoleFault(
      400,
      "ValidationError",
      "Your password is managed by your identity provider",
    );
  const attempt = loginLimiter().begin([
    `password:${user.userId}`,
    ...loginKeys(user.username, client.ip).slice(1),
  ]);
  if (attempt.retryAfterMs > 0) throw throttled(attempt.retryAfterMs);
  let ok = false;
  try {
    ok = (await authenticateLocal(db, user.username, change.currentPassword)) !== undefined;
  } finally {
    attempt.settle(ok);
  }
  if (!ok) throw new ConsoleFault(400, "InvalidCredentials", "The current password is wrong");
  await updateUser(db, user.username, { password: change.newPassword });
  await revokeUserSessions(db, user.userId);
  return createSession(db, user.userId, sessionTtlMs(), client);
}
