/**
 * Handing a human task to someone by a user name written in another case ("Alice" for alice),
 * through the real route handlers, a real engine and both console stores. User names are unique
 * without regard to case and the user is found either way; before, the task was stored as held by
 * "Alice", which is nobody's session name: alice was refused her own task (409
 * HeldBySomeoneElse), could not release it, did not see it under "mine", and the audit log called
 * an approver's "claim" of it an assignment.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { attrs, history, lastOf } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { callRoute, freeTask, settledOrWaitingForLock, signedInAs } from "./helpers";
import { humanTasks, pollerFor, sharedDatabase, TEST_TOKEN_KEY, waitForTask } from "./human-tasks";
import { closeStores, openStore, STORE_KINDS } from "./stores";
import { queryAudit } from "@/lib/console/audit";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { assignAs, assignAuditAction } from "@/lib/console/inbox-assign";
import { getTask } from "@/lib/console/inbox-store";
import type { Role } from "@/lib/console/roles";
import type { SessionUser } from "@/lib/console/sessions";
import { changeUser, createUser, deleteUser } from "@/lib/console/users";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine({ pollTimeoutSeconds: 1 });
  process.env.AWS_ENDPOINT_URL_SWF = engine.url;
  process.env.AWS_ACCESS_KEY_ID = "x";
  process.env.AWS_SECRET_ACCESS_KEY = "x";
});
afterAll(async () => {
  setConsoleDb(undefined);
  await closeStores();
  await engine?.close();
});

describe.each(STORE_KINDS)("assigning a task by a user name in another case (%s)", (kind) => {
  it("the task is held under the user's own name, who can then decide it", async () => {
    const db = await openStore(kind);
    setConsoleDb(db);
    const assign = await import("@/app/api/inbox/[id]/assign/route");
    const decide = await import("@/app/api/inbox/[id]/route");
    const inbox = await import("@/app/api/inbox/route");
    const operator = await signedInAs(db, "olga", "operator");
    const alice = await signedInAs(db, "alice", "approver");
    const bob = await signedInAs(db, "bob", "approver");
    const h = await humanTasks(engine.swf);
    const [first, second] = [await h.approval(), await h.approval()];
    // One poller for both: a poller stopped at once may abort a poll that SWF had just answered
    // with the other task, which then stays started (out of every inbox) until it times out.
    const poller = pollerFor(engine.swf, db, [h.list]).start();
    const [one, two] = await Promise.all([waitForTask(db, first), waitForTask(db, second)]).finally(
      () => poller.stop(),
    );

    const given = await callRoute(assign.POST, `/api/inbox/${one.id}/assign`, operator, {
      body: { to: "ALICE" },
      params: { id: String(one.id) },
    });
    expect(given.status).toBe(200);
    expect((await given.json()).task.assignee).toBe("alice");

    const mine = await callRoute(inbox.GET, "/api/inbox?view=mine", alice, { method: "GET" });
    expect((await mine.json()).tasks.map((t: { id: number }) => t.id)).toEqual([one.id]);

    const decided = await callRoute(decide.POST, `/api/inbox/${one.id}`, alice, {
      body: { decision: "approve", comment: "mine" },
      params: { id: String(one.id) },
    });
    expect(decided.status, JSON.stringify(await decided.clone().json())).toBe(200);
    const completed = lastOf(await history(h.s, first), "ActivityTaskCompleted");
    expect(JSON.parse(attrs(completed).result)).toMatchObject({ decision: "approve", by: "alice" });

    // Bob takes the other task naming himself "Bob": a claim, held as "bob", which he can let go.
    const taken = await callRoute(assign.POST, `/api/inbox/${two.id}/assign`, bob, {
      body: { to: "Bob" },
      params: { id: String(two.id) },
    });
    expect(taken.status).toBe(200);
    expect((await taken.json()).task.assignee).toBe("bob");
    const released = await callRoute(assign.POST, `/api/inbox/${two.id}/assign`, bob, {
      body: { to: null },
      params: { id: String(two.id) },
    });
    expect(released.status).toBe(200);
    expect((await released.json()).task.assignee).toBeNull();

    const actions = (await queryAudit(db, { username: "bob" })).map((e) => e.action).reverse();
    expect(actions).toEqual(["Inbox.Claim", "Inbox.Release"]);
  });
});

describe("claim or assignment", () => {
  it("tells them apart by the one user-name fold (usernames.ts)", () => {
    expect(assignAuditAction("ALICE", "alice")).toBe("Inbox.Claim");
    // Another spelling of the same name: composed or decomposed, sharp s or SS.
    expect(assignAuditAction("Zoe\u0308", "Zoë")).toBe("Inbox.Claim");
    expect(assignAuditAction("STRASSER", "Straßer")).toBe("Inbox.Claim");
    expect(assignAuditAction("bob", "alice")).toBe("Inbox.Assign");
    expect(assignAuditAction(null, "alice")).toBe("Inbox.Release");
  });
});

/** A new console user and their session. */
async function sessionOf(db: Db, username: string, role: Role): Promise<SessionUser> {
  const u = await createUser(db, { username, password: `${username}-password`, role });
  return {
    userId: u.id,
    username: u.username,
    role: u.role,
    source: u.source,
    expiresAt: Infinity,
  };
}

