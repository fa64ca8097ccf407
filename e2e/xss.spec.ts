/**
 * Workflow data is shown as inert text everywhere: an input, result, reason, details, comment and
 * description carrying `<img src=x onerror=…>` and `<script>` never runs (window.__xss stays
 * undefined, no element is injected) and reads as the literal text.
 */
import { RegisterDomainCommand } from "@aws-sdk/client-swf";
import { expect, test, type Page } from "@playwright/test";
import { executionHref } from "@/components/links";
import {
  ORDERS_DOMAIN,
  ORDER_TYPE,
  PLAIN_TYPE,
  ensureOrderTypes,
  startDecider,
} from "./support/act-decider";
import { waitForInboxTask } from "./support/act-inbox";
import { e2eSwf, history, signal, startExecution, uniqueName, waitForClose } from "./support/swf";

const IMG = "<img src=x onerror=window.__xss=1>";
const SCRIPT = "<script>window.__xss=1</script>";
const swf = e2eSwf();
const DECISIONS = uniqueName("xss-decisions");
let decider: { stop(): Promise<void> };

test.beforeAll(async () => {
  await ensureOrderTypes(swf, ORDERS_DOMAIN, DECISIONS);
  decider = startDecider(swf, ORDERS_DOMAIN, DECISIONS);
});
test.afterAll(async () => decider?.stop());

async function expectInert(page: Page, where: string) {
  // A control image with the payload's broken source, made now: once its error handler has run,
  // the handler of any image injected before it has had its chance to run too.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const control = new Image();
        control.onerror = () => resolve();
        control.src = "x";
      }),
  );
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    `window.__xss on ${where}`,
  ).toBeUndefined();
  await expect(page.locator('img[src="x"]'), `injected <img> on ${where}`).toHaveCount(0);
  // (Next.js's own inline data scripts carry the payload as a JSON string; an injected element would be the payload itself.)
  expect(
    await page
      .locator("script")
      .evaluateAll((s) => s.filter((e) => e.textContent?.trim() === "window.__xss=1").length),
    `injected <script> on ${where}`,
  ).toBe(0);
}

test("payloads in input, result, reason, details and comments stay text", async ({ page }) => {
  test.setTimeout(90_000);
  const input = JSON.stringify({
    orderId: IMG,
    customer: SCRIPT,
    total: 1,
    items: [IMG, { note: SCRIPT }],
    [IMG]: "key",
  });
  const workflowId = uniqueName("xss");
  const run = await startExecution(swf, ORDERS_DOMAIN, {
    workflowType: ORDER_TYPE,
    workflowId,
    taskList: DECISIONS,
    input,
    tags: ["xss"],
  });
  await signal(swf, run, "poke", SCRIPT);
  const inboxTask = await waitForInboxTask(page.request, workflowId);

  // Inbox: the input as fields, literally.
  await page.goto(`/inbox?task=${inboxTask.id}`);
  const card = page.locator(`[data-testid=inbox-task][data-workflow-id="${workflowId}"]`);
  await expect(
    card.getByTestId("inbox-task-input").getByText(IMG, { exact: true }).first(),
  ).toBeVisible();
  await expect(
    card.getByTestId("inbox-task-input").getByText(SCRIPT, { exact: true }),
  ).toBeVisible();
  await expectInert(page, "inbox");

  // Approve with a comment carrying both payloads: it becomes the activity's result.
  await card.getByTestId("inbox-comment-input").fill(`${IMG} ${SCRIPT}`);
  await card.getByTestId("inbox-approve").click();
  await expect(card.getByTestId("inbox-comment")).toHaveText(`${IMG} ${SCRIPT}`);
  await expectInert(page, "inbox after deciding");
  expect(await waitForClose(swf, run)).toBe("COMPLETED");
  const result = (await history(swf, run)).find((e) => e.eventType === "WorkflowExecutionCompleted")
    ?.workflowExecutionCompletedEventAttributes?.result;
  expect(result).toContain(IMG);

  await page.getByTestId("inbox-tab-decided").click();
  await expect(
    page
      .locator(`[data-testid=inbox-task][data-workflow-id="${workflowId}"]`)
      .getByTestId("inbox-comment"),
  ).toHaveText(`${IMG} ${SCRIPT}`);
  await expectInert(page, "inbox, decided tab");

  // A terminate reason and details with the payloads, through the console.
  const victim = await startExecution(swf, ORDERS_DOMAIN, {
    workflowType: PLAIN_TYPE,
    taskList: DECISIONS,
    input: SCRIPT,
  });
  await page.goto(executionHref(victim.domain, victim.workflowId, victim.runId));
  await expect(page.getByLabel("Input", { exact: true })).toContainText(SCRIPT);
  await expectInert(page, "execution page (open)");
  await page.getByTestId("action-terminate").click();
  await page.getByTestId("terminate-reason").fill(IMG);
  await page.getByTestId("terminate-details").fill(SCRIPT);
  await page.getByTestId("terminate-next").click();
  await expect(page.getByTestId("terminate-confirmation")).toBeVisible();
  await page.getByTestId("terminate-confirm").click();
  await expect(page.getByTestId("terminate-dialog").getByTestId("success")).toBeVisible();
  await page.getByTestId("dialog-done").click();
  expect(await waitForClose(swf, victim)).toBe("TERMINATED");

  // Every page that shows these runs.
  for (const [where, path] of [
    ["execution page (approved run)", executionHref(run.domain, run.workflowId, run.runId)],
    [
      "execution page (terminated run)",
      executionHref(victim.domain, victim.workflowId, victim.runId),
    ],
    ["domain list", `/domains/${ORDERS_DOMAIN}`],
    ["domain list, closed", `/domains/${ORDERS_DOMAIN}?state=closed`],
    [
      "start form prefilled from the run",
      `/domains/${ORDERS_DOMAIN}/start?from=${encodeURIComponent(run.workflowId)}&run=${encodeURIComponent(run.runId)}`,
    ],
  ] as const) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await expectInert(page, where);
  }
  await expect(page.getByTestId("start-input")).toHaveValue(input);

  // Re-run dialog shows the input as text.
  await page.goto(executionHref(run.domain, run.workflowId, run.runId));
  await page.getByTestId("action-rerun").click();
  await expect(page.getByTestId("rerun-input")).toHaveText(input);
  await expectInert(page, "re-run dialog");

  // The audit log: the terminate reason and the comment, as text.
  await page.goto(`/audit`);
  await page.getByTestId("audit-target").fill(victim.workflowId);
  await page.getByTestId("audit-apply").click();
  const row = page.getByTestId("audit-row").first();
  await row.getByText("parameters").click();
  await expect(row.getByTestId("audit-parameters")).toContainText(`"reason": "${IMG}"`);
  await expectInert(page, "audit page");
});

test("a domain description with a payload is shown as text", async ({ page }) => {
  const name = uniqueName("xss-domain");
  await swf.send(
    new RegisterDomainCommand({
      name,
      workflowExecutionRetentionPeriodInDays: "1",
      description: IMG,
    }),
  );
  for (const path of ["/", "/settings/registration", `/domains/${name}`]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await expectInert(page, path);
  }
  await page.goto("/");
  await expect(page.getByText(IMG).first()).toBeVisible();
});
