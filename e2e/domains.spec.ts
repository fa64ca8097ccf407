import { expect, test } from "@playwright/test";
import {
  createDomain,
  e2eSwf,
  registerWorkflowType,
  seedExecution,
  startExecution,
} from "./support/swf";
import { attachScreenshot, choose, collectConsoleErrors, expectAccessible } from "./support/page";

const swf = e2eSwf();
let registered: string;
let quiet: string;
let deprecated: string;

test.beforeAll(async () => {
  registered = await createDomain(swf, "e2e-domains-busy", {
    description: "Orders and billing",
    retentionDays: "7",
  });
  quiet = await createDomain(swf, "e2e-domains-quiet", { retentionDays: "3" });
  deprecated = await createDomain(swf, "e2e-domains-old", {
    description: "Retired",
    deprecated: true,
  });
  const type = await registerWorkflowType(swf, registered, { name: "Order", version: "1" });
  await startExecution(swf, registered, { workflowType: type });
  await startExecution(swf, registered, { workflowType: type });
  await seedExecution(swf, registered, "completed", { workflowType: type });
});

test("lists registered domains with description, retention and open-execution count", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Domains" })).toBeVisible();
  await expect(page.getByTestId("endpoint")).toContainText("127.0.0.1");
  await expect(page.getByTestId("endpoint")).toContainText("us-east-1");

  const busy = page.getByTestId("domain-row").filter({ hasText: registered });
  await expect(busy).toContainText("Orders and billing");
  await expect(busy.getByTestId("retention")).toHaveText("7 days");
  await expect(busy.getByTestId("open-count")).toHaveText("2");
  const idle = page.getByTestId("domain-row").filter({ hasText: quiet });
  await expect(idle.getByTestId("open-count")).toHaveText("0");
  await expect(idle.getByTestId("retention")).toHaveText("3 days");
  await expect(page.getByTestId("domain-row").filter({ hasText: deprecated })).toHaveCount(0);

  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "domains-registered");

  await busy.getByRole("link", { name: registered }).click();
  await expect(page).toHaveURL(new RegExp(`/domains/${registered}$`));
  await expect(page.getByRole("heading", { level: 1, name: registered })).toBeVisible();
  await expect(page.getByTestId("execution-count")).toHaveText("2 executions");
  expect(errors(), "console errors (hydration, failed requests)").toEqual([]);
});

test("shows deprecated domains behind the toggle, deep-linked", async ({ page }, testInfo) => {
  await page.goto("/");
  await choose(page, "Registration status", "Deprecated");
  await expect(page).toHaveURL(/\?status=deprecated$/);
  const old = page.getByTestId("domain-row").filter({ hasText: deprecated });
  await expect(old).toContainText("Retired");
  await expect(old).toContainText("Deprecated");
  await expect(page.getByTestId("domain-row").filter({ hasText: registered })).toHaveCount(0);
  await attachScreenshot(page, testInfo, "domains-deprecated");

  await page.reload();
  await expect(page.getByTestId("domain-row").filter({ hasText: deprecated })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Deprecated" })).toBeChecked();
  await expectAccessible(page);
});

test("dark mode follows the OS and the toggle, remembered across reloads", async ({
  page,
}, testInfo) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  const html = page.locator("html");
  await expect(html).toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).not.toHaveClass(/\bdark\b/);

  const toggle = page.getByTestId("theme-toggle");
  await expect(toggle).toHaveAttribute("data-theme-choice", "system");
  await toggle.click(); // → light
  await toggle.click(); // → dark
  await expect(toggle).toHaveAttribute("data-theme-choice", "dark");
  await expect(html).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(page.getByTestId("domain-row").filter({ hasText: registered })).toBeVisible();
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "domains-dark");
});

test("keyboard users can reach the navigation with a visible focus ring", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Tab");
  const home = page.getByRole("link", { name: "SWF Console", exact: true });
  await expect(home).toBeFocused();
  const outline = await home.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
});

test("a domain whose name needs URL encoding opens on its own page", async ({ page }) => {
  const odd = await createDomain(swf, `e2e odd 100% ${Date.now().toString(36)}`, {
    exact: true,
    description: "Spaces and percent",
  });
  const type = await registerWorkflowType(swf, odd, { name: "Odd", version: "1" });
  await startExecution(swf, odd, { workflowId: "odd one+two=50%", workflowType: type });
  await page.goto("/");
  await page.getByRole("link", { name: odd, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: odd })).toBeVisible();
  await expect(page.getByText("Spaces and percent")).toBeVisible();
  await expect(page.getByTestId("execution-count")).toHaveText("1 execution");
  const row = page.getByTestId("execution-row").first();
  await expect(row).toHaveAttribute("data-workflow-id", "odd one+two=50%");
  await page.reload();
  await expect(page.getByTestId("execution-count")).toHaveText("1 execution");
});

test("an unknown domain shows one not-found state, nothing else", async ({ page }) => {
  const missing = `e2e-no-such-domain-${Date.now().toString(36)}`;
  // Its dashboard and failures pages too (not a header error above two panel errors).
  for (const page_ of ["/dashboard", "/failures"]) {
    await page.goto(`/domains/${encodeURIComponent(missing)}${page_}`);
    await expect(page.getByTestId("not-found"), page_).toContainText(
      `Domain “${missing}” not found`,
    );
    await expect(page.locator("main").getByRole("alert"), page_).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Domain views" }), page_).toHaveCount(0);
  }
  await page.goto(`/domains/${encodeURIComponent(missing)}`);
  const notFound = page.getByTestId("not-found");
  await expect(notFound).toContainText(`Domain “${missing}” not found`);
  await expect(page.locator("main").getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Domain views" })).toHaveCount(0);
  await expect(page.locator("[data-testid^=panel-]")).toHaveCount(0);
  await notFound.getByRole("link", { name: "All domains" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("the console has a favicon", async ({ request }) => {
  const icon = await request.get("/icon.svg");
  expect(icon.ok()).toBe(true);
  expect(icon.headers()["content-type"]).toContain("svg");
});

test("dates follow the one setting in the header: local or UTC, absolute or relative", async ({
  page,
}) => {
  await page.goto(`/domains/${encodeURIComponent(registered)}`);
  const firstStart = page.getByTestId("execution-row").first().locator("time").first();
  await expect(firstStart).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const iso = (await firstStart.getAttribute("datetime"))!;
  await page.getByTestId("time-settings").selectOption("utc-absolute");
  await expect(firstStart).toHaveText(iso.slice(0, 19).replace("T", " "));
  await page.getByTestId("time-settings").selectOption("local-relative");
  await expect(firstStart).toHaveText(/ago$/);
  // Remembered across reloads.
  await page.reload();
  await expect(page.getByTestId("execution-row").first().locator("time").first()).toHaveText(
    /ago$/,
  );
});
