// Comparing two runs, against a real engine and a production build: runs seeded through the SDK,
// then "Compare with…" from an execution page (default: the latest completed run of the same
// type) and an explicit `?with=`: aligned work, JSON diffs, timing, the first divergence.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { executionHref } from "../components/links";
import { compareHref } from "../components/compare/compare-url";
import { seedDetailScenarios, swfClient, type DetailScenarios } from "./support/detail-seed";

const client = swfClient();
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const DOMAIN = "compare-e2e";
let s: DetailScenarios;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  s = await seedDetailScenarios(client, suffix, DOMAIN);
});

test("Compare with… defaults to the latest completed run of the same type", async ({ page }) => {
  await page.goto(executionHref(DOMAIN, s.failed.workflowId, s.failed.runId));
  await page.getByTestId("compare-link").click();
  await expect(page).toHaveURL(/\/compare$/);
  await expect(page.getByRole("heading", { name: "Compare runs" })).toBeVisible();
  // The same trail as every page: Domains / domain / run / compare.
  const trail = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(trail.getByRole("link")).toHaveText(["Domains", DOMAIN, s.failed.workflowId]);
  await expect(trail.locator("[aria-current=page]")).toHaveText("compare");
  // The failed order run's type (DetailOrder) has one completed run: the seeded order.
  await expect(page.getByTestId("compare-b")).toContainText(s.order.runId);
  // The other runs on offer carry their start time as every date in the console reads.
  const offered = page.getByRole("combobox", { name: "Compare with a recent run" });
  await expect(offered.locator("option").nth(1)).toHaveText(
    / · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
  );
  // Relative dates: the options read as a <Time> does, although an option cannot hold one.
  await page.getByTestId("time-settings").selectOption("local-relative");
  await expect(offered.locator("option").nth(1)).toHaveText(/ · \d+[smhd] ago$/);
  await page.getByTestId("time-settings").selectOption("local-absolute");
  await expect(offered.locator("option").nth(1)).toHaveText(/ · \d{4}-\d{2}-\d{2} /);

  const table = page.getByTestId("comparison-table");
  await expect(table).toBeVisible();
  const keys = await table
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")));
  expect(keys).toEqual([
    "activity:validate#1",
    "activity:charge#1",
    "activity:charge#2",
    "timer:settle#1",
    "marker:payment-captured#1",
    `child:${s.order.workflowId}-ship#1`,
    "signal:address-updated#1",
  ]);
  // Run B validated the order first: that is where the runs part.
  const first = table.locator("tr[data-first-divergence]");
  await expect(first).toHaveCount(1);
  await expect(first).toHaveAttribute("data-key", "activity:validate#1");
  await expect(first).toContainText("first divergence");
  const summary = page.getByTestId("first-divergence-summary");
  await expect(summary).toContainText("activity validate — only in run B");
  await expect(summary).toContainText("inputs differ too");
  await expect(page.getByTestId("compare-counts")).toContainText("1 different");
  await expect(page.getByTestId("compare-counts")).toContainText("6 only in B");
});

test("an explicit run: outcomes, JSON diffs of inputs and results, timing", async ({
  page,
}, testInfo) => {
  await page.goto(compareHref(DOMAIN, s.order, s.failed));
  await expect(page.getByTestId("compare-b")).toContainText(s.failed.runId);
  const table = page.getByTestId("comparison-table");
  const charge = table.locator('tr[data-key="activity:charge#1"]');
  await expect(charge).toHaveAttribute("data-differs", "true");
  await expect(charge.locator("[data-status]").first()).toHaveAttribute("data-status", "failed");
  await charge.locator("summary").click();
  // Run A charged {"amount":99.5}; run B's charge had no input.
  const diff = charge.getByTestId("diff-input");
  await expect(diff.locator("[data-diff=removed]")).toContainText('"amount": 99.5');
  await expect(diff.locator("[data-diff=added]")).toHaveCount(0);

  // The runs themselves: A completed with a result, B failed.
  const runs = page.getByRole("region", { name: "Run differences" });
  await expect(runs).toContainText("Run A completed, run B failed");
  await expect(runs.getByTestId("diff-result").locator("[data-diff=removed]")).toContainText(
    "shipped",
  );
  await expect(page.getByTestId("first-divergence-summary")).toContainText("only in run A");
  const shot = await page.screenshot({ fullPage: true });
  await testInfo.attach("comparison", { body: shot, contentType: "image/png" });
  if (process.env.SCREENS_DIR) {
    mkdirSync(process.env.SCREENS_DIR, { recursive: true });
    writeFileSync(join(process.env.SCREENS_DIR, "comparison.png"), shot);
  }
});

test("a run that is not workflowId/runId is reported", async ({ page }) => {
  await page.goto(
    `${executionHref(DOMAIN, s.order.workflowId, s.order.runId)}/compare?with=nonsense`,
  );
  await expect(page.getByRole("alert").filter({ hasText: "is not a run" })).toBeVisible();
});

test("comparing a run that does not exist says so, instead of searching for ever", async ({
  page,
}) => {
  await page.goto(`${executionHref(DOMAIN, s.order.workflowId, "no-such-run")}/compare`);
  await expect(
    page.getByRole("alert").filter({ hasText: "Could not load this run" }),
  ).toContainText("Unknown execution");
  await expect(page.getByText("Looking for a completed run of the same type")).toHaveCount(0);
});
