import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consoleDb, setConsoleDb } from "@/lib/console/db";
import {
  checkAccess,
  crossOriginProblem,
  requestUser,
  unauthenticated,
  type GuardOptions,
} from "@/lib/console/http";
import { CAPABILITIES, ROLES, capabilitiesOf, highestRole, roleAtLeast } from "@/lib/console/roles";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";
import { queryAudit } from "@/lib/console/audit";
import { ACTIONS, MUTATING_ACTIONS, type ActionName } from "@/lib/swf/actions";
import { memoryDb } from "./helpers";

describe("roles", () => {
  it("orders viewer < approver < operator < admin", () => {
    const expected: Record<string, string[]> = {
      viewer: ["viewer"],
      approver: ["viewer", "approver"],
      operator: ["viewer", "approver", "operator"],
      admin: ["viewer", "approver", "operator", "admin"],
    };
    for (const role of ROLES) {
      expect(ROLES.filter((r) => roleAtLeast(role, r))).toEqual(expected[role]);
    }
    expect(highestRole(["viewer", "operator", "approver"])).toBe("operator");
    expect(highestRole([])).toBeUndefined();
  });

  it("gives each role the capabilities of the issue", () => {
    expect(capabilitiesOf("viewer")).toMatchObject({
      read: true,
      decide: false,
      start: false,
      register: false,
    });
    expect(capabilitiesOf("approver")).toMatchObject({
      decide: true,
      start: false,
      terminate: false,
    });
    expect(capabilitiesOf("operator")).toMatchObject({
      start: true,
      signal: true,
      cancel: true,
      terminate: true,
      rerun: true,
      bulk: true,
      register: false,
      users: false,
    });
    expect(Object.values(capabilitiesOf("admin")).every(Boolean)).toBe(true);
    expect(CAPABILITIES.settings).toBe("admin");
  });

  it("puts every SWF action at its role: reads viewer, execution control operator, registration admin", () => {
    const operator: ActionName[] = [
      "StartWorkflowExecution",
      "SignalWorkflowExecution",
      "RequestCancelWorkflowExecution",
      "TerminateWorkflowExecution",
    ];
    const admin: ActionName[] = [
      "RegisterDomain",
      "DeprecateDomain",
      "UndeprecateDomain",
      "RegisterWorkflowType",
      "RegisterActivityType",
      "DeprecateWorkflowType",
      "UndeprecateWorkflowType",
      "DeprecateActivityType",
      "UndeprecateActivityType",
    ];
    for (const a of operator)
      expect(ACTIONS[a]).toMatchObject({ role: "operator", mutating: true });
    for (const a of admin) expect(ACTIONS[a]).toMatchObject({ role: "admin", mutating: true });
    expect([...MUTATING_ACTIONS].sort()).toEqual([...operator, ...admin].sort());
    for (const [name, spec] of Object.entries(ACTIONS)) {
      if (!spec.mutating) expect(spec.role, name).toBe("viewer");
    }
    // Task-level actions never reach the browser: the console answers tasks itself.
    for (const hidden of [
      "PollForActivityTask",
      "RespondActivityTaskCompleted",
      "RespondDecisionTaskCompleted",
      "DeleteWorkflowType",
    ]) {
      expect(Object.hasOwn(ACTIONS, hidden)).toBe(false);
    }
  });
});

describe("strict inputs of mutating actions", () => {
  const ok = (a: ActionName, input: object) =>
    expect(ACTIONS[a].input.safeParse(input).success, JSON.stringify(input)).toBe(true);
  const bad = (a: ActionName, input: object) =>
    expect(ACTIONS[a].input.safeParse(input).success, JSON.stringify(input)).toBe(false);

  it("StartWorkflowExecution", () => {
    const base = { domain: "d", workflowId: "w-1", workflowType: { name: "T", version: "1" } };
    ok("StartWorkflowExecution", base);
    ok("StartWorkflowExecution", {
      ...base,
      input: "{}",
      tagList: ["a", "b c", "x:y"],
      taskList: { name: "tl" },
      executionStartToCloseTimeout: "60",
      taskStartToCloseTimeout: "NONE",
      childPolicy: "ABANDON",
      taskPriority: "-5",
    });
    bad("StartWorkflowExecution", { ...base, extra: 1 });
    bad("StartWorkflowExecution", { ...base, workflowId: "a/b" });
    bad("StartWorkflowExecution", { ...base, workflowId: "arn" });
    bad("StartWorkflowExecution", { ...base, tagList: ["1", "2", "3", "4", "5", "6"] });
    bad("StartWorkflowExecution", { ...base, tagList: ["<b>"] });
    bad("StartWorkflowExecution", { ...base, executionStartToCloseTimeout: "NONE" });
    bad("StartWorkflowExecution", { ...base, taskStartToCloseTimeout: "1.5" });
    bad("StartWorkflowExecution", { ...base, taskPriority: "99999999999" });
    bad("StartWorkflowExecution", { ...base, input: "x".repeat(32_769) });
    bad("StartWorkflowExecution", { ...base, childPolicy: "KILL" });
  });

  it("Signal, cancel, terminate", () => {
    ok("SignalWorkflowExecution", {
      domain: "d",
      workflowId: "w",
      signalName: "go",
      input: "<script>",
    });
    bad("SignalWorkflowExecution", { domain: "d", workflowId: "w" });
    ok("RequestCancelWorkflowExecution", { domain: "d", workflowId: "w", runId: "r" });
    bad("RequestCancelWorkflowExecution", { domain: "d", workflowId: "w", reason: "x" });
    ok("TerminateWorkflowExecution", {
      domain: "d",
      workflowId: "w",
      reason: "r",
      details: "d",
      childPolicy: "TERMINATE",
    });
    bad("TerminateWorkflowExecution", { domain: "d", workflowId: "w", reason: "x".repeat(257) });
  });

  it("registration and deprecation", () => {
    ok("RegisterDomain", {
      name: "d",
      workflowExecutionRetentionPeriodInDays: "90",
      tags: [{ key: "team", value: "a b" }],
    });
    ok("RegisterDomain", { name: "d", workflowExecutionRetentionPeriodInDays: "NONE" });
    bad("RegisterDomain", { name: "d", workflowExecutionRetentionPeriodInDays: "91" });
    bad("RegisterDomain", { name: "d" });
    ok("RegisterActivityType", {
      domain: "d",
      name: "A",
      version: "1",
      defaultTaskHeartbeatTimeout: "30",
      defaultTaskList: { name: "l" },
    });
    bad("RegisterActivityType", { domain: "d", name: "A", version: "x".repeat(65) });
    ok("DeprecateWorkflowType", { domain: "d", workflowType: { name: "W", version: "1" } });
    bad("DeprecateWorkflowType", { domain: "d", activityType: { name: "W", version: "1" } });
    ok("UndeprecateDomain", { name: "d" });
  });
});

