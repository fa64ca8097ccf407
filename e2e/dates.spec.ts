// The header's one date setting reaches every date on a page at once, also on pages that nothing
// else re-renders (a closed run, the users list), and relative dates keep counting.
import { expect, test } from "@playwright/test";
import {
  createDomain,
  e2eSwf,
  registerWorkflowType,
  seedExecution,
  terminate,
  type Run,
} from "./support/swf";

// A zone far from UTC, so that local and UTC clock times differ.
test.use({ timezoneId: "Asia/Tokyo" });

const swf = e2eSwf();
let run: Run;
let openRun: Run;

test.beforeAll(async () => {
  const domain = await createDomain(swf, "e2e-dates");
  const type = await registerWorkflowType(swf, domain, { name: "Dated", version: "1" });
  run = await seedExecution(swf, domain, "completed", { workflowType: type });
  openRun = await seedExecution(swf, domain, "open", { workflowType: type });
});

test.afterAll(async () => {
  if (openRun) await terminate(swf, openRun).catch(() => {});
});

const runUrl = (r: Run, search = "") =>
  `/domains/${encodeURIComponent(r.domain)}/executions/${encodeURIComponent(r.workflowId)}/${encodeURIComponent(r.runId)}${search}`;

/** `2026-12-07 13:40:17` of an ISO instant, in UTC or in Tokyo (UTC+9, no daylight saving). */
function wall(iso: string, zone: "utc" | "tokyo"): string {
  const ms = Date.parse(iso) + (zone === "tokyo" ? 9 * 3_600_000 : 0);
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

test("switching to UTC on a closed run's page changes its summary, history and timeline at once", async ({
  page,
}) => {
  await page.goto(runUrl(run));
  const started = page.getByTestId("field-started").locator("time");
  await expect(started).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const iso = (await started.getAttribute("datetime"))!;
  await expect(started).toHaveText(wall(iso, "tokyo"));
  const firstRowTime = page.locator('[data-event-id="1"] [role="cell"]').nth(1);
  await expect(firstRowTime).toContainText(wall(iso, "tokyo").slice(11));

  await page.getByTestId("time-settings").selectOption("utc-absolute");
  // A UTC time says so to screen readers (" UTC", visually hidden).
  await expect(started).toHaveText(`${wall(iso, "utc")} UTC`);
  await expect(firstRowTime).toContainText(wall(iso, "utc").slice(11));

  await page.getByRole("tab", { name: "Timeline" }).click();
  const axis = page.getByTestId("timeline").locator("svg text").first();
  await expect(axis).toHaveText(wall(iso, "utc").slice(11));
  await page.getByTestId("time-settings").selectOption("local-absolute");
  await expect(axis).toHaveText(wall(iso, "tokyo").slice(11));
});

test("a relative date keeps counting on a page that does not poll", async ({ page }) => {
  await page.clock.install();
  await page.goto("/users");
  await page.getByTestId("time-settings").selectOption("local-relative");
  const lastLogin = page.locator('[data-testid="user-row"][data-username="admin"] time');
  await expect(lastLogin).toHaveText(/ago$/);
  const before = await lastLogin.textContent();
  await page.clock.fastForward("02:00:00");
  await expect(lastLogin).not.toHaveText(before!);
  await expect(lastLogin).toHaveText(/^\d+h ago$/);
});

test("relative dates reach the run summary: Started and Closed read 'ago', the exact time in the tooltip", async ({
  page,
}) => {
  await page.goto(runUrl(run));
  const started = page.getByTestId("field-started").locator("time");
  const closed = page.getByTestId("field-closed").locator("time");
  await expect(started).toHaveText(/^\d{4}-/);
  const iso = (await started.getAttribute("datetime"))!;
  await page.getByTestId("time-settings").selectOption("local-relative");
  await expect(started).toHaveText(/^\d+[smh] ago$/);
  await expect(closed).toHaveText(/^\d+[smh] ago$/);
  await expect(started).toHaveAttribute("title", iso);
  await expect(closed).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2}T/);
  await page.getByTestId("time-settings").selectOption("local-absolute");
  await expect(started).toHaveText(wall(iso, "tokyo"));
});

test("on an open run, relative Started, the running duration and the pending decision's wait count on together", async ({
  page,
}) => {
  await page.clock.install();
  await page.goto(runUrl(openRun));
  await page.getByTestId("time-settings").selectOption("local-relative");
  const started = page.getByTestId("field-started").locator("time");
  const duration = page.getByTestId("field-duration");
  const waiting = page.getByTestId("pending-decision").getByRole("cell").nth(2);
  await expect(started).toHaveText(/^\d+s ago$/);
  await expect(duration).toHaveText(/^\d/);
  await expect(waiting).toHaveText(/^\d/);
  await page.clock.fastForward("05:00");
  await expect(started).toHaveText("5m ago");
  await expect(duration).toHaveText(/^5m \d\ds$/);
  await expect(waiting).toHaveText(/^5m \d\ds$/);
  await page.clock.fastForward("01:00:00");
  await expect(started).toHaveText("1h ago");
  await expect(duration).toHaveText(/^1h 05m$/);
  await expect(waiting).toHaveText(/^1h 05m$/);
});
