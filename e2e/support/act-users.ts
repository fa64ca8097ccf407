/**
 * Console users for the auth/role specs: the admin from auth.setup.ts creates one user per role
 * through the Users API, and specs get API or browser contexts signed in as any of them.
 */
import {
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from "@playwright/test";
import type { Role } from "@/lib/console/roles";

export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password";
export const STATE = "e2e/.auth/state.json";
export const ROLES: Role[] = ["viewer", "approver", "operator", "admin"];

/** No cookies: contexts made in a test otherwise inherit the project's storage state (the admin). */
export const SIGNED_OUT = { cookies: [], origins: [] };

export const passwordOf = (username: string) =>
  username === "admin" ? ADMIN_PASSWORD : `${username}-password`;

/** An API context signed in as the admin (the storage state auth.setup.ts saved). */
export async function adminApi(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL,
    storageState: STATE,
    extraHTTPHeaders: { origin: baseURL },
  });
}

/** Creates the user (or resets its role and password when it exists). */
export async function ensureUser(
  admin: APIRequestContext,
  username: string,
  role: Role,
): Promise<void> {
  const password = passwordOf(username);
  const created = await admin.post("/api/users", { data: { username, password, role } });
  if (created.status() === 409) {
    // Not the password again: a new password ends every session of the user, and specs running
    // beside this one may be signed in as it (they got 401s mid-test).
    const patched = await admin.patch(`/api/users/${encodeURIComponent(username)}`, {
      data: { role, disabled: false },
    });
    expect(patched.ok(), await patched.text()).toBe(true);
    return;
  }
  expect(created.status(), await created.text()).toBe(201);
}

/** An API context with a session of `username` (same-origin headers, as the browser sends). */
export async function apiAs(baseURL: string, username: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({
    baseURL,
    storageState: SIGNED_OUT,
    extraHTTPHeaders: { origin: baseURL },
  });
  const login = await ctx.post("/api/auth/login", {
    data: { username, password: passwordOf(username) },
  });
  expect(login.ok(), `sign in as ${username}: ${await login.text()}`).toBe(true);
  return ctx;
}

/** A browser context signed in as `username`. */
export async function browserAs(
  browser: Browser,
  baseURL: string,
  username: string,
): Promise<BrowserContext> {
  const api = await apiAs(baseURL, username);
  const storageState = await api.storageState();
  await api.dispose();
  return browser.newContext({ baseURL, storageState });
}

/** One user per role, named `e2e-<role>` (admin is the built-in `admin`). */
export async function ensureRoleUsers(baseURL: string): Promise<Record<Role, string>> {
  const admin = await adminApi(baseURL);
  const names = {
    viewer: "e2e-viewer",
    approver: "e2e-approver",
    operator: "e2e-operator",
    admin: "admin",
  } as Record<Role, string>;
  for (const role of ["viewer", "approver", "operator"] as Role[])
    await ensureUser(admin, names[role], role);
  await admin.dispose();
  return names;
}

/**
 * Signs in again as admin from a "Sign in again" link, which opens a new tab so that `page` keeps
 * what it shows; then brings `page` back to the front, where it finds the session again.
 */
export async function signInAgainFrom(page: Page, link: Locator) {
  const [signIn] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
  await signIn.getByLabel("User name").fill("admin");
  await signIn.getByLabel("Password").fill(passwordOf("admin"));
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await signIn.waitForURL((url) => url.pathname === new URL(page.url()).pathname);
  await signIn.close();
  await page.bringToFront();
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
}
