/**
 * Workflow data carrying Unicode direction controls: an override can make "00001" read as
 * "10000" on the very screen where an approver decides. The console shows the controls as labels
 * instead of applying them (components/ui/bidi.ts), in the inbox and on the run's page.
 */
import { expect, test, type Locator } from "@playwright/test";
import { executionHref } from "@/components/links";
import { ORDERS_DOMAIN, ORDER_TYPE, ensureOrderTypes, startDecider } from "./support/act-decider";
import { openTask, orderInput, waitForInboxTask } from "./support/act-inbox";
import { e2eSwf, startExecution, uniqueName } from "./support/swf";

const swf = e2eSwf();
const DECISIONS = uniqueName("inert-decisions");
const RLO = "\u202e";
const PDF = "\u202c";
let decider: { stop(): Promise<void> };

test.beforeAll(async () => {
  await ensureOrderTypes(swf, ORDERS_DOMAIN, DECISIONS);
  decider = startDecider(swf, ORDERS_DOMAIN, DECISIONS);
});
test.afterAll(async () => decider?.stop());

/** What the element shows, controls included as the labels that replace them. */
const shown = (l: Locator) => l.evaluate((el) => el.textContent ?? "");

test("direction controls in a task's question and input are shown, not applied, in the inbox and on the run's page", async ({
  page,
}) => {
  const workflowId = uniqueName("bidi");
  const question = `Approve refund of EUR ${RLO}00001${PDF} to customer?`;
  const run = await startExecution(swf, ORDERS_DOMAIN, {
    workflowType: ORDER_TYPE,
    workflowId,
    taskList: DECISIONS,
    input: orderInput(workflowId, { question, iban: `${RLO}DE89 3704` }),
  });
  const pending = await waitForInboxTask(page.request, workflowId);

  const task = await openTask(page, pending);
  const heading = task.locator("#inbox-task-heading");
  await expect(heading.locator("[data-bidi-control=RLO]")).toHaveCount(1);
  expect(await shown(heading)).toBe("Approve refund of EUR RLO00001PDF to customer?");
  const row = page.getByTestId("inbox-row-question").filter({ hasText: "00001" });
  expect(await shown(row)).toContain("EUR RLO00001PDF");
  const iban = task.getByTestId("inbox-task-input").locator("dd", { hasText: "DE89" });
  expect(await shown(iban)).toBe("RLODE89 3704");

  // The run's page: its input in the summary, and in the history, as fields and as JSON.
  await page.goto(executionHref(run.domain, run.workflowId, run.runId));
  const input = page.locator("pre[aria-label=Input]");
  await expect(input.locator("[data-bidi-control=RLO]").first()).toBeVisible();
  expect(await shown(input)).not.toContain(RLO);
  const started = page.locator(
    "[data-testid=history-table] [role=row][data-event-type=WorkflowExecutionStarted]",
  );
  await started.getByRole("button", { name: /^Event \d+ WorkflowExecutionStarted$/ }).click();
  const details = page.getByTestId("event-details");
  await expect(details.locator("[data-bidi-control=RLO]").first()).toBeVisible();
  expect(await shown(details)).not.toContain(RLO);
  await details.getByRole("button", { name: "Show JSON" }).click();
  await expect(details.locator("pre", { hasText: "\\u202E00001" })).toBeVisible();
});
