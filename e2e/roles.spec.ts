/**
 * The role matrix over HTTP against `next start`: every mutating route handler × no session, each
 * role (viewer, approver, operator, admin) and a cross-origin request → allowed or refused as
 * designed. Then what each role sees in the UI: controls it may not use are hidden or disabled.
 */
import { RegisterDomainCommand, RegisterWorkflowTypeCommand } from "@aws-sdk/client-swf";
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from "@playwright/test";
import { ACTIONS, MUTATING_ACTIONS, type ActionName } from "@/lib/swf/actions";
import { roleAtLeast, type Role } from "@/lib/console/roles";
import { ROLES, SIGNED_OUT, apiAs, browserAs, ensureRoleUsers } from "./support/act-users";
import { expectAccessible } from "./support/page";
import { e2eSwf, uniqueName } from "./support/swf";

type Who = Role | "none" | "cross-origin";
const WHO: Who[] = ["none", ...ROLES, "cross-origin"];

interface Route {
  name: string;
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: () => unknown;
  role: Role;
}

let domain = "";
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;

function swfInput(action: ActionName): object {
  const type = { name: "T", version: "1" };
  switch (action) {
    case "StartWorkflowExecution":
      return { domain, workflowId: unique("wf"), workflowType: type };
    case "SignalWorkflowExecution":
      return { domain, workflowId: "missing", signalName: "s" };
    case "RequestCancelWorkflowExecution":
    case "TerminateWorkflowExecution":
      return { domain, workflowId: "missing" };
    case "RegisterDomain":
      return { name: unique("roles-new"), workflowExecutionRetentionPeriodInDays: "1" };
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
      throw new Error(`no input for ${action}`);
  }
}

const ROUTES: Route[] = [
  ...MUTATING_ACTIONS.map((action): Route => ({
    name: action,
    method: "POST",
    path: `/api/swf/${action}`,
    body: () => swfInput(action),
    role: ACTIONS[action].role,
  })),
  {
    name: "inbox decision",
    method: "POST",
    path: "/api/inbox/999999999",
    body: () => ({ decision: "approve", comment: "" }),
    role: "approver",
  },
  {
    name: "create user",
    method: "POST",
    path: "/api/users",
    body: () => ({ username: unique("m"), password: "matrix-password", role: "viewer" }),
    role: "admin",
  },
  {
    name: "update user",
    method: "PATCH",
    path: "/api/users/no-such-user",
    body: () => ({ revokeSessions: true }),
    role: "admin",
  },
  { name: "delete user", method: "DELETE", path: "/api/users/no-such-user", role: "admin" },
  {
    name: "settings",
    method: "PUT",
    path: "/api/settings",
    body: () => ({ humanTaskLists: null }),
    role: "admin",
  },
  {
    name: "own password",
    method: "POST",
    path: "/api/auth/password",
    body: () => ({ currentPassword: "wrong", newPassword: "whatever-123" }),
    role: "viewer",
  },
];

test.describe("role matrix over HTTP", () => {
  const contexts = new Map<Who, APIRequestContext>();

  test.beforeAll(async ({ baseURL }) => {
    const swf = e2eSwf();
    domain = uniqueName("roles");
    await swf.send(
      new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: "1" }),
    );
    await swf.send(
      new RegisterWorkflowTypeCommand({
        domain,
        name: "T",
        version: "1",
        defaultTaskList: { name: "t-decisions" },
        defaultExecutionStartToCloseTimeout: "600",
        defaultTaskStartToCloseTimeout: "60",
        defaultChildPolicy: "TERMINATE",
      }),
    );
    const names = await ensureRoleUsers(baseURL!);
    contexts.set(
      "none",
      await playwrightRequest.newContext({
        baseURL,
        storageState: SIGNED_OUT,
        extraHTTPHeaders: { origin: baseURL! },
      }),
    );
    for (const role of ROLES) contexts.set(role, await apiAs(baseURL!, names[role]));
    // An admin session whose requests come from another site (what a CSRF attempt looks like).
    const cross = await apiAs(baseURL!, "admin");
    const state = await cross.storageState();
    await cross.dispose();
    contexts.set(
      "cross-origin",
      await playwrightRequest.newContext({
        baseURL,
        storageState: state,
        extraHTTPHeaders: { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      }),
    );
  });

  test.afterAll(async () => {
    for (const c of contexts.values()) await c.dispose();
  });

  for (const route of ROUTES) {
    test(`${route.method} ${route.path} (${route.name}) needs ${route.role}`, async () => {
      const rows: string[] = [];
      for (const who of WHO) {
        const ctx = contexts.get(who)!;
        const response = await ctx.fetch(route.path, {
          method: route.method,
          ...(route.body ? { data: route.body() } : {}),
        });
        const body = await response.json().catch(() => ({}));
        const want =
          who === "none"
            ? 401
            : who === "cross-origin"
              ? 403
              : roleAtLeast(who, route.role)
                ? "allowed"
                : 403;
        const got = response.status();
        const ok = want === "allowed" ? got !== 401 && got !== 403 : got === want;
        if (want === 403)
          expect(body.fault, `${route.name} as ${who}`).toBe(
            who === "cross-origin" ? "CrossOriginRequest" : "AccessDenied",
          );
        if (want === 401) expect(body.fault).toBe("Unauthenticated");
        rows.push(`${ok ? "✓" : "✗"} ${who}: ${got} ${body.fault ?? ""}`);
      }
      expect(
        rows.filter((r) => r.startsWith("✗")),
        rows.join("\n"),
      ).toEqual([]);
    });
  }

  test("signed-out page requests go to /login; API requests get 401", async ({
    browser,
    baseURL,
  }) => {
    const anon = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const page = await anon.newPage();
    for (const path of [
      "/",
      "/inbox",
      "/audit",
      "/users",
      "/settings",
      `/domains/${domain}`,
      `/domains/${domain}/start`,
    ]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/login/);
    }
    const api = await playwrightRequest.newContext({ baseURL, storageState: SIGNED_OUT });
    for (const path of ["/api/inbox", "/api/audit", "/api/auth/session", "/api/users"]) {
      expect((await api.get(path)).status(), path).toBe(401);
    }
    expect(
      (
        await api.post("/api/swf/ListDomains", { data: { registrationStatus: "REGISTERED" } })
      ).status(),
    ).toBe(401);
    await api.dispose();
    await anon.close();
  });

  test("wrong passwords are refused and audited; sign-out ends the session on the server", async ({
    baseURL,
  }) => {
    const api = await playwrightRequest.newContext({
      baseURL,
      storageState: SIGNED_OUT,
      extraHTTPHeaders: { origin: baseURL! },
    });
    const bad = await api.post("/api/auth/login", {
      data: { username: "e2e-viewer", password: "nope" },
    });
    expect(bad.status()).toBe(401);
    expect((await bad.json()).fault).toBe("InvalidCredentials");
    const viewer = await apiAs(baseURL!, "e2e-viewer");
    const state = await viewer.storageState();
    expect((await viewer.get("/api/auth/session")).status()).toBe(200);
    expect((await viewer.post("/api/auth/logout")).ok()).toBe(true);
    // The old cookie no longer works, even if a copy survived.
    const replay = await playwrightRequest.newContext({ baseURL, storageState: state });
    expect((await replay.get("/api/auth/session")).status()).toBe(401);
    const admin = contexts.get("admin")!;
    const audit = await (
      await admin.get("/api/audit?action=Login&outcome=denied&user=e2e-viewer")
    ).json();
    expect(audit.entries.length).toBeGreaterThan(0);
    await Promise.all([api.dispose(), viewer.dispose(), replay.dispose()]);
  });
});

