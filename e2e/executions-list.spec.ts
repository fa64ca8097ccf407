import { DeprecateWorkflowTypeCommand } from "@aws-sdk/client-swf";
import { expect, test, type Page } from "@playwright/test";
import { attachScreenshot, choose, collectConsoleErrors, expectAccessible } from "./support/page";
import {
  createDomain,
  decide,
  decisions,
  e2eSwf,
  registerActivityType,
  registerWorkflowType,
  seedExecution,
  sleep,
  startExecution,
  terminate,
  uniqueName,
  type Run,
} from "./support/swf";

/*
 * One domain per worker, seeded through the SDK:
 *   open (4):   open-a Order:1 [alpha, blue] · open-b Billing:1 [beta] · open-c Order:2 ·
 *               open-d Order:1 on its own task list, with a scheduled (pending) Charge activity
 *   closed (22): completed [alpha] · failed · canceled · terminated · timed out ·
 *               continued-as-new (2 runs: CONTINUED_AS_NEW + COMPLETED) · parent + child (2 COMPLETED) ·
 *               with activities (COMPLETED) · then, after `mark`, 12 × Billing:1 [bulk] terminated
 */
const swf = e2eSwf();
let domain: string;
let mark: string;
const ids: Record<string, string> = {};
let continued: Run[];
const CLOSED_TOTAL = 22;
const BULK = 12;

const ORDER1 = { name: "Order", version: "1" };
const ORDER2 = { name: "Order", version: "2" };
const BILLING = { name: "Billing", version: "1" };
const CHARGE = { name: "Charge", version: "1" };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  domain = await createDomain(swf, "e2e-list", {
    description: "Executions list fixtures",
    retentionDays: "7",
  });
  await registerWorkflowType(swf, domain, {
    ...ORDER1,
    taskList: "orders",
    description: "Takes an order",
  });
  await registerWorkflowType(swf, domain, { ...ORDER2, taskList: "orders" });
  await registerWorkflowType(swf, domain, {
    ...BILLING,
    taskList: "billing",
    childPolicy: "ABANDON",
  });
  await registerWorkflowType(swf, domain, { name: "Legacy", version: "1", taskList: "legacy" });
  await swf.send(
    new DeprecateWorkflowTypeCommand({ domain, workflowType: { name: "Legacy", version: "1" } }),
  );
  await registerActivityType(swf, domain, {
    ...CHARGE,
    taskList: "payments",
    description: "Charges a card",
  });

  // Open executions, oldest first.
  ids.openA = (
    await startExecution(swf, domain, {
      workflowId: uniqueName("open-a"),
      workflowType: ORDER1,
      tags: ["alpha", "blue"],
    })
  ).workflowId;
  ids.openB = (
    await startExecution(swf, domain, {
      workflowId: uniqueName("open-b"),
      workflowType: BILLING,
      tags: ["beta"],
    })
  ).workflowId;
  ids.openC = (
    await startExecution(swf, domain, { workflowId: uniqueName("open-c"), workflowType: ORDER2 })
  ).workflowId;
  const openD = await startExecution(swf, domain, {
    workflowId: uniqueName("open-d"),
    workflowType: ORDER1,
    taskList: uniqueName("tl-open-d"),
  });
  ids.openD = openD.workflowId;
  ids.openDList = openD.taskList!;
  await decide(swf, domain, openD.taskList!, () => [
    decisions.scheduleActivity(CHARGE, "charge-1"),
  ]);

  // Closed executions in every close status.
  const seed = (outcome: Parameters<typeof seedExecution>[2], tags?: string[]) =>
    seedExecution(swf, domain, outcome, {
      workflowId: uniqueName(outcome),
      workflowType: ORDER1,
      activityType: CHARGE,
      ...(tags ? { tags } : {}),
    });
  const [completed, failed, canceled, terminated, timedOut, can, parent, activities] =
    await Promise.all([
      seed("completed", ["alpha"]),
      seed("failed"),
      seed("canceled"),
      seed("terminated"),
      seed("timedOut"),
      seed("continuedAsNew"),
      seed("withChild"),
      seed("withActivities"),
    ]);
  Object.assign(ids, {
    completed: completed.workflowId,
    failed: failed.workflowId,
    canceled: canceled.workflowId,
    terminated: terminated.workflowId,
    timedOut: timedOut.workflowId,
    continuedAsNew: can.workflowId,
    parent: parent.workflowId,
    child: parent.related[0].workflowId,
    activities: activities.workflowId,
  });
  continued = [can, ...can.related];

  // A time boundary, then a batch started (and closed) after it.
  await sleep(1100);
  mark = new Date().toISOString();
  await sleep(100);
  for (let i = 0; i < BULK; i++) {
    const run = await startExecution(swf, domain, {
      workflowId: `bulk-${String(i).padStart(2, "0")}-${uniqueName("b")}`,
      workflowType: BILLING,
      tags: ["bulk"],
    });
    await terminate(swf, run);
  }
});

