// "Import a history": the JSON that `aws swf get-workflow-execution-history` prints, pasted or
// uploaded, shown in the history, timeline, graph and JSON views without any call to the server.
import { expect, test, type Page } from "@playwright/test";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { failedHistory, retriesHistory } from "../tests/fixtures/histories";

/** The AWS CLI's shape: `{"events": [...]}` with epoch-second timestamps. */
function cliJson(events: HistoryEvent[]): string {
  return JSON.stringify(
    { events: events.map((e) => ({ ...e, eventTimestamp: e.eventTimestamp!.getTime() / 1000 })) },
    null,
    4,
  );
}

/** Requests through the console's door to SWF made from now on (the header's inbox badge polls its own API). */
function swfCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/swf/")) calls.push(r.url());
  });
  return calls;
}

test("a pasted CLI history is shown in the history, timeline, graph and JSON views", async ({
  page,
}) => {
  await page.goto("/import");
  await expect(page.getByRole("heading", { name: "Import a history" })).toBeVisible();
  const calls = swfCalls(page);
  const events = retriesHistory();
  await page.getByLabel("History JSON").fill(cliJson(events));
  await page.getByRole("button", { name: "Show history" }).click();

  const imported = page.getByTestId("imported-history");
  await expect(imported).toContainText("OrderWorkflow");
  await expect(imported).toContainText(`${events.length} events from pasted text`);
  const rows = page.locator("[data-testid=history-table] [role=row][data-event-id]");
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText("WorkflowExecutionStarted");

  await page.getByRole("tab", { name: /Timeline/ }).click();
  const chart = page.getByTestId("timeline-chart");
  const activities = chart.locator("g[data-kind=activity]");
  await expect(activities).toHaveCount(3);
  expect(
    await activities.evaluateAll((els) => els.map((e) => e.getAttribute("data-status"))),
  ).toEqual(["failed", "timedOut", "completed"]);
  await expect(chart.locator("g[data-kind=timer]")).toHaveCount(2);

  await page.getByRole("tab", { name: /Graph/ }).click();
  const canvas = page.getByTestId("graph-canvas");
  await expect(canvas.locator("[data-node-kind=start]")).toHaveCount(1);
  await expect(canvas.locator("[data-node-kind=end]")).toHaveAttribute("data-status", "completed");
  await expect(canvas.locator("[data-node-kind=activity]")).toHaveCount(3);

  await page.getByRole("tab", { name: /JSON/ }).click();
  await expect(page.getByRole("tabpanel")).toContainText('"eventType": "ActivityTaskScheduled"');

  // Everything above ran in the browser: the import never asked SWF for anything.
  expect(calls).toEqual([]);
});

test("an uploaded file; bad input gets a clear message", async ({ page }) => {
  await page.goto("/import");
  await page.getByLabel("History JSON").fill('{"events": [');
  await page.getByRole("button", { name: "Show history" }).click();
  await expect(page.getByTestId("import-error")).toContainText("This is not JSON");

  await page.getByLabel("History JSON").fill('{"executionInfos": []}');
  await page.getByRole("button", { name: "Show history" }).click();
  await expect(page.getByTestId("import-error")).toContainText('an object with an "events" list');

  await page.getByLabel("Upload a history file").setInputFiles({
    name: "payment-failed.json",
    mimeType: "application/json",
    buffer: Buffer.from(cliJson(failedHistory())),
  });
  const imported = page.getByTestId("imported-history");
  await expect(imported).toContainText("from payment-failed.json");
  await expect(page.getByTestId("close-reason")).toHaveText(
    "FAILED: PaymentFailed · after ChargeCard failed: CardDeclined",
  );
  // Workflow data is shown as text, never as markup.
  await page.getByRole("button", { name: "Import another" }).click();
  const evil = failedHistory();
  evil[0].workflowExecutionStartedEventAttributes!.input = '<img src=x onerror="window.__x=1">';
  await page.getByLabel("History JSON").fill(cliJson(evil));
  await page.getByRole("button", { name: "Show history" }).click();
  await expect(page.getByTestId("imported-history")).toBeVisible();
  await page.locator("[data-testid=history-table] [role=row][data-event-id='1']").click();
  expect(await page.evaluate(() => (window as { __x?: number }).__x)).toBeUndefined();
});
