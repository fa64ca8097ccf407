/** Console users: local (scrypt password) or from OpenID Connect (no password; role from claims). */
import { randomBytes } from "node:crypto";
import { recordAudit } from "./audit";
import { isUniqueViolation, type Db } from "./db";
import { ConsoleFault } from "./faults";
import { auditTarget } from "./inbox";
import { heldTaskCounts, releaseTasksHeldBy } from "./inbox-store";
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from "./passwords";
import { DECIDING_ROLES, isRole, roleAtLeast, type Role } from "./roles";
import { revokeUserSessions } from "./sessions";
import { foldUsername } from "./usernames";

export interface User {
  id: number;
  username: string;
  role: Role;
  source: "local" | "oidc";
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | null;
}

interface UserRow {
  id: number;
  username: string;
  /** The name as usernames.ts folds it: unique. */
  username_key: string | null;
  password_hash: string | null;
  role: Role;
  source: "local" | "oidc";
  disabled: number;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
}

type UserFault = "ValidationError" | "UserExists" | "UnknownUser" | "LastAdmin";
const STATUS: Record<UserFault, number> = {
  ValidationError: 400,
  UserExists: 409,
  UnknownUser: 404,
  LastAdmin: 409,
};

export class UserError extends ConsoleFault {
  declare readonly fault: UserFault;
  constructor(fault: UserFault, message: string) {
    super(STATUS[fault], fault, message);
  }
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

export function usernameProblem(username: string): string | undefined {
  return USERNAME.test(username)
    ? undefined
    : "must be 1–64 characters: letters, digits and . _ @ + - (starting with a letter or digit)";
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    source: row.source,
    disabled: row.disabled !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.all<UserRow>("SELECT * FROM users ORDER BY username_key, username")).map(toUser);
}

/** A user as the Users page lists them: with how many open inbox tasks they hold. */
export interface ListedUser extends User {
  heldTasks: number;
}

export async function listUsersWithHolds(db: Db): Promise<ListedUser[]> {
  const [users, held] = await Promise.all([listUsers(db), heldTaskCounts(db)]);
  return users.map((u) => ({ ...u, heldTasks: held.get(u.username) ?? 0 }));
}

/**
 * The names a task may be assigned to: enabled users whose role may decide. Only names: every
 * approver reads this list (to pick someone), and it tells them nothing else about anyone.
 */
export async function assignableUsernames(db: Db): Promise<string[]> {
  const rows = await db.all<{ username: string }>(
    `SELECT username FROM users WHERE disabled = 0 AND role IN (${DECIDING_ROLES.map(() => "?").join(", ")})
      ORDER BY username_key, username`,
    DECIDING_ROLES,
  );
  return rows.map((r) => r.username);
}

/** Who changes a user (named in the audit rows of the tasks the change releases). */
export interface UserChanger {
  username: string;
  role?: Role | null;
}

const CONSOLE_ACTOR: UserChanger = { username: "console" };

/**
 * A user who can no longer decide (disabled, deleted, or given a role below approver) lets go of
 * the tasks they hold, in the caller's transaction: otherwise those tasks would wait for someone
 * who will never answer, and only an operator could free them. Each release is audited like one
 * made in the inbox (Inbox.Release), naming the admin and why.
 */
async function releaseHeldTasks(
  db: Db,
  holder: string,
  by: UserChanger,
  because: string,
  now: number,
): Promise<number> {
  const released = await releaseTasksHeldBy(db, holder, now);
  for (const task of released)
    await recordAudit(db, {
      at: now,
      username: by.username,
      role: by.role ?? null,
      action: "Inbox.Release",
      target: auditTarget(task),
      domain: task.domain,
      workflowId: task.workflowId,
      runId: task.runId,
      parameters: { taskId: task.id, from: holder, to: null, because },
      outcome: "ok",
      message: `Released because ${because}`,
    });
  return released.length;
}