const root = { username: "root", role: "admin" as const };

describe.each(STORE_KINDS)("refusing to give a task to someone who cannot hold it (%s)", (kind) => {
  it("names why: nobody by that name, disabled, or a role that cannot decide", async () => {
    const db = await openStore(kind);
    const olga = await sessionOf(db, "olga", "operator");
    await sessionOf(db, "vic", "viewer");
    await sessionOf(db, "dis", "approver");
    await changeUser(db, "dis", { disabled: true }, root);
    const id = await freeTask(db);
    for (const [to, message] of [
      ["nobody", "to: no such user nobody"],
      ["dis", "to: no such user dis"],
      ["VIC", "to: vic has the viewer role and cannot decide"],
    ])
      await expect(assignAs(db, olga, id, to), to).rejects.toMatchObject({
        status: 400,
        fault: "ValidationError",
        message,
        extra: { task: { id, assignee: null } },
      });
    expect((await getTask(db, id))?.assignee).toBeNull();
  });
});

/**
 * The check assignAs makes first, and the change, are two statements: an admin may disable,
 * delete or demote the user in between (two console processes on one PostgreSQL database, where
 * that can be held open; SQLite runs one transaction at a time). The change's own condition
 * refuses them; before, the task was left held by someone who could not decide it, and the
 * admin's release of their tasks had already run.
 */
describe("giving a task to a user an admin is changing at that moment (PostgreSQL)", () => {
  it.each([
    ["disabled", (db: Db) => changeUser(db, "bob", { disabled: true }, root)],
    ["given the viewer role", (db: Db) => changeUser(db, "bob", { role: "viewer" }, root)],
    ["deleted", (db: Db) => deleteUser(db, "bob", root)],
  ])("a user %s meanwhile is refused and holds nothing", async (_, change) => {
    const shared = await sharedDatabase("postgres");
    try {
      const [a, b] = [await shared.open(), await shared.open()];
      const olga = await sessionOf(a, "olga", "operator");
      await sessionOf(a, "bob", "approver");
      const id = await freeTask(a);

      let commit!: () => void;
      const committing = new Promise<void>((r) => (commit = r));
      let changed!: () => void;
      const madeChange = new Promise<void>((r) => (changed = r));
      const admin = b.tx(async () => {
        await change(b);
        changed();
        await committing;
      });
      await madeChange;
      // Bob is still an enabled approver as far as anyone outside the admin's transaction sees.
      const assigning = assignAs(a, olga, id, "bob");
      try {
        await settledOrWaitingForLock(a, assigning);
      } finally {
        commit();
      }
      await admin;
      await expect(assigning).rejects.toMatchObject({
        status: 400,
        fault: "ValidationError",
        message:
          "to: bob was disabled, deleted or given a role that cannot decide just now; they cannot hold the task",
      });
      expect((await getTask(a, id))?.assignee).toBeNull();
    } finally {
      await shared.cleanup();
    }
  });
});