/** What the route wrapper checks first: the session, then same-origin (writes), then the role. */
async function guard(request: Request, options: GuardOptions) {
  const user = await requestUser(request);
  if (!user) return unauthenticated();
  return (await checkAccess(request, user, options)) ?? user;
}

describe("access: session → same origin → role", () => {
  let token: Record<string, string>;
  beforeEach(async () => {
    const db = await memoryDb();
    setConsoleDb(db);
    token = {};
    for (const role of ROLES) {
      const u = await createUser(db, { username: `u-${role}`, password: "some-password", role });
      token[role] = (await createSession(db, u.id, 60_000)).token;
    }
  });
  afterEach(() => setConsoleDb(undefined));

  const request = (headers: Record<string, string>) =>
    new Request("http://127.0.0.1:3000/api/swf/TerminateWorkflowExecution", {
      method: "POST",
      headers: { host: "127.0.0.1:3000", ...headers },
    });

  it("401 without a session, 403 below the role, the user when allowed", async () => {
    const options = {
      role: "operator" as const,
      mutating: true,
      action: "TerminateWorkflowExecution",
    };
    expect(await guard(request({}), options)).toMatchObject({
      status: 401,
      fault: "Unauthenticated",
    });
    for (const role of ROLES) {
      const result = await guard(
        request({ cookie: `swf_console_session=${token[role]}` }),
        options,
      );
      if (roleAtLeast(role, "operator")) {
        expect(result).toMatchObject({ username: `u-${role}` });
      } else {
        expect(result).toMatchObject({
          status: 403,
          fault: "AccessDenied",
          message: expect.stringContaining("requires the operator role"),
        });
      }
    }
  });

  it("refuses cross-origin writes and audits the refusal", async () => {
    const options = { role: "viewer" as const, mutating: true, action: "SignalWorkflowExecution" };
    const cookie = `swf_console_session=${token.admin}`;
    const refused: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "http://127.0.0.1:3001" },
      { origin: "null" },
    ];
    for (const headers of refused) {
      const r = await guard(request({ cookie, ...headers }), options);
      expect(r, JSON.stringify(headers)).toMatchObject({
        status: 403,
        fault: "CrossOriginRequest",
      });
    }
    const allowed: Record<string, string>[] = [
      {},
      { origin: "http://127.0.0.1:3000" },
      { "sec-fetch-site": "same-origin", origin: "http://127.0.0.1:3000" },
    ];
    for (const headers of allowed) {
      expect(await guard(request({ cookie, ...headers }), options)).toMatchObject({
        username: "u-admin",
      });
    }
    // Reads are not checked for origin (they change nothing).
    expect(
      await guard(request({ cookie, origin: "http://evil.example" }), {
        ...options,
        mutating: false,
      }),
    ).toMatchObject({ username: "u-admin" });
  });

  it("honours X-Forwarded-Host/Proto and CONSOLE_ORIGINS", () => {
    const r = request({
      origin: "https://console.example.com",
      "x-forwarded-host": "console.example.com",
      "x-forwarded-proto": "https",
    });
    expect(crossOriginProblem(r)).toBeUndefined();
    expect(
      crossOriginProblem(request({ origin: "https://ops.example.com" }), {
        CONSOLE_ORIGINS: "https://ops.example.com",
      }),
    ).toBeUndefined();
  });

  it("audits denied writes but not denied reads", async () => {
    const cookie = `swf_console_session=${token.viewer}`;
    await guard(request({ cookie }), {
      role: "operator",
      mutating: true,
      action: "TerminateWorkflowExecution",
    });
    await guard(request({ cookie }), { role: "admin", mutating: false, action: "User.List" });
    const entries = await queryAudit(await consoleDb());
    expect(entries.map((e) => [e.username, e.action, e.outcome])).toEqual([
      ["u-viewer", "TerminateWorkflowExecution", "denied"],
    ]);
  });
});
