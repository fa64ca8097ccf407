/**
 * The inbox as a queue people work through: the list + detail layout with 40 waiting tasks, the
 * keyboard, bulk decisions, typed answers (forms), holding tasks, and a decision interrupted by a
 * console crash. The sample decider (support/act-decider.ts) completes an order's workflow with
 * the approval's result, so what the person answered is visible in the workflow's result.
 */
import { Database } from "@/lib/sqlite-driver";
import { expect, test, type Page } from "@playwright/test";
import { ORDERS_DOMAIN, ORDER_TYPE, ensureOrderTypes, startDecider } from "./support/act-decider";
import { openTask, orderInput, waitForInboxTask, waitForInboxTasks } from "./support/act-inbox";
import { browserAs, ensureRoleUsers } from "./support/act-users";
import { expectAccessible } from "./support/page";
import { e2eSwf, history, startExecution, uniqueName, waitForClose, type Run } from "./support/swf";

const swf = e2eSwf();
const DECISIONS = uniqueName("queue-decisions");
let decider: { stop(): Promise<void> };

test.beforeAll(async () => {
  await ensureOrderTypes(swf, ORDERS_DOMAIN, DECISIONS);
  decider = startDecider(swf, ORDERS_DOMAIN, DECISIONS);
});
test.afterAll(async () => decider?.stop());

async function startOrder(workflowId: string, extra: Record<string, unknown> = {}): Promise<Run> {
  return startExecution(swf, ORDERS_DOMAIN, {
    workflowType: ORDER_TYPE,
    workflowId,
    taskList: DECISIONS,
    input: orderInput(workflowId, extra),
  });
}

async function completedResult(run: Run) {
  const events = await history(swf, run);
  const completed = events.filter((e) => e.eventType === "ActivityTaskCompleted");
  expect(completed).toHaveLength(1);
  return JSON.parse(completed[0].activityTaskCompletedEventAttributes!.result!);
}

/** Rows whose whole box is inside the viewport. */
async function rowsInFirstScreen(page: Page): Promise<number> {
  const height = page.viewportSize()!.height;
  const boxes = await page.getByTestId("inbox-row").evaluateAll((rows) =>
    rows.map((r) => {
      const b = r.getBoundingClientRect();
      return { top: b.top, bottom: b.bottom };
    }),
  );
  return boxes.filter((b) => b.top >= 0 && b.bottom <= height).length;
}

test("40 waiting tasks: at least 10 rows in a 1440×900 screen, the pending count in view, axe clean", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const batch = uniqueName("forty");
  const runs: Run[] = [];
  for (let i = 0; i < 40; i++) {
    runs.push(
      await startOrder(`${batch}-${String(i).padStart(2, "0")}`, {
        question: `Approve order ${batch}-${i} for Ada Lovelace (129.5 EUR)?`,
      }),
    );
  }
  await waitForInboxTasks(page.request, batch, 40);
  await page.goto(`/inbox?q=${batch}`);
  await expect(page.getByTestId("inbox-tab-pending")).toContainText("(40)");
  await expect(page.getByTestId("inbox-row").first()).toBeVisible();
  expect(await rowsInFirstScreen(page)).toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId("inbox-pending-count")).toBeInViewport();
  await expect(page.getByTestId("inbox-pending-count")).toContainText(/Pending \(\d+\)/);
  // The question leads each row; the detail pane of the first one is open.
  await expect(page.getByTestId("inbox-row").first()).toContainText(`Approve order ${batch}-0 `);
  await expect(page.getByTestId("inbox-task")).toContainText("Approve order");
  // Virtualized: far fewer rows in the DOM than tasks once the list is long enough to matter.
  expect(await page.getByTestId("inbox-row").count()).toBeLessThan(40);
  await expectAccessible(page);

  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload();
    await expect(page.getByTestId("inbox-task")).toBeVisible();
    await expect(page.getByTestId("inbox-execution")).toContainText("open");
    const shot = testInfo.outputPath(`inbox-${scheme}.png`);
    await page.screenshot({ path: shot });
    await testInfo.attach(`inbox-${scheme}`, { path: shot, contentType: "image/png" });
    await expectAccessible(page);
  }
  await page.emulateMedia({ colorScheme: "light" });

  // The view is in the URL: a filter and a sort survive a reload and are shareable.
  await page.getByTestId("inbox-filter-sort").selectOption("due");
  await expect(page).toHaveURL(/sort=due/);
  await page.getByTestId("inbox-filter-q").fill(`${batch}-07`);
  await expect(page).toHaveURL(new RegExp(`q=${batch}-07`));
  await expect(page.getByTestId("inbox-row")).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId("inbox-row")).toHaveCount(1);
  await expect(page.getByTestId("inbox-filter-q")).toHaveValue(`${batch}-07`);

  // Every task matching the filter, rejected in one bulk action (sent in batches of 25, so two
  // requests here; each task decided and audited on its own). This also keeps the other specs' inboxes short.
  await page.getByTestId("inbox-filter-q").fill(batch);
  await expect(page.getByTestId("inbox-tab-pending")).toContainText("(40)");
  await expect(page.getByTestId("inbox-select-all").locator("..")).toContainText(
    "Select all 40 matching",
  );
  await page.getByTestId("inbox-select-all").check();
  await expect(page.getByTestId("inbox-selected-count")).toHaveText("40 selected");
  await page.getByTestId("inbox-bulk-reject").click();
  await expect(page.getByTestId("inbox-bulk-count")).toHaveText("40 tasks");
  await page.getByTestId("inbox-bulk-comment").fill("cleanup");
  await page.getByTestId("inbox-bulk-confirm").click();
  await expect(page.getByTestId("inbox-bulk-summary")).toContainText("40 of 40 rejected", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("inbox-bulk-result")).toHaveCount(40);
  await waitForInboxTasks(page.request, batch, 0);
});