const rows = (page: Page) => page.getByTestId("execution-row");
const count = (page: Page) => page.getByTestId("execution-count");
const rowIds = (page: Page) =>
  rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-workflow-id")!));
const domainUrl = (query = "") => `/domains/${encodeURIComponent(domain)}${query}`;

async function expectRowIds(page: Page, expected: string[]) {
  await expect(rows(page)).toHaveCount(expected.length);
  await expect.poll(() => rowIds(page)).toEqual(expected);
}

test("open executions: newest first, counted, linked to their detail page", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto(domainUrl());
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await expect(page.getByRole("link", { name: "Executions", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(count(page)).toHaveText("4 executions");
  await expectRowIds(page, [ids.openD, ids.openC, ids.openB, ids.openA]);

  const a = rows(page).filter({ has: page.getByRole("link", { name: ids.openA }) });
  await expect(a).toContainText("Running");
  await expect(a).toContainText("Order:1");
  await expect(a).toContainText("alpha");
  await expect(a).toContainText("blue");
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "executions-open");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "executions-open-dark");
  await page.emulateMedia({ colorScheme: "light" });
  expect(errors(), "console errors (hydration, failed requests)").toEqual([]);

  // The workflow link carries the encoded workflowId and runId (run ids contain / + =).
  const runId = (await a.getAttribute("data-run-id"))!;
  const href = await a.getByRole("link", { name: ids.openA }).getAttribute("href");
  expect(href).toBe(
    `/domains/${encodeURIComponent(domain)}/executions/${encodeURIComponent(ids.openA)}/${encodeURIComponent(runId)}`,
  );
  // A plain click navigates in the app (the table handles row-link clicks with the router).
  await page.getByRole("link", { name: ids.openA }).click();
  await expect(page).toHaveURL((url) => url.pathname === href);
});

test("closed executions and each close status filter", async ({ page }, testInfo) => {
  await page.goto(domainUrl());
  await choose(page, "Execution state", "Closed");
  await expect(page).toHaveURL(/state=closed/);
  await expect(count(page)).toHaveText(`${CLOSED_TOTAL} executions`);
  await expect(rows(page)).toHaveCount(CLOSED_TOTAL);
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "executions-closed");

  const status = page.getByLabel("Close status");
  const cases: [string, string, number, string[]][] = [
    ["FAILED", "Failed", 1, [ids.failed]],
    ["CANCELED", "Canceled", 1, [ids.canceled]],
    ["TIMED_OUT", "Timed out", 1, [ids.timedOut]],
    ["CONTINUED_AS_NEW", "Continued as new", 1, [ids.continuedAsNew]],
    ["TERMINATED", "Terminated", BULK + 1, []],
    ["COMPLETED", "Completed", 5, []],
  ];
  for (const [value, label, n, expected] of cases) {
    await status.selectOption(value);
    await expect(page).toHaveURL(new RegExp(`closeStatus=${value}`));
    await expect(count(page)).toHaveText(`${n} ${n === 1 ? "execution" : "executions"}`);
    await expect(rows(page)).toHaveCount(n);
    if (expected.length) await expect.poll(() => rowIds(page)).toEqual(expected);
    for (const badge of await rows(page).locator("[data-status]").all())
      await expect(badge).toHaveText(label);
  }
  const completed = await rowIds(page);
  expect(completed.sort()).toEqual(
    [ids.completed, ids.continuedAsNew, ids.parent, ids.child, ids.activities].sort(),
  );
  // The child row says whose child it is.
  await expect(rows(page).filter({ hasText: ids.child }).first()).toContainText("child");
  await attachScreenshot(page, testInfo, "executions-closed-completed");
});

