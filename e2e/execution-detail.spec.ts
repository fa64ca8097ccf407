// The execution page against a real engine and a production build: histories seeded through the
// SDK (e2e/support/detail-seed.ts), then summary, pending work, history, timeline, graph, JSON,
// live updates, links between runs and accessibility checked in Chromium.
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import {
  GetWorkflowExecutionHistoryCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type Decision,
} from "@aws-sdk/client-swf";
import { executionHref, taskListsHref } from "../components/links";
import {
  DETAIL_DOMAIN,
  ensureDomain,
  pollDecision,
  FAIL_DETAILS,
  FAIL_REASON,
  TERMINATE_REASON,
  fullHistory,
  seedDetailScenarios,
  seedLargeHistory,
  signal,
  swfClient,
  terminateQuietly,
  type DetailScenarios,
  type Execution,
} from "./support/detail-seed";

const client = swfClient();
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let s: DetailScenarios;

const url = (e: Execution, search = "") => executionHref(s.domain, e.workflowId, e.runId, search);

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, {
    body: await page.screenshot({ fullPage: false }),
    contentType: "image/png",
  });
}

async function expectNoSeriousAxeViolations(page: Page, testInfo: TestInfo, label: string) {
  // The page's own content; the console shell (header, navigation) is checked by its own tests.
  const results = await new AxeBuilder({ page }).include("main").analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  if (serious.length > 0) {
    await testInfo.attach(`axe-${label}.json`, {
      body: JSON.stringify(serious, null, 2),
      contentType: "application/json",
    });
  }
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe (${label})`,
  ).toEqual([]);
}

/** Event ids and types of the rows the history table currently renders, ascending. */
async function renderedRows(page: Page): Promise<{ id: number; type: string }[]> {
  const rows = await page
    .locator("[data-testid=history-table] [role=row][data-event-id]")
    .evaluateAll((els) =>
      els.map((el) => ({
        id: Number((el as HTMLElement).dataset.eventId),
        type: (el as HTMLElement).dataset.eventType ?? "",
      })),
    );
  return rows.sort((a, b) => a.id - b.id);
}

const row = (page: Page, id: number) =>
  page.locator(`[data-testid=history-table] [role=row][data-event-id="${id}"]`);

test.describe("execution detail", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    s = await seedDetailScenarios(client, suffix);
  });

  test.afterAll(async () => {
    if (!s) return;
    for (const e of [s.open, s.openChild, s.abandonedChild])
      await terminateQuietly(client, s.domain, e);
  });

  test("summary of a completed run", async ({ page }, testInfo) => {
    await page.goto(url(s.order));
    await expect(page.getByTestId("workflow-id")).toHaveText(s.order.workflowId);
    await expect(page.getByTestId("execution-status")).toHaveText("Completed");
    await expect(page.getByTestId("run-id")).toHaveText(s.order.runId);
    await expect(page.getByTestId("field-type")).toHaveText("DetailOrder v1");
    await expect(page.getByTestId("field-events")).toHaveText("42");
    await expect(page.getByTestId("field-closed")).not.toHaveText("still open");
    await expect(page.getByTestId("field-duration")).toHaveText(/^\d/);
    await expect(page.getByTestId("field-tags")).toHaveText(/e2e\s*order/);
    await expect(page.getByLabel("Input", { exact: true })).toContainText('"orderId": "o-1"');
    // The result the engine recorded, every field of it, as the console shows it.
    const completed = (await fullHistory(client, s.domain, s.order)).find(
      (e) => e.eventType === "WorkflowExecutionCompleted",
    );
    const recorded = completed!.workflowExecutionCompletedEventAttributes!.result!;
    expect(JSON.parse(recorded)).toEqual({ status: "shipped", tracking: "T-1" });
    for (const [key, value] of Object.entries(JSON.parse(recorded) as Record<string, unknown>))
      await expect(page.getByLabel("Result", { exact: true })).toContainText(
        `"${key}": ${JSON.stringify(value)}`,
      );
    await expect(page.getByTestId("pending-work")).toHaveCount(0);
    await expect(page.getByRole("tab", { name: /History/ })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await attachScreenshot(page, testInfo, "history-tab");
  });

  test("history rows match the SDK's history; filter; expand", async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 2600 });
    const expected = await fullHistory(client, s.domain, s.order);
    expect(expected).toHaveLength(42);
    await page.goto(url(s.order, "tab=history"));
    await expect(page.getByTestId("history-row-count")).toHaveText("42 events");
    await expect(row(page, 42)).toBeVisible();
    expect(await renderedRows(page)).toEqual(
      expected.map((e) => ({ id: e.eventId, type: e.eventType })),
    );
    await expect(
      page.getByRole("table", { name: "Event history" }).getByRole("columnheader"),
    ).toHaveText(["ID", /Time/, "Type", "Details"]);

    // Category filter: hide activities, then show only timers.
    const filter = page.getByTestId("category-filter");
    await filter.locator("[data-category=activity]").click();
    await expect(page.getByTestId("history-row-count")).toHaveText("33 of 42 events");
    expect((await renderedRows(page)).filter((r) => r.type.startsWith("ActivityTask"))).toEqual([]);
    await filter.locator("[data-category=timer]").dblclick();
    await expect(page.getByTestId("history-row-count")).toHaveText("2 of 42 events");
    expect((await renderedRows(page)).map((r) => r.type)).toEqual(["TimerStarted", "TimerFired"]);
    await filter.getByRole("button", { name: "Show all" }).click();
    await expect(page.getByTestId("history-row-count")).toHaveText("42 events");

    // Expand the failed attempt: every attribute, as text.
    const failed = expected.find((e) => e.eventType === "ActivityTaskFailed")!;
    await row(page, failed.eventId!)
      .getByRole("button", { name: `Event ${failed.eventId} ActivityTaskFailed` })
      .click();
    const details = page.getByTestId("event-details");
    await expect(details).toHaveCount(1);
    await expect(details.locator("[data-attribute=reason]")).toHaveText("CardDeclined");
    await expect(details.locator("[data-attribute=details]")).toHaveText("insufficient funds");
    await expect(details.locator("[data-attribute=scheduledEventId]")).toContainText(
      `#${failed.activityTaskFailedEventAttributes!.scheduledEventId}`,
    );
    await expect(page).toHaveURL(new RegExp(`[?&]event=${failed.eventId}(&|$)`));
  });

  test("deep link highlights the event after reload; references jump", async ({ page }) => {
    await page.goto(url(s.order, "tab=history&event=38"));
    const target = row(page, 38);
    await expect(target).toHaveAttribute("data-selected", "true");
    await expect(target).toBeInViewport();
    await expect(target).toHaveAttribute("data-event-type", "ChildWorkflowExecutionCompleted");
    // The keyboard arrives there too, as with a link to an anchor (and "Show event N").
    const focusedRow = page.locator(`[data-testid=history-table] [data-row-button="38"]`);
    await expect(focusedRow).toBeFocused();
    await page.reload();
    await expect(row(page, 38)).toHaveAttribute("data-selected", "true");
    await expect(row(page, 38)).toBeInViewport();
    await expect(focusedRow).toBeFocused();

    // ChildWorkflowExecutionCompleted → initiated #29 → decision #28.
    await row(page, 38).getByRole("button", { name: "initiated #29" }).click();
    await expect(page).toHaveURL(/[?&]event=29(&|$)/);
    await expect(row(page, 29)).toHaveAttribute("data-selected", "true");
    await expect(row(page, 29)).toBeInViewport();
    await row(page, 29).getByRole("button", { name: "decision #28" }).click();
    await expect(page).toHaveURL(/[?&]event=28(&|$)/);
    await expect(row(page, 28)).toHaveAttribute("data-event-type", "DecisionTaskCompleted");
    await expect(row(page, 28)).toHaveAttribute("data-selected", "true");
    // Far jumps scroll: from the last event to the first decision.
    await page.goto(url(s.order, "tab=history&event=42"));
    await expect(row(page, 42)).toBeInViewport();
    await page.getByRole("textbox", { name: "Go to event" }).fill("2");
    await page.getByRole("textbox", { name: "Go to event" }).press("Enter");
    await expect(row(page, 2)).toBeInViewport();
    await expect(row(page, 2)).toHaveAttribute("data-selected", "true");
    // Past the end of the history: said, not silently ignored.
    await expect(page.getByTestId("history-no-such-event")).toHaveCount(0);
    await page.getByRole("textbox", { name: "Go to event" }).fill("4200");
    await page.getByRole("textbox", { name: "Go to event" }).press("Enter");
    await expect(page.getByTestId("history-no-such-event")).toHaveText(
      "There is no event 4,200: this run has 42 events.",
    );
    await page.getByRole("textbox", { name: "Go to event" }).fill("3");
    await page.getByRole("textbox", { name: "Go to event" }).press("Enter");
    await expect(row(page, 3)).toHaveAttribute("data-selected", "true");
    await expect(page.getByTestId("history-no-such-event")).toHaveCount(0);
  });

  test("timeline bars for activities, timer, child, marker and signal", async ({
    page,
  }, testInfo) => {
    await page.goto(url(s.order, "tab=timeline"));
    const chart = page.getByTestId("timeline-chart");
    await expect(chart).toBeVisible();
    const bars = chart.locator("g[data-row-id]");
    const activities = chart.locator("g[data-kind=activity]");
    await expect(activities).toHaveCount(3);
    expect(
      await activities.evaluateAll((els) =>
        els.map((e) => [e.getAttribute("data-label"), e.getAttribute("data-status")]),
      ),
    ).toEqual([
      ["validate", "completed"],
      ["charge", "failed"],
      ["charge", "completed"],
    ]);
    await expect(chart.locator("g[data-kind=timer]")).toHaveAttribute("data-status", "completed");
    await expect(chart.locator("g[data-kind=timer]")).toHaveAttribute("data-label", "settle");
    await expect(chart.locator("g[data-kind=child]")).toHaveAttribute("data-status", "completed");
    await expect(chart.locator("g[data-kind=child]")).toHaveAttribute(
      "data-label",
      `${s.order.workflowId}-ship`,
    );
    await expect(chart.locator("g[data-kind=marker]")).toHaveAttribute(
      "data-label",
      "payment-captured",
    );
    await expect(chart.locator("g[data-kind=signal]")).toHaveAttribute(
      "data-label",
      "address-updated",
    );
    await expect(chart.locator("g[data-kind=workflow]")).toHaveAttribute(
      "data-status",
      "completed",
    );
    expect(await bars.count()).toBe(16);

    // Bars use the same colour as the list for the same status (checked on the History tab below).
    const failedFill = await chart
      .locator("g[data-kind=activity][data-status=failed] rect")
      .last()
      .evaluate((el) => getComputedStyle(el).fill);

    // Hover shows the details; focus on a row label too.
    await chart.locator("g[data-kind=activity][data-status=failed]").hover();
    const tooltip = page.getByTestId("timeline-tooltip");
    await expect(tooltip).toContainText("Attempt1 of 2");
    await expect(tooltip).toContainText("Failed");
    await expect(tooltip).toContainText("CardDeclined");
    await page.mouse.move(0, 0);
    await page.getByRole("button", { name: /^timer settle/ }).focus();
    await expect(page.getByTestId("timeline-tooltip")).toContainText("settle");
    await attachScreenshot(page, testInfo, "timeline-tab");

    // Clicking a bar selects its events; the History tab shows them highlighted.
    await chart.locator("g[data-kind=activity][data-status=failed]").click();
    await expect(page).toHaveURL(/[?&]row=activity-11(&|$)/);
    await expect(page).toHaveURL(/[?&]event=11(&|$)/);
    await page.getByRole("tab", { name: /History/ }).click();
    await expect(row(page, 11)).toHaveAttribute("data-selected", "true");
    await expect(row(page, 12)).toHaveAttribute("data-highlighted", "true");
    await expect(row(page, 13)).toHaveAttribute("data-highlighted", "true");
    const failedDot = await row(page, 13)
      .locator("[data-status-dot=failed]")
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(failedDot).toBe(failedFill);
  });

  test("the timeline's name column resizes by drag and by keyboard, and stays so", async ({
    page,
  }) => {
    await page.goto(url(s.order, "tab=timeline"));
    const handle = page.getByRole("separator", { name: "Name column width" });
    const label = page.getByRole("button", { name: /^timer settle/ });
    await expect(handle).toHaveAttribute("aria-valuenow", "280");
    const widthOf = async () => (await label.boundingBox())!.width;
    const before = await widthOf();

    // Drag the edge 120 px to the right.
    const box = (await handle.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, y, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2 + 120, y, { steps: 4 });
    await page.mouse.up();
    await expect(handle).toHaveAttribute("aria-valuenow", "400");
    await expect.poll(widthOf).toBeCloseTo(before + 120, 0);

    // Keys: ← narrows by 16 px, Shift+→ widens by 64, Home goes to the minimum.
    await handle.focus();
    await page.keyboard.press("ArrowLeft");
    await expect(handle).toHaveAttribute("aria-valuenow", "384");
    await page.keyboard.press("Shift+ArrowRight");
    await expect(handle).toHaveAttribute("aria-valuenow", "448");

    // Remembered by this browser: a reload keeps the width.
    await page.reload();
    await expect(handle).toHaveAttribute("aria-valuenow", "448");
    await expect.poll(widthOf).toBeCloseTo(before + 168, 0);
    await handle.focus();
    await page.keyboard.press("Home");
    await expect(handle).toHaveAttribute("aria-valuenow", "160");
    await page.evaluate(() => localStorage.removeItem("swf-console.timeline.name-width"));
  });

  test("on a phone (390px) the timeline's bars get the room: the whole run in view beside a narrower name column", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url(s.order, "tab=timeline"));
    const chart = page.getByTestId("timeline-chart");
    await expect(chart.locator("g[data-kind=activity]").first()).toBeVisible();
    const box = page.getByTestId("timeline-scroll");
    const { scrollWidth, clientWidth } = await box.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    // At zoom 1 nothing hides to the right, and the bars have more than half of the box.
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const handle = page.getByRole("separator", { name: "Name column width" });
    expect(Number(await handle.getAttribute("aria-valuenow"))).toBeLessThanOrEqual(
      clientWidth * 0.4,
    );
    expect((await chart.boundingBox())!.width).toBeGreaterThan(clientWidth / 2);
    // The narrower column still shows the names (the kind is left to the row's label).
    const name = page.getByRole("button", { name: /^timer settle/ }).locator("span.font-medium");
    await expect(name).toHaveText("settle");
    // Shown whole, not cut to an ellipsis (whatever the machine's font makes of its width).
    expect(
      await name.evaluate((el) => el.scrollWidth <= el.clientWidth && el.clientWidth > 0),
    ).toBe(true);
    // Zooming in still scrolls sideways, under the names.
    await page.getByRole("button", { name: "Zoom in" }).click();
    await expect.poll(() => box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });

  test("the page takes the whole width, at 1440px and on a phone; one live indicator, beside the run's status", async ({
    page,
  }) => {
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url(s.open));
      const detail = page.getByTestId("execution-detail");
      await expect(detail.getByTestId("live-status")).toBeVisible();
      const room = await page.locator("main").evaluate((el) => {
        const style = getComputedStyle(el);
        return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      });
      expect((await detail.boundingBox())!.width, `at ${width}px`).toBeCloseTo(room, 0);
    }
    // An open run: one indicator on the whole page, in the run's header beside its status, and
    // still one on every tab.
    const status = page.getByTestId("execution-status");
    const badge = page.getByTestId("live-status");
    await expect(badge).toHaveAttribute("data-status", "live");
    for (const tab of ["History", "Timeline", "Graph"]) {
      await page.getByRole("tab", { name: new RegExp(tab) }).click();
      await expect(badge).toHaveCount(1);
      await expect(page.getByText(/^Live$/)).toHaveCount(1);
    }
    expect(
      await status.evaluate(
        (el, other) => el.parentElement === other?.parentElement,
        await badge.elementHandle(),
      ),
    ).toBe(true);
  });

  test("the graph shows its nodes below the desktop breakpoint too: a tablet (800px) and a phone (390px)", async ({
    page,
  }) => {
    for (const width of [800, 390]) {
      await page.setViewportSize({ width, height: 844 });
      await page.goto(url(s.order, "tab=graph"));
      const canvas = page.getByTestId("graph-canvas");
      const start = canvas.locator("[data-node-kind=start]");
      await expect(start).toBeVisible();
      // In the DOM is not enough: the flow's own box must have a height, or every node is
      // clipped away by the canvas. What is painted at the start node's centre is the node.
      const flow = (await canvas.locator(".react-flow").boundingBox())!;
      expect(flow.height, `at ${width}px`).toBeGreaterThan(300);
      await start.scrollIntoViewIfNeeded();
      const painted = await start.evaluate((node) => {
        const r = node.getBoundingClientRect();
        return node.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
      });
      expect(painted, `start node painted at ${width}px`).toBe(true);
      // The overview is left out on a phone, where it would cover the graph.
      const overview = canvas.locator(".react-flow__minimap");
      await (width < 640 ? expect(overview).toBeHidden() : expect(overview).toBeVisible());
    }
  });

  test("graph nodes with statuses; clicking a node selects its events", async ({
    page,
  }, testInfo) => {
    await page.goto(url(s.order, "tab=graph"));
    const canvas = page.getByTestId("graph-canvas");
    await expect(canvas.locator(".react-flow__node").first()).toBeVisible();
    await expect(canvas.locator("[data-node-kind=start]")).toHaveCount(1);
    await expect(canvas.locator("[data-node-kind=end]")).toHaveAttribute(
      "data-status",
      "completed",
    );
    await expect(canvas.locator("[data-node-kind=activity][data-status=failed]")).toHaveCount(1);
    await expect(canvas.locator("[data-node-kind=activity][data-status=completed]")).toHaveCount(2);
    await expect(canvas.locator("[data-node-kind=timer]")).toHaveAttribute(
      "data-status",
      "completed",
    );
    await expect(canvas.locator("[data-node-kind=child]")).toHaveAttribute(
      "data-status",
      "completed",
    );
    await expect(canvas.locator("[data-node-kind=marker]")).toHaveCount(1);
    await expect(canvas.locator("[data-node-kind=signal]")).toHaveCount(1);
    await expect(canvas.locator(".react-flow__minimap")).toBeVisible();
    // Nodes are focusable and labelled.
    const failedNode = canvas.locator(".react-flow__node", {
      has: page.locator("[data-node-kind=activity][data-status=failed]"),
    });
    await expect(failedNode).toHaveAttribute(
      "aria-label",
      /activity ChargeCard \(charge\): Failed, 3 events/,
    );
    await expect(failedNode).toHaveAttribute("tabindex", "0");
    await attachScreenshot(page, testInfo, "graph-tab");

    await failedNode.click();
    await expect(page).toHaveURL(/[?&]node=activity-11(&|$)/);
    const selection = page.getByTestId("graph-selection-events");
    await expect(selection.getByRole("button")).toHaveText([
      /#11\s*ActivityTaskScheduled/,
      /#12\s*ActivityTaskStarted/,
      /#13\s*ActivityTaskFailed/,
    ]);
    // Keyboard: Enter on a focused node selects it.
    const timerNode = canvas.locator(".react-flow__node", {
      has: page.locator("[data-node-kind=timer]"),
    });
    await timerNode.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/[?&]node=timer-23(&|$)/);
    await expect(selection.getByRole("button")).toHaveText([
      /#23\s*TimerStarted/,
      /#25\s*TimerFired/,
    ]);

    await page.getByRole("button", { name: "Show in history →" }).click();
    await expect(page.getByRole("tab", { name: /History/ })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await expect(row(page, 23)).toHaveAttribute("data-selected", "true");

    // A child node links to the child run.
    await page.getByRole("tab", { name: /Graph/ }).click();
    const childNode = canvas.locator(".react-flow__node", {
      has: page.locator("[data-node-kind=child]"),
    });
    await childNode.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: `Open child run ${s.orderChild.workflowId} →` }).click();
    await expect(page).toHaveURL(url(s.orderChild));
    await expect(page.getByTestId("parent-link")).toHaveText(s.order.workflowId);
  });

  test("JSON tab: inert text and a download of every event", async ({ page }, testInfo) => {
    await page.goto(url(s.order, "tab=json"));
    const pre = page.getByLabel("History as JSON");
    await expect(pre).toContainText('"eventType": "WorkflowExecutionStarted"');
    await attachScreenshot(page, testInfo, "json-tab");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /Download JSON \(42 events\)/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^order-.*\.json$/);
    const body = JSON.parse(await readFile(await download.path(), "utf8")) as {
      events: { eventId: number; eventType: string }[];
    };
    expect(body.events.map((e) => e.eventId)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect(body.events.at(-1)?.eventType).toBe("WorkflowExecutionCompleted");
  });

  test("failed run shows reason and details", async ({ page }) => {
    await page.goto(url(s.failed));
    await expect(page.getByTestId("execution-status")).toHaveText("Failed");
    await expect(page.getByTestId("failure-reason")).toHaveText(FAIL_REASON);
    await expect(page.getByTestId("execution-failure")).toContainText(FAIL_DETAILS);
    await expect(page.getByTestId("field-events")).toHaveText("11");
  });

  test("continued-as-new runs link to each other", async ({ page }) => {
    await page.goto(url(s.continuedFirst));
    await expect(page.getByTestId("execution-status")).toHaveText("Continued as new");
    await expect(page.getByTestId("field-continued-from")).toHaveText("—");
    await page.getByTestId("next-run-link").click();
    await expect(page).toHaveURL(url(s.continuedSecond));
    await expect(page.getByTestId("run-id")).toHaveText(s.continuedSecond.runId);
    await expect(page.getByTestId("execution-status")).toHaveText("Completed");
    await expect(page.getByLabel("Input", { exact: true })).toHaveText("iteration 2");
    await page.getByTestId("previous-run-link").click();
    await expect(page).toHaveURL(url(s.continuedFirst));
    await expect(page.getByTestId("run-id")).toHaveText(s.continuedFirst.runId);
  });

  test("terminated parent; its child links back to it", async ({ page }, testInfo) => {
    await page.goto(url(s.terminatedParent, "tab=timeline"));
    await expect(page.getByTestId("execution-status")).toHaveText("Terminated");
    await expect(page.getByTestId("failure-reason")).toHaveText(TERMINATE_REASON);
    await expect(page.getByTestId("execution-failure")).toContainText("OPERATOR_INITIATED");
    // The child outlived its parent (ABANDON): its fate is unknown from this history.
    await expect(page.getByTestId("timeline-chart").locator("g[data-kind=child]")).toHaveAttribute(
      "data-status",
      "pending",
    );
    await page.getByRole("tab", { name: /History/ }).click();
    const started = page.locator(
      "[data-testid=history-table] [role=row][data-event-type=ChildWorkflowExecutionStarted]",
    );
    await started
      .getByRole("button", { name: /^Event \d+ ChildWorkflowExecutionStarted$/ })
      .click();
    await page
      .getByTestId("event-details")
      .getByRole("link", { name: new RegExp(s.abandonedChild.workflowId) })
      .click();
    await expect(page).toHaveURL(url(s.abandonedChild));
    await expect(page.getByTestId("execution-status")).toHaveText("Running");
    await attachScreenshot(page, testInfo, "abandoned-child");
    await page.getByTestId("parent-link").click();
    await expect(page).toHaveURL(url(s.terminatedParent));
    await expect(page.getByTestId("workflow-id")).toHaveText(s.terminatedParent.workflowId);
  });

  test("open run: pending work, live update on a signal, child link", async ({
    page,
  }, testInfo) => {
    await page.goto(url(s.open));
    await expect(page.getByTestId("execution-status")).toHaveText("Running");
    const pending = page.getByTestId("pending-work");
    await expect(pending.getByTestId("pending-activity")).toContainText("long-task");
    await expect(pending.getByTestId("pending-activity")).toContainText("started");
    await expect(pending.getByTestId("pending-activity")).toContainText("attempt 1");
    await expect(pending.getByTestId("pending-timer")).toContainText("reminder");
    const timerStarted = (await fullHistory(client, s.domain, s.open)).find(
      (e) => e.eventType === "TimerStarted",
    )!;
    const due = new Date(timerStarted.eventTimestamp!.getTime() + 3600_000);
    const clock = [due.getHours(), due.getMinutes(), due.getSeconds()]
      .map((n) => String(n).padStart(2, "0"))
      .join(":");
    await expect(pending.getByTestId("timer-fire-time")).toContainText(
      new RegExp(`fires ${clock} \\(in \\d+m`),
    );
    await expect(pending.getByTestId("pending-child")).toContainText(s.openChild.workflowId);
    await expect(pending.getByTestId("pending-decision")).toContainText("scheduled");
    await expect(pending.getByTestId("open-counts")).toContainText("1 activity");
    await attachScreenshot(page, testInfo, "open-run");

    const before = await page.getByTestId("history-row-count").textContent();
    await signal(client, s.domain, s.open, "poke", '{"live":true}');
    const signaled = page.locator(
      "[data-testid=history-table] [role=row][data-event-type=WorkflowExecutionSignaled]",
    );
    await expect(signaled).toHaveCount(1, { timeout: 10_000 });
    await expect(signaled).toContainText("poke");
    expect(await page.getByTestId("history-row-count").textContent()).not.toBe(before);

    // "Show event N" takes the keyboard to that event's row, as a link to an anchor would.
    await page.getByRole("tab", { name: /Timeline/ }).click();
    const show = pending.getByTestId("pending-timer").getByRole("button", { name: /^Show event/ });
    const eventId = ((await show.textContent()) ?? "").replace("#", "");
    await show.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("tab", { name: /History/ })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await expect(
      page.locator(`[data-testid=history-table] [data-row-button="${eventId}"]`),
    ).toBeFocused();

    await pending.getByTestId("pending-child").getByRole("link").click();
    await expect(page).toHaveURL(url(s.openChild));
    await expect(page.getByTestId("parent-link")).toHaveText(s.open.workflowId);
  });

  test("no serious accessibility violations on any tab", async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    const ready: Record<string, (p: Page) => Promise<void>> = {
      history: (p) => expect(row(p, 13)).toHaveAttribute("data-selected", "true"),
      timeline: (p) =>
        expect(
          p.getByTestId("timeline-chart").locator("g[data-kind=activity]").first(),
        ).toBeVisible(),
      graph: (p) =>
        expect(p.getByTestId("graph-canvas").locator(".react-flow__node").first()).toBeVisible(),
      json: (p) =>
        expect(p.getByLabel("History as JSON")).toContainText("WorkflowExecutionStarted"),
    };
    for (const tab of ["history", "timeline", "graph", "json"]) {
      await page.goto(url(s.order, `tab=${tab}&event=13`));
      await expect(page.getByRole("tab", { selected: true })).toHaveAttribute("id", `tab-${tab}`);
      await ready[tab](page);
      await expectNoSeriousAxeViolations(page, testInfo, tab);
    }
    await page.goto(url(s.open));
    await expect(page.getByTestId("pending-work")).toBeVisible();
    await expectNoSeriousAxeViolations(page, testInfo, "open-run");
    // Dark mode.
    await page.evaluate(() => document.documentElement.classList.add("dark"));
    await expectNoSeriousAxeViolations(page, testInfo, "open-run-dark");
    await attachScreenshot(page, testInfo, "open-run-dark");
  });
});

