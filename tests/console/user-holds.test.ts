/**
 * Users and the inbox tasks they hold: a user who can no longer decide (disabled, deleted, given a
 * role below approver) lets go of their open tasks in the same transaction as the change, each
 * release audited; the Assign picker's names are the enabled users who may decide.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { queryAudit } from "@/lib/console/audit";
import type { Db } from "@/lib/console/db";
import { assignTask, closeTask, getTask, heldTaskCounts } from "@/lib/console/inbox-store";
import {
  assignableUsernames,
  changeUser,
  createUser,
  deleteUser,
  ensureAdmin,
  listUsersWithHolds,
  upsertOidcUser,
} from "@/lib/console/users";
import { freeTask, settledOrWaitingForLock } from "./helpers";
import { sharedDatabase, TEST_TOKEN_KEY } from "./human-tasks";
import { closeStores, openStore, STORE_KINDS } from "./stores";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);
afterAll(closeStores);

const admin = { username: "root", role: "admin" as const };

/** A task the console received, held by `holder`. */
async function heldTask(db: Db, holder: string): Promise<number> {
  const id = await freeTask(db);
  const out = await assignTask(db, id, { to: holder, by: holder, mayReassign: false });
  expect(out.status).toBe("ok");
  return id;
}

const releases = async (db: Db) =>
  (await queryAudit(db, { action: "Inbox.Release" }))
    .map((e) => ({
      username: e.username,
      role: e.role,
      outcome: e.outcome,
      target: e.target,
      parameters: e.parameters,
    }))
    .reverse();