test("workflowId filter finds every run of a continued-as-new chain", async ({ page }) => {
  await page.goto(domainUrl("?state=closed"));
  await page.getByLabel("Workflow ID").fill(ids.continuedAsNew);
  await page.getByLabel("Workflow ID").press("Enter");
  await expect(page).toHaveURL(new RegExp(`workflowId=${ids.continuedAsNew}`));
  await expect(count(page)).toHaveText("2 executions");
  await expect(rows(page)).toHaveCount(2);
  const runIds = await rows(page).evaluateAll((els) =>
    els.map((e) => e.getAttribute("data-run-id")),
  );
  expect(runIds).toEqual([continued[1].runId, continued[0].runId]);
  await expect(rows(page).nth(0)).toContainText("Completed");
  await expect(rows(page).nth(1)).toContainText("Continued as new");

  // Open list, same workflowId: none open.
  await choose(page, "Execution state", "Open");
  await expect(count(page)).toHaveText("0 executions");
  await expect(page.getByText("No executions match these filters.")).toBeVisible();
  // …but not a bare "nothing": the closed runs are one click away.
  const offer = page.getByTestId("other-state-offer");
  await expect(offer).toHaveText("2 closed executions match — show them");
  await offer.getByRole("link", { name: "show them" }).click();
  await expect(page).toHaveURL(/state=closed/);
  await expect(page).toHaveURL(new RegExp(`workflowId=${ids.continuedAsNew}`));
  await expect(count(page)).toHaveText("2 executions");
  await expect(rows(page)).toHaveCount(2);
});

test("an id pasted from an alert on the open list points to its closed (failed) run", async ({
  page,
}) => {
  await page.goto(domainUrl(`?workflowId=${encodeURIComponent(ids.failed)}`));
  await expect(page.getByText("No executions match these filters.")).toBeVisible();
  const offer = page.getByTestId("other-state-offer");
  await expect(offer).toHaveText("1 closed execution matches — show it");
  await offer.getByRole("link", { name: "show it" }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("Failed");

  // A closed run that matches nothing open offers nothing back.
  await page.goto(domainUrl("?state=closed&workflowId=no-such-run"));
  await expect(page.getByText("No executions match these filters.")).toBeVisible();
  await expect(count(page)).toHaveText("0 executions");
  await expect(page.getByTestId("other-state-offer")).toHaveCount(0);
});

test("type filter, with and without version", async ({ page }, testInfo) => {
  await page.goto(domainUrl());
  await page.getByLabel("Type name").fill("Order");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/type=Order/);
  await expect(count(page)).toHaveText("3 executions");
  await expectRowIds(page, [ids.openD, ids.openC, ids.openA]);

  await page.getByLabel("Version").fill("2");
  await page.getByLabel("Version").press("Enter");
  await expect(page).toHaveURL(/version=2/);
  await expect(count(page)).toHaveText("1 execution");
  await expectRowIds(page, [ids.openC]);
  await attachScreenshot(page, testInfo, "executions-type-filter");

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(count(page)).toHaveText("4 executions");
});

test("tag filter, open and closed", async ({ page }) => {
  await page.goto(domainUrl());
  await page.getByLabel("Tag", { exact: true }).fill("alpha");
  await page.getByLabel("Tag", { exact: true }).press("Enter");
  await expect(count(page)).toHaveText("1 execution");
  await expectRowIds(page, [ids.openA]);
  await choose(page, "Execution state", "Closed");
  await expect(page).toHaveURL(/state=closed/);
  await expect(page).toHaveURL(/tag=alpha/);
  await expect(count(page)).toHaveText("1 execution");
  await expectRowIds(page, [ids.completed]);
  await page.getByLabel("Tag", { exact: true }).fill("bulk");
  await page.getByLabel("Tag", { exact: true }).press("Enter");
  await expect(count(page)).toHaveText(`${BULK} executions`);
});