test.describe("large history", () => {
  test("first rows before everything loaded; progress completes", async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const big = await seedLargeHistory(client, {
      workflowId: `big-${suffix}`,
      events: 5_200,
      batch: 100,
    });
    expect(big.events).toBe(5_200);
    // Slow the background pages down so that the partial state is observable.
    await page.route("**/api/swf/GetWorkflowExecutionHistory", async (route) => {
      const body = route.request().postDataJSON() as {
        nextPageToken?: string;
        reverseOrder?: boolean;
      };
      if (body.nextPageToken && !body.reverseOrder) await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await page.goto(executionHref(DETAIL_DOMAIN, big.workflowId, big.runId));
    await expect(row(page, 1)).toBeVisible();
    const progress = page.getByTestId("history-progress");
    await expect(progress).toBeVisible();
    await expect(progress).toContainText(/[\d,]+ \/ 5,200 events/);
    expect(await progress.textContent()).not.toContain("5,200 / 5,200");
    // The close event came with the tail: the outcome is shown before the middle has loaded.
    await expect(page.getByTestId("execution-status")).toHaveText("Completed");
    await attachScreenshot(page, testInfo, "large-loading");
    await expect(progress).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId("history-row-count")).toHaveText("5,200 events");
    await page.getByRole("textbox", { name: "Go to event" }).fill("5200");
    await page.getByRole("textbox", { name: "Go to event" }).press("Enter");
    await expect(row(page, 5_200)).toHaveAttribute("data-event-type", "WorkflowExecutionCompleted");
    await page.getByRole("tab", { name: /Graph/ }).click();
    const nodes = page.getByTestId("graph-canvas").locator(".react-flow__node");
    await expect(nodes.first()).toBeVisible();
    expect(await nodes.count()).toBeLessThanOrEqual(300);
    await attachScreenshot(page, testInfo, "large-graph");
  });
});

