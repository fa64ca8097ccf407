/**
 * Push, not polls (components/live, app/api/live, the engine's change feed): a signal reaches an
 * open execution page through the live stream without the page polling; a new execution appears
 * on an open list; with the stream cut the page says so and falls back to polling.
 */
import { expect, test, type Page } from "@playwright/test";
import {
  createDomain,
  e2eSwf,
  registerWorkflowType,
  seedExecution,
  signal,
  startExecution,
} from "./support/swf";

const swf = e2eSwf();
const TYPE = { name: "LiveOrder", version: "1" };
const signaledRow = (page: Page) =>
  page.locator("[data-testid=history-table] [role=row][data-event-type=WorkflowExecutionSignaled]");
const executionUrl = (r: { domain: string; workflowId: string; runId: string }) =>
  `/domains/${encodeURIComponent(r.domain)}/executions/${encodeURIComponent(r.workflowId)}/${encodeURIComponent(r.runId)}`;

/** Counts the page's own history reads. */
function countHistoryCalls(page: Page) {
  const counter = { n: 0 };
  page.on("request", (r) => {
    if (r.url().includes("/api/swf/GetWorkflowExecutionHistory")) counter.n++;
  });
  return counter;
}

test("a signal is pushed to an open execution page, without the page polling", async ({ page }) => {
  const domain = await createDomain(swf, "live");
  await registerWorkflowType(swf, domain, TYPE);
  const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
  const calls = countHistoryCalls(page);
  await page.goto(executionUrl(run));
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("history-row-count")).toHaveText(/2 events/);
  // Let the page settle (its first reads, the re-read when the stream opened), then watch.
  await page.waitForTimeout(3000);
  const before = calls.n;
  await signal(swf, run, "poke", '{"live":true}');
  await expect(signaledRow(page)).toHaveCount(1);
  await expect(signaledRow(page)).toContainText("poke");
  // The event came over the stream: the page fetched no history for it.
  expect(calls.n).toBe(before);
});

test("a new execution shows on an open list", async ({ page }) => {
  const domain = await createDomain(swf, "live-list");
  await registerWorkflowType(swf, domain, TYPE);
  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("execution-row")).toHaveCount(0);
  await startExecution(swf, domain, { workflowType: TYPE, workflowId: "pushed-order" });
  await expect(page.getByTestId("execution-row")).toHaveCount(1);
  await expect(page.getByTestId("execution-row")).toContainText("pushed-order");
});

test("with the stream cut the page says so and polls", async ({ page }) => {
  await page.route("**/api/live?**", (route) => route.abort());
  const domain = await createDomain(swf, "live-cut");
  await registerWorkflowType(swf, domain, TYPE);
  const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
  const calls = countHistoryCalls(page);
  await page.goto(executionUrl(run));
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "polling");
  await expect(page.getByTestId("live-status")).toHaveText("Polling");
  await expect(page.getByTestId("history-row-count")).toHaveText(/2 events/);
  const before = calls.n;
  await signal(swf, run, "poke", '{"live":false}');
  await expect(signaledRow(page)).toHaveCount(1);
  expect(calls.n).toBeGreaterThan(before);
});
