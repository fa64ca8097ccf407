/** Console users: local (scrypt password) or from OpenID Connect (no password; role from claims). */
import { randomBytes } from "node:crypto";
import type { Db } from "./db";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords";
import { isRole, type Role } from "./roles";

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
  password_hash: string | null;
  role: Role;
  source: "local" | "oidc";
  disabled: number;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

export class UserError extends Error {
  constructor(
    readonly fault: "ValidationError" | "UserExists" | "UnknownUser" | "LastAdmin",
    message: string,
  ) {
    super(message);
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

export function listUsers(db: Db): User[] {
  return (
    db.prepare("SELECT * FROM users ORDER BY username COLLATE NOCASE").all() as UserRow[]
  ).map(toUser);
}

export function findUser(db: Db, username: string): User | undefined {
  const row = db.prepare("SELECT * FROM users WHERE username = ?").get(username) as
    UserRow | undefined;
  return row && toUser(row);
}

export async function createUser(
  db: Db,
  input: {
    username: string;
    password?: string;
    role: Role;
    source?: "local" | "oidc";
    skipPasswordRule?: boolean;
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
    const weak = input.skipPasswordRule ? undefined : passwordProblem(input.password);
    if (weak) throw new UserError("ValidationError", `password ${weak}`);
    hash = await hashPassword(input.password);
  }
  try {
    const info = db
      .prepare(
        "INSERT INTO users (username, password_hash, role, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(input.username, hash, input.role, source, now, now);
    return findUserById(db, Number(info.lastInsertRowid))!;
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
      throw new UserError("UserExists", `user ${input.username} already exists`);
    }
    throw e;
  }
}

export function findUserById(db: Db, id: number): User | undefined {
  const row = db.prepare("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
  return row && toUser(row);
}

/** Checks a local user's password. Unknown, disabled and OIDC users fail in the same time. */
export async function authenticateLocal(
  db: Db,
  username: string,
  password: string,
): Promise<User | undefined> {
  const row = db.prepare("SELECT * FROM users WHERE username = ?").get(username) as
    UserRow | undefined;
  const usable = row && row.source === "local" && row.disabled === 0 ? row.password_hash : null;
  const ok = await verifyPassword(password, usable);
  return ok && row ? toUser(row) : undefined;
}

export function recordLogin(db: Db, userId: number, now = Date.now()): void {
  db.prepare("UPDATE users SET last_login_at = ? WHERE id = ?").run(now, userId);
}

function enabledAdmins(db: Db): number {
  return (
    db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as {
      n: number;
    }
  ).n;
}

/** Refuses changes that would leave no enabled admin (nobody could manage users any more). */
function guardLastAdmin(db: Db, user: User, next: { role: Role; disabled: boolean } | "delete") {
  if (user.role !== "admin" || user.disabled) return;
  const stillAdmin = next !== "delete" && next.role === "admin" && !next.disabled;
  if (!stillAdmin && enabledAdmins(db) <= 1) {
    throw new UserError("LastAdmin", `${user.username} is the last enabled admin`);
  }
}

export async function updateUser(
  db: Db,
  username: string,
  patch: { role?: Role; password?: string; disabled?: boolean },
  now = Date.now(),
): Promise<{ user: User; revokeSessions: boolean }> {
  const user = findUser(db, username);
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
  db.transaction(() => {
    guardLastAdmin(db, findUser(db, username)!, next);
    db.prepare(
      "UPDATE users SET role = ?, disabled = ?, password_hash = COALESCE(?, password_hash), updated_at = ? WHERE id = ?",
    ).run(next.role, next.disabled ? 1 : 0, hash ?? null, now, user.id);
  }).immediate();
  // A new password or a disabled account ends every session of that user.
  const revokeSessions = hash !== undefined || (next.disabled && !user.disabled);
  return { user: findUserById(db, user.id)!, revokeSessions };
}

export function deleteUser(db: Db, username: string): void {
  db.transaction(() => {
    const user = findUser(db, username);
    if (!user) throw new UserError("UnknownUser", `no user ${username}`);
    guardLastAdmin(db, user, "delete");
    db.prepare("DELETE FROM users WHERE id = ?").run(user.id); // sessions cascade
  }).immediate();
}

/**
 * Start-up: creates the first admin, user `admin`, unless it exists. The password comes from
 * `CONSOLE_ADMIN_PASSWORD`; without it one is generated and returned so that it can be printed once.
 */
export async function ensureAdmin(
  db: Db,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if (findUser(db, "admin")) return { created: false };
  const generated = password ? undefined : randomBytes(12).toString("base64url");
  try {
    await createUser(db, {
      username: "admin",
      password: password ?? generated,
      role: "admin",
      skipPasswordRule: true,
    });
  } catch (e) {
    // Another process (or a concurrent start-up) created it first.
    if (e instanceof UserError && e.fault === "UserExists") return { created: false };
    throw e;
  }
  return { created: true, generatedPassword: generated };
}

/** OIDC login: creates or updates the user with the role the claims give. */
export function upsertOidcUser(db: Db, username: string, role: Role, now = Date.now()): User {
  const existing = findUser(db, username);
  if (existing) {
    if (existing.source !== "oidc") {
      throw new UserError(
        "UserExists",
        `${username} is a local user; it cannot sign in through OpenID Connect`,
      );
    }
    db.prepare("UPDATE users SET role = ?, updated_at = ? WHERE id = ?").run(
      role,
      now,
      existing.id,
    );
    return findUserById(db, existing.id)!;
  }
  db.prepare(
    "INSERT INTO users (username, password_hash, role, source, created_at, updated_at) VALUES (?, NULL, ?, 'oidc', ?, ?)",
  ).run(username, role, now, now);
  return findUser(db, username)!;
}
