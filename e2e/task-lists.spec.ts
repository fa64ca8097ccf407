/**
 * The task-lists tab checks any task list by name: SWF cannot list task lists, so one that only
 * scheduled activities name (no type default, no open run deciding on it) shows nowhere else.
 * The name lives in the URL (`?tab=task-lists&taskList=`), for links from other pages.
 */
import { expect, test } from "@playwright/test";
import {
  createDomain,
  decide,
  decisions,
  e2eSwf,
  registerActivityType,
  registerWorkflowType,
  startExecution,
} from "./support/swf";

const swf = e2eSwf();
const TYPE = { name: "TlOrder", version: "1" };
const ACTIVITY = { name: "TlPack", version: "1" };
const NOBODY = "nobody-polls";

test("a task list nothing else names is checked by name, from the form or the URL", async ({
  page,
}) => {
  const domain = await createDomain(swf, "tl-check");
  await registerWorkflowType(swf, domain, TYPE);
  await registerActivityType(swf, domain, ACTIVITY);
  await startExecution(swf, domain, { workflowType: TYPE });
  // Three activities scheduled on a task list no worker polls and no type names.
  await decide(swf, domain, `${TYPE.name}-decisions`, () =>
    [1, 2, 3].map((i) => decisions.scheduleActivity(ACTIVITY, `pack-${i}`, { taskList: NOBODY })),
  );

  const tab = `/domains/${encodeURIComponent(domain)}?tab=task-lists`;
  await page.goto(tab);
  const rows = page.getByTestId("task-list-row");
  await expect(rows.filter({ hasText: `${ACTIVITY.name}-activities` })).toHaveCount(1);
  await expect(rows.filter({ hasText: NOBODY })).toHaveCount(0);

  const name = page.getByLabel("Check a task list by name");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByText("Type a task list's name.")).toBeVisible();
  await name.fill(NOBODY);
  await name.press("Enter");
  await expect(page).toHaveURL(/[?&]taskList=nobody-polls(&|$)/);
  const checked = page.getByTestId("checked-task-list");
  await expect(checked).toContainText(NOBODY);
  await expect(checked).toContainText("checked by name");
  await expect(checked.getByTestId("pending-activities")).toHaveText("3");
  await expect(checked.getByTestId("pending-decisions")).toHaveText("0");

  // The same from a link (what taskListsHref builds), on a fresh page.
  await page.goto(`${tab}&taskList=${NOBODY}`);
  await expect(page.getByTestId("checked-task-list").getByTestId("pending-activities")).toHaveText(
    "3",
  );
  await expect(name).toHaveValue(NOBODY);
  // A known list checked by name is its own row, marked, not a second one.
  await name.fill(`${ACTIVITY.name}-activities`);
  await name.press("Enter");
  await expect(page.getByTestId("checked-task-list")).toContainText(
    `default of activity type ${ACTIVITY.name}:${ACTIVITY.version}`,
  );
  await expect(rows.filter({ hasText: `${ACTIVITY.name}-activities` })).toHaveCount(0);

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page).not.toHaveURL(/taskList=/);
  await expect(page.getByTestId("checked-task-list")).toHaveCount(0);
  await expect(rows.filter({ hasText: `${ACTIVITY.name}-activities` })).toHaveCount(1);
});
