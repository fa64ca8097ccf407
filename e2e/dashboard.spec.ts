/**
 * The domain dashboard (/domains/[domain]/dashboard): started and closed per interval with the
 * close-status breakdown, open executions, task-list backlog with the last worker pick-up, and
 * activity-type latencies from sampled histories.
 */
import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  createDomain,
  e2eSwf,
  registerActivityType,
  registerWorkflowType,
  seedExecution,
} from "./support/swf";

const swf = e2eSwf();
const TYPE = { name: "DashOrder", version: "1" };
const ACTIVITY = { name: "PackBox", version: "1" };

test("dashboard: throughput by close status, open executions, task lists, activity latencies", async ({
  page,
}) => {
  const domain = await createDomain(swf, "dash");
  await registerWorkflowType(swf, domain, TYPE);
  await registerActivityType(swf, domain, ACTIVITY);
  await seedExecution(swf, domain, "withActivities", {
    workflowType: TYPE,
    activityType: ACTIVITY,
  });
  await seedExecution(swf, domain, "completed", { workflowType: TYPE });
  await seedExecution(swf, domain, "failed", { workflowType: TYPE });
  await seedExecution(swf, domain, "open", { workflowType: TYPE });

  await page.goto(`/domains/${encodeURIComponent(domain)}/dashboard?window=1h`);
  const view = page.getByTestId("dashboard-view");
  // The first report reads every list and history of the window: allow for a busy machine.
  await expect(view.getByRole("region", { name: /Started and closed per 5 min/ })).toContainText(
    "4 started, 3 closed",
    { timeout: 30_000 },
  );
  await expect(view.getByRole("region", { name: "Open executions" })).toContainText(
    // A fresh domain: nothing was open when the window began (an exact count, not a walk-back).
    "1 open now · 0 at the window's start",
  );
  await expect(
    page.getByTestId("chart-throughput").locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await expect(page.getByTestId("chart-open").locator(".recharts-area")).toBeVisible();
  const activities = view.getByRole("table", { name: "Activity latencies" });
  await expect(activities.getByRole("row", { name: /PackBox@1/ })).toContainText("2");
  const lists = view.getByRole("table", { name: "Task lists" });
  await expect(lists.getByRole("row")).not.toHaveCount(1);
  await expect(lists).toContainText("e2e-worker");
  // The open run's first decision task waits on its task list.
  await expect(lists.getByTestId("backlog").filter({ hasText: "1" }).first()).toBeVisible();

  if (process.env.SCREENS_DIR) {
    mkdirSync(process.env.SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(process.env.SCREENS_DIR, "dashboard.png"), fullPage: true });
  }

  await page.locator("label", { hasText: "7 d" }).click();
  await expect(page).toHaveURL(/window=7d/);
  await expect(view.getByRole("region", { name: /per 6 h/ })).toBeVisible();
});

test("slowest activity types: every bar of the chart is named, even with eight types", async ({
  page,
}) => {
  const domain = await createDomain(swf, "dash-names");
  await registerWorkflowType(swf, domain, TYPE);
  const names = Array.from({ length: 8 }, (_, i) => `Step${i + 1}`);
  for (const name of names) {
    const activityType = { name, version: "1" };
    await registerActivityType(swf, domain, activityType);
    await seedExecution(swf, domain, "withActivities", { workflowType: TYPE, activityType });
  }

  await page.goto(`/domains/${encodeURIComponent(domain)}/dashboard?window=1h`);
  const activities = page.getByRole("table", { name: "Activity latencies" });
  await expect(activities.getByRole("row")).toHaveCount(names.length + 1, { timeout: 30_000 });
  // One label on the chart's category axis per type, none dropped for want of room.
  const labels = page.getByTestId("chart-activities").locator(".recharts-yAxis-tick-labels text");
  await expect(labels).toHaveCount(names.length);
  expect((await labels.allTextContents()).sort()).toEqual(names.map((n) => `${n}@1`).sort());
});