test("the filters are exclusive, and the UI says so instead of failing", async ({
  page,
}, testInfo) => {
  await page.goto(domainUrl("?state=closed"));
  const workflowId = page.getByLabel("Workflow ID");
  const typeName = page.getByLabel("Type name");
  const tag = page.getByLabel("Tag", { exact: true });
  const status = page.getByLabel("Close status");
  const hint = page.getByTestId("filter-hint");
  for (const control of [workflowId, typeName, tag, status]) await expect(control).toBeEnabled();
  await expect(hint).toContainText(
    "one of workflow ID, workflow type, tag or close status at a time",
  );

  await workflowId.fill("something");
  for (const control of [typeName, page.getByLabel("Version"), tag, status])
    await expect(control).toBeDisabled();
  await expect(hint).toContainText("clear “Workflow ID” to filter by another field");
  await attachScreenshot(page, testInfo, "executions-exclusive-filters");
  await expectAccessible(page);

  await workflowId.fill("");
  await tag.fill("bulk");
  await expect(workflowId).toBeDisabled();
  await expect(status).toBeDisabled();
  await expect(hint).toContainText("clear “Tag”");
  await tag.fill("");
  await expect(workflowId).toBeEnabled();

  // Close status is for closed executions only.
  await choose(page, "Execution state", "Open");
  await expect(status).toBeDisabled();
  await expect(hint).toContainText("Close status applies to closed executions only");

  // A hand-made link with two filters: the first applies, the other is named as ignored.
  await page.goto(domainUrl(`?state=closed&workflowId=${ids.failed}&tag=bulk`));
  await expect(page.getByTestId("ignored-filters")).toContainText("Tag");
  await expect(count(page)).toHaveText("1 execution");
  await expectRowIds(page, [ids.failed]);
});

test("time range: custom start-time window, close-time field and presets", async ({
  page,
}, testInfo) => {
  await page.goto(domainUrl(`?state=closed&from=${encodeURIComponent(mark)}`));
  await expect(page.getByLabel("Time range")).toHaveValue("custom");
  await expect(page.getByLabel("From")).not.toHaveValue("");
  await expect(count(page)).toHaveText(`${BULK} executions`);
  await expect(rows(page)).toHaveCount(BULK);
  for (const id of await rowIds(page)) expect(id).toMatch(/^bulk-/);
  await attachScreenshot(page, testInfo, "executions-time-range");

  await page.getByLabel("Time field").selectOption("close");
  await expect(page).toHaveURL(/time=close/);
  await expect(count(page)).toHaveText(`${BULK} executions`);

  // An upper bound before the mark excludes the bulk batch.
  await page.goto(
    domainUrl(`?state=closed&from=1970-01-01T00:00:00.000Z&to=${encodeURIComponent(mark)}`),
  );
  await expect(count(page)).toHaveText(`${CLOSED_TOTAL - BULK} executions`);

  await page.getByLabel("Time range").selectOption("15m");
  await expect(page).toHaveURL(/range=15m/);
  await expect(page.getByLabel("From")).toHaveCount(0);
  await expect(count(page)).toHaveText(`${CLOSED_TOTAL} executions`);
});

