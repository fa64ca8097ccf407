/**
 * The console's server side as a browser and a probe see it: security headers on every answer,
 * pages that still hydrate under the Content-Security-Policy (no violation reported), health and
 * metrics reachable without a session.
 */
import { expect, test } from "@playwright/test";

test("pages carry the security headers and hydrate under the CSP", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content.Security.Policy|Refused to (execute|load)/i.test(m.text()))
      violations.push(m.text());
  });
  const response = await page.goto("/audit");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // The inline theme script ran (it carries the nonce) …
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeTruthy();
  // … and so did Next's inline scripts, and React hydrated the page (its fiber is on the DOM).
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          Array.isArray((self as unknown as { __next_f?: unknown[] }).__next_f) &&
          Object.keys(document.querySelector("main")!).some((k) => k.startsWith("__reactFiber")),
      ),
    )
    .toBe(true);
  expect(violations).toEqual([]);
});

test("health needs no session; metrics stay off without a token", async ({
  playwright,
  baseURL,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: undefined });
  const health = await anonymous.get("/api/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({
    status: "ok",
    database: { ok: true },
    swf: { ok: true },
  });
  expect((await anonymous.get("/api/metrics")).status()).toBe(404);
  expect((await anonymous.get("/api/audit")).status()).toBe(401);
  await anonymous.dispose();
});

test("the audit records the connecting address, not a forged X-Forwarded-For", async ({
  playwright,
  baseURL,
  page,
}) => {
  // A real user: a refused sign-in is audited under its user's name (a name that is nobody's is
  // recorded as "(unknown user)", which other tests' refusals share).
  const user = `forger-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/users", {
    data: { username: user, password: "forger-real-password", role: "viewer" },
  });
  expect(created.ok()).toBe(true);
  const stranger = await playwright.request.newContext({ baseURL, storageState: undefined });
  const r = await stranger.post("/api/auth/login", {
    data: { username: user, password: "not-the-password" },
    headers: { "x-forwarded-for": "203.0.113.77" },
  });
  expect(r.status()).toBe(401);
  await stranger.dispose();
  const audit = await (
    await page.request.get(`/api/audit?action=Login&outcome=denied&user=${user}`)
  ).json();
  expect(audit.entries).toHaveLength(1);
  expect(audit.entries[0].ip).toBe("127.0.0.1");
});
