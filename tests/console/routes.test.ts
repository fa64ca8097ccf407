/**
 * The role matrix over the route handlers themselves (no browser, no Next server): every mutating
 * handler × no session, each role, and a cross-origin request, against a real engine.
 * (e2e/roles.spec.ts runs the same matrix over HTTP against `next start`.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { queryAudit } from "@/lib/console/audit";
import { consoleDb, openConsoleDb, setConsoleDb } from "@/lib/console/db";
import { insertReceivedTask } from "@/lib/console/inbox-store";
import { ROLES, roleAtLeast, type Role } from "@/lib/console/roles";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";
import { ACTIONS, MUTATING_ACTIONS, type ActionName } from "@/lib/swf/actions";

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
  const db = openConsoleDb(":memory:");
  setConsoleDb(db);
  for (const role of ROLES) {
    const u = await createUser(db, { username: `m-${role}`, password: "matrix-password", role });
    cookies[role] = `swf_console_session=${createSession(db, u.id, 3_600_000).token}`;
  }
});

afterAll(async () => {
  setConsoleDb(undefined);
  await engine?.close();
});

function inputFor(action: ActionName): object {
  const domain = "matrix-domain";
  const type = { name: "T", version: "1" };
  switch (action) {
    case "StartWorkflowExecution":
      return {
        domain,
        workflowId: unique("wf"),
        workflowType: type,
        taskList: { name: "l" },
        executionStartToCloseTimeout: "60",
        taskStartToCloseTimeout: "10",
        childPolicy: "TERMINATE",
      };
    case "SignalWorkflowExecution":
      return { domain, workflowId: "nope", signalName: "s" };
    case "RequestCancelWorkflowExecution":
    case "TerminateWorkflowExecution":
      return { domain, workflowId: "nope" };
    case "RegisterDomain":
      return { name: unique("d"), workflowExecutionRetentionPeriodInDays: "1" };
    case "DeprecateDomain":
    case "UndeprecateDomain":
      return { name: unique("missing") };
    case "RegisterWorkflowType":
    case "RegisterActivityType":
      return { domain, name: unique("t"), version: "1" };
    case "DeprecateWorkflowType":
    case "UndeprecateWorkflowType":
      return { domain, workflowType: { name: "missing", version: "1" } };
    case "DeprecateActivityType":
    case "UndeprecateActivityType":
      return { domain, activityType: { name: "missing", version: "1" } };
    default:
      throw new Error(`no matrix input for ${action}`);
  }
}

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
    const { RegisterDomainCommand, RegisterWorkflowTypeCommand } =
      await import("@aws-sdk/client-swf");
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
        const response = await POST(
          new Request(`${ORIGIN}/api/swf/${action}`, {
            method: "POST",
            headers: headersFor(who),
            body: JSON.stringify(inputFor(action)),
          }),
          {
            params: Promise.resolve({ action }),
          },
        );
        const want = expected(who, ACTIONS[action].role);
        const body = await response.json();
        if (want === "allowed") {
          expect([401, 403], `${action} as ${who}: ${JSON.stringify(body)}`).not.toContain(
            response.status,
          );
        } else {
          expect(response.status, `${action} as ${who}`).toBe(want);
          expect(body.fault).toBe(
            want === 401
              ? "Unauthenticated"
              : who === "cross-origin"
                ? "CrossOriginRequest"
                : "AccessDenied",
          );
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
    const entries = queryAudit(consoleDb(), { limit: 10_000 });
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
    const term = entries.find(
      (e) => e.action === "TerminateWorkflowExecution" && e.outcome === "fault",
    );
    expect(term).toMatchObject({
      fault: "UnknownResourceFault",
      username: expect.stringMatching(/m-(operator|admin)/),
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
      const { id } = insertReceivedTask(consoleDb(), {
        taskToken: unique("tok"),
        domain: "matrix-domain",
        taskList: "approvals",
        activityId: "a",
        activityType: { name: "ApproveOrder", version: "1" },
        workflowId: "w",
        runId: "r",
        startedEventId: 6,
      });
      const r = await call(
        inbox.POST,
        who,
        "POST",
        `/api/inbox/${id}`,
        { decision: "approve", comment: "" },
        { id: String(id) },
      );
      const want = expected(who, "approver");
      // Allowed callers reach SWF, which does not know this made-up token: 404-like ValidationException or expired (410).
      if (want === "allowed") expect([401, 403], who).not.toContain(r.status);
      else expect(r.status, who).toBe(want);
    }
  });

  it("user management and settings need admin", async () => {
    const cases: [string, () => Promise<Response>, Who][] = [];
    for (const who of WHO) {
      cases.push([
        `create as ${who}`,
        () =>
          call(users.POST, who, "POST", "/api/users", {
            username: unique("u"),
            password: "password-1",
            role: "viewer",
          }),
        who,
      ]);
      cases.push([
        `patch as ${who}`,
        () =>
          call(
            user.PATCH,
            who,
            "PATCH",
            "/api/users/m-viewer",
            { revokeSessions: true },
            { username: "m-nobody" },
          ),
        who,
      ]);
      cases.push([
        `delete as ${who}`,
        () =>
          call(user.DELETE, who, "DELETE", "/api/users/m-nobody", undefined, {
            username: "m-nobody",
          }),
        who,
      ]);
      cases.push([
        `settings as ${who}`,
        () =>
          call(settings.PUT, who, "PUT", "/api/settings", {
            humanTaskLists: "matrix-domain:approvals",
          }),
        who,
      ]);
    }
    for (const [name, run, who] of cases) {
      const r = await run();
      const want = expected(who, "admin");
      if (want === "allowed") expect([401, 403], name).not.toContain(r.status);
      else expect(r.status, name).toBe(want);
    }
  });

  it("reading users and settings needs admin; reading the inbox and audit needs a session", async () => {
    const audit = await import("@/app/api/audit/route");
    const inboxList = await import("@/app/api/inbox/route");
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
    }
  });
});
