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
  // A type registered just now: its creation date reads in seconds, and moves on by itself (the
  // page's one clock ticks; the types panel does not refetch).
  const domain = await createDomain(swf, "e2e-dates-tick");
  await registerWorkflowType(swf, domain, { name: "Fresh", version: "1" });
  await page.goto(`/domains/${encodeURIComponent(domain)}?tab=workflow-types`);
  await page.getByTestId("time-settings").selectOption("local-relative");
  const created = page.getByTestId("type-row").filter({ hasText: "Fresh" }).locator("time").first();
  await expect(created).toHaveText(/^\d+s ago$/);
  const before = await created.textContent();
  await expect(created).not.toHaveText(before!);
  await expect(created).toHaveText(/^\d+[sm] ago$/);
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

/** Seconds of `12s ago`, `12s`, `4.2s`, `739ms` or `1m 05s`. */
function seconds(text: string): number {
  const ms = /^(\d+)ms/.exec(text);
  if (ms) return Number(ms[1]) / 1000;
  const m = /^(?:(\d+)m )?(\d+(?:\.\d)?)s/.exec(text);
  if (!m) throw new Error(`not a duration in seconds: ${text}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
}

test("on an open run, relative Started, the running duration and the pending decision's wait count on together", async ({
  page,
}) => {
  const fresh = await seedExecution(swf, run.domain, "open", {
    workflowType: { name: "Dated", version: "1" },
  });
  try {
    await page.goto(runUrl(fresh));
    await page.getByTestId("time-settings").selectOption("local-relative");
    const started = page.getByTestId("field-started").locator("time");
    const duration = page.getByTestId("field-duration");
    const waiting = page.getByTestId("pending-decision").getByRole("cell").nth(2);
    await expect(started).toHaveText(/^\d+s ago$/);
    await expect(duration).toHaveText(/^\d/);
    await expect(waiting).toHaveText(/^\d/);
    // The three read one clock: read together, they agree to the second, and move on together.
    const read = () =>
      page.evaluate(() =>
        ["field-started", "field-duration"]
          .map((id) => document.querySelector(`[data-testid=${id}]`)!.textContent!)
          .concat(
            document.querySelectorAll("[data-testid=pending-decision] :is(td, [role=cell])")[2]!
              .textContent!,
          ),
      );
    const first = (await read()).map(seconds);
    await expect.poll(async () => seconds((await read())[0])).toBeGreaterThan(first[0]);
    const [s, d, w] = (await read()).map(seconds);
    expect(Math.abs(s - d)).toBeLessThanOrEqual(1);
    expect(Math.abs(d - w)).toBeLessThanOrEqual(1);
  } finally {
    await terminate(swf, fresh).catch(() => {});
  }
});

test("with the browser's clock 30 minutes slow, relative dates and running durations count from the server's time: run page, executions list, audit log", async ({
  page,
}) => {
  const fresh = await seedExecution(swf, run.domain, "open", {
    workflowType: { name: "Dated", version: "1" },
  });
  try {
    await page.clock.install({ time: new Date(Date.now() - 30 * 60_000) });
    await page.goto(runUrl(fresh));
    await page.getByTestId("time-settings").selectOption("local-relative");
    // Counted from the browser's clock these would read "in 29m" and "-29m 50s".
    await expect(page.getByTestId("field-started").locator("time")).toHaveText(/^\d+s ago$/);
    await expect(page.getByTestId("field-duration")).toHaveText(/^\d+(\.\d)?s$/);
    await expect(page.getByTestId("pending-decision").getByRole("cell").nth(2)).toHaveText(
      /^\d+(\.\d)?s$/,
    );

    // A console action just now, for the audit log.
    await page.getByTestId("action-signal").click();
    await page.getByTestId("signal-name").fill("skewed");
    await page.getByTestId("signal-submit").click();
    await expect(page.getByTestId("signal-dialog").getByTestId("success")).toBeVisible();
    await page.getByTestId("dialog-done").click();

    await page.goto(`/domains/${encodeURIComponent(run.domain)}`);
    const row = page.locator(`[data-testid=execution-row][data-workflow-id="${fresh.workflowId}"]`);
    await expect(row.locator("time").first()).toHaveText(/^\d+s ago$/);
    await expect(row.getByTestId("execution-duration")).toHaveText(/^\d+(\.\d)?s$/);

    await page.goto(`/audit?target=${encodeURIComponent(fresh.workflowId)}`);
    const entry = page.getByTestId("audit-row").first();
    await expect(entry).toContainText("SignalWorkflowExecution");
    await expect(entry.locator("time")).toHaveText(/^\d+s ago$/);
  } finally {
    await terminate(swf, fresh).catch(() => {});
  }
});
