import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  UserError,
  authenticateLocal,
  changeUser,
  createUser,
  deleteUser,
  ensureAdmin,
  findUser,
  findUserById,
  listUsers,
  updateUser,
  refoldUsernames,
  upsertOidcUser,
} from "@/lib/console/users";
import { foldUsername } from "@/lib/console/usernames";
import { STORE_KINDS, closeStores, openStore } from "./stores";

afterAll(closeStores);

describe.each(STORE_KINDS)("users (%s)", (kind) => {
  it("creates the first admin once, with the given or a generated password", async () => {
    const db = await openStore(kind);
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

    const db2 = await openStore(kind);
    const generated = await ensureAdmin(db2, undefined);
    expect(generated.created).toBe(true);
    expect(generated.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await authenticateLocal(db2, "admin", generated.generatedPassword!)).toBeDefined();
  });

  it("reads users back with the types they were written with", async () => {
    const db = await openStore(kind);
    const made = await createUser(
      db,
      { username: "typed", password: "typed-password", role: "operator" },
      1_700_000_000_123,
    );
    expect(made).toEqual({
      id: made.id,
      username: "typed",
      role: "operator",
      source: "local",
      disabled: false,
      createdAt: 1_700_000_000_123,
      updatedAt: 1_700_000_000_123,
      lastLoginAt: null,
    });
    expect(typeof made.id).toBe("number");
    expect(await findUserById(db, made.id)).toEqual(made);
    expect(await findUser(db, "TYPED")).toEqual(made);
  });

  it("validates names, roles, passwords and uniqueness (case-insensitive)", async () => {
    const db = await openStore(kind);
    await createUser(db, { username: "Alice", password: "alice-password", role: "viewer" });
    await expect(
      createUser(db, { username: "alice", password: "whatever-pass", role: "viewer" }),
    ).rejects.toMatchObject({ fault: "UserExists" });
    await expect(
      createUser(db, { username: "ALICE", password: "whatever-pass", role: "viewer" }),
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
    expect((await listUsers(db)).map((u) => u.username)).toEqual(["Alice"]);
    expect(await authenticateLocal(db, "ALICE", "alice-password")).toBeDefined();
    expect((await findUser(db, "aLiCe"))?.username).toBe("Alice");
    await updateUser(db, "alice", { role: "approver" });
    expect((await findUser(db, "Alice"))?.role).toBe("approver");
  });

  it("lists users by name without regard to case", async () => {
    const db = await openStore(kind);
    for (const username of ["carol", "Bob", "alice", "Dave"])
      await createUser(db, { username, password: "long-enough", role: "viewer" });
    expect((await listUsers(db)).map((u) => u.username)).toEqual(["alice", "Bob", "carol", "Dave"]);
  });

  it("never lets the last enabled admin go", async () => {
    const db = await openStore(kind);
    await ensureAdmin(db, "admin-password");
    await expect(updateUser(db, "admin", { role: "operator" })).rejects.toMatchObject({
      fault: "LastAdmin",
    });
    await expect(updateUser(db, "admin", { disabled: true })).rejects.toMatchObject({
      fault: "LastAdmin",
    });
    await expect(deleteUser(db, "admin")).rejects.toThrow(/last enabled admin/);
    await createUser(db, { username: "second", password: "second-password", role: "admin" });
    await updateUser(db, "admin", { role: "viewer" });
    expect((await findUser(db, "admin"))?.role).toBe("viewer");
    await expect(deleteUser(db, "second")).rejects.toThrow(/last enabled admin/);
    await expect(deleteUser(db, "nobody")).rejects.toMatchObject({ fault: "UnknownUser" });
    await deleteUser(db, "admin");
    expect(await findUser(db, "admin")).toBeUndefined();
  });

  it("lets only one of two admins demoting each other at once succeed", async () => {
    const db = await openStore(kind);
    await createUser(db, { username: "ann", password: "ann-password", role: "admin" });
    await createUser(db, { username: "ben", password: "ben-password", role: "admin" });
    const results = await Promise.allSettled([
      updateUser(db, "ann", { role: "viewer" }),
      updateUser(db, "ben", { role: "viewer" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({
      reason: { fault: "LastAdmin" },
    });
    const admins = (await listUsers(db)).filter((u) => u.role === "admin" && !u.disabled);
    expect(admins).toHaveLength(1);
  });

  it("changes a user and ends their sessions when asked or when the password changes", async () => {
    const db = await openStore(kind);
    await ensureAdmin(db, "admin-password");
    await createUser(db, { username: "fay", password: "fay-password", role: "viewer" });
    const changed = await changeUser(db, "fay", { role: "operator" });
    expect(changed).toMatchObject({ user: { role: "operator" }, revokedSessions: 0 });
    await expect(changeUser(db, "nobody", { revokeSessions: true })).rejects.toMatchObject({
      fault: "UnknownUser",
    });
  });

  it("refuses disabled users at sign-in", async () => {
    const db = await openStore(kind);
    await ensureAdmin(db, "admin-password");
    await createUser(db, { username: "carol", password: "carol-password", role: "approver" });
    await updateUser(db, "carol", { disabled: true });
    expect(await authenticateLocal(db, "carol", "carol-password")).toBeUndefined();
    expect((await findUser(db, "carol"))?.disabled).toBe(true);
  });

  it("keeps OIDC users apart from local ones", async () => {
    const db = await openStore(kind);
    const dave = { issuer: "https://idp.example", subject: "s-dave", username: "dave@example.com" };
    const u = await upsertOidcUser(db, { ...dave, role: "approver" });
    expect(u).toMatchObject({ source: "oidc", role: "approver" });
    expect((await upsertOidcUser(db, { ...dave, role: "operator" })).role).toBe("operator");
    expect((await upsertOidcUser(db, { ...dave, username: "renamed", role: "viewer" })).id).toBe(
      u.id,
    );
    expect(await authenticateLocal(db, "dave@example.com", "")).toBeUndefined();
    await createUser(db, { username: "erin", password: "erin-password", role: "viewer" });
    await expect(
      upsertOidcUser(db, {
        issuer: "https://idp.example",
        subject: "s-erin",
        username: "erin",
        role: "admin",
      }),
    ).rejects.toThrow(/local user/);
    await expect(
      upsertOidcUser(db, { ...dave, subject: "s-other", role: "viewer" }),
    ).rejects.toThrow(/another OpenID Connect identity/);
  });

  it("creates one user for two first sign-ins of one identity at once", async () => {
    const db = await openStore(kind);
    const gus = { issuer: "https://idp.example", subject: "s-gus", username: "gus" };
    const [a, b] = await Promise.all([
      upsertOidcUser(db, { ...gus, role: "viewer" }),
      upsertOidcUser(db, { ...gus, role: "viewer" }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await listUsers(db)).toHaveLength(1);
  });

  it("folds names alike on both backends: non-ASCII case makes no second user", async () => {
    const db = await openStore(kind);
    const idp = { issuer: "https://idp.example", role: "approver" as const };
    const pairs = [
      ["Jürgen", "JÜRGEN"],
      ["Ærøskøbing", "ÆRØSKØBING"],
      ["Σωκράτης", "ΣΩΚΡΆΤΗΣ"],
      // The same letters, composed and decomposed (an identity provider may send either).
      ["Zoë", "Zoe\u0308"],
    ];
    for (const [first, second] of pairs) {
      const made = await upsertOidcUser(db, { ...idp, subject: `s-${first}`, username: first });
      expect((await findUser(db, second))?.id, `${second} is ${first}`).toBe(made.id);
      // Another identity under the other spelling is refused, not made a second user.
      await expect(
        upsertOidcUser(db, { ...idp, subject: `s2-${first}`, username: second }),
      ).rejects.toThrow(/belongs to another OpenID Connect identity/);
    }
    expect((await listUsers(db)).map((u) => u.username).sort()).toEqual(
      pairs.map(([first]) => first).sort(),
    );
  });

  it("re-folds names stored before the fold, keeping apart two users that now fold alike", async () => {
    const db = await openStore(kind);
    // As migration 7 leaves rows: the database's own lower() — ASCII-only on SQLite.
    const legacy = async (username: string, key: string) =>
      db.run(
        `INSERT INTO users (username, username_key, role, source, created_at, updated_at)
         VALUES (?, ?, 'viewer', 'oidc', 0, 0)`,
        [username, key],
      );
    await legacy("Ödön", "Ödön");
    await legacy("plain", "plain");
    await legacy("Jürgen", "jürgen");
    await legacy("JÜRGEN", "jÜrgen");
    expect(await findUser(db, "ödön")).toBeUndefined(); // before: not found by another case

    expect(await refoldUsernames(db)).toEqual({ refolded: 1, clashes: ["JÜRGEN"] });
    expect((await findUser(db, "ÖDÖN"))?.username).toBe("Ödön");
    // The clash: each reached by its exact name, other spellings reach the first.
    expect((await findUser(db, "JÜRGEN"))?.username).toBe("JÜRGEN");
    expect((await findUser(db, "Jürgen"))?.username).toBe("Jürgen");
    expect((await findUser(db, "jÜrgEN"))?.username).toBe("Jürgen");
    expect(await refoldUsernames(db)).toEqual({ refolded: 0, clashes: ["JÜRGEN"] });
  });
});

describe("user name folding", () => {
  it("is plain lower case on ASCII names, as the databases folded them", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._@+-]{1,64}$/), (name) => {
        expect(foldUsername(name)).toBe(name.toLowerCase());
      }),
    );
  });

  it("is idempotent, and equal for a name, its upper and lower case, and its decomposed form", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (name) => {
        const folded = foldUsername(name);
        expect(foldUsername(folded)).toBe(folded);
        expect(foldUsername(name.toUpperCase())).toBe(foldUsername(name.toLowerCase()));
        expect(foldUsername(name.normalize("NFD"))).toBe(folded);
      }),
    );
  });
});