test("pagination with a token stack: next, previous, newest first across pages", async ({
  page,
}, testInfo) => {
  await page.goto(domainUrl("?state=closed"));
  await expect(count(page)).toHaveText(`${CLOSED_TOTAL} executions`);
  await page.getByLabel("Rows per page").selectOption("10");
  await expect(page).toHaveURL(/pageSize=10/);

  const seen: string[] = [];
  const starts: number[] = [];
  const pages: string[][] = [];
  for (const [n, size] of [
    [1, 10],
    [2, 10],
    [3, 2],
  ] as const) {
    await expect(page.getByTestId("page-info")).toContainText(`Page ${n}`);
    await expect(rows(page)).toHaveCount(size);
    const keys = await rows(page).evaluateAll((els) =>
      els.map((e) => `${e.getAttribute("data-workflow-id")} ${e.getAttribute("data-run-id")}`),
    );
    pages.push(keys);
    seen.push(...keys);
    starts.push(
      ...(await rows(page).evaluateAll((els) =>
        els.map((e) => Date.parse(e.getAttribute("data-started")!)),
      )),
    );
    if (n === 2) await attachScreenshot(page, testInfo, "executions-page-2");
    if (n < 3) await page.getByRole("button", { name: "Next page" }).click();
  }
  await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();
  expect(new Set(seen).size).toBe(CLOSED_TOTAL);
  expect(starts).toEqual([...starts].sort((a, b) => b - a));

  await page.getByRole("button", { name: "Previous page" }).click();
  await expect(page.getByTestId("page-info")).toContainText("Page 2");
  await expect
    .poll(() =>
      rows(page).evaluateAll((els) =>
        els.map((e) => `${e.getAttribute("data-workflow-id")} ${e.getAttribute("data-run-id")}`),
      ),
    )
    .toEqual(pages[1]);
  await page.getByRole("button", { name: "Previous page" }).click();
  await expect(page.getByTestId("page-info")).toContainText("Page 1");
  await expect(page.getByRole("button", { name: "Previous page" })).toBeDisabled();
  await expectAccessible(page);
});

test("a filter typed and not yet applied stays through a change of state", async ({ page }) => {
  await page.goto(domainUrl());
  const workflowId = page.getByLabel("Workflow ID");
  await workflowId.fill(ids.failed);
  await choose(page, "Execution state", "Closed");
  await expect(page).toHaveURL(/state=closed/);
  await expect(count(page)).toHaveText(`${CLOSED_TOTAL} executions`);
  await expect(workflowId).toHaveValue(ids.failed);
  await expect(page.getByLabel("Tag", { exact: true })).toBeDisabled();
  await workflowId.press("Enter");
  await expect(count(page)).toHaveText("1 execution");
  await expectRowIds(page, [ids.failed]);
});

test("a deep link keeps every filter across a reload", async ({ page }) => {
  await page.goto(domainUrl());
  await choose(page, "Execution state", "Closed");
  await page.getByLabel("Time field").selectOption("close");
  await page.getByLabel("Time range").selectOption("24h");
  await page.getByLabel("Tag", { exact: true }).fill("bulk");
  await page.getByLabel("Tag", { exact: true }).press("Enter");
  await page.getByLabel("Rows per page").selectOption("10");
  await expect(count(page)).toHaveText(`${BULK} executions`);
  await expect(rows(page)).toHaveCount(10);
  const url = page.url();
  for (const part of ["state=closed", "time=close", "range=24h", "tag=bulk", "pageSize=10"])
    expect(url).toContain(part);

  await page.reload();
  await expect(page.getByRole("radio", { name: "Closed" })).toBeChecked();
  await expect(page.getByLabel("Time field")).toHaveValue("close");
  await expect(page.getByLabel("Time range")).toHaveValue("24h");
  await expect(page.getByLabel("Tag", { exact: true })).toHaveValue("bulk");
  await expect(page.getByLabel("Rows per page")).toHaveValue("10");
  await expect(count(page)).toHaveText(`${BULK} executions`);
  await expect(rows(page)).toHaveCount(10);

  // Back undoes the last filter change.
  await page.goBack();
  await expect(page.getByLabel("Rows per page")).toHaveValue("100");
  await expect(rows(page)).toHaveCount(BULK);
});