/** A role the identity provider now gives below approver lets go of the tasks its user held. */
async function releaseIfCannotDecide(db: Db, username: string, role: Role, now: number) {
  if (roleAtLeast(role, "approver")) return;
  const because = `user ${username} now has the ${role} role (from the identity provider) and cannot decide`;
  await releaseHeldTasks(db, username, CONSOLE_ACTOR, because, now);
}

/**
 * The user called `username`, compared as usernames.ts folds names (both backends alike). A name
 * spelt exactly as stored wins: only a clash left by `refoldUsernames` can make it differ from
 * the fold's match, and then the admin naming that user must reach that user.
 */
async function rowByName(db: Db, username: string): Promise<UserRow | undefined> {
  const key = foldUsername(username);
  // `username = ?` only narrows (SQLite's NOCASE column matches more); the choice is made here.
  const rows = await db.all<UserRow>("SELECT * FROM users WHERE username_key = ? OR username = ?", [
    key,
    username,
  ]);
  return rows.find((r) => r.username === username) ?? rows.find((r) => r.username_key === key);
}

/**
 * Start-up: gives every user the stored fold of their name that this console computes (names
 * stored before folds were, or folded by the database's lower(): non-ASCII names on SQLite).
 * Names that fold alike but were two users before (non-ASCII case on SQLite) stay two: the one
 * that cannot take the fold (the other holds it already) keeps its old key, is named in the answer,
 * and is found by its exact name or its identity.
 */
export async function refoldUsernames(db: Db): Promise<{ refolded: number; clashes: string[] }> {
  const rows = await db.all<{ id: number; username: string; username_key: string | null }>(
    "SELECT id, username, username_key FROM users ORDER BY id",
  );
  let refolded = 0;
  const clashes: string[] = [];
  for (const r of rows) {
    const key = foldUsername(r.username);
    if (r.username_key === key) continue;
    try {
      await db.run("UPDATE users SET username_key = ? WHERE id = ?", [key, r.id]);
      refolded++;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      clashes.push(r.username);
    }
  }
  return { refolded, clashes };
}

export async function findUser(db: Db, username: string): Promise<User | undefined> {
  const row = await rowByName(db, username);
  return row && toUser(row);
}

export async function createUser(
  db: Db,
  input: {
    username: string;
    password?: string;
    role: Role;
    source?: "local" | "oidc";
  },
  now = Date.now(),
): Promise<User> {
  const problem = usernameProblem(input.username);
  if (problem) throw new UserError("ValidationError", `username ${problem}`);
  if (!isRole(input.role))
    throw new UserError("ValidationError", `unknown role ${String(input.role)}`);
  const source = input.source ?? "local";
  let hash: string | null = null;
  if (source === "local") {
    if (input.password === undefined)
      throw new UserError("ValidationError", "password is required");
    const weak = passwordProblem(input.password);
    if (weak) throw new UserError("ValidationError", `password ${weak}`);
    hash = await hashPassword(input.password);
  }
  try {
    const row = await db.get<UserRow>(
      "INSERT INTO users (username, username_key, password_hash, role, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
      [input.username, foldUsername(input.username), hash, input.role, source, now, now],
    );
    return toUser(row!);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new UserError("UserExists", `user ${input.username} already exists`);
    }
    throw e;
  }
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const row = await db.get<UserRow>("SELECT * FROM users WHERE id = ?", [id]);
  return row && toUser(row);
}

/** Checks a local user's password. Unknown, disabled and OIDC users fail in the same time. */
export async function authenticateLocal(
  db: Db,
  username: string,
  password: string,
): Promise<User | undefined> {
  const row = await rowByName(db, username);
  const usable = row && row.source === "local" && row.disabled === 0 ? row.password_hash : null;
  const ok = await verifyPassword(password, usable);
  if (!ok || !row) return undefined;
  // A hash made at an older, cheaper cost is replaced now that the password is at hand.
  if (usable && needsRehash(usable)) {
    await db.run("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?", [
      await hashPassword(password),
      row.id,
      usable,
    ]);
  }
  return toUser(row);
}

