/**
 * The life of an inbox task beyond its decision: a run closed behind the console's back, a holder
 * who leaves, and the names the Assign box offers. Real engine, real console, real Chromium.
 */
import { expect, test } from "@playwright/test";
import { ORDERS_DOMAIN, ORDER_TYPE, ensureOrderTypes, startDecider } from "./support/act-decider";
import { openTask, orderInput, waitForInboxTask } from "./support/act-inbox";
import { adminApi, ensureRoleUsers, ensureUser } from "./support/act-users";
import { e2eSwf, startExecution, terminate, uniqueName, type Run } from "./support/swf";

const swf = e2eSwf();
const DECISIONS = uniqueName("lifecycle-decisions");
let decider: { stop(): Promise<void> };
const runs: Run[] = [];

test.beforeAll(async () => {
  await ensureOrderTypes(swf, ORDERS_DOMAIN, DECISIONS);
  decider = startDecider(swf, ORDERS_DOMAIN, DECISIONS);
});
test.afterAll(async () => {
  // No task of these tests is left waiting in the inbox of the specs that follow.
  for (const run of runs) await terminate(swf, run, "e2e cleanup").catch(() => undefined);
  await decider?.stop();
});

async function startOrder(): Promise<Run> {
  const workflowId = uniqueName("order");
  const run = await startExecution(swf, ORDERS_DOMAIN, {
    workflowType: ORDER_TYPE,
    workflowId,
    taskList: DECISIONS,
    input: orderInput(workflowId),
  });
  runs.push(run);
  return run;
}

test("a run terminated outside the console: no decision is offered, and it expires in SWF's words with no decider", async ({
  page,
  baseURL,
}) => {
  const run = await startOrder();
  const task = await openTask(page, await waitForInboxTask(page.request, run.workflowId));
  await expect(task.getByTestId("inbox-approve")).toBeEnabled();

  // As with the AWS CLI: straight to SWF, not through the console.
  await terminate(swf, run, "customer withdrew");
  // The pane's live read of the execution closes the decision before the console's own probe.
  await expect(task.getByTestId("inbox-run-closed")).toContainText("terminated");
  await expect(task.getByTestId("inbox-approve")).toBeDisabled();
  await expect(task.getByTestId("inbox-reject")).toBeDisabled();
  await expect(task.getByTestId("inbox-fail-toggle")).toBeDisabled();

  // An answer sent anyway (another tab, the API) is refused with what happened, and decides
  // nothing: the task names no decision and no decider.
  const admin = await adminApi(baseURL!);
  const id = Number(await task.getAttribute("data-task-id"));
  const r = await admin.post(`/api/inbox/${id}`, { data: { decision: "approve", comment: "" } });
  expect(r.status()).toBe(410);
  const reason =
    /^Workflow terminated at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: customer withdrew\.?( admin's answer \(approve\) came too late and was not taken\.)?$/;
  expect(((await r.json()) as { message: string }).message).toMatch(reason);
  const stored = (await (await admin.get(`/api/inbox/${id}`)).json()) as {
    task: { state: string; decision: unknown; decidedBy: unknown; closedReason: string };
  };
  expect(stored.task).toMatchObject({ state: "expired", decision: null, decidedBy: null });
  expect(stored.task.closedReason).toMatch(reason);
  await admin.dispose();

  await expect(task.getByTestId("inbox-task-outcome")).toContainText(
    "Expired: Workflow terminated at",
  );
  await page.goto(`/inbox?view=expired&task=${id}`);
  const row = page.locator(`[data-testid=inbox-row][data-task-id="${id}"]`);
  // "expired", never "expired by <someone>".
  await expect(row.getByTestId("inbox-row-state")).toHaveText("expired");
});

test("disabling a holder releases their tasks (the confirmation says how many); Assign offers who may decide", async ({
  page,
  baseURL,
}) => {
  const names = await ensureRoleUsers(baseURL!);
  const admin = await adminApi(baseURL!);
  const holder = uniqueName("dis");
  await ensureUser(admin, holder, "approver");
  const run = await startOrder();
  const pending = await waitForInboxTask(admin, run.workflowId);
  const assigned = await admin.post(`/api/inbox/${pending.id}/assign`, { data: { to: holder } });
  expect(assigned.ok(), await assigned.text()).toBe(true);

  await page.goto("/users");
  const row = page.locator(`[data-testid=user-row][data-username="${holder}"]`);
  await expect(row.getByTestId("user-held")).toHaveText("holds 1 task");
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.accept();
  });
  await row.getByTestId("user-disable").click();
  await expect(row).toContainText("Disabled and signed out; 1 task released");
  expect(asked).toContain(`${holder} holds 1 task in the inbox`);
  await expect(row.getByTestId("user-held")).toHaveCount(0);

  const task = await openTask(page, pending);
  await expect(task.getByTestId("inbox-holder")).toHaveText("Nobody holds this task");
  await task.getByTestId("inbox-assign-toggle").click();
  const offered = task.getByTestId("inbox-assignees").locator("option");
  await expect(offered.first()).toBeAttached();
  const values = await offered.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(values).toEqual(expect.arrayContaining([names.approver, names.operator, "admin"]));
  // Nobody who cannot decide: not a viewer, not the disabled holder.
  expect(values).not.toContain(names.viewer);
  expect(values).not.toContain(holder);

  await task.getByTestId("inbox-assign-to").fill(names.approver);
  await task.getByTestId("inbox-assign").click();
  await expect(task.getByTestId("inbox-holder")).toContainText(`Held by ${names.approver}`);
  await admin.dispose();
});