test("two filter changes in one moment both stay: the second starts from the URL, not the last render", async ({
  page,
}) => {
  await page.goto(domainUrl("?state=closed"));
  await expect(count(page)).not.toHaveText("counting…");
  await page.getByLabel("Tag", { exact: true }).fill("bulk");
  const form = await page.getByRole("search", { name: "Filter executions" }).elementHandle();
  const size = await page.getByLabel("Rows per page").elementHandle();
  // Apply the tag and pick a page size in one task, before React renders the first change.
  await page.evaluate(
    ([form, size]) => {
      (form as HTMLFormElement).requestSubmit();
      (size as HTMLSelectElement).value = "10";
      size!.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [form, size],
  );
  await expect(page).toHaveURL(/tag=bulk/);
  await expect(page).toHaveURL(/pageSize=10/);
  await expect(count(page)).toHaveText(`${BULK} executions`);
  await expect(rows(page)).toHaveCount(10);
});

test("workflow and activity type tabs show the registered defaults", async ({ page }, testInfo) => {
  await page.goto(domainUrl());
  await page.getByRole("link", { name: "Workflow types" }).click();
  await expect(page).toHaveURL(/tab=workflow-types/);
  const typeRows = page.getByTestId("type-row");
  await expect(typeRows).toHaveCount(3);
  const order1 = typeRows.filter({ hasText: "Takes an order" });
  await expect(order1).toContainText("Order");
  await expect(order1).toContainText("orders");
  await expect(order1).toContainText("1h 00m (3600s)");
  await expect(order1).toContainText("TERMINATE");
  await expect(typeRows.filter({ hasText: "Billing" })).toContainText("ABANDON");
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "workflow-types");

  await choose(page, "Registration status", "Deprecated");
  await expect(page).toHaveURL(/types=deprecated/);
  await expect(typeRows).toHaveCount(1);
  await expect(typeRows.first()).toContainText("Legacy");
  await expect(typeRows.first()).toContainText("Deprecated");

  await page.getByRole("link", { name: "Activity types" }).click();
  await expect(page.getByText("No deprecated activity types.")).toBeVisible();
  await choose(page, "Registration status", "Registered");
  await expect(typeRows).toHaveCount(1);
  await expect(typeRows.first()).toContainText("Charge");
  await expect(typeRows.first()).toContainText("payments");
  await expect(typeRows.first()).toContainText("10m 00s (600s)");
  await expect(typeRows.first()).toContainText("Charges a card");
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "activity-types");
});

test("task lists tab: lists from type defaults and open executions, with pending counts", async ({
  page,
}, testInfo) => {
  await page.goto(domainUrl("?tab=task-lists"));
  const list = (name: string) =>
    page.getByTestId("task-list-row").filter({ has: page.getByText(name, { exact: true }) });
  await expect(list("orders").getByTestId("pending-decisions")).toHaveText("2");
  await expect(list("orders")).toContainText("default of workflow type Order:1");
  await expect(list("billing").getByTestId("pending-decisions")).toHaveText("1");
  await expect(list("payments").getByTestId("pending-activities")).toHaveText("1");
  await expect(list("payments")).toContainText("activities");
  await expect(list(ids.openDList)).toContainText("1 open execution");
  await expect(list(ids.openDList).getByTestId("pending-decisions")).toHaveText("0");
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "task-lists");
});

test("overview tab: open now and closed in the last 24 h by status", async ({ page }, testInfo) => {
  await page.goto(domainUrl("?tab=overview"));
  const value = (testId: string) => page.getByTestId(testId).locator("[data-value]");
  await expect(value("overview-open")).toHaveText("4");
  await expect(value("overview-closed-total")).toHaveText(String(CLOSED_TOTAL));
  const expected: Record<string, number> = {
    COMPLETED: 5,
    FAILED: 1,
    CANCELED: 1,
    TERMINATED: BULK + 1,
    CONTINUED_AS_NEW: 1,
    TIMED_OUT: 1,
  };
  for (const [status, n] of Object.entries(expected))
    await expect(value(`overview-${status}`)).toHaveText(String(n));
  await expectAccessible(page);
  await attachScreenshot(page, testInfo, "overview");

  await page.getByTestId("overview-FAILED").click();
  await expect(page).toHaveURL(/state=closed/);
  await expect(page).toHaveURL(/closeStatus=FAILED/);
  await expectRowIds(page, [ids.failed]);
});

test("overview tab: the last 24 h are the server's, with the browser's clock two days ahead", async ({
  page,
}) => {
  // Counted back from the browser's clock, the window would start tomorrow and count nothing.
  await page.clock.install({ time: new Date(Date.now() + 2 * 86_400_000) });
  await page.goto(domainUrl("?tab=overview"));
  const value = (testId: string) => page.getByTestId(testId).locator("[data-value]");
  await expect(value("overview-closed-total")).toHaveText(String(CLOSED_TOTAL));
});