test("a keyboard-only approval", async ({ page }) => {
  const workflowId = uniqueName("keys");
  const run = await startOrder(workflowId);
  await waitForInboxTask(page.request, workflowId);
  // Keys work as soon as the task shows, however slow a separate session request would be (on a
  // busy console it once answered after "c" was pressed: the comment box, disabled until the
  // role was known, could not take focus). The session comes with the page: a browser request
  // for it, held here unanswered, is not needed for any of this.
  await page.route("**/api/auth/session", () => {});
  await page.goto(`/inbox?q=${workflowId}`);
  const pane = page.locator(`[data-testid=inbox-task][data-workflow-id="${workflowId}"]`);
  await expect(pane).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByTestId("inbox-keys")).toContainText("approve the open task");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("inbox-keys")).toBeHidden();
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page.locator("#inbox-task-heading")).toBeFocused();
  await page.keyboard.press("c");
  await expect(pane.getByTestId("inbox-comment-input")).toBeFocused();
  await page.keyboard.type("fine by keyboard");
  await page.keyboard.press("Escape");
  // A decision key arms the decision; the same key again sends it.
  await page.keyboard.press("a");
  await expect(page.getByTestId("inbox-armed")).toContainText("Press a again to approve");
  await page.keyboard.press("a");
  await expect(pane.getByTestId("inbox-task-outcome")).toContainText("Approved");
  expect(await waitForClose(swf, run)).toBe("COMPLETED");
  expect(await completedResult(run)).toMatchObject({
    decision: "approve",
    comment: "fine by keyboard",
    by: "admin",
  });
  await expectAccessible(page);
});

test("bulk approval of 5 selected tasks: one confirmation, per-item results, every workflow completes, each decision audited", async ({
  page,
}) => {
  const batch = uniqueName("bulk5");
  const runs: Run[] = [];
  for (let i = 0; i < 6; i++) runs.push(await startOrder(`${batch}-${i}`));
  await waitForInboxTasks(page.request, batch, 6);
  await page.goto(`/inbox?q=${batch}`);
  await expect(page.getByTestId("inbox-row")).toHaveCount(6);
  const chosen = runs.slice(0, 5);
  for (const run of chosen) {
    await page
      .locator(`[data-testid=inbox-row][data-workflow-id="${run.workflowId}"]`)
      .getByTestId("inbox-row-select")
      .check();
  }
  await expect(page.getByTestId("inbox-selected-count")).toHaveText("5 selected");
  await page.getByTestId("inbox-bulk-approve").click();
  const dialog = page.getByTestId("inbox-bulk-dialog");
  await expect(dialog.getByTestId("inbox-bulk-count")).toHaveText("5 tasks");
  await dialog.getByTestId("inbox-bulk-comment").fill("batch ok");
  await dialog.getByTestId("inbox-bulk-confirm").click();
  await expect(dialog.getByTestId("inbox-bulk-summary")).toContainText("5 of 5 approved");
  await expect(dialog.locator("[data-testid=inbox-bulk-result][data-ok=true]")).toHaveCount(5);
  await dialog.getByTestId("inbox-bulk-close").click();

  for (const run of chosen) {
    expect(await waitForClose(swf, run)).toBe("COMPLETED");
    expect(await completedResult(run)).toMatchObject({ decision: "approve", comment: "batch ok" });
  }
  // The sixth is untouched.
  await expect(page.getByTestId("inbox-row")).toHaveCount(1);
  await expect(page.getByTestId("inbox-row")).toHaveAttribute(
    "data-workflow-id",
    runs[5].workflowId,
  );
  const audit = await (
    await page.request.get(`/api/audit?action=Inbox.Approve&target=${batch}`)
  ).json();
  expect(audit.entries).toHaveLength(5);
  expect(new Set(audit.entries.map((e: { bulkId: string }) => e.bulkId)).size).toBe(1);
  expect(audit.entries[0].bulkId).toBeTruthy();
});

