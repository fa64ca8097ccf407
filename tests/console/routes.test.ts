/**
 * The role matrix over the route handlers themselves (no browser, no Next server): every mutating
 * handler × no session, each role, and a cross-origin request, against a real engine.
 * (e2e/roles.spec.ts runs the same matrix over HTTP against `next start`.)
 */
import { RegisterDomainCommand, RegisterWorkflowTypeCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { D, attrs, history, lastOf, pollActivity, setup, startAndDecide } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { refuseAuditOutcomes } from "./helpers";
import { queryAudit } from "@/lib/console/audit";
import { consoleDb, openConsoleDb, setConsoleDb } from "@/lib/console/db";
import { insertReceivedTask } from "@/lib/console/inbox-store";
import { ROLES, roleAtLeast, type Role } from "@/lib/console/roles";
import { createSession, sessionUser } from "@/lib/console/sessions";
import { humanTaskListsSetting } from "@/lib/console/settings";
import { createUser, findUser } from "@/lib/console/users";
import { ACTIONS, MUTATING_ACTIONS, type ActionName } from "@/lib/swf/actions";
import { swfTarget } from "../../e2e/support/swf-targets";

let engine: TestEngine;
const cookies: Partial<Record<Role, string>> = {};
const ORIGIN = "http://127.0.0.1:3000";
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;

beforeAll(async () => {
  engine = await startTestEngine();
  process.env.AWS_ENDPOINT_URL_SWF = engine.url;
  process.env.AWS_ACCESS_KEY_ID = "x";
  process.env.AWS_SECRET_ACCESS_KEY = "x";
  const db = await openConsoleDb(":memory:");
  setConsoleDb(db);
  for (const role of ROLES) {
    const u = await createUser(db, { username: `m-${role}`, password: "matrix-password", role });
    cookies[role] = `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
  }
});

afterAll(async () => {
  setConsoleDb(undefined);
  await engine?.close();
});

const DOMAIN = "matrix-domain";
const TYPE = { name: "T", version: "1" };

const target = (action: ActionName) =>
  swfTarget({ swf: engine.swf, domain: DOMAIN, workflowType: TYPE, unique }, action);

type Who = Role | "none" | "cross-origin";
const WHO: Who[] = ["none", ...ROLES, "cross-origin"];

function headersFor(who: Who): Record<string, string> {
  const h: Record<string, string> = {
    host: "127.0.0.1:3000",
    "content-type": "application/json",
    origin: ORIGIN,
    "sec-fetch-site": "same-origin",
  };
  if (who === "none") return h;
  if (who === "cross-origin")
    return {
      ...h,
      cookie: cookies.admin!,
      origin: "http://evil.example",
      "sec-fetch-site": "cross-site",
    };
  return { ...h, cookie: cookies[who]! };
}

function expected(who: Who, required: Role): 401 | 403 | "allowed" {
  if (who === "none") return 401;
  if (who === "cross-origin") return 403;
  return roleAtLeast(who, required) ? "allowed" : 403;
}

describe("SWF route: every mutating action × every caller", async () => {
  const { POST } = await import("@/app/api/swf/[action]/route");
  beforeAll(async () => {
    await engine.swf.send(
      new RegisterDomainCommand({
        name: "matrix-domain",
        workflowExecutionRetentionPeriodInDays: "1",
      }),
    );
    await engine.swf.send(
      new RegisterWorkflowTypeCommand({ domain: "matrix-domain", name: "T", version: "1" }),
    );
  });

  for (const action of MUTATING_ACTIONS) {
    it(action, async () => {
      for (const who of WHO) {
        const c = await target(action);
        const response = await POST(
          new Request(`${ORIGIN}/api/swf/${action}`, {
            method: "POST",
            headers: headersFor(who),
            body: JSON.stringify(c.input),
          }),
          {
            params: Promise.resolve({ action }),
          },
        );
        const want = expected(who, ACTIONS[action].role);
        const body = await response.json();
        if (want === "allowed") {
          expect(response.status, `${action} as ${who}: ${JSON.stringify(body)}`).toBe(200);
          expect(await c.applied(), `${action} as ${who} took effect`).toBe(true);
        } else {
          expect(response.status, `${action} as ${who}`).toBe(want);
          expect(body.fault).toBe(
            want === 401
              ? "Unauthenticated"
              : who === "cross-origin"
                ? "CrossOriginRequest"
                : "AccessDenied",
          );
          expect(await c.applied(), `${action} as ${who} left its target alone`).toBe(false);
        }
      }
    });
  }

  it("lets every role read", async () => {
    for (const who of ROLES) {
      const r = await POST(
        new Request(`${ORIGIN}/api/swf/ListDomains`, {
          method: "POST",
          headers: headersFor(who),
          body: JSON.stringify({ registrationStatus: "REGISTERED" }),
        }),
        {
          params: Promise.resolve({ action: "ListDomains" }),
        },
      );
      expect(r.status).toBe(200);
    }
  });

  it("audits allowed and refused writes with their outcome, and no reads", async () => {
    const entries = await queryAudit(await consoleDb(), { limit: 10_000 });
    expect(entries.some((e) => e.action === "ListDomains")).toBe(false);
    const start = entries.filter((e) => e.action === "StartWorkflowExecution");
    expect(
      start
        .filter((e) => e.outcome === "ok")
        .map((e) => e.username)
        .sort(),
    ).toEqual(["m-admin", "m-operator"]);
    expect(
      start
        .filter((e) => e.outcome === "denied")
        .map((e) => e.username)
        .sort(),
    ).toEqual(["m-admin", "m-approver", "m-viewer"]);
    // Refusals name their target too.
    expect(start.find((e) => e.outcome === "denied")).toMatchObject({
      domain: "matrix-domain",
      fault: expect.stringMatching(/AccessDenied|CrossOriginRequest/),
    });
    const ok = start.find((e) => e.outcome === "ok")!;
    expect(ok).toMatchObject({
      domain: "matrix-domain",
      workflowId: expect.stringMatching(/^wf-/),
      runId: expect.any(String),
      result: { runId: expect.any(String) },
    });
    const terminated = entries.filter(
      (e) => e.action === "TerminateWorkflowExecution" && e.outcome === "ok",
    );
    expect(terminated.map((e) => e.username).sort()).toEqual(["m-admin", "m-operator"]);
  });

  it("audits an allowed write that SWF refuses as a fault", async () => {
    const r = await POST(
      new Request(`${ORIGIN}/api/swf/TerminateWorkflowExecution`, {
        method: "POST",
        headers: headersFor("operator"),
        body: JSON.stringify({ domain: DOMAIN, workflowId: "nope" }),
      }),
      { params: Promise.resolve({ action: "TerminateWorkflowExecution" }) },
    );
    expect((await r.json()).fault).toBe("UnknownResourceFault");
    const term = (await queryAudit(await consoleDb(), { limit: 10_000 })).find(
      (e) => e.action === "TerminateWorkflowExecution" && e.outcome === "fault",
    );
    expect(term).toMatchObject({
      fault: "UnknownResourceFault",
      workflowId: "nope",
      username: "m-operator",
    });
  });

  it("refuses actions outside the allow-list and invalid input", async () => {
    const r = await POST(
      new Request(`${ORIGIN}/api/swf/PollForActivityTask`, {
        method: "POST",
        headers: headersFor("admin"),
        body: "{}",
      }),
      { params: Promise.resolve({ action: "PollForActivityTask" }) },
    );
    expect(r.status).toBe(404);
    const bad = await POST(
      new Request(`${ORIGIN}/api/swf/TerminateWorkflowExecution`, {
        method: "POST",
        headers: headersFor("admin"),
        body: JSON.stringify({ domain: "d", workflowId: "w", sneaky: 1 }),
      }),
      {
        params: Promise.resolve({ action: "TerminateWorkflowExecution" }),
      },
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).fault).toBe("ValidationError");
  });
});

describe("console routes: roles and CSRF", async () => {
  const inbox = await import("@/app/api/inbox/[id]/route");
  const inboxBulk = await import("@/app/api/inbox/bulk/route");
  const users = await import("@/app/api/users/route");
  const user = await import("@/app/api/users/[username]/route");
  const settings = await import("@/app/api/settings/route");

  const call = (
    handler: (r: Request, ctx: never) => Promise<Response>,
    who: Who,
    method: string,
    path: string,
    body: unknown,
    params: object = {},
  ) =>
    handler(
      new Request(`${ORIGIN}${path}`, {
        method,
        headers: headersFor(who),
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve(params) } as never,
    );

  it("deciding human tasks needs approver", async () => {
    for (const who of WHO) {
      // Its own domain and task lists: a completed activity leaves a decision task behind.
      const { id, execution, human } = await receivedTask();
      const r = await call(
        inbox.POST,
        who,
        "POST",
        `/api/inbox/${id}`,
        { decision: "approve", comment: "" },
        { id: String(id) },
      );
      const completed = lastOf(await history(human, execution), "ActivityTaskCompleted");
      if (expected(who, "approver") === "allowed") {
        expect(r.status, who).toBe(200);
        expect((await r.json()).task).toMatchObject({ decision: "approve" });
        expect(JSON.parse(attrs(completed).result)).toMatchObject({
          decision: "approve",
          by: `m-${who}`,
        });
      } else {
        expect(r.status, who).toBe(expected(who, "approver"));
        expect(completed, `${who} completed the activity`).toBeUndefined();
      }
    }
  });

  /** A real activity task, received as the inbox poller would have received it. */
  async function receivedTask() {
    const human = await setup(engine.swf);
    const execution = await startAndDecide(human, [D.scheduleActivity(human, "approve")]);
    const task = await pollActivity(human);
    const { id } = await insertReceivedTask(await consoleDb(), {
      taskToken: task.taskToken,
      domain: human.domain,
      taskList: human.activityTaskList,
      activityId: task.activityId!,
      activityType: human.activityType,
      workflowId: execution.workflowId,
      runId: execution.runId,
      startedEventId: task.startedEventId!,
    });
    return { id, execution, human };
  }

  const auditOf = async (workflowId: string) =>
    (await consoleDb()).all<{
      action: string;
      outcome: string;
      fault: string | null;
      attempt_id: number | null;
      bulk_id: string | null;
    }>("SELECT action, outcome, fault, attempt_id, bulk_id FROM audit WHERE workflow_id = ?", [
      workflowId,
    ]);

  it("a bulk decision whose outcome rows cannot be written still decides every task and says so", async () => {
    // The database refuses outcome rows (a full disk, a dropped connection) after SWF took the
    // first approval. Before, the request failed with 500 after the first task: the approver was
    // told nothing was done, and the other tasks were never decided.
    const tasks = [await receivedTask(), await receivedTask()];
    const db = await consoleDb();
    const restore = await refuseAuditOutcomes(db);
    let r: Response;
    try {
      r = await call(inboxBulk.POST, "approver", "POST", "/api/inbox/bulk", {
        ids: tasks.map((t) => t.id),
        decision: "approve",
      });
    } finally {
      await restore();
    }
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ succeeded: 2, failed: 0 });
    for (const { human, execution } of tasks) {
      const completed = lastOf(await history(human, execution), "ActivityTaskCompleted");
      expect(JSON.parse(attrs(completed).result)).toMatchObject({ decision: "approve" });
    }
  });

  it("a bulk decision the console fails on records the fault as the caller saw it, not the database's words", async () => {
    // Before, the audit row (which every signed-in user reads) carried the raw error message,
    // e.g. a database error naming its host and user, while the caller got the generic 500.
    const { id } = await receivedTask();
    const db = await consoleDb();
    await db.run(`CREATE TRIGGER fail_claims BEFORE UPDATE ON human_tasks
                  BEGIN SELECT RAISE(ABORT, 'no connection to db.internal.example:5432 as console_owner'); END`);
    let r: Response;
    try {
      r = await call(inboxBulk.POST, "approver", "POST", "/api/inbox/bulk", {
        ids: [id],
        decision: "approve",
      });
    } finally {
      await db.run("DROP TRIGGER fail_claims");
    }
    expect(r.status).toBe(500);
    const rows = await queryAudit(db, { action: "Inbox.Approve", outcome: "fault" });
    const row = rows.find((e) => (e.parameters as { taskId?: number }).taskId === id)!;
    expect(row).toMatchObject({
      fault: "InternalError",
      message: "The console failed to handle this request",
    });
    expect(JSON.stringify(rows)).not.toContain("db.internal.example");
  });

  it("audits each decision once, attempt then outcome; a late decider gets 409 with who decided", async () => {
    const { id, execution } = await receivedTask();
    const decide = (who: Role, comment: string) =>
      call(
        inbox.POST,
        who,
        "POST",
        `/api/inbox/${id}`,
        { decision: "reject", comment },
        {
          id: String(id),
        },
      );
    expect((await decide("approver", "first")).status).toBe(200);
    const late = await decide("admin", "second");
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({
      fault: "AlreadyDecided",
      message: expect.stringContaining("by m-approver"),
      task: { decision: "reject", decidedBy: "m-approver" },
    });
    const rows = await auditOf(execution.workflowId);
    expect(rows.map((r) => [r.action, r.outcome, r.fault])).toEqual([
      ["Inbox.Reject", "attempt", null],
      ["Inbox.Reject", "ok", null],
      ["Inbox.Reject", "attempt", null],
      ["Inbox.Reject", "fault", "AlreadyDecided"],
    ]);
    expect(rows[1].attempt_id).not.toBeNull();
    expect(rows[3].attempt_id).not.toBe(rows[1].attempt_id);
  });

  it("a bulk decision audits each task on its own, under one bulk id", async () => {
    const bulk = await import("@/app/api/inbox/bulk/route");
    const tasks = [await receivedTask(), await receivedTask()];
    const r = await call(bulk.POST, "approver", "POST", "/api/inbox/bulk", {
      ids: [...tasks.map((t) => t.id), 999_999],
      decision: "approve",
      comment: "batch",
    });
    expect(r.status).toBe(200);
    const answer = await r.json();
    expect(answer).toMatchObject({ succeeded: 2, failed: 1 });
    expect(answer.results[2]).toEqual({
      id: 999_999,
      ok: false,
      fault: "UnknownTask",
      message: "No such human task",
    });
    for (const { execution } of tasks) {
      const rows = await auditOf(execution.workflowId);
      expect(rows.map((x) => [x.action, x.outcome, x.bulk_id])).toEqual([
        ["Inbox.Approve", "attempt", answer.bulkId],
        ["Inbox.Approve", "ok", answer.bulkId],
      ]);
    }
    // No request-level row besides the items'.
    expect(await queryAudit(await consoleDb(), { action: "Inbox.Bulk" })).toEqual([]);
  });

  it("terminating a run through the console closes its pending human tasks at once", async () => {
    const swfRoute = (await import("@/app/api/swf/[action]/route")).POST;
    const { getTask } = await import("@/lib/console/inbox-store");
    const other = await receivedTask();
    const { id, execution } = await receivedTask();
    const domain = (await getTask(await consoleDb(), id))!.domain;
    const r = await call(
      swfRoute,
      "operator",
      "POST",
      "/api/swf/TerminateWorkflowExecution",
      { domain, workflowId: execution.workflowId, reason: "no longer needed" },
      { action: "TerminateWorkflowExecution" },
    );
    expect(r.status).toBe(200);
    // No poller runs here: the action itself closed the task.
    expect(await getTask(await consoleDb(), id)).toMatchObject({
      state: "expired",
      // SWF's record in words: how the run closed, when, and the operator's reason.
      closedReason: expect.stringMatching(
        /^Workflow terminated at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: no longer needed$/,
      ),
    });
    expect((await getTask(await consoleDb(), other.id))?.state).toBe("pending");
  });

  it("user management and settings need admin", async () => {
    const db = await consoleDb();
    const cases: {
      name: string;
      who: Who;
      status: number;
      run(): Promise<Response>;
      applied(): Promise<boolean>;
    }[] = [];
    for (const who of WHO) {
      const created = unique("u");
      cases.push({
        name: `create as ${who}`,
        who,
        status: 201,
        run: () =>
          call(users.POST, who, "POST", "/api/users", {
            username: created,
            password: "password-1",
            role: "viewer",
          }),
        applied: async () => (await findUser(db, created)) !== undefined,
      });
      const patched = await createUser(db, {
        username: unique("p"),
        password: "password-1",
        role: "viewer",
      });
      const patchedSession = (await createSession(db, patched.id, 3_600_000)).token;
      cases.push({
        name: `patch as ${who}`,
        who,
        status: 200,
        run: () =>
          call(
            user.PATCH,
            who,
            "PATCH",
            `/api/users/${patched.username}`,
            { role: "operator", revokeSessions: true },
            { username: patched.username },
          ),
        applied: async () => {
          const role = (await findUser(db, patched.username))!.role;
          const signedIn = (await sessionUser(db, patchedSession)) !== undefined;
          // Both changes or neither.
          expect(signedIn, `${who}: sessions revoked together with the role change`).toBe(
            role === "viewer",
          );
          return role === "operator";
        },
      });
      const deleted = await createUser(db, {
        username: unique("x"),
        password: "password-1",
        role: "viewer",
      });
      cases.push({
        name: `delete as ${who}`,
        who,
        status: 200,
        run: () =>
          call(user.DELETE, who, "DELETE", `/api/users/${deleted.username}`, undefined, {
            username: deleted.username,
          }),
        applied: async () => (await findUser(db, deleted.username)) === undefined,
      });
      const list = unique("approvals");
      cases.push({
        name: `settings as ${who}`,
        who,
        status: 200,
        run: () =>
          call(settings.PUT, who, "PUT", "/api/settings", {
            humanTaskLists: `matrix-domain:${list}`,
          }),
        applied: async () =>
          (await humanTaskListsSetting(db)).lists.some((l) => l.taskList === list),
      });
    }
    for (const c of cases) {
      const r = await c.run();
      const want = expected(c.who, "admin");
      expect(r.status, c.name).toBe(want === "allowed" ? c.status : want);
      expect(await c.applied(), `${c.name} took effect`).toBe(want === "allowed");
    }
  });

  it("reading users and settings needs admin; reading the inbox and audit needs a session", async () => {
    const audit = await import("@/app/api/audit/route");
    const inboxList = await import("@/app/api/inbox/route");
    const inboxAssignees = await import("@/app/api/inbox/assignees/route");
    for (const who of ["none", ...ROLES] as Who[]) {
      const get = (h: (r: Request) => Promise<Response>, path: string) =>
        h(new Request(`${ORIGIN}${path}`, { headers: headersFor(who) }));
      const admin = expected(who, "admin");
      const viewer = expected(who, "viewer");
      expect((await get(users.GET, "/api/users")).status, who).toBe(
        admin === "allowed" ? 200 : admin,
      );
      expect((await get(settings.GET, "/api/settings")).status, who).toBe(
        admin === "allowed" ? 200 : admin,
      );
      expect((await get(audit.GET, "/api/audit")).status, who).toBe(
        viewer === "allowed" ? 200 : viewer,
      );
      expect((await get(inboxList.GET, "/api/inbox")).status, who).toBe(
        viewer === "allowed" ? 200 : viewer,
      );
      // The Assign picker's names: for whoever may assign (approver and up), names only.
      const assignees = await get(inboxAssignees.GET, "/api/inbox/assignees");
      const approver = expected(who, "approver");
      expect(assignees.status, who).toBe(approver === "allowed" ? 200 : approver);
      if (approver === "allowed") {
        const body = (await assignees.json()) as { usernames: unknown[] };
        expect(Object.keys(body), who).toEqual(["usernames"]);
        expect(body.usernames.every((u) => typeof u === "string")).toBe(true);
      }
    }
  });
});
