/**
 * The first admin's password that `npm start` gives the console: CONSOLE_ADMIN_PASSWORD, else,
 * for a SQLite database, one generated on the first run and kept (0600) in a file that goes with
 * that database: `./data/admin-password` for the default one, `<CONSOLE_DB>.admin-password` for
 * any other, so that two databases in one folder never share one. A database without a file
 * (PostgreSQL, `:memory:`) gets none from here: the console generates one when it creates the
 * admin, and prints it that once (lib/console/startup.ts); a database that has an admin already
 * is never told a new password that would not open it.
 */
import { randomBytes } from "node:crypto";
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { consoleDbLocation, isPostgresUrl } from "../lib/console/config";
import { root } from "./local-services";

type Env = Record<string, string | undefined>;

const DEFAULT_DB = join(root, "data", "console.sqlite");

/** Where the generated admin password is kept for the console's SQLite file `database`. */
export function adminPasswordFile(database: string): string {
  return database === DEFAULT_DB
    ? join(root, "data", "admin-password")
    : `${database}.admin-password`;
}

export interface AdminPassword {
  /** Undefined when the console's database is not told one by `npm start`. */
  password?: string;
  /** True only on the run that made it: the one time it is printed. */
  generated: boolean;
  /** The file it is (or would be) kept in; undefined for a database without a file. */
  file?: string;
}

/**
 * CONSOLE_ADMIN_PASSWORD, else the kept one, made on first use — unless the SQLite database
 * exists without it (made with CONSOLE_ADMIN_PASSWORD, or its file was removed): its admin has a
 * password already, and one made now would not open it.
 */
export function adminPassword(env: Env, cwd = process.cwd()): AdminPassword {
  if (env.CONSOLE_ADMIN_PASSWORD) return { password: env.CONSOLE_ADMIN_PASSWORD, generated: false };
  const database = consoleDbLocation(env, cwd);
  if (isPostgresUrl(database) || database === ":memory:") return { generated: false };
  const file = adminPasswordFile(database);
  if (!existsSync(file)) {
    if (existsSync(database)) return { generated: false, file };
    if (create(file)) return { password: readKept(file), generated: true, file };
  }
  return { password: readKept(file), generated: false, file };
}

/**
 * Writes a new password to `file` unless it exists; true if this call made it. Written aside and
 * linked into place, so that a start running beside this one reads all of it or finds no file.
 */
function create(file: string): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, randomBytes(12).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  try {
    linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * The kept password, only from a file that could have come from here: a regular file of this
 * user's that nobody else may read. In a shared folder another user could have put one there.
 */
function readKept(file: string): string {
  const stat = lstatSync(file);
  const mine = process.getuid === undefined || stat.uid === process.getuid();
  if (!stat.isFile() || !mine || (stat.mode & 0o077) !== 0)
    throw new Error(
      `${file} is not a file of this user's that only they can read; remove it, or set CONSOLE_ADMIN_PASSWORD`,
    );
  const password = readFileSync(file, "utf8").trim();
  if (!password) throw new Error(`${file} is empty; remove it, or set CONSOLE_ADMIN_PASSWORD`);
  return password;
}

/**
 * The console's environment for the admin password: the password, and, when it is npm start's
 * generated one, the file it is kept in, so that the console's line on creating the admin says
 * where the password came from rather than naming a variable the developer never set.
 */
export function consoleAdminEnv(admin: AdminPassword): Record<string, string> {
  if (admin.password === undefined) return {};
  return {
    CONSOLE_ADMIN_PASSWORD: admin.password,
    ...(admin.file ? { CONSOLE_ADMIN_PASSWORD_KEPT_IN: admin.file } : {}),
  };
}

/** What `npm start` tells the developer about signing in as admin. */
export function adminSignIn(admin: AdminPassword): string {
  if (admin.generated)
    return `log in as admin / ${admin.password}  (generated, shown once and kept in ${admin.file}; set CONSOLE_ADMIN_PASSWORD to choose)`;
  if (admin.password !== undefined)
    return admin.file
      ? `log in as admin with the password in ${admin.file}`
      : "log in as admin with CONSOLE_ADMIN_PASSWORD";
  return admin.file
    ? `log in as admin with the password this console database was made with (npm start did not generate it: there is no ${admin.file})`
    : "log in as admin: the console prints a generated password when it creates the admin of a new database (set CONSOLE_ADMIN_PASSWORD to choose it)";
}