const FORM = {
  fields: [
    {
      name: "discount",
      label: "Discount (%)",
      type: "number",
      min: 0,
      max: 30,
      default: 0,
      required: true,
      help: "Up to 30%",
    },
    {
      name: "warehouse",
      label: "Ship from",
      type: "select",
      required: true,
      options: [
        { value: "berlin", label: "Berlin" },
        { value: "lyon", label: "Lyon" },
      ],
    },
    { name: "expedite", label: "Expedite", type: "boolean" },
    { name: "shipBy", label: "Ship by", type: "date" },
    { name: "note", label: "Note for the warehouse", type: "textarea" },
  ],
};

test("a form task: typed values, validated in the browser and on the server, reach the decider", async ({
  page,
}) => {
  const workflowId = uniqueName("form");
  const run = await startOrder(workflowId, { form: FORM });
  const pending = await waitForInboxTask(page.request, workflowId);

  // The server checks the values too (a client that skips the form gets a clear error).
  const bad = await page.request.post(`/api/inbox/${pending.id}`, {
    data: { decision: "approve", values: { discount: 45, warehouse: "paris" } },
  });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({
    fault: "ValidationError",
    message: expect.stringMatching(/discount: at most 30.*warehouse: choose one of the options/),
  });

  const pane = await openTask(page, pending);
  await expect(pane.getByTestId("inbox-form")).toBeVisible();
  await pane.getByLabel("Discount (%)").fill("45");
  await pane.getByTestId("inbox-approve").click();
  await expect(pane.getByText("at most 30")).toBeVisible();
  await expect(pane.getByText("choose one of the options")).toBeVisible();
  await pane.getByLabel("Discount (%)").fill("15");
  await pane.getByLabel("Ship from").selectOption("lyon");
  await pane.getByLabel("Expedite").check();
  await pane.getByLabel("Ship by").fill("2027-01-15");
  await pane.getByLabel("Note for the warehouse").fill("fragile");
  await expectAccessible(page);
  await pane.getByTestId("inbox-approve").click();
  await expect(pane.getByTestId("inbox-task-outcome")).toContainText("Approved");
  await expect(pane.getByTestId("inbox-task-values")).toContainText("lyon");

  expect(await waitForClose(swf, run)).toBe("COMPLETED");
  const values = {
    discount: 15,
    warehouse: "lyon",
    expedite: true,
    shipBy: "2027-01-15",
    note: "fragile",
  };
  expect(await completedResult(run)).toMatchObject({ decision: "approve", values, by: "admin" });
  // The decider completed the workflow with that answer.
  const closed = (await history(swf, run)).find(
    (e) => e.eventType === "WorkflowExecutionCompleted",
  );
  expect(JSON.parse(closed!.workflowExecutionCompletedEventAttributes!.result!).values).toEqual(
    values,
  );
});