describe.each(STORE_KINDS)("users holding inbox tasks (%s)", (kind) => {
  it("disabling a user releases the open tasks they hold, each release audited", async () => {
    const db = await openStore(kind);
    await createUser(db, { username: "dis", password: "dis-password", role: "approver" });
    await createUser(db, { username: "kept", password: "kept-password", role: "approver" });
    const a = await heldTask(db, "dis");
    const b = await heldTask(db, "dis");
    const closed = await heldTask(db, "dis");
    await closeTask(db, closed, "expired", "timed out");
    const other = await heldTask(db, "kept");
    expect((await listUsersWithHolds(db)).map((u) => [u.username, u.heldTasks])).toEqual([
      ["dis", 2],
      ["kept", 1],
    ]);

    const out = await changeUser(db, "dis", { disabled: true }, admin);
    expect(out).toMatchObject({ user: { disabled: true }, releasedTasks: 2 });
    for (const id of [a, b])
      expect(await getTask(db, id)).toMatchObject({ assignee: null, assignedAt: null });
    // A closed task keeps who held it (a fact of its past); someone else's stays theirs.
    expect((await getTask(db, closed))?.assignee).toBe("dis");
    expect((await getTask(db, other))?.assignee).toBe("kept");
    expect(await heldTaskCounts(db)).toEqual(new Map([["kept", 1]]));
    const expected = [];
    for (const id of [a, b])
      expected.push({
        username: "root",
        role: "admin",
        outcome: "ok",
        target: `orders / ${(await getTask(db, id))!.workflowId} / ${(await getTask(db, id))!.runId} · ApproveOrder ${(await getTask(db, id))!.activityId}`,
        parameters: { taskId: id, from: "dis", to: null, because: "user dis was disabled" },
      });
    expect(await releases(db)).toEqual(expected);
  });

  it("deleting a user, or taking away their right to decide, releases their tasks too", async () => {
    const db = await openStore(kind);
    await createUser(db, { username: "gone", password: "gone-password", role: "operator" });
    await createUser(db, { username: "demoted", password: "demoted-pass", role: "approver" });
    const g = await heldTask(db, "gone");
    const d = await heldTask(db, "demoted");

    expect(await deleteUser(db, "gone", admin)).toEqual({ releasedTasks: 1 });
    expect((await getTask(db, g))?.assignee).toBeNull();
    // Still an approver: nothing changes for their tasks.
    expect(await changeUser(db, "demoted", { role: "operator" }, admin)).toMatchObject({
      releasedTasks: 0,
    });
    expect(await changeUser(db, "demoted", { role: "viewer" }, admin)).toMatchObject({
      releasedTasks: 1,
    });
    expect((await getTask(db, d))?.assignee).toBeNull();
    expect((await releases(db)).map((r) => r.parameters)).toEqual([
      { taskId: g, from: "gone", to: null, because: "user gone was deleted" },
      {
        taskId: d,
        from: "demoted",
        to: null,
        because: "user demoted now has the viewer role and cannot decide",
      },
    ]);
  });

  it("a change that is refused releases nothing (one transaction)", async () => {
    const db = await openStore(kind);
    await ensureAdmin(db, "admin-password");
    const t = await heldTask(db, "admin");
    // The last enabled admin can be neither disabled nor deleted.
    await expect(changeUser(db, "admin", { disabled: true }, admin)).rejects.toMatchObject({
      fault: "LastAdmin",
    });
    await expect(deleteUser(db, "admin", admin)).rejects.toMatchObject({ fault: "LastAdmin" });
    expect((await getTask(db, t))?.assignee).toBe("admin");
    expect(await releases(db)).toEqual([]);
  });

  it("offers as assignees the enabled users who may decide, by name only", async () => {
    const db = await openStore(kind);
    for (const [username, role] of [
      ["Zed", "approver"],
      ["amy", "operator"],
      ["bob", "admin"],
      ["vic", "viewer"],
      ["off", "approver"],
    ] as const)
      await createUser(db, { username, password: `${username}-password`, role });
    await changeUser(db, "off", { disabled: true }, admin);
    expect(await assignableUsernames(db)).toEqual(["amy", "bob", "Zed"]);
  });

  it("a sign-in whose identity provider now gives a role below approver releases the user's tasks", async () => {
    const db = await openStore(kind);
    const iss = "https://idp.example";
    const identity = { issuer: iss, subject: "s-olga", username: "olga" };
    await upsertOidcUser(db, { ...identity, role: "approver" });
    const t = await heldTask(db, "olga");
    await upsertOidcUser(db, { ...identity, role: "approver" });
    expect((await getTask(db, t))?.assignee).toBe("olga");
    await upsertOidcUser(db, { ...identity, role: "viewer" });
    expect((await getTask(db, t))?.assignee).toBeNull();
    expect(await releases(db)).toEqual([
      expect.objectContaining({
        username: "console",
        parameters: expect.objectContaining({ taskId: t, from: "olga" }),
      }),
    ]);
  });
});

/**
 * The other order of the same race (two console processes on one PostgreSQL database): a task is
 * being given to a user while an admin disables them. The assignment share-locks the user's row,
 * so the admin's change waits for it to commit and then finds, and releases, the task; before,
 * the change ran past the assignment, released nothing, and the task stayed with a disabled user.
 */
describe("disabling a user while a task is being given to them (PostgreSQL)", () => {
  it("waits for the assignment, then releases the task", async () => {
    const shared = await sharedDatabase("postgres");
    try {
      const [a, b] = [await shared.open(), await shared.open()];
      await createUser(a, { username: "bob", password: "bob-password", role: "approver" });
      const id = await freeTask(a);

      let commit!: () => void;
      const committing = new Promise<void>((r) => (commit = r));
      let given!: () => void;
      const gave = new Promise<void>((r) => (given = r));
      const assigning = a.tx(async () => {
        const out = await assignTask(a, id, { to: "bob", by: "olga", mayReassign: true });
        given();
        await committing;
        return out;
      });
      await gave;
      const disabling = changeUser(b, "bob", { disabled: true }, admin);
      try {
        await settledOrWaitingForLock(a, disabling);
      } finally {
        commit();
      }
      expect((await assigning).status).toBe("ok");
      expect(await disabling).toMatchObject({ user: { disabled: true }, releasedTasks: 1 });
      expect((await getTask(a, id))?.assignee).toBeNull();
    } finally {
      await shared.cleanup();
    }
  });
});
