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
import {
  ROLES,
  SIGNED_OUT,
  adminApi,
  apiAs,
  browserAs,
  ensureRoleUsers,
} from "./support/act-users";
import { collectConsoleErrors, expectAccessible } from "./support/page";
import { e2eSwf, uniqueName } from "./support/swf";
import { swfTarget } from "./support/swf-targets";

type Who = Role | "none" | "cross-origin";
const WHO: Who[] = ["none", ...ROLES, "cross-origin"];

/** One call of a route on a target of its own, with what an allowed caller must get. */
interface Call {
  path: string;
  body?: unknown;
  /** The status an allowed caller gets (and the fault, when that status is one). */
  status: number;
  fault?: string;
  /** Whether the call took effect: true after an allowed call, false after a refused one. */
  applied?: () => Promise<boolean>;
}

interface Route {
  name: string;
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  role: Role;
  prepare: () => Promise<Call>;
}

let domain = "";
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;
const TYPE = { name: "T", version: "1" };
const swf = e2eSwf();
/** The admin's own API context, to set up and look at users (opened in beforeAll). */
let adminCtx: APIRequestContext;

async function swfCall(action: ActionName): Promise<Call> {
  const t = await swfTarget({ swf, domain, workflowType: TYPE, unique }, action);
  return { path: `/api/swf/${action}`, status: 200, body: t.input, applied: t.applied };
}

/** The console user `username` as the admin sees it, or undefined. */
async function consoleUser(username: string): Promise<{ role: Role } | undefined> {
  const r = await adminCtx.get("/api/users");
  expect(r.status()).toBe(200);
  const { users } = (await r.json()) as { users: { username: string; role: Role }[] };
  return users.find((u) => u.username === username);
}

async function freshUser(): Promise<string> {
  const username = unique("m");
  const r = await adminCtx.post("/api/users", {
    data: { username, password: "matrix-password", role: "viewer" },
  });
  expect(r.status(), await r.text()).toBe(201);
  return username;
}

const ROUTES: Route[] = [
  ...MUTATING_ACTIONS.map((action): Route => ({
    name: action,
    method: "POST",
    path: `/api/swf/${action}`,
    role: ACTIONS[action].role,
    prepare: () => swfCall(action),
  })),
  {
    // Deciding a real task, and its effect, is covered by tests/console/routes.test.ts; here an
    // allowed caller gets past the role check to the handler's own "no such task".
    name: "inbox decision",
    method: "POST",
    path: "/api/inbox/:id",
    role: "approver",
    prepare: async () => ({
      path: "/api/inbox/999999999",
      body: { decision: "approve", comment: "" },
      status: 404,
      fault: "UnknownTask",
    }),
  },
  {
    name: "create user",
    method: "POST",
    path: "/api/users",
    role: "admin",
    prepare: async () => {
      const username = unique("m");
      return {
        path: "/api/users",
        body: { username, password: "matrix-password", role: "viewer" },
        status: 201,
        applied: async () => (await consoleUser(username)) !== undefined,
      };
    },
  },
  {
    name: "update user",
    method: "PATCH",
    path: "/api/users/:username",
    role: "admin",
    prepare: async () => {
      const username = await freshUser();
      return {
        path: `/api/users/${username}`,
        body: { role: "operator" },
        status: 200,
        applied: async () => (await consoleUser(username))?.role === "operator",
      };
    },
  },
  {
    name: "delete user",
    method: "DELETE",
    path: "/api/users/:username",
    role: "admin",
    prepare: async () => {
      const username = await freshUser();
      return {
        path: `/api/users/${username}`,
        status: 200,
        applied: async () => (await consoleUser(username)) === undefined,
      };
    },
  },
  {
    // Reverting to the environment's lists: other specs rely on them, so no other value is set.
    name: "settings",
    method: "PUT",
    path: "/api/settings",
    role: "admin",
    prepare: async () => ({
      path: "/api/settings",
      body: { humanTaskLists: null },
      status: 200,
    }),
  },
  {
    // A real change would end the shared role users' other sessions: an allowed caller gets as
    // far as the password check.
    name: "own password",
    method: "POST",
    path: "/api/auth/password",
    role: "viewer",
    prepare: async () => ({
      path: "/api/auth/password",
      body: { currentPassword: "wrong", newPassword: "whatever-123" },
      status: 400,
      fault: "InvalidCredentials",
    }),
  },
];

test.describe("role matrix over HTTP", () => {
  const contexts = new Map<Who, APIRequestContext>();

  test.beforeAll(async ({ baseURL }) => {
    adminCtx = await adminApi(baseURL!);
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
    await adminCtx.dispose();
  });

  for (const route of ROUTES) {
    test(`${route.method} ${route.path} (${route.name}) needs ${route.role}`, async () => {
      const rows: string[] = [];
      for (const who of WHO) {
        const ctx = contexts.get(who)!;
        const call = await route.prepare();
        const response = await ctx.fetch(call.path, {
          method: route.method,
          ...(call.body === undefined ? {} : { data: call.body }),
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
        const fault =
          want === "allowed"
            ? call.fault
            : want === 401
              ? "Unauthenticated"
              : who === "cross-origin"
                ? "CrossOriginRequest"
                : "AccessDenied";
        const applied = call.applied ? await call.applied() : want === "allowed";
        const ok =
          got === (want === "allowed" ? call.status : want) &&
          body.fault === fault &&
          applied === (want === "allowed");
        rows.push(
          `${ok ? "✓" : "✗"} ${who}: ${got} ${body.fault ?? ""}${applied ? " (took effect)" : ""}`,
        );
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

  test("the login page logs no errors in the browser console (no session request to be refused)", async ({
    browser,
    baseURL,
  }) => {
    const anon = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const page = await anon.newPage();
    const errors = collectConsoleErrors(page);
    const asked: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.startsWith("/api/")) asked.push(new URL(r.url()).pathname);
    });
    await page.goto("/inbox?task=7");
    await expect(page).toHaveURL(/\/login\?next=/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    await page.waitForLoadState("networkidle");
    expect(asked).toEqual([]);
    expect(errors()).toEqual([]);
    // Signing in still brings the header's user menu and links.
    await page.getByLabel("User name").fill("admin");
    await page.getByLabel("Password").fill(process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/inbox\?task=7$/);
    await expect(page.getByTestId("user-menu")).toContainText("admin");
    await expect(page.getByTestId("nav-audit")).toBeVisible();
    await anon.close();
  });
});
