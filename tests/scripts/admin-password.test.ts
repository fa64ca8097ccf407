/**
 * Where `npm start` keeps the admin password it generates (scripts/admin-password.ts): in a file
 * that goes with the console's SQLite database, wherever CONSOLE_DB points; none for a database
 * without a file, whose console prints the password it generates itself.
 */
import {
  chmodSync,
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
import { adminPasswordOrigin } from "../../lib/console/startup";
import {
  adminPassword,
  adminPasswordFile,
  adminSignIn,
  consoleAdminEnv,
} from "../../scripts/admin-password";
import { root } from "../../scripts/local-services";

const dir = mkdtempSync(join(tmpdir(), "admin-password-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("names the file after its database; the default database keeps ./data/admin-password", () => {
  expect(adminPasswordFile("/tmp/run-1/console.sqlite")).toBe(
    "/tmp/run-1/console.sqlite.admin-password",
  );
  expect(adminPasswordFile(join(root, "data", "console.sqlite"))).toBe(
    join(root, "data", "admin-password"),
  );
});

it("generates it once (0600) for a new database, then reads it back", () => {
  const env = { CONSOLE_DB: join(dir, "run", "console.sqlite") };
  const first = adminPassword(env);
  expect(first.generated).toBe(true);
  expect(first.file).toBe(join(dir, "run", "console.sqlite.admin-password"));
  expect(first.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect(readFileSync(first.file!, "utf8").trim()).toBe(first.password);
  expect(statSync(first.file!).mode & 0o777).toBe(0o600);
  expect(adminPassword(env)).toEqual({ ...first, generated: false });
});

it("takes a relative CONSOLE_DB from where npm start was typed", () => {
  const admin = adminPassword({ CONSOLE_DB: "typed/c.sqlite", INIT_CWD: dir }, root);
  expect(admin.file).toBe(join(dir, "typed", "c.sqlite.admin-password"));
  expect(existsSync(admin.file!)).toBe(true);
});

it("gives two databases in one folder a password each", () => {
  const folder = join(dir, "shared");
  const a = adminPassword({ CONSOLE_DB: join(folder, "a.sqlite") });
  writeFileSync(join(folder, "a.sqlite"), "");
  // b was made with CONSOLE_ADMIN_PASSWORD: a's file says nothing about b's admin.
  writeFileSync(join(folder, "b.sqlite"), "");
  const b = adminPassword({ CONSOLE_DB: join(folder, "b.sqlite") });
  expect(a.generated).toBe(true);
  expect(b).toEqual({ generated: false, file: join(folder, "b.sqlite.admin-password") });
});

it("keeps nothing when CONSOLE_ADMIN_PASSWORD gives it", () => {
  expect(
    adminPassword({ CONSOLE_ADMIN_PASSWORD: "chosen-password", CONSOLE_DB: join(dir, "x.sqlite") }),
  ).toEqual({ password: "chosen-password", generated: false });
});

it("generates none for PostgreSQL or memory: the console prints the one it makes for a new admin", () => {
  const postgres = { CONSOLE_DATABASE_URL: "postgres://console@db.example/console" };
  expect(adminPassword(postgres)).toEqual({ generated: false });
  expect(adminPassword({ CONSOLE_DB: ":memory:" })).toEqual({ generated: false });
  expect(adminSignIn({ generated: false })).toMatch(
    /^log in as admin: the console prints a generated password when it creates the admin/,
  );
});

it("makes none for a database that exists without one: its admin has a password already", () => {
  const folder = join(dir, "older");
  mkdirSync(folder);
  writeFileSync(join(folder, "console.sqlite"), "");
  const admin = adminPassword({ CONSOLE_DB: join(folder, "console.sqlite") });
  expect(admin).toEqual({ generated: false, file: join(folder, "console.sqlite.admin-password") });
  expect(existsSync(admin.file!)).toBe(false);
  expect(adminSignIn(admin)).toMatch(
    /^log in as admin with the password this console database was made with/,
  );
});

it("refuses a kept file that others may read, or an empty one", () => {
  const folder = join(dir, "planted");
  mkdirSync(folder);
  const file = join(folder, "console.sqlite.admin-password");
  writeFileSync(file, "planted-password\n", { mode: 0o644 });
  chmodSync(file, 0o644);
  expect(() => adminPassword({ CONSOLE_DB: join(folder, "console.sqlite") })).toThrow(
    /is not a file of this user's that only they can read/,
  );
  writeFileSync(file, "", { mode: 0o600 });
  chmodSync(file, 0o600);
  expect(() => adminPassword({ CONSOLE_DB: join(folder, "console.sqlite") })).toThrow(/is empty/);
});

it("says how to sign in: the generated password once, then where it is kept", () => {
  const file = "/tmp/run/console.sqlite.admin-password";
  expect(adminSignIn({ password: "p", generated: true, file })).toMatch(
    /^log in as admin \/ p {2}\(generated, shown once and kept in \/tmp\/run\/console\.sqlite\.admin-password;/,
  );
  expect(adminSignIn({ password: "p", generated: false, file })).toBe(
    `log in as admin with the password in ${file}`,
  );
  expect(adminSignIn({ password: "p", generated: false })).toBe(
    "log in as admin with CONSOLE_ADMIN_PASSWORD",
  );
});

it("tells the console where the password came from, so that its log line says so truthfully", () => {
  const file = "/tmp/run/console.sqlite.admin-password";
  const generated = consoleAdminEnv({ password: "s3cret", generated: true, file });
  expect(generated).toEqual({
    CONSOLE_ADMIN_PASSWORD: "s3cret",
    CONSOLE_ADMIN_PASSWORD_KEPT_IN: file,
  });
  expect(adminPasswordOrigin(generated)).toBe(`password generated by npm start, kept in ${file}`);
  // Read back on a later start: still the one npm start generated.
  const kept = consoleAdminEnv({ password: "s3cret", generated: false, file });
  expect(adminPasswordOrigin(kept)).toBe(`password generated by npm start, kept in ${file}`);
  // The developer's own variable.
  const chosen = consoleAdminEnv(adminPassword({ CONSOLE_ADMIN_PASSWORD: "mine" }));
  expect(chosen).toEqual({ CONSOLE_ADMIN_PASSWORD: "mine" });
  expect(adminPasswordOrigin(chosen)).toBe("password from CONSOLE_ADMIN_PASSWORD");
  // None to give (PostgreSQL): the console generates and prints its own.
  expect(consoleAdminEnv({ generated: false })).toEqual({});
  for (const env of [generated, kept, chosen])
    expect(adminPasswordOrigin(env)).not.toContain(env.CONSOLE_ADMIN_PASSWORD);
});
