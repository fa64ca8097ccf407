import { describe, expect, it } from "vitest";
import {
  UserError,
  authenticateLocal,
  createUser,
  deleteUser,
  ensureAdmin,
  findUser,
  listUsers,
  updateUser,
  upsertOidcUser,
} from "@/lib/console/users";
import { memoryDb } from "./helpers";

describe("users", () => {
  it("creates the first admin once, with the given or a generated password", async () => {
    const db = memoryDb();
    expect(await ensureAdmin(db, "first-admin-pw")).toEqual({
      created: true,
      generatedPassword: undefined,
    });
    expect(await authenticateLocal(db, "admin", "first-admin-pw")).toMatchObject({
      username: "admin",
      role: "admin",
    });
    expect(await ensureAdmin(db, "other")).toEqual({ created: false });
    expect(await authenticateLocal(db, "admin", "other")).toBeUndefined();

    const db2 = memoryDb();
    const generated = await ensureAdmin(db2, undefined);
    expect(generated.created).toBe(true);
    expect(generated.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await authenticateLocal(db2, "admin", generated.generatedPassword!)).toBeDefined();
  });

  it("validates names, roles, passwords and uniqueness (case-insensitive)", async () => {
    const db = memoryDb();
    await createUser(db, { username: "Alice", password: "alice-password", role: "viewer" });
    await expect(
      createUser(db, { username: "alice", password: "whatever-pass", role: "viewer" }),
    ).rejects.toMatchObject({ fault: "UserExists" });
    await expect(
      createUser(db, { username: "bad name", password: "whatever-pass", role: "viewer" }),
    ).rejects.toMatchObject({ fault: "ValidationError" });
    await expect(
      createUser(db, { username: "<script>", password: "whatever-pass", role: "viewer" }),
    ).rejects.toBeInstanceOf(UserError);
    await expect(
      createUser(db, { username: "bob", password: "short", role: "viewer" }),
    ).rejects.toThrow(/at least 8/);
    await expect(
      createUser(db, { username: "bob", password: "long-enough", role: "root" as never }),
    ).rejects.toThrow(/role/);
    expect(listUsers(db).map((u) => u.username)).toEqual(["Alice"]);
    expect(await authenticateLocal(db, "ALICE", "alice-password")).toBeDefined();
  });

  it("never lets the last enabled admin go", async () => {
    const db = memoryDb();
    await ensureAdmin(db, "admin-password");
    await expect(updateUser(db, "admin", { role: "operator" })).rejects.toMatchObject({
      fault: "LastAdmin",
    });
    await expect(updateUser(db, "admin", { disabled: true })).rejects.toMatchObject({
      fault: "LastAdmin",
    });
    expect(() => deleteUser(db, "admin")).toThrow(/last enabled admin/);
    await createUser(db, { username: "second", password: "second-password", role: "admin" });
    await updateUser(db, "admin", { role: "viewer" });
    expect(findUser(db, "admin")?.role).toBe("viewer");
    expect(() => deleteUser(db, "second")).toThrow(/last enabled admin/);
  });

  it("refuses disabled users at sign-in", async () => {
    const db = memoryDb();
    await ensureAdmin(db, "admin-password");
    await createUser(db, { username: "carol", password: "carol-password", role: "approver" });
    await updateUser(db, "carol", { disabled: true });
    expect(await authenticateLocal(db, "carol", "carol-password")).toBeUndefined();
  });

  it("keeps OIDC users apart from local ones", async () => {
    const db = memoryDb();
    const dave = { issuer: "https://idp.example", subject: "s-dave", username: "dave@example.com" };
    const u = upsertOidcUser(db, { ...dave, role: "approver" });
    expect(u).toMatchObject({ source: "oidc", role: "approver" });
    expect(upsertOidcUser(db, { ...dave, role: "operator" }).role).toBe("operator");
    expect(await authenticateLocal(db, "dave@example.com", "")).toBeUndefined();
    await createUser(db, { username: "erin", password: "erin-password", role: "viewer" });
    expect(() =>
      upsertOidcUser(db, {
        issuer: "https://idp.example",
        subject: "s-erin",
        username: "erin",
        role: "admin",
      }),
    ).toThrow(/local user/);
  });
});
