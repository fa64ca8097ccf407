/**
 * The human-task inbox with the sample order flow: a scripted decider schedules ApproveOrder on
 * `approvals` in `orders-e2e` (the console serves that list: HUMAN_TASK_LISTS), the console's
 * poller stores the task, a person decides in the inbox, the workflow continues.
 */
import { devices, expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { executionHref } from "@/components/links";
import {
  APPROVALS,
  ORDERS_DOMAIN,
  ORDER_TYPE,
  ensureOrderTypes,
  startDecider,
} from "./support/act-decider";
import { openTask, orderInput, waitForInboxTask, waitForInboxTasks } from "./support/act-inbox";
import { SIGNED_OUT, STATE, browserAs, ensureRoleUsers, passwordOf } from "./support/act-users";
import { attachScreenshot, collectConsoleErrors } from "./support/page";
import { startSecondConsole } from "./support/second-console";
import { startRelay } from "../tests/engine/relay";
import { e2eSwf, history, startExecution, uniqueName, waitForClose, type Run } from "./support/swf";

const swf = e2eSwf();
const DECISIONS = uniqueName("inbox-decisions");
let decider: { stop(): Promise<void> };

test.beforeAll(async () => {
  await ensureOrderTypes(swf, ORDERS_DOMAIN, DECISIONS);
  decider = startDecider(swf, ORDERS_DOMAIN, DECISIONS);
});
test.afterAll(async () => decider?.stop());

async function startOrder(
  input?: string,
  workflowId = uniqueName("order"),
  tags?: string[],
): Promise<Run> {
  return startExecution(swf, ORDERS_DOMAIN, {
    workflowType: ORDER_TYPE,
    workflowId,
    taskList: DECISIONS,
    input: input ?? orderInput(workflowId),
    tags,
  });
}

/** The detail pane, when it shows the task of `run`. */
function card(page: Page, run: Run) {
  return page.locator(`[data-testid=inbox-task][data-workflow-id="${run.workflowId}"]`);
}

test("approving a task lets its workflow complete", async ({ page }) => {
  const run = await startOrder();
  const task = await openTask(page, await waitForInboxTask(page.request, run.workflowId));
  // The input as readable fields: key/value list, nested objects as nested lists, arrays of
  // objects as tables; the raw JSON one click away.
  const input = task.getByTestId("inbox-task-input");
  await expect(input.locator("dt", { hasText: "orderId" })).toBeVisible();
  await expect(input.locator("dd", { hasText: run.workflowId }).first()).toBeVisible();
  await expect(input.locator("dd", { hasText: "129.5" }).first()).toBeVisible();
  await expect(input.locator("dd dl dd", { hasText: "Ada Lovelace" })).toBeVisible();
  await expect(input.locator("table th", { hasText: "sku" })).toBeVisible();
  await expect(input.locator("table td", { hasText: "PEN-2" })).toBeVisible();
  await task.getByTestId("inbox-json-toggle").click();
  await expect(task.getByTestId("inbox-task-input")).toContainText('"name": "Ada Lovelace"');
  await task.getByTestId("inbox-json-toggle").click();
  await expect(task.getByTestId("inbox-task-execution")).toHaveAttribute(
    "href",
    executionHref(run.domain, run.workflowId, run.runId),
  );

  await task.getByTestId("inbox-comment-input").fill("looks good");
  await task.getByTestId("inbox-approve").click();
  await expect(task.getByTestId("inbox-task-outcome")).toContainText("Approved");
  await expect(task.getByTestId("inbox-decided-by")).toHaveText("admin");

  expect(await waitForClose(swf, run)).toBe("COMPLETED");
  const events = await history(swf, run);
  const completed = events.find((e) => e.eventType === "ActivityTaskCompleted")!;
  expect(JSON.parse(completed.activityTaskCompletedEventAttributes!.result!)).toMatchObject({
    decision: "approve",
    comment: "looks good",
    values: {},
    by: "admin",
    at: expect.stringMatching(/^\d{4}-/),
  });
  // One decision, one audit pair: the attempt before SWF is called, the outcome (which names its
  // attempt) after; the listing shows the outcome.
  const audit = await (
    await page.request.get(`/api/audit?action=Inbox.Approve&target=${run.workflowId}`)
  ).json();
  expect(audit.entries).toHaveLength(1);
  expect(audit.entries[0]).toMatchObject({
    username: "admin",
    outcome: "ok",
    attemptId: expect.any(Number),
    parameters: { decision: "approve", comment: "looks good" },
  });
});

test("on a phone the open task fits the screen: its answer is not pushed off the right edge", async ({
  page,
}) => {
  const run = await startOrder(
    orderInput(uniqueName("phone"), {
      form: {
        fields: [
          { name: "discount", label: "Discount (%)", type: "number", min: 0, max: 30, default: 0 },
          {
            name: "warehouse",
            label: "Ship from",
            type: "select",
            required: true,
            options: [{ value: "berlin", label: "Berlin" }],
          },
        ],
      },
      items: [
        { sku: "KB-101", name: "Mechanical keyboard", quantity: 1, price: 89.9 },
        { sku: "MN-303", name: "27-inch monitor", quantity: 1, price: 249 },
      ],
    }),
  );
  const pending = await waitForInboxTask(page.request, run.workflowId);
  await page.setViewportSize({ width: 390, height: 844 });
  const task = await openTask(page, pending);
  // The input's items table (four columns) is the widest thing in the pane.
  await expect(task.getByTestId("inbox-task-input").locator("table")).toBeVisible();
  const pane = page.getByTestId("inbox-detail");
  const sideways = await pane.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(sideways, "the task pane scrolls sideways").toBe(0);
  for (const control of [
    task.getByLabel("Discount (%)"),
    task.getByLabel("Ship from"),
    task.getByTestId("inbox-comment-input"),
    task.getByTestId("inbox-approve"),
  ]) {
    const box = (await control.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
});

test("on a phone (390px) an approver works through the queue: several tasks in view, open one, decide it, back to the list", async ({
  page,
}, testInfo) => {
  const batch = uniqueName("pocket");
  const runs: Run[] = [];
  for (let i = 0; i < 6; i++)
    runs.push(
      await startOrder(
        orderInput(`${batch}-${i}`, {
          question: `Approve ${batch}-${i} (Ada, 129.5 EUR)?`,
          // A long order: the task is taller than the phone's screen.
          items: Array.from({ length: 25 }, (_, n) => ({ sku: `SKU-${n}`, qty: n + 1 })),
        }),
      ),
    );
  await waitForInboxTasks(page.request, batch, 6);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/inbox?q=${batch}`);
  const rows = page.getByTestId("inbox-row");
  await expect(rows).toHaveCount(6);
  // The queue, not one task at a time: at least four whole rows on the first screen.
  for (let i = 0; i < 4; i++) await expect(rows.nth(i)).toBeInViewport({ ratio: 1 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - innerWidth),
    "the page scrolls sideways",
  ).toBeLessThanOrEqual(0);
  // The list's own box ends on the screen: one scroll (the list's), not the page's and the list's.
  const listBox = (await page.getByTestId("inbox-list").boundingBox())!;
  expect(listBox.y + listBox.height).toBeLessThanOrEqual(844);
  await attachScreenshot(page, testInfo, "inbox-phone-list");

  // Open the third task: it takes the screen, with its question and its answer in reach.
  const chosen = rows.nth(2);
  const id = Number(await chosen.getAttribute("data-task-id"));
  const run = runs.find((r) => r.workflowId === `${batch}-2`) ?? runs[2];
  await chosen.getByTestId("inbox-row-open").click();
  const task = page.locator(`[data-testid=inbox-task][data-task-id="${id}"]`);
  await expect(task).toBeInViewport();
  await expect(page.getByTestId("inbox-detail")).toBeFocused();
  // It covers the list (which keeps its place underneath, out of reach of the keyboard).
  const covering = () =>
    page.evaluate(() =>
      Boolean(document.elementFromPoint(200, 600)?.closest("[data-testid=inbox-detail]")),
    );
  expect(await covering()).toBe(true);
  await expect(page.getByTestId("inbox-list-pane")).toHaveAttribute("inert");
  await expect(page).toHaveURL(/pane=task/);
  await attachScreenshot(page, testInfo, "inbox-phone-task");

  // The browser's Back returns to the list at that row, and Forward to the task.
  await page.goBack();
  await expect(page.getByTestId("inbox-list-pane")).not.toHaveAttribute("inert");
  expect(await covering()).toBe(false);
  await expect(chosen).toHaveAttribute("aria-current", "true");
  await expect(chosen.getByTestId("inbox-row-open")).toBeFocused();
  await page.goForward();
  await expect(task).toBeInViewport();
  // Escape does the same from the keyboard.
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("inbox-list-pane")).not.toHaveAttribute("inert");
  await page.goForward();
  await expect(task).toBeInViewport();

  // Scrolled to its end, the way back is still at the top.
  const pane = page.getByTestId("inbox-detail");
  expect(await pane.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await pane.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId("inbox-back")).toBeInViewport({ ratio: 1 });
  expect(await covering()).toBe(true);
  const back = (await page.getByTestId("inbox-back").boundingBox())!;
  expect(back.y).toBeLessThan(60);

  // Decide it there.
  await task.getByTestId("inbox-comment-input").fill("ok from my phone");
  await task.getByTestId("inbox-approve").scrollIntoViewIfNeeded();
  await expect(task.getByTestId("inbox-approve")).toBeInViewport();
  await task.getByTestId("inbox-approve").click();
  await expect(task.getByTestId("inbox-task-outcome")).toContainText("Approved");
  expect(await waitForClose(swf, run)).toBe("COMPLETED");

  // Back to the list by the pane's own button: the decided task has left the queue, the rest
  // are still there, and the keyboard focus is on the row that took its place.
  await expect(rows).toHaveCount(5);
  await page.getByTestId("inbox-back").click();
  await expect(page.getByTestId("inbox-list-pane")).not.toHaveAttribute("inert");
  expect(await covering()).toBe(false);
  await expect(rows).toHaveCount(5);
  await expect(page.locator(`[data-testid=inbox-row][data-task-id="${id}"]`)).toHaveCount(0);
  for (let i = 0; i < 4; i++) await expect(rows.nth(i)).toBeInViewport({ ratio: 1 });
  await expect(rows.nth(2).getByTestId("inbox-row-open")).toBeFocused();

  // The rest of the batch, rejected in one go, so that other specs' inboxes stay short.
  await page.getByTestId("inbox-select-all").check();
  await page.getByTestId("inbox-bulk-reject").click();
  await page.getByTestId("inbox-bulk-confirm").click();
  await expect(page.getByTestId("inbox-bulk-summary")).toContainText("5 of 5 rejected", {
    timeout: 30_000,
  });
  await waitForInboxTasks(page.request, batch, 0);
});

test("on a phone: near-identical questions read in full, nothing is marked open that the person did not open, no keyboard help, and a linked task's Back leaves no extra step", async ({
  page,
  baseURL,
}) => {
  const batch = uniqueName("twins");
  const ask = (who: string) =>
    `Approve the refund for order ${batch} of 129.50 EUR to Ada Lovelace, paid by card, returned by ${who}?`;
  const runs = [];
  for (const who of ["courier", "post"])
    runs.push(await startOrder(orderInput(`${batch}-${who}`, { question: ask(who) })));
  const tasks = (await waitForInboxTasks(page.request, batch, 2)).sort((x, y) => x.id - y.id);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/inbox?q=${batch}`);
  const rows = page.getByTestId("inbox-row");
  await expect(rows).toHaveCount(2);
  // Each question whole, inside its own row; rows do not overlap (they are measured).
  for (const who of ["courier", "post"]) {
    const question = rows.getByTestId("inbox-row-question").filter({ hasText: ask(who) });
    await expect(question).toBeInViewport({ ratio: 1 });
    expect(await question.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
  }
  const boxes = await rows.evaluateAll((els) =>
    els.map((el) => {
      const row = el.getBoundingClientRect();
      const q = el.querySelector("[data-testid=inbox-row-question]")!.getBoundingClientRect();
      return { top: row.top, bottom: row.bottom, qTop: q.top, qBottom: q.bottom };
    }),
  );
  for (const b of boxes) {
    expect(b.qTop).toBeGreaterThanOrEqual(b.top);
    expect(b.qBottom).toBeLessThanOrEqual(b.bottom);
  }
  expect(boxes[0].bottom).toBeLessThanOrEqual(boxes[1].top + 1);
  // Nothing was opened here: no row is marked as the open one, and the URL names no task.
  await expect(page.locator("[data-testid=inbox-row][aria-current]")).toHaveCount(0);
  await expect(page).not.toHaveURL(/task=/);
  await expect(page.getByTestId("inbox-keys-button")).toBeHidden();
  // Once opened, the row is the open one.
  await rows.first().getByTestId("inbox-row-open").click();
  await expect(page.getByTestId("inbox-task")).toBeInViewport();
  await page.getByTestId("inbox-back").click();
  await expect(rows.first()).toHaveAttribute("aria-current", "true");

  // A link to a task (here, the run's own page's): the pane's Back shows the list, and the
  // browser's Back then returns to where the person came from at once, with no step through the
  // same page on the way.
  for (const how of ["address", "in-app link"] as const) {
    const run = runs[1];
    const from = executionHref(run.domain, run.workflowId, run.runId);
    await page.goto(from);
    if (how === "address") await page.goto(`/inbox?q=${batch}&task=${tasks[1].id}`);
    else await page.getByTestId("pending-human-task-link").click();
    await expect(
      page.locator(`[data-testid=inbox-task][data-task-id="${tasks[1].id}"]`),
    ).toBeInViewport();
    await page.getByTestId("inbox-back").click();
    await expect(page.getByTestId("inbox-list-pane")).not.toHaveAttribute("inert");
    await expect(page.getByTestId("inbox-row").first()).toBeVisible();
    await page.goBack();
    await expect(page, how).toHaveURL((url) => url.pathname === from);
  }

  // Cleanup: other specs' inboxes stay short.
  for (const t of tasks) {
    const r = await page.request.post(`/api/inbox/${t.id}`, {
      data: { decision: "reject" },
      headers: { origin: baseURL! },
    });
    expect(r.ok()).toBe(true);
  }
  await waitForInboxTasks(page.request, batch, 0);
});

test("deciding one task after another: Next in the phone's pane steps as j does beside the list, to the task that took the decided one's place", async ({
  page,
}) => {
  const batch = uniqueName("next");
  for (let i = 0; i < 4; i++)
    await startOrder(
      orderInput(`${batch}-${i}`, {
        question: `Ship ${batch}-${i}?`,
        // Taller than the phone's screen.
        items: Array.from({ length: 25 }, (_, n) => ({ sku: `SKU-${n}`, qty: n + 1 })),
      }),
    );
  await waitForInboxTasks(page.request, batch, 4);
  const pane = (id: number) => page.locator(`[data-testid=inbox-task][data-task-id="${id}"]`);
  const rows = page.getByTestId("inbox-row");

  // Beside the list: decide the first task; it stays in view with its outcome, and j opens the
  // task that took its place in the list.
  await page.goto(`/inbox?q=${batch}`);
  await expect(rows).toHaveCount(4);
  const order = await rows.evaluateAll((els) => els.map((el) => Number(el.dataset.taskId)));
  await expect(pane(order[0])).toBeVisible();
  await pane(order[0]).getByTestId("inbox-approve").click();
  await expect(pane(order[0]).getByTestId("inbox-task-outcome")).toContainText("Approved");
  await expect(rows).toHaveCount(3);
  await expect(pane(order[0])).toBeVisible();
  await page.keyboard.press("j");
  await expect(pane(order[1])).toBeVisible();

  // On a phone, the same steps from the open task's own pane.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/inbox?q=${batch}`);
  await expect(rows).toHaveCount(3);
  await rows.first().getByTestId("inbox-row-open").click();
  await expect(pane(order[1])).toBeInViewport();
  const next = page.getByTestId("inbox-next");
  const previous = page.getByTestId("inbox-previous");
  await expect(previous).toBeDisabled();
  // A look ahead and back, in the list's order; each task is read from its top.
  const detail = page.getByTestId("inbox-detail");
  await detail.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(next).toBeInViewport({ ratio: 1 });
  await next.click();
  await expect(pane(order[2])).toBeVisible();
  expect(await detail.evaluate((el) => el.scrollTop)).toBe(0);
  await previous.click();
  await expect(pane(order[1])).toBeVisible();

  // Decided, the task stays in view with its outcome (as beside the list), and the keyboard
  // focus is on Next, which opens the task that took its place.
  await pane(order[1]).getByTestId("inbox-approve").click();
  await expect(pane(order[1]).getByTestId("inbox-task-outcome")).toContainText("Approved");
  await expect(next).toBeFocused();
  await expect(page.getByTestId("inbox-back")).toContainText("(2)");
  await next.click();
  await expect(pane(order[2])).toBeInViewport();
  // The one before it has left the queue.
  await expect(previous).toBeDisabled();
  await pane(order[2]).getByTestId("inbox-reject").click();
  await expect(pane(order[2]).getByTestId("inbox-task-outcome")).toContainText("Rejected");
  await expect(next).toBeFocused();
  await next.click();
  await expect(pane(order[3])).toBeInViewport();
  // After the last one there is no next task: the focus goes to the way back to the list.
  await pane(order[3]).getByTestId("inbox-reject").click();
  await expect(pane(order[3]).getByTestId("inbox-task-outcome")).toContainText("Rejected");
  await expect(page.getByTestId("inbox-back")).toBeFocused();
  await expect(next).toBeDisabled();
  await page.getByTestId("inbox-back").click();
  await expect(page.getByTestId("inbox-empty")).toBeVisible();
  await waitForInboxTasks(page.request, batch, 0);
});

test("a phone is sent the list alone: the first task's detail is not read into the page until it is opened", async ({
  browser,
  page,
  baseURL,
}) => {
  const workflowId = uniqueName("handheld");
  // Only in the task's input: the list's rows do not carry it, the task's detail does.
  const marker = uniqueName("detail-only");
  const run = await startOrder(orderInput(workflowId, { note: marker }), workflowId);
  const pending = await waitForInboxTask(page.request, workflowId);

  // A wide screen opens the first task beside the list: its detail comes with the page.
  const html = async (context: { request: Page["request"] }) =>
    (await context.request.get(`/inbox?q=${workflowId}`)).text();
  const desktop = await html(page);
  expect(desktop).toContain(`data-workflow-id="${workflowId}"`);
  expect(desktop).toContain(marker);

  // A phone (its browser says so: the client hint, or "Mobile" in its user agent).
  for (const [name, { defaultBrowserType: _, ...device }] of [
    ["Chromium on Android", devices["Pixel 7"]],
    ["Safari on iPhone", devices["iPhone 13"]],
  ] as const) {
    const phone = await browser.newContext({ ...device, storageState: STATE });
    const tab = await phone.newPage();
    const asked: string[] = [];
    tab.on("request", (r) => {
      if (/\/api\/inbox\/\d+$/.test(new URL(r.url()).pathname)) asked.push(r.url());
    });
    const first = await tab.goto(`/inbox?q=${workflowId}`);
    const sent = await first!.text();
    expect(sent, name).toContain(`data-workflow-id="${workflowId}"`);
    expect(sent, name).not.toContain(marker);
    const row = tab.getByTestId("inbox-row");
    await expect(row).toHaveCount(1);
    await expect(tab.locator("[data-testid=inbox-row][aria-current]")).toHaveCount(0);
    expect(asked, name).toEqual([]);
    // Opened, the task is read then.
    await row.getByTestId("inbox-row-open").click();
    await expect(tab.getByTestId("inbox-task-input")).toContainText(marker);
    expect(asked.length, name).toBeGreaterThan(0);
    await phone.close();
  }
  // Cleanup: other specs' inboxes stay short.
  const decided = await page.request.post(`/api/inbox/${pending.id}`, {
    data: { decision: "reject" },
    headers: { origin: baseURL! },
  });
  expect(decided.ok()).toBe(true);
  expect(await waitForClose(swf, run)).toBe("FAILED");
});

test("when SWF does not answer, the task pane says so and shows what the console stored of the task", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const question = `Ship ${uniqueName("offline")} without SWF?`;
  const run = await startOrder(orderInput(uniqueName("order"), { question }));
  const pending = await waitForInboxTask(page.request, run.workflowId);
  // A second console on the same database whose SWF endpoint drops every connection.
  const relay = await startRelay(process.env.E2E_SWF_ENDPOINT!);
  relay.down = true;
  const offline = await startSecondConsole(Number(new URL(baseURL!).port) + 19, {
    AWS_ENDPOINT_URL_SWF: relay.url,
  });
  try {
    await page.goto(`${offline.url}/inbox?task=${pending.id}`);
    const task = page.locator(`[data-testid=inbox-task][data-task-id="${pending.id}"]`);
    // The question and its data are the console's own: they show as ever.
    await expect(task.locator("#inbox-task-heading")).toHaveText(question);
    await expect(task.getByTestId("inbox-task-input")).toContainText("Ada Lovelace");
    const execution = task.getByTestId("inbox-execution");
    const fault = execution.getByTestId("fault");
    await expect(fault).toContainText("No live details from SWF", { timeout: 30_000 });
    await expect(fault.getByTestId("fault-words")).toHaveText(
      "The console cannot reach the SWF endpoint.",
    );
    await expect(fault.getByTestId("fault-name")).toHaveText("EndpointUnreachable");
    const known = execution.getByTestId("inbox-execution-known");
    for (const text of [
      run.workflowId,
      run.runId,
      `${ORDERS_DOMAIN} / ${APPROVALS}`,
      "ApproveOrder 1 · ",
    ])
      await expect(known).toContainText(text);
    await expect(known.locator("dt", { hasText: "Received" })).toBeVisible();
    await expect(known.locator("time").first()).toHaveAttribute("datetime", /^\d{4}-/);
    await expect(execution.getByTestId("inbox-task-execution")).toBeVisible();
  } finally {
    offline.stop();
    await relay.close();
  }
  // With SWF answering (the first console), the live details and no fault.
  const live = await openTask(page, pending);
  await expect(live.getByTestId("inbox-execution")).toContainText("started");
  await expect(live.getByTestId("inbox-execution").getByTestId("fault")).toHaveCount(0);
  await expect(live.getByTestId("inbox-execution-known")).toHaveCount(0);
  await live.getByTestId("inbox-reject").click();
  expect(await waitForClose(swf, run)).toBe("FAILED");
});

test("long workflow data on a phone: unbroken ids, question, input and answer wrap as text; nothing scrolls sideways", async ({
  page,
}) => {
  // Workflow data is whatever the workflow sent: 200-character ids and tokens without a space.
  const workflowId = `${uniqueName("long")}-${"w".repeat(180)}`;
  const token = "t".repeat(600);
  const question = `Approve ${"q".repeat(300)}?`;
  const run = await startOrder(
    orderInput(workflowId, {
      question,
      note: token,
      form: { fields: [{ name: "ref", label: "Reference", type: "text" }] },
    }),
    workflowId,
    [`tag-${"g".repeat(240)}`],
  );
  const pending = await waitForInboxTask(page.request, run.workflowId);
  await page.setViewportSize({ width: 390, height: 844 });
  const task = await openTask(page, pending);
  // A question this long is folded; unfolded, it reads whole.
  await task
    .locator("#inbox-task-heading")
    .getByRole("button", { name: /^Show all/ })
    .click();
  await expect(task.locator("#inbox-task-heading")).toContainText(question);
  await expect(task.getByTestId("inbox-task-execution")).toContainText(workflowId);
  const sideways = (selector: string) =>
    page.locator(selector).evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(await sideways("[data-testid=inbox-detail]"), "the task pane scrolls sideways").toBe(0);
  await task.getByLabel("Reference").fill(token);
  await task.getByTestId("inbox-approve").click();
  await expect(task.getByTestId("inbox-task-values")).toContainText(token);
  expect(await sideways("[data-testid=inbox-detail]"), "the answer pushes the pane").toBe(0);
  expect(await waitForClose(swf, run)).toBe("COMPLETED");

  // The operator's page of that run, at the same width.
  await page.goto(executionHref(run.domain, run.workflowId, run.runId));
  await expect(page.getByTestId("workflow-id")).toHaveText(workflowId);
  await expect(page.getByTestId("execution-status")).toHaveText("Completed");
  await expect(page.getByTestId("field-tags")).toContainText("tag-ggg");
  expect(await sideways("html"), "the execution page scrolls sideways").toBe(0);
  expect(await sideways("[data-testid=execution-fields]"), "the summary overflows").toBe(0);
});

test("a search that matches nothing says so, and one click clears the filters", async ({
  page,
}) => {
  const nothing = uniqueName("no-such-order");
  await page.goto(`/inbox?q=${nothing}&domain=${ORDERS_DOMAIN}&sort=due`);
  await expect(page.getByTestId("inbox-empty")).toContainText("No task matches these filters.");
  await page.getByTestId("inbox-clear-filters").click();
  await expect(page).not.toHaveURL(/[?&](q|domain)=/);
  await expect(page).toHaveURL(/sort=due/);
  await expect(page.getByTestId("inbox-filter-q")).toHaveValue("");
  await expect(page.getByTestId("inbox-clear-filters")).toHaveCount(0);
});

test("relative dates in the task pane count from the server's time, as the list does, even with the browser's clock an hour off", async ({
  page,
}) => {
  const run = await startOrder();
  const pending = await waitForInboxTask(page.request, run.workflowId);
  await page.clock.install({ time: new Date(Date.now() + 3_600_000) });
  const task = await openTask(page, pending, `q=${run.workflowId}`);
  await page.getByTestId("time-settings").selectOption("local-relative");
  const received = task.locator("span", { hasText: /^received/ }).locator("time");
  await expect(received).toHaveText(/^\d+s ago$/);
  await expect(page.getByTestId("inbox-row").first()).toContainText(/\d+s ago/);
  await expect(task.getByTestId("inbox-task-due")).toContainText(/^due in 59m \(\d{4}-/);
  await task.getByTestId("inbox-approve").click();
  await expect(task.getByTestId("inbox-task-outcome")).toContainText(/at \d+s ago/);
});

test("rejecting a task completes it with decision reject; the workflow rejects the order", async ({
  page,
}) => {
  const run = await startOrder();
  const task = await openTask(page, await waitForInboxTask(page.request, run.workflowId));
  await task.getByTestId("inbox-comment-input").fill("too expensive");
  await task.getByTestId("inbox-reject").click();
  await expect(task.getByTestId("inbox-task-outcome")).toContainText("Rejected");
  expect(await waitForClose(swf, run)).toBe("FAILED");
  const events = await history(swf, run);
  const completed = events.find((e) => e.eventType === "ActivityTaskCompleted")!;
  expect(JSON.parse(completed.activityTaskCompletedEventAttributes!.result!)).toMatchObject({
    decision: "reject",
    comment: "too expensive",
  });
  expect(
    events.find((e) => e.eventType === "WorkflowExecutionFailed")
      ?.workflowExecutionFailedEventAttributes?.reason,
  ).toBe("rejected");
});

test("fail task: RespondActivityTaskFailed with the reason", async ({ page }) => {
  const run = await startOrder();
  const task = await openTask(page, await waitForInboxTask(page.request, run.workflowId));
  await task.getByTestId("inbox-fail-toggle").click();
  await task.getByTestId("inbox-fail-reason").fill("order data is garbled");
  await task.getByTestId("inbox-fail").click();
  await expect(task.getByTestId("inbox-task-outcome")).toContainText("Failed");
  expect(await waitForClose(swf, run)).toBe("FAILED");
  const failed = (await history(swf, run)).find((e) => e.eventType === "ActivityTaskFailed");
  expect(failed?.activityTaskFailedEventAttributes?.reason).toBe("order data is garbled");
});

test("two approvers at once: exactly one decision, the other sees who decided", async ({
  browser,
  baseURL,
}) => {
  const admin = await playwrightRequest.newContext({
    baseURL,
    storageState: "e2e/.auth/state.json",
    extraHTTPHeaders: { origin: baseURL! },
  });
  for (const name of ["approver-one", "approver-two"]) {
    const r = await admin.post("/api/users", {
      data: { username: name, password: passwordOf(name), role: "approver" },
    });
    expect([201, 409]).toContain(r.status());
  }
  const run = await startOrder();
  const pending = await waitForInboxTask(admin, run.workflowId);

  const one = await browserAs(browser, baseURL!, "approver-one");
  const two = await browserAs(browser, baseURL!, "approver-two");
  const [p1, p2] = await Promise.all([one.newPage(), two.newPage()]);
  await Promise.all([openTask(p1, pending), openTask(p2, pending)]);
  const [c1, c2] = [card(p1, run), card(p2, run)];
  await Promise.all([
    expect(c1.getByTestId("inbox-approve")).toBeEnabled(),
    expect(c2.getByTestId("inbox-approve")).toBeEnabled(),
  ]);
  await c1.getByTestId("inbox-comment-input").fill("one says yes");
  await c2.getByTestId("inbox-comment-input").fill("two says no");
  await Promise.all([
    c1.getByTestId("inbox-approve").click(),
    c2.getByTestId("inbox-reject").click(),
  ]);

  await expect(c1.getByTestId("inbox-task-outcome")).toBeVisible();
  await expect(c2.getByTestId("inbox-task-outcome")).toBeVisible();
  const winner = (await c1.getByTestId("inbox-decided-by").textContent())!;
  expect(["approver-one", "approver-two"]).toContain(winner);
  // Both pages show the same single decision; the loser is told who decided and when.
  await expect(c2.getByTestId("inbox-decided-by")).toHaveText(winner);
  const loser = winner === "approver-one" ? c2 : c1;
  await expect(loser.getByTestId("fault-name")).toHaveText("AlreadyDecided");
  await expect(loser.getByTestId("fault-message")).toContainText(`by ${winner} at`);

  await waitForClose(swf, run);
  const events = await history(swf, run);
  expect(events.filter((e) => e.eventType === "ActivityTaskCompleted")).toHaveLength(1);
  const result = JSON.parse(
    events.find((e) => e.eventType === "ActivityTaskCompleted")!
      .activityTaskCompletedEventAttributes!.result!,
  );
  expect(result.by).toBe(winner);
  await Promise.all([one.close(), two.close(), admin.dispose()]);
});

test("viewers see the inbox but cannot decide; approvers can", async ({ browser, baseURL }) => {
  const names = await ensureRoleUsers(baseURL!);
  const run = await startOrder();
  const viewer = await browserAs(browser, baseURL!, names.viewer);
  const page = await viewer.newPage();
  const pending = await waitForInboxTask(page.request, run.workflowId);
  const task = await openTask(page, pending);
  for (const id of ["inbox-approve", "inbox-reject", "inbox-fail-toggle"]) {
    await expect(task.getByTestId(id)).toBeDisabled();
    await expect(task.getByTestId(id)).toHaveAttribute("title", "Requires the approver role");
  }
  const approver = await browserAs(browser, baseURL!, names.approver);
  const p2 = await approver.newPage();
  await openTask(p2, pending);
  await card(p2, run).getByTestId("inbox-approve").click();
  await expect(card(p2, run).getByTestId("inbox-task-outcome")).toContainText("Approved");
  expect(await waitForClose(swf, run)).toBe("COMPLETED");
  await Promise.all([viewer.close(), approver.close()]);
});

test("the execution page links to its pending human task", async ({ page }) => {
  const run = await startOrder();
  const task = await waitForInboxTask(page.request, run.workflowId);
  await page.goto(executionHref(run.domain, run.workflowId, run.runId));
  await expect(page.getByTestId("pending-human-task")).toContainText("ApproveOrder");
  await page.getByTestId("pending-human-task-link").click();
  await expect(page).toHaveURL(new RegExp(`/inbox\\?task=${task.id}$`));
  // The link opens that task in the detail pane, and its row is the current one.
  await expect(page.locator(`[data-testid=inbox-task][data-task-id="${task.id}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid=inbox-row][data-task-id="${task.id}"]`)).toHaveAttribute(
    "aria-current",
    "true",
  );
  await card(page, run).getByTestId("inbox-approve").click();
  expect(await waitForClose(swf, run)).toBe("COMPLETED");
});

test("a restarted console keeps the tasks in its inbox", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const runs = [await startOrder(), await startOrder()];
  const admin = await playwrightRequest.newContext({
    baseURL,
    storageState: "e2e/.auth/state.json",
  });
  for (const run of runs) await waitForInboxTask(admin, run.workflowId);
  await admin.dispose();

  // A second console process on the same CONSOLE_DB, with its poller off: whatever it shows
  // comes from the database the first one wrote.
  const { url: second, stop } = await startSecondConsole(Number(new URL(baseURL!).port) + 17);
  try {
    const api = await playwrightRequest.newContext({
      baseURL: second,
      storageState: SIGNED_OUT,
      extraHTTPHeaders: { origin: second },
    });
    expect(
      (
        await api.post("/api/auth/login", {
          data: { username: "admin", password: "e2e-admin-password" },
        })
      ).ok(),
    ).toBe(true);
    const listed = (await (await api.get("/api/inbox?view=pending")).json()) as {
      tasks: { id: number; workflowId: string }[];
    };
    for (const run of runs) expect(listed.tasks.map((t) => t.workflowId)).toContain(run.workflowId);
    // And the restarted console can answer them: the workflow continues.
    const id = listed.tasks.find((t) => t.workflowId === runs[0].workflowId)!.id;
    const decided = await api.post(`/api/inbox/${id}`, {
      data: { decision: "approve", comment: "after restart" },
    });
    expect(decided.status(), await decided.text()).toBe(200);
    expect(await waitForClose(swf, runs[0])).toBe("COMPLETED");
    await api.dispose();
  } finally {
    stop();
  }
  // The other task is still there for the first console.
  const again = await playwrightRequest.newContext({
    baseURL,
    storageState: "e2e/.auth/state.json",
  });
  expect((await waitForInboxTask(again, runs[1].workflowId)).state).toBe("pending");
  await again.dispose();
});

test("the inbox serves the configured list", async ({ page }) => {
  const body = await (await page.request.get("/api/inbox")).json();
  expect(body.lists).toContainEqual(
    expect.objectContaining({ domain: ORDERS_DOMAIN, taskList: APPROVALS }),
  );
});

test("Settings refuses a webhook on an internal address, and the form says which setting allows it", async ({
  page,
}) => {
  await page.goto("/settings");
  const row = page.getByTestId("inbox-hook").filter({ hasText: `${ORDERS_DOMAIN}:${APPROVALS}` });
  const metadata = "http://169.254.169.254/latest/meta-data/";
  await row.getByTestId("inbox-hook-url").fill(metadata);
  await row.getByTestId("inbox-hook-save").click();
  await expect(row.getByTestId("fault-message")).toHaveText(
    "url: 169.254.169.254 is an internal address (link-local, where cloud metadata lives): webhooks reach internal addresses only when CONSOLE_WEBHOOK_ALLOW lists them",
  );
  const { hooks } = (await (await page.request.get("/api/inbox/hooks")).json()) as {
    hooks: { url: string }[];
  };
  expect(hooks.map((h) => h.url)).not.toContain(metadata);
});

test("the first view is in the server's HTML: the URL's rows, the pending count and the open task, before any script runs", async ({
  browser,
  page,
  baseURL,
}) => {
  const tag = uniqueName("ssr");
  const asked = await startOrder(
    orderInput(uniqueName("order"), { question: `Ship ${tag} today?` }),
  );
  const other = await startOrder(
    orderInput(uniqueName("order"), { question: `Deliver ${tag} today?` }),
  );
  const task = await waitForInboxTask(page.request, asked.workflowId);
  await waitForInboxTask(page.request, other.workflowId);
  const filtered = `/inbox?q=${encodeURIComponent(`Ship ${tag}`)}`;

  // The HTML itself: the filtered view's row (and only it), its question, the pending count.
  const html = await (await page.request.get(filtered)).text();
  expect(html).toContain(`Ship ${tag} today?`);
  expect(html).toContain(`data-workflow-id="${asked.workflowId}"`);
  expect(html).not.toContain(`data-workflow-id="${other.workflowId}"`);
  expect(html.match(/data-testid="inbox-row"/g)).toHaveLength(1);
  expect(html).toMatch(/data-testid="inbox-pending-count"[^>]*>Pending \(<!-- -->[\d,]+<!-- -->\)/);

  // With JavaScript off: rows, the count and the detail of the task the URL opens.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: STATE });
  const still = await noScript.newPage();
  await still.goto(`${filtered}&task=${task.id}`);
  const row = still.getByTestId("inbox-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`Ship ${tag} today?`);
  await expect(row).toHaveAttribute("aria-current", "true");
  await expect(still.getByTestId("inbox-pending-count")).toHaveText(/^Pending \([\d,]+\)$/);
  await expect(still.getByTestId("inbox-task")).toHaveAttribute(
    "data-workflow-id",
    asked.workflowId,
  );
  await noScript.close();

  // Signed out, the page sends no task: it redirects to the sign-in page.
  const anonymous = await playwrightRequest.newContext({ baseURL, storageState: SIGNED_OUT });
  const refused = await anonymous.get(filtered, { maxRedirects: 0 });
  expect(refused.status()).toBe(307);
  expect(await refused.text()).not.toContain(asked.workflowId);
  await anonymous.dispose();

  // And the browser takes over the server's rows without a hydration warning.
  const errors = collectConsoleErrors(page);
  await page.goto(filtered);
  await expect(page.getByTestId("inbox-list")).toHaveAttribute("data-fresh", "true");
  await expect(page.getByTestId("inbox-row")).toHaveCount(1);
  await expect(page.getByTestId("inbox-task")).toHaveAttribute(
    "data-workflow-id",
    asked.workflowId,
  );
  // The same with the task's detail rendered by the server too.
  await page.goto(`${filtered}&task=${task.id}`);
  await expect(page.getByTestId("inbox-list")).toHaveAttribute("data-fresh", "true");
  await expect(page.getByTestId("inbox-task-execution")).toBeVisible();
  expect(errors(), "console errors (hydration of the server's rows)").toEqual([]);
});

test("every page's HTML carries the header's inbox count and the user's navigation, before any script runs", async ({
  browser,
  page,
}) => {
  const run = await startOrder();
  await waitForInboxTask(page.request, run.workflowId);

  // With JavaScript off, on a page that is not the inbox: the link, its count, the user menu.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: STATE });
  const still = await noScript.newPage();
  await still.goto("/import");
  await expect(still.getByTestId("nav-inbox")).toBeVisible();
  await expect(still.getByTestId("nav-inbox").getByLabel(/^\d+ pending$/)).toBeVisible();
  await expect(still.getByTestId("nav-audit")).toBeVisible();
  await expect(still.getByTestId("user-menu-username")).toHaveText("admin");
  await noScript.close();

  // The browser takes over the server's header without a hydration warning, and keeps counting.
  const errors = collectConsoleErrors(page);
  await page.goto(`/domains/${ORDERS_DOMAIN}`);
  await expect(page.getByTestId("nav-inbox").getByLabel(/^\d+ pending$/)).toBeVisible();
  await expect(page.getByTestId("user-menu-role")).toHaveText("admin");
  expect(errors(), "console errors (hydration of the server's header)").toEqual([]);
});

test("a link to a task that does not exist says so once, and the pane stops asking for it", async ({
  page,
}) => {
  const missing = 987_654;
  let asked = 0;
  let listed = 0;
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path === `/api/inbox/${missing}`) asked++;
    if (path === "/api/inbox") listed++;
  });
  await page.goto(`/inbox?task=${missing}`);
  await expect(page.getByTestId("inbox-detail").getByRole("alert")).toContainText(
    "No such human task",
  );
  // The list refreshes about once a second meanwhile; the missing task is not asked for again.
  const seen = asked;
  const from = listed;
  await expect.poll(() => listed - from, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
  expect(asked).toBe(seen);
});

test.describe("inbox: task forms, pane safety, single-key decisions, bulk defaults", () => {
  /**
   * Waits until the page takes keys (the list is drawn by the server before its script runs):
   * `?` opens the key list once it does, and pressing it again changes nothing.
   */
  async function keysReady(page: Page) {
    const help = page.getByTestId("inbox-keys");
    await expect(async () => {
      await page.keyboard.press("?");
      await expect(help).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();
  }

  /** Starts one order per form (question `<batch>-<i>`) and waits until the inbox holds them. */
  async function ordersWithForms(page: Page, batch: string, forms: unknown[]) {
    const runs: Run[] = [];
    for (const [i, form] of forms.entries())
      runs.push(
        await startOrder(
          orderInput(`${batch}-${i}`, {
            question: `${batch}-${i}`,
            ...(form === undefined ? {} : { form }),
          }),
          `${batch}-${i}`,
        ),
      );
    await waitForInboxTasks(page.request, batch, forms.length);
    return runs;
  }

  test("field names that are not plain identifiers, and impossible forms, are form problems: the queue is walked with j, nothing crashes, and such a task can be rejected but not approved", async ({
    page,
  }) => {
    const batch = uniqueName("names");
    const runs = await ordersWithForms(page, batch, [
      { fields: [{ name: "__proto__", type: "text" }] },
      { fields: [{ name: "constructor", type: "text" }] },
      { fields: [{ name: "a" }, { name: "a.b" }] },
      [{ name: "n", type: "number", required: true, min: 5, max: 3 }],
      [{ name: "w", type: "select", options: ["berlin"], default: "paris" }],
    ]);
    const errors = collectConsoleErrors(page);
    // Oldest first: the first of them opens by itself beside the list, on arrival.
    await page.goto(`/inbox?q=${batch}`);
    await expect(page.getByTestId("inbox-row")).toHaveCount(5);
    await keysReady(page);
    const problems = [
      "form.fields.0.name: a field name is a letter then",
      "form.fields.0.name: a reserved name",
      "form.fields.1.name: a field name is a letter then",
      "form.fields.0.max: max (3) is below min (5)",
      'form.fields.0.default: the default "paris" does not fit the field',
    ];
    for (const [i, problem] of problems.entries()) {
      if (i > 0) await page.keyboard.press("j");
      const pane = card(page, runs[i]);
      await expect(pane).toBeVisible();
      await expect(pane).toContainText(`This task's form cannot be shown (${problem}`);
      await expect(pane.getByTestId("inbox-form")).toHaveCount(0);
    }
    await expect(page.getByText("This page couldn't load")).toHaveCount(0);
    await expect(page.getByTestId("inbox-task-unshown")).toHaveCount(0);

    // Such a task is rejected (or failed) with a comment, never approved without its values.
    const pane = card(page, runs[0]);
    await page.keyboard.press("k");
    await page.keyboard.press("k");
    await page.keyboard.press("k");
    await page.keyboard.press("k");
    await expect(pane).toBeVisible();
    await expect(pane.getByTestId("inbox-approve")).toBeDisabled();
    await pane.getByTestId("inbox-comment-input").fill("form was broken, rejected");
    await pane.getByTestId("inbox-reject").click();
    await expect(pane.getByTestId("inbox-task-outcome")).toContainText("Rejected");
    expect(await waitForClose(swf, runs[0])).toBe("FAILED");
    const completed = (await history(swf, runs[0])).find(
      (e) => e.eventType === "ActivityTaskCompleted",
    )!;
    expect(JSON.parse(completed.activityTaskCompletedEventAttributes!.result!)).toMatchObject({
      decision: "reject",
      comment: "form was broken, rejected",
    });
    // (A crash logged "Cannot read properties of undefined (reading '_f')".)
    expect(
      errors().filter((e) => e.startsWith("pageerror") || /Cannot read properties/.test(e)),
      "errors in the browser",
    ).toEqual([]);

    // The rest rejected in one go, so that other specs' inboxes stay short (once the list no
    // longer shows the task just rejected).
    await expect(page.getByTestId("inbox-row")).toHaveCount(4);
    await page.getByTestId("inbox-select-all").check();
    await page.getByTestId("inbox-bulk-reject").click();
    await page.getByTestId("inbox-bulk-confirm").click();
    await expect(page.getByTestId("inbox-bulk-summary")).toContainText("4 of 4 rejected");
  });

  test("a task the pane cannot draw leaves the inbox working: the pane says so, j and k go on, and it is rejected with a comment", async ({
    page,
  }) => {
    const batch = uniqueName("unshown");
    const runs = await ordersWithForms(page, batch, [undefined, undefined, undefined]);
    const tasks = await waitForInboxTasks(page.request, batch, 3);
    const broken = tasks.find((t) => t.workflowId === runs[1].workflowId)!;
    // No task the console stores today breaks the pane; a stand-in for one that would: the
    // browser receives the second task's detail without the activity type every task has.
    await page.route(`**/api/inbox/${broken.id}`, async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({
        response,
        json: { ...body, task: { ...body.task, activityType: null } },
      });
    });
    await page.goto(`/inbox?q=${batch}`);
    await expect(card(page, runs[0])).toBeVisible();
    await keysReady(page);
    await page.keyboard.press("j");
    const unshown = page.getByTestId("inbox-task-unshown");
    await expect(unshown).toContainText("This task cannot be shown");
    await expect(unshown.getByRole("heading")).toHaveText(`${batch}-1`);
    // The list and the keys carry on.
    await expect(page.getByTestId("inbox-row")).toHaveCount(3);
    await page.keyboard.press("j");
    await expect(card(page, runs[2])).toBeVisible();
    await page.keyboard.press("k");
    await expect(unshown).toBeVisible();
    // What the pane could not show may be what an approval is about: only rejecting is offered.
    await expect(unshown.getByTestId("inbox-approve")).toHaveCount(0);
    await unshown.getByTestId("inbox-comment-input").fill("cannot read it, rejecting");
    await unshown.getByTestId("inbox-reject").click();
    await expect(unshown.getByTestId("inbox-task-outcome")).toHaveText("rejected");
    expect(await waitForClose(swf, runs[1])).toBe("FAILED");
    const completed = (await history(swf, runs[1])).find(
      (e) => e.eventType === "ActivityTaskCompleted",
    )!;
    expect(JSON.parse(completed.activityTaskCompletedEventAttributes!.result!)).toMatchObject({
      decision: "reject",
      comment: "cannot read it, rejecting",
    });
    await page.getByTestId("inbox-select-all").check();
    await page.getByTestId("inbox-bulk-reject").click();
    await page.getByTestId("inbox-bulk-confirm").click();
    await expect(page.getByTestId("inbox-bulk-summary")).toContainText("2 of 2 rejected");
    await page.unrouteAll({ behavior: "ignoreErrors" });
  });

  test("the browser keeps form values by position, not by name: a form with fields a, a.b and constructor (as a console without the name check served it) is drawn and answers by name", async ({
    page,
  }) => {
    const batch = uniqueName("bykey");
    const [run] = await ordersWithForms(page, batch, [undefined]);
    const [task] = await waitForInboxTasks(page.request, batch, 1);
    // The server refuses such names now; this stands in for an answer that still had them.
    const fields = [{ name: "a" }, { name: "a.b" }, { name: "constructor", required: true }];
    await page.route(`**/api/inbox/${task.id}`, async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({ response, json: { ...body, form: { fields }, formProblem: null } });
    });
    await page.goto(`/inbox?q=${batch}`);
    const pane = card(page, run);
    // Read by the browser (not the server's first render): the answer above.
    await expect(pane.getByTestId("inbox-form")).toBeVisible({ timeout: 15_000 });
    await expect(pane.getByTestId("inbox-field-a")).toHaveValue("");
    await pane.getByTestId("inbox-field-a").fill("one");
    await pane.getByTestId("inbox-field-a.b").fill("two");
    // A required field keyed `constructor` is checked like any other.
    await pane.getByTestId("inbox-approve").click();
    await expect(pane.getByText("required")).toBeVisible();
    await pane.getByTestId("inbox-field-constructor").fill("three");
    await expect(pane.getByTestId("inbox-field-a")).toHaveValue("one");
    const sent = page.waitForRequest(
      (r) => r.method() === "POST" && new URL(r.url()).pathname === `/api/inbox/${task.id}`,
    );
    await pane.getByTestId("inbox-approve").click();
    expect((await sent).postDataJSON()).toMatchObject({
      decision: "approve",
      values: { a: "one", "a.b": "two", constructor: "three" },
    });
    // The real task asks for no values, so the console refuses them; nothing crashed meanwhile.
    await expect(pane.getByRole("alert")).toContainText("this task asks for no values");
    await expect(page.getByTestId("inbox-task-unshown")).toHaveCount(0);
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await pane.getByTestId("inbox-reject").click();
    await expect(pane.getByTestId("inbox-task-outcome")).toContainText("Rejected");
  });

  test("a decision key arms the decision and the same key again sends it; Esc cancels; afterwards the focus is in the task pane, not on the page's body", async ({
    page,
  }) => {
    const batch = uniqueName("armed");
    const runs = await ordersWithForms(page, batch, [undefined, undefined]);
    await page.goto(`/inbox?q=${batch}`);
    const first = card(page, runs[0]);
    await expect(first).toBeVisible();
    await keysReady(page);
    const armed = page.getByTestId("inbox-armed");

    // One r: nothing is sent, the pane asks for a second.
    await page.keyboard.press("r");
    await expect(armed).toHaveText("Press r again to reject this task (Esc cancels)");
    await expect(first).toHaveAttribute("data-state", "pending");
    // Esc cancels: the next r arms again, it does not reject.
    await page.keyboard.press("Escape");
    await expect(armed).toHaveCount(0);
    await page.keyboard.press("r");
    await expect(armed).toBeVisible();
    // Another key (a different decision) re-arms for that one; j moves on and disarms.
    await page.keyboard.press("a");
    await expect(armed).toHaveAttribute("data-decision", "approve");
    await page.keyboard.press("j");
    await expect(armed).toHaveCount(0);
    await page.keyboard.press("k");
    await expect(first).toHaveAttribute("data-state", "pending");
    // A key held down repeats: the repeats are not the second press.
    await page.keyboard.down("r");
    await expect(armed).toHaveAttribute("data-decision", "reject");
    await page.keyboard.down("r"); // repeat: true
    await page.keyboard.down("r");
    await page.keyboard.up("r");
    await expect(armed).toHaveAttribute("data-decision", "reject");
    await page.keyboard.press("Escape");
    await expect(armed).toHaveCount(0);
    const stored = await (await page.request.get(`/api/inbox?view=pending&q=${batch}`)).json();
    expect(stored.tasks).toHaveLength(2);

    // r, r: rejected.
    await page.keyboard.press("r");
    await page.keyboard.press("r");
    await expect(first.getByTestId("inbox-task-outcome")).toContainText("Rejected");
    await expect(armed).toHaveCount(0);
    expect(await waitForClose(swf, runs[0])).toBe("FAILED");
    // The decision box went; the focus did not fall to the body.
    await expect(page.getByTestId("inbox-detail")).toBeFocused();
    // A stray key now arms nothing (the task is decided); j brings the next task.
    await page.keyboard.press("a");
    await expect(armed).toHaveCount(0);
    await page.keyboard.press("j");
    const second = card(page, runs[1]);
    await expect(second).toBeVisible();
    // A button still decides in one click, and leaves the focus in the pane too.
    await second.getByTestId("inbox-approve").click();
    await expect(second.getByTestId("inbox-task-outcome")).toContainText("Approved");
    await expect(page.getByTestId("inbox-detail")).toBeFocused();
    expect(await waitForClose(swf, runs[1])).toBe("COMPLETED");
  });

  test("bulk approval answers form tasks with their defaults; a form without a default for a required field needs its own decision, said so, and the title says what happened", async ({
    page,
  }) => {
    const batch = uniqueName("bulkform");
    const runs = await ordersWithForms(page, batch, [
      [
        { name: "discount", label: "Discount (%)", type: "number", default: 0, required: true },
        {
          name: "warehouse",
          type: "select",
          required: true,
          options: ["berlin"],
          default: "berlin",
        },
      ],
      [
        { name: "discount", label: "Discount (%)", type: "number", default: 0, required: true },
        {
          name: "warehouse",
          label: "Ship from",
          type: "select",
          required: true,
          options: ["berlin"],
        },
      ],
      undefined,
    ]);
    await page.goto(`/inbox?q=${batch}`);
    await expect(page.getByTestId("inbox-row")).toHaveCount(3);
    await page.getByTestId("inbox-select-all").check();
    await page.getByTestId("inbox-bulk-approve").click();
    const dialog = page.getByTestId("inbox-bulk-dialog");
    await expect(dialog.getByRole("heading")).toHaveText("Approve 3 tasks");
    await expect(dialog).toContainText("a task with a form is approved with its form's defaults");
    await dialog.getByTestId("inbox-bulk-confirm").click();
    await expect(dialog.getByTestId("inbox-bulk-summary")).toHaveText(
      "2 of 3 approved; 1 needs its own decision (a required field of the form has no default).",
    );
    await expect(dialog.getByRole("heading")).toHaveText("2 of 3 tasks approved");
    const refused = dialog.locator("[data-testid=inbox-bulk-result][data-ok=false]");
    await expect(refused).toHaveCount(1);
    await expect(refused).toContainText(
      `${batch}-1needs its own decision: its form has no default for Ship from`,
    );
    await expect(refused).not.toContainText("ValidationError");
    expect(await waitForClose(swf, runs[0])).toBe("COMPLETED");
    const completed = (await history(swf, runs[0])).find(
      (e) => e.eventType === "ActivityTaskCompleted",
    )!;
    expect(JSON.parse(completed.activityTaskCompletedEventAttributes!.result!)).toMatchObject({
      decision: "approve",
      values: { discount: 0, warehouse: "berlin" },
    });
    expect(await waitForClose(swf, runs[2])).toBe("COMPLETED");
    // "Open it" opens that task, which still waits, for its own answer.
    await refused.getByTestId("inbox-bulk-open").click();
    await expect(dialog).toBeHidden();
    const own = card(page, runs[1]);
    await expect(own).toHaveAttribute("data-state", "pending");
    await own.getByTestId("inbox-field-warehouse").selectOption("berlin");
    await own.getByTestId("inbox-approve").click();
    await expect(own.getByTestId("inbox-task-outcome")).toContainText("Approved");
    expect(await waitForClose(swf, runs[1])).toBe("COMPLETED");
  });
});