export async function recordLogin(db: Db, userId: number, now = Date.now()): Promise<void> {
  await db.run("UPDATE users SET last_login_at = ? WHERE id = ?", [now, userId]);
}

/**
 * Changes to who is an enabled admin take turns (across console processes too), so that two
 * admins demoting each other at once cannot both pass the last-admin check.
 */
const ADMINS_LOCK = { lock: "swf-console.admins" };

/** Refuses changes that would leave no enabled admin (nobody could manage users any more). */
async function guardLastAdmin(
  db: Db,
  user: User,
  next: { role: Role; disabled: boolean } | "delete",
): Promise<void> {
  if (user.role !== "admin" || user.disabled) return;
  const stillAdmin = next !== "delete" && next.role === "admin" && !next.disabled;
  if (stillAdmin) return;
  const admins = await db.get<{ n: number }>(
    "SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0",
  );
  if (admins!.n <= 1) {
    throw new UserError("LastAdmin", `${user.username} is the last enabled admin`);
  }
}

export async function updateUser(
  db: Db,
  username: string,
  patch: { role?: Role; password?: string; disabled?: boolean },
  now = Date.now(),
  by: UserChanger = CONSOLE_ACTOR,
): Promise<{ user: User; revokeSessions: boolean; releasedTasks: number }> {
  const user = await findUser(db, username);
  if (!user) throw new UserError("UnknownUser", `no user ${username}`);
  if (patch.role !== undefined && !isRole(patch.role))
    throw new UserError("ValidationError", "unknown role");
  let hash: string | undefined;
  if (patch.password !== undefined) {
    if (user.source !== "local")
      throw new UserError("ValidationError", "OpenID Connect users have no password here");
    const weak = passwordProblem(patch.password);
    if (weak) throw new UserError("ValidationError", `password ${weak}`);
    hash = await hashPassword(patch.password);
  }
  const next = { role: patch.role ?? user.role, disabled: patch.disabled ?? user.disabled };
  const releasedTasks = await db.tx(async () => {
    const current = await findUser(db, username);
    if (!current) throw new UserError("UnknownUser", `no user ${username}`);
    await guardLastAdmin(db, current, next);
    await db.run(
      "UPDATE users SET role = ?, disabled = ?, password_hash = COALESCE(?, password_hash), updated_at = ? WHERE id = ?",
      [next.role, next.disabled ? 1 : 0, hash ?? null, now, user.id],
    );
    const because = next.disabled
      ? `user ${current.username} was disabled`
      : !roleAtLeast(next.role, "approver")
        ? `user ${current.username} now has the ${next.role} role and cannot decide`
        : null;
    return because ? releaseHeldTasks(db, current.username, by, because, now) : 0;
  }, ADMINS_LOCK);
  // A new password or a disabled account ends every session of that user.
  const revokeSessions = hash !== undefined || (next.disabled && !user.disabled);
  return { user: (await findUserById(db, user.id))!, revokeSessions, releasedTasks };
}

/**
 * An admin's change to a user: role, password, enabled state, and/or ending every session. A new
 * password or disabling ends the user's sessions too.
 */
export async function changeUser(
  db: Db,
  username: string,
  change: { role?: Role; password?: string; disabled?: boolean; revokeSessions?: true },
  by: UserChanger = CONSOLE_ACTOR,
): Promise<{ user: User; revokedSessions: number; releasedTasks: number }> {
  const { revokeSessions, ...patch } = change;
  const result = Object.keys(patch).length
    ? await updateUser(db, username, patch, Date.now(), by)
    : undefined;
  const user = result?.user ?? (await findUser(db, username));
  if (!user) throw new UserError("UnknownUser", `no user ${username}`);
  const revoke = result?.revokeSessions || revokeSessions;
  return {
    user,
    revokedSessions: revoke ? await revokeUserSessions(db, user.id) : 0,
    releasedTasks: result?.releasedTasks ?? 0,
  };
}

