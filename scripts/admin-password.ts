/**
 * The first admin's password that `npm start` gives the console: CONSOLE_ADMIN_PASSWORD, else one
 * generated on the first run and kept (0600) in a file named `admin-password`:
 *
 * - beside the console's SQLite database (CONSOLE_DB), so that the file goes with the database
 *   whose admin it made: a CONSOLE_DB in a temporary folder gets a password of its own rather
 *   than one that opened another database; the default database keeps it in the project's data
 *   folder;
 * - in the project's data folder when the database has no folder: PostgreSQL
 *   (CONSOLE_DATABASE_URL) or `:memory:`.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { consoleDbLocation } from "../lib/console/config";
import { isPostgresUrl } from "../lib/console/db";
import { root } from "./local-services";

type Env = Record<string, string | undefined>;

/** Where the generated admin password is kept for the console database `env` names. */
export function adminPasswordFile(env: Env, cwd = process.cwd()): string {
  const database = sqliteDatabase(env, cwd);
  return join(database ? dirname(database) : join(root, "data"), "admin-password");
}

/** The console's SQLite file, or undefined when its database has no file (PostgreSQL, memory). */
function sqliteDatabase(env: Env, cwd: string): string | undefined {
  const location = consoleDbLocation(env, cwd);
  return isPostgresUrl(location) || location === ":memory:" ? undefined : location;
}

export interface AdminPassword {
  /** Undefined when the database's admin was made with a password that was not kept here. */
  password?: string;
  /** True only on the run that made it: the one time it is printed. */
  generated: boolean;
  /** The file it is kept in, when it was not given. */
  file?: string;
}

/**
 * CONSOLE_ADMIN_PASSWORD, else the kept one, made on first use — unless the SQLite database
 * exists without it (made before the file moved beside it, or the file was removed): its admin
 * has a password already, and one made now would not open it.
 */
export function adminPassword(env: Env, cwd = process.cwd()): AdminPassword {
  if (env.CONSOLE_ADMIN_PASSWORD) return { password: env.CONSOLE_ADMIN_PASSWORD, generated: false };
  const file = adminPasswordFile(env, cwd);
  const database = sqliteDatabase(env, cwd);
  if (database && existsSync(database) && !existsSync(file)) return { generated: false, file };
  let generated = false;
  mkdirSync(dirname(file), { recursive: true });
  try {
    // "wx": of two starts at once, one makes it and the other reads it.
    writeFileSync(file, randomBytes(12).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
    generated = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return { password: readFileSync(file, "utf8").trim(), generated, file };
}

/** What `npm start` tells the developer about signing in as admin. */
export function adminSignIn(admin: AdminPassword): string {
  if (admin.generated)
    return `log in as admin / ${admin.password}  (generated, shown once and kept in ${admin.file}; set CONSOLE_ADMIN_PASSWORD to choose)`;
  if (admin.password === undefined)
    return `log in as admin with the password the console database was made with: it is older than ${admin.file}, which a password made now would not open`;
  return admin.file
    ? `log in as admin with the password in ${admin.file}`
    : "log in as admin with CONSOLE_ADMIN_PASSWORD";
}
