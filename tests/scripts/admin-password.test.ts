/**
 * Where `npm start` keeps the admin password it generates (scripts/admin-password.ts): beside the
 * console's SQLite database, wherever CONSOLE_DB points, and in the project's data folder when
 * the database has no folder of its own.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { adminPassword, adminPasswordFile, adminSignIn } from "../../scripts/admin-password";
import { root } from "../../scripts/local-services";

const dir = mkdtempSync(join(tmpdir(), "admin-password-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("keeps it beside a SQLite CONSOLE_DB, a relative one taken from where npm start was typed", () => {
  expect(adminPasswordFile({ CONSOLE_DB: "/tmp/run-1/console.sqlite" })).toBe(
    "/tmp/run-1/admin-password",
  );
  expect(adminPasswordFile({ CONSOLE_DB: "db/c.sqlite", INIT_CWD: "/home/ada" }, root)).toBe(
    "/home/ada/db/admin-password",
  );
  // The default database keeps it where it always was: the project's data folder.
  expect(adminPasswordFile({}, root)).toBe(join(root, "data", "admin-password"));
});

it("keeps it in the project's data folder for PostgreSQL and an in-memory database", () => {
  const postgres = {
    CONSOLE_DATABASE_URL: "postgres://console@db.example/console",
    CONSOLE_DB: "/tmp/ignored/console.sqlite",
  };
  expect(adminPasswordFile(postgres, "/tmp/elsewhere")).toBe(join(root, "data", "admin-password"));
  expect(adminPasswordFile({ CONSOLE_DB: ":memory:" }, "/tmp/elsewhere")).toBe(
    join(root, "data", "admin-password"),
  );
});

it("generates it once (0600) beside the database, then reads it back", () => {
  const env = { CONSOLE_DB: join(dir, "run", "console.sqlite") };
  const first = adminPassword(env);
  expect(first.generated).toBe(true);
  expect(first.file).toBe(join(dir, "run", "admin-password"));
  expect(first.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect(readFileSync(first.file!, "utf8").trim()).toBe(first.password);
  expect(statSync(first.file!).mode & 0o777).toBe(0o600);
  expect(adminPassword(env)).toEqual({ ...first, generated: false });
});

it("keeps nothing when CONSOLE_ADMIN_PASSWORD gives it", () => {
  expect(
    adminPassword({ CONSOLE_ADMIN_PASSWORD: "chosen-password", CONSOLE_DB: join(dir, "x.sqlite") }),
  ).toEqual({ password: "chosen-password", generated: false });
});

it("makes none for a database that exists without one: its admin has a password already", () => {
  // A database made before the file moved beside it, or whose file was removed: a password made
  // now would be printed as the admin's and would not open it.
  const folder = join(dir, "older");
  mkdirSync(folder);
  writeFileSync(join(folder, "console.sqlite"), "");
  const admin = adminPassword({ CONSOLE_DB: join(folder, "console.sqlite") });
  expect(admin).toEqual({ generated: false, file: join(folder, "admin-password") });
  expect(existsSync(join(folder, "admin-password"))).toBe(false);
  expect(adminSignIn(admin)).toMatch(
    /^log in as admin with the password the console database was made with/,
  );
});

it("says how to sign in: the generated password once, then where it is kept", () => {
  const file = "/tmp/run/admin-password";
  expect(adminSignIn({ password: "p", generated: true, file })).toMatch(
    /^log in as admin \/ p {2}\(generated, shown once and kept in \/tmp\/run\/admin-password;/,
  );
  expect(adminSignIn({ password: "p", generated: false, file })).toBe(
    `log in as admin with the password in ${file}`,
  );
  expect(adminSignIn({ password: "p", generated: false })).toBe(
    "log in as admin with CONSOLE_ADMIN_PASSWORD",
  );
});