test("a half-written answer survives a look at another task: comment and form values come back, and are what is sent", async ({
  page,
}) => {
  const batch = uniqueName("draft");
  const formRun = await startOrder(`${batch}-a`, { form: FORM });
  await startOrder(`${batch}-b`);
  const [first] = (await waitForInboxTasks(page.request, batch, 2)).sort((x, y) => x.id - y.id);
  expect(first.workflowId).toBe(formRun.workflowId);
  await page.goto(`/inbox?q=${batch}&task=${first.id}`);
  const paneA = page.locator(`[data-testid=inbox-task][data-workflow-id="${formRun.workflowId}"]`);
  await paneA.getByLabel("Discount (%)").fill("12");
  await paneA.getByLabel("Ship from").selectOption("lyon");
  await paneA.getByTestId("inbox-comment-input").fill("half a thought");
  await paneA.getByTestId("inbox-comment-input").press("Escape");

  await page.keyboard.press("j");
  const paneB = page.locator(`[data-testid=inbox-task][data-workflow-id="${batch}-b"]`);
  await expect(paneB).toBeVisible();
  // Another task's answer starts empty: drafts belong to their task.
  await expect(paneB.getByTestId("inbox-comment-input")).toHaveValue("");
  await page.keyboard.press("k");
  await expect(paneA.getByTestId("inbox-comment-input")).toHaveValue("half a thought");
  await expect(paneA.getByLabel("Discount (%)")).toHaveValue("12");
  await expect(paneA.getByLabel("Ship from")).toHaveValue("lyon");

  await paneA.getByTestId("inbox-approve").click();
  await expect(paneA.getByTestId("inbox-task-outcome")).toContainText("Approved");
  expect(await waitForClose(swf, formRun)).toBe("COMPLETED");
  expect(await completedResult(formRun)).toMatchObject({
    decision: "approve",
    comment: "half a thought",
    values: { discount: 12, warehouse: "lyon" },
  });
});

test("holding tasks: claim, the Mine view, held-by and since; an operator takes it over, then its former holder cannot decide it", async ({
  browser,
  baseURL,
}) => {
  const names = await ensureRoleUsers(baseURL!);
  const workflowId = uniqueName("held");
  const run = await startOrder(workflowId);
  const approver = await browserAs(browser, baseURL!, names.approver);
  const page = await approver.newPage();
  const pending = await waitForInboxTask(page.request, workflowId);
  const pane = await openTask(page, pending);
  await pane.getByTestId("inbox-claim").click();
  await expect(pane.getByTestId("inbox-holder")).toContainText(
    `Held by you (${names.approver}) since`,
  );
  await page.getByTestId("inbox-tab-mine").click();
  await expect(page).toHaveURL(/view=mine/);
  await expect(
    page.locator(`[data-testid=inbox-row][data-workflow-id="${workflowId}"]`),
  ).toBeVisible();

  // An operator sees who holds it and may take it over.
  const operator = await browserAs(browser, baseURL!, names.operator);
  const op = await operator.newPage();
  const opPane = await openTask(op, pending);
  await expect(opPane.getByTestId("inbox-holder")).toContainText(`Held by ${names.approver}`);
  await opPane.getByTestId("inbox-claim").click();
  await expect(opPane.getByTestId("inbox-holder")).toContainText(`Held by you (${names.operator})`);
  // Now the approver is the one who cannot decide it.
  const denied = await page.request.post(`/api/inbox/${pending.id}`, {
    data: { decision: "approve" },
    headers: { origin: baseURL! },
  });
  expect(denied.status()).toBe(409);
  expect((await denied.json()).fault).toBe("HeldBySomeoneElse");
  await opPane.getByTestId("inbox-approve").click();
  await expect(opPane.getByTestId("inbox-task-outcome")).toContainText(
    `Approved by ${names.operator}`,
  );
  expect(await waitForClose(swf, run)).toBe("COMPLETED");
  await Promise.all([approver.close(), operator.close()]);
});

test("a console that died mid-decision: the claimed decision is settled once, by its decider, and never handed to a second approver", async ({
  page,
}) => {
  const workflowId = uniqueName("crash");
  const run = await startOrder(workflowId);
  const pending = await waitForInboxTask(page.request, workflowId);
  // What a console killed between its claim and SWF's answer leaves in its database.
  const db = new Database(process.env.E2E_CONSOLE_DB!);
  try {
    const claimed = db
      .prepare(
        `UPDATE human_tasks SET state = 'claimed', decision = 'approve', comment = 'before the crash',
                decided_by = 'admin', decided_at = ?, updated_at = ? WHERE id = ? AND state = 'pending'`,
      )
      .run(Date.now() - 10 * 60_000, Date.now(), pending.id).changes;
    expect(claimed).toBe(1);
  } finally {
    db.close();
  }
  const pane = await openTask(page, pending);
  // A second approver is told it is being decided, not offered it.
  await expect(pane.getByTestId("inbox-approve")).toHaveCount(0);
  await expect(pane.getByTestId("inbox-task-outcome")).toContainText("Approved");
  expect(await waitForClose(swf, run)).toBe("COMPLETED");
  expect(await completedResult(run)).toMatchObject({
    decision: "approve",
    comment: "before the crash",
    by: "admin",
  });
  await expect(pane.getByTestId("inbox-task-outcome")).not.toContainText("sending");
  await expect(pane).toHaveAttribute("data-state", "completed");
});