test.describe("the UI follows the role", () => {
  test("viewer and approver cannot reach operator and admin pages", async ({
    browser,
    baseURL,
  }) => {
    const names = await ensureRoleUsers(baseURL!);
    for (const role of ["viewer", "approver"] as Role[]) {
      const ctx = await browserAs(browser, baseURL!, names[role]);
      const page = await ctx.newPage();
      await page.goto(`/domains/${encodeURIComponent(domain || "any")}/start`);
      await expect(page.getByTestId("forbidden")).toContainText("requires the operator role");
      await expect(page.getByTestId("start-execution-form")).toHaveCount(0);
      for (const path of ["/users", "/settings", "/settings/registration"]) {
        await page.goto(path);
        await expect(page.getByTestId("forbidden"), path).toContainText("requires the admin role");
      }
      await ctx.close();
    }
  });

  test("operators may start executions but not manage users", async ({ browser, baseURL }) => {
    const names = await ensureRoleUsers(baseURL!);
    const ctx = await browserAs(browser, baseURL!, names.operator);
    const page = await ctx.newPage();
    await page.goto(`/domains/${encodeURIComponent(domain || "any")}/start`);
    await expect(page.getByTestId("start-execution-form")).toBeVisible();
    await page.goto("/users");
    await expect(page.getByTestId("forbidden")).toBeVisible();
    await ctx.close();
  });

  test("the header shows who is signed in, with role-dependent links", async ({
    browser,
    baseURL,
  }) => {
    const names = await ensureRoleUsers(baseURL!);
    for (const role of ["viewer", "admin"] as Role[]) {
      const ctx = await browserAs(browser, baseURL!, names[role]);
      const page = await ctx.newPage();
      await page.goto("/inbox");
      await expect(page.getByTestId("user-menu-username")).toHaveText(names[role]);
      await expect(page.getByTestId("user-menu-role")).toHaveText(role);
      await expect(page.getByTestId("nav-users")).toHaveCount(role === "admin" ? 1 : 0);
      await expect(page.getByTestId("nav-settings")).toHaveCount(role === "admin" ? 1 : 0);
      await expect(page.getByTestId("nav-inbox")).toBeVisible();
      await ctx.close();
    }
  });

  test("an admin creates a user on the Users page, who can then sign in", async ({
    page,
    browser,
    baseURL,
  }) => {
    const username = `ui-${Date.now().toString(36)}`;
    await page.goto("/users");
    await page.getByTestId("new-username").fill(username);
    await page.getByTestId("new-password").fill(`${username}-password`);
    await page.getByTestId("new-role").selectOption("approver");
    await page.getByTestId("create-user").click();
    await expect(page.getByTestId("success")).toContainText(`Created ${username} (approver)`);
    await expect(page.locator(`[data-testid=user-row][data-username="${username}"]`)).toBeVisible();
    const ctx = await browserAs(browser, baseURL!, username);
    const p = await ctx.newPage();
    await p.goto("/inbox");
    await expect(p.getByTestId("user-menu-role")).toHaveText("approver");
    // Disabling the user ends the session at once.
    const row = page.locator(`[data-testid=user-row][data-username="${username}"]`);
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row).toContainText("disabled");
    expect((await p.request.get("/api/auth/session")).status()).toBe(401);
    await ctx.close();
  });
});

test.describe("accessibility of the console's own pages", () => {
  for (const path of ["/inbox", "/audit", "/users", "/settings", "/settings/registration"]) {
    test(`${path} has no serious axe violations`, async ({ page }) => {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await expectAccessible(page);
    });
  }

  test("the login page has no serious axe violations", async ({ browser, baseURL }) => {
    const anon = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const page = await anon.newPage();
    await page.goto("/login");
    await expectAccessible(page);
    await anon.close();
  });
});