/**
 * Open runs in trouble, made with the SDK as an operator would meet them: an activity of a type
 * that does not exist, a decider that never answers (its tasks time out one after another), and
 * work scheduled on a task list nobody polls — on a run whose ids are 222 and 200 characters long.
 */
test.describe("runs in trouble", () => {
  test.describe.configure({ mode: "serial" });
  const domain = DETAIL_DOMAIN;
  const id = (name: string) => `${name}-${suffix}`;
  let bad: Execution;
  let rejected: Execution;
  let stuck: Execution;
  let healthy: Execution;
  const nobody = id("nobody-polls");
  const longId = `${id("stuck")}-${"x".repeat(222)}`.slice(0, 222);
  const childId = `${id("stuck-child")}-${"y".repeat(200)}`.slice(0, 200);
  const trouble = (page: Page) => page.getByTestId("needs-attention");

  const startRun = async (workflowId: string, taskList: string, taskTimeout = "600") => {
    const out = await client.send(
      new StartWorkflowExecutionCommand({
        domain,
        workflowId,
        workflowType: { name: "DetailOpen", version: "1" },
        taskList: { name: taskList },
        executionStartToCloseTimeout: "3600",
        taskStartToCloseTimeout: taskTimeout,
        childPolicy: "TERMINATE",
      }),
    );
    return { workflowId, runId: out.runId! };
  };
  const decide = async (taskList: string, decisions: Decision[]) => {
    const task = await pollDecision(client, domain, taskList);
    await client.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }),
    );
  };
  const countEvents = async (e: Execution, type: string) => {
    const page = await client.send(
      new GetWorkflowExecutionHistoryCommand({ domain, execution: e, maximumPageSize: 1000 }),
    );
    return (page.events ?? []).filter((ev) => ev.eventType === type).length;
  };

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    await ensureDomain(client, domain);

    // Work on a list nobody polls, and a child: both ids far longer than a table cell.
    stuck = await startRun(longId, id("stuck-decider"));
    await decide(id("stuck-decider"), [
      {
        decisionType: "ScheduleActivityTask",
        scheduleActivityTaskDecisionAttributes: {
          activityId: "c",
          activityType: { name: "ChargeCard", version: "1" },
          taskList: { name: nobody },
          scheduleToStartTimeout: "600",
          scheduleToCloseTimeout: "900",
          startToCloseTimeout: "300",
          heartbeatTimeout: "NONE",
        },
      },
      {
        decisionType: "StartChildWorkflowExecution",
        startChildWorkflowExecutionDecisionAttributes: {
          workflowId: childId,
          workflowType: { name: "DetailChild", version: "1" },
          taskList: { name: id("stuck-child") },
          childPolicy: "TERMINATE",
          executionStartToCloseTimeout: "3600",
          taskStartToCloseTimeout: "600",
        },
      },
    ]);

    // An activity type that was never registered: SWF refuses the decision.
    bad = await startRun(id("bad"), id("bad-decider"));
    await decide(id("bad-decider"), [
      {
        decisionType: "ScheduleActivityTask",
        scheduleActivityTaskDecisionAttributes: {
          activityId: "c",
          activityType: { name: "NoSuchActivity", version: "1" },
          taskList: { name: id("bad-acts") },
          scheduleToStartTimeout: "NONE",
          scheduleToCloseTimeout: "NONE",
          startToCloseTimeout: "60",
          heartbeatTimeout: "NONE",
        },
      },
    ]);

    // A decider that takes its task and never answers (1 s to answer): three time-outs in a row.
    rejected = await startRun(id("reject"), id("reject-decider"), "1");
    for (let n = 1; n <= 3; n++) {
      await pollDecision(client, domain, id("reject-decider"));
      await expect
        .poll(() => countEvents(rejected, "DecisionTaskTimedOut"), { timeout: 15_000 })
        .toBe(n);
    }

    // Healthy: the decider answered with a timer; nothing is wrong and nothing waits.
    healthy = await startRun(id("healthy"), id("healthy-decider"));
    await decide(id("healthy-decider"), [
      {
        decisionType: "StartTimer",
        startTimerDecisionAttributes: { timerId: "later", startToFireTimeout: "3600" },
      },
    ]);
  });

  test.afterAll(async () => {
    for (const e of [stuck, bad, rejected, healthy])
      if (e) await terminateQuietly(client, domain, e);
  });

  const runUrl = (e: Execution, search = "") =>
    executionHref(domain, e.workflowId, e.runId, search);

  test("a healthy open run has no notice", async ({ page }) => {
    await page.goto(runUrl(healthy));
    await expect(page.getByTestId("pending-timer")).toContainText("later");
    await expect(trouble(page)).toHaveCount(0);
  });

  test("a refused ScheduleActivityTask is named with its cause and links to its event", async ({
    page,
  }) => {
    await page.goto(runUrl(bad));
    const fact = trouble(page).locator("[data-testid=attention-fact][data-kind=failed]");
    await expect(fact).toHaveText(
      /^Could not schedule activity c \(NoSuchActivity v1\): ACTIVITY_TYPE_DOES_NOT_EXIST\s*#5$/,
    );
    await fact.getByRole("button", { name: "Show event 5" }).click();
    await expect(page.getByRole("tab", { name: /History/ })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await expect(row(page, 5)).toHaveAttribute("data-event-type", "ScheduleActivityTaskFailed");
    await expect(row(page, 5)).toHaveAttribute("data-selected", "true");
    await expect(page.locator(`[data-testid=history-table] [data-row-button="5"]`)).toBeFocused();
  });

  test("decision tasks timing out in a row: counted in the notice, the attempt and task list in pending work", async ({
    page,
  }) => {
    await page.goto(runUrl(rejected));
    const fact = trouble(page).locator("[data-testid=attention-fact][data-kind=decisionTimedOut]");
    await expect(fact).toContainText(
      "Decision task timed out 3 times in a row (START_TO_CLOSE): no decider has completed one since",
    );
    const decision = page.getByTestId("pending-decision");
    await expect(decision).toContainText("attempt 4");
    await expect(decision.getByRole("link", { name: id("reject-decider") })).toHaveAttribute(
      "href",
      taskListsHref(domain, id("reject-decider")),
    );
    const timedOut = (await fullHistory(client, domain, rejected)).filter(
      (e) => e.eventType === "DecisionTaskTimedOut",
    );
    await fact.getByRole("button", { name: `Show event ${timedOut.at(-1)!.eventId}` }).click();
    await expect(row(page, timedOut.at(-1)!.eventId!)).toHaveAttribute("data-selected", "true");
  });

  test("pending work shows the task list and the time-outs that run; 222-character ids keep every column in view", async ({
    page,
  }) => {
    test.setTimeout(150_000); // axe takes its time on a busy machine
    await page.goto(runUrl(stuck));
    // The title is one line, cut, with the whole id in its tooltip and a copy button.
    const title = page.getByTestId("workflow-id");
    await expect(title).toHaveText(longId);
    await expect(title).toHaveAttribute("title", longId);
    const lineHeight = await title.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await title.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
    await expect(page.getByRole("button", { name: "Copy workflow id" })).toBeVisible();

    const pending = page.getByTestId("pending-work");
    const activity = pending.getByTestId("pending-activity");
    await expect(activity).toContainText(`task list ${nobody}`);
    await expect(activity.getByRole("link", { name: nobody })).toHaveAttribute(
      "href",
      taskListsHref(domain, nobody),
    );
    // Scheduled: schedule-to-start (600 s) and schedule-to-close (900 s) from the scheduling,
    // soonest first, each at its clock time.
    const scheduled = (await fullHistory(client, domain, stuck)).find(
      (e) => e.eventType === "ActivityTaskScheduled",
    )!;
    const clockAt = (seconds: number) => {
      const due = new Date(scheduled.eventTimestamp!.getTime() + seconds * 1000);
      return [due.getHours(), due.getMinutes(), due.getSeconds()]
        .map((n) => String(n).padStart(2, "0"))
        .join(":");
    };
    await expect(activity.getByTestId("pending-deadline")).toHaveText([
      new RegExp(`^schedule-to-start ${clockAt(600)} \\(in \\d+m`),
      new RegExp(`^schedule-to-close ${clockAt(900)} \\(in \\d+m`),
    ]);

    // The child's 200-character id wraps inside its cell: all six columns stay on screen.
    const child = pending.getByTestId("pending-child");
    await expect(child.getByRole("link", { name: childId })).toBeVisible();
    await expect(child.getByRole("button", { name: "Copy child workflow id" })).toBeVisible();
    const box = (await pending.boundingBox())!;
    for (const header of ["Kind", "Name", "State", "Since / due", "Details", "Event"]) {
      const cell = (await pending.getByRole("columnheader", { name: header }).boundingBox())!;
      expect(cell.x + cell.width, header).toBeLessThanOrEqual(box.x + box.width);
    }
    const eventCell = (await child.getByRole("button", { name: /^Show event/ }).boundingBox())!;
    expect(eventCell.x + eventCell.width).toBeLessThanOrEqual(box.x + box.width);
    await expectNoSeriousAxeViolations(page, test.info(), "stuck-run");
  });

  test("work nobody picks up for a minute is named in the notice with its task list", async ({
    page,
  }) => {
    // The one figure that needs the clock to pass: a minute after the activity was scheduled.
    test.setTimeout(150_000);
    await page.goto(runUrl(stuck));
    const waiting = trouble(page).locator(
      "[data-testid=attention-fact][data-kind=notPickedUp][data-event-type=ActivityTaskScheduled]",
    );
    await expect(waiting).toContainText(
      new RegExp(
        `^Activity c \\(ChargeCard v1\\) has waited \\d+m \\d\\ds for a worker on task list ${nobody} · schedule-to-start time-out`,
      ),
      { timeout: 100_000 },
    );
    await expect(waiting.getByRole("link", { name: nobody })).toHaveAttribute(
      "href",
      taskListsHref(domain, nobody),
    );
    // The child's start asked for a decision nobody has taken either.
    await expect(
      trouble(page).locator(
        "[data-testid=attention-fact][data-kind=notPickedUp][data-event-type=DecisionTaskScheduled]",
      ),
    ).toContainText(`No decider has picked up the decision task for`);
  });
});