/** Deletes a user; the tasks they held are released in the same transaction. */
export async function deleteUser(
  db: Db,
  username: string,
  by: UserChanger = CONSOLE_ACTOR,
  now = Date.now(),
): Promise<{ releasedTasks: number }> {
  return db.tx(async () => {
    const user = await findUser(db, username);
    if (!user) throw new UserError("UnknownUser", `no user ${username}`);
    await guardLastAdmin(db, user, "delete");
    await db.run("DELETE FROM users WHERE id = ?", [user.id]); // sessions cascade
    const because = `user ${user.username} was deleted`;
    return { releasedTasks: await releaseHeldTasks(db, user.username, by, because, now) };
  }, ADMINS_LOCK);
}

/**
 * Start-up: creates the first admin, user `admin`, unless it exists. The password comes from
 * `CONSOLE_ADMIN_PASSWORD` and must satisfy the password rule like any other; without it one is
 * generated and returned so that it can be printed once.
 */
export async function ensureAdmin(
  db: Db,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if (await findUser(db, "admin")) return { created: false };
  const generated = password ? undefined : randomBytes(12).toString("base64url");
  try {
    await createUser(db, { username: "admin", password: password ?? generated, role: "admin" });
  } catch (e) {
    // Another process (or a concurrent start-up) created it first.
    if (e instanceof UserError && e.fault === "UserExists") return { created: false };
    if (e instanceof UserError && e.fault === "ValidationError")
      throw new Error(`CONSOLE_ADMIN_PASSWORD: the admin's ${e.message}`);
    throw e;
  }
  return { created: true, generatedPassword: generated };
}

/** Who signed in through OpenID Connect: the issuer and its subject identify them for good. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  /** The console user name for a first sign-in (later sign-ins keep the stored one). */
  username: string;
  role: Role;
}

/**
 * OIDC sign-in: finds the user by issuer + subject (never by a name or an email the identity
 * provider lets people edit) and gives them the role the claims grant; creates them on first
 * sign-in. A user created before identities were recorded (same name, no subject) is bound to
 * the first identity that signs in with that name.
 */
export async function upsertOidcUser(
  db: Db,
  identity: OidcIdentity,
  now = Date.now(),
): Promise<User> {
  const { issuer, subject, username, role } = identity;
  // Two first sign-ins of one identity at once (two tabs, two console processes) take turns.
  return db.tx(
    async () => {
      const bound = await db.get<UserRow>(
        "SELECT * FROM users WHERE oidc_issuer = ? AND oidc_subject = ?",
        [issuer, subject],
      );
      if (bound) {
        await db.run("UPDATE users SET role = ?, updated_at = ? WHERE id = ?", [
          role,
          now,
          bound.id,
        ]);
        await releaseIfCannotDecide(db, bound.username, role, now);
        return (await findUserById(db, bound.id))!;
      }
      const named = await rowByName(db, username);
      if (named) {
        if (named.source !== "oidc")
          throw new UserError(
            "UserExists",
            `${username} is a local user; it cannot sign in through OpenID Connect`,
          );
        if (named.oidc_subject !== null)
          throw new UserError(
            "UserExists",
            `the user name ${username} belongs to another OpenID Connect identity`,
          );
        await db.run(
          "UPDATE users SET role = ?, oidc_issuer = ?, oidc_subject = ?, updated_at = ? WHERE id = ?",
          [role, issuer, subject, now, named.id],
        );
        await releaseIfCannotDecide(db, named.username, role, now);
        return (await findUserById(db, named.id))!;
      }
      const row = await db.get<UserRow>(
        `INSERT INTO users (username, username_key, password_hash, role, source, oidc_issuer, oidc_subject, created_at, updated_at)
         VALUES (?, ?, NULL, ?, 'oidc', ?, ?, ?, ?) RETURNING *`,
        [username, foldUsername(username), role, issuer, subject, now, now],
      );
      return toUser(row!);
    },
    { lock: "swf-console.oidc-users" },
  );
}