test("auto-refresh picks up a new execution; pausing stops it", async ({ page }) => {
  const own = await createDomain(swf, "e2e-refresh");
  const type = await registerWorkflowType(swf, own, { name: "Tick", version: "1" });
  await startExecution(swf, own, { workflowId: "first", workflowType: type });
  await page.goto(`/domains/${encodeURIComponent(own)}`);
  await expect(count(page)).toHaveText("1 execution");

  const fresh = await startExecution(swf, own, {
    workflowId: uniqueName("fresh"),
    workflowType: type,
  });
  await expect(page.getByRole("link", { name: fresh.workflowId })).toBeVisible({ timeout: 15_000 });
  await expect(count(page)).toHaveText("2 executions");
  await expect(rows(page).first()).toHaveAttribute("data-workflow-id", fresh.workflowId);

  const toggle = page.getByRole("button", { name: "Auto-refresh" });
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  const listReads: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/swf/ListOpenWorkflowExecutions")) listReads.push(r.url());
  });
  const unseen = await startExecution(swf, own, {
    workflowId: uniqueName("unseen"),
    workflowType: type,
  });
  // The change reached the page (it says so), and the paused rows stayed as they were.
  await expect(page.getByTestId("changed-while-paused")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("link", { name: unseen.workflowId })).toHaveCount(0);
  // A live list refetches as the change arrives; the paused one did not even ask.
  expect(listReads).toEqual([]);
  await toggle.click();
  await expect(page.getByRole("link", { name: unseen.workflowId })).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByTestId("changed-while-paused")).toHaveCount(0);
});

test("a running execution's duration counts on with the page's clock, with nothing refetched", async ({
  page,
}) => {
  const own = await createDomain(swf, "e2e-running");
  const type = await registerWorkflowType(swf, own, { name: "Tick", version: "1" });
  await startExecution(swf, own, { workflowId: uniqueName("running"), workflowType: type });
  await page.goto(`/domains/${encodeURIComponent(own)}`);
  await expect(count(page)).toHaveText("1 execution");
  // Paused: the rows stay as fetched, so only the clock can move the duration on.
  const toggle = page.getByRole("button", { name: "Auto-refresh" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  const duration = rows(page).first().getByTestId("execution-duration");
  const first = (await duration.textContent())!;
  expect(first).toMatch(/\d/);
  await expect(duration).not.toHaveText(first);
});

test("long pages are virtualized: only the rows in view are in the DOM", async ({
  page,
}, testInfo) => {
  const own = await createDomain(swf, "e2e-virtual");
  const type = await registerWorkflowType(swf, own, { name: "Many", version: "1" });
  const total = 130;
  for (let i = 0; i < total; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, total - i) }, async (_, j) => {
        const run = await startExecution(swf, own, {
          workflowId: `many-${String(i + j).padStart(3, "0")}`,
          workflowType: type,
        });
        await terminate(swf, run);
      }),
    );
  }
  const errors = collectConsoleErrors(page);
  await page.goto(`/domains/${encodeURIComponent(own)}?state=closed&pageSize=250`);
  await expect(count(page)).toHaveText(`${total} executions`);
  const table = page.getByTestId("executions-table");
  await expect(table).toHaveAttribute("data-virtualized", "true");
  await expect(table).toHaveAttribute("aria-rowcount", String(total + 1));
  const inDom = await rows(page).count();
  expect(inDom).toBeGreaterThan(0);
  expect(inDom).toBeLessThan(total);
  await attachScreenshot(page, testInfo, "executions-virtualized");

  // Scrolling the table brings the oldest run into view.
  await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByRole("link", { name: "many-000", exact: true })).toBeVisible();
  await expect(
    page.getByRole("link", { name: `many-${String(total - 1).padStart(3, "0")}`, exact: true }),
  ).toHaveCount(0);
  expect(errors(), "console errors (hydration of the virtualized rows)").toEqual([]);
});
