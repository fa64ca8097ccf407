/**
 * The task-lists tab and task lists SWF cannot list: one that only scheduled activities name (no
 * type default, no open run deciding on it). Against the embedded engine (push mode) the engine
 * names it, and one new to the domain shows while the page watches; anywhere, any task list is
 * checked by name, kept in the URL (`?tab=task-lists&taskList=`) for links from other pages.
 */
import { expect, test } from "@playwright/test";
import {
  createDomain,
  decide,
  decisions,
  e2eSwf,
  registerActivityType,
  registerWorkflowType,
  signal,
  startExecution,
} from "./support/swf";

const swf = e2eSwf();
const TYPE = { name: "TlOrder", version: "1" };
const ACTIVITY = { name: "TlPack", version: "1" };
const NOBODY = "nobody-polls";
const IDLE = "idle-list";
const LATER = "later-list";

test("a task list only scheduled work names: named by the engine, or checked by name from the form or the URL", async ({
  page,
}) => {
  const domain = await createDomain(swf, "tl-check");
  await registerWorkflowType(swf, domain, TYPE);
  await registerActivityType(swf, domain, ACTIVITY);
  const run = await startExecution(swf, domain, { workflowType: TYPE });
  // Three activities scheduled on a task list no worker polls and no type names.
  await decide(swf, domain, `${TYPE.name}-decisions`, () =>
    [1, 2, 3].map((i) => decisions.scheduleActivity(ACTIVITY, `pack-${i}`, { taskList: NOBODY })),
  );

  const tab = `/domains/${encodeURIComponent(domain)}?tab=task-lists`;
  await page.goto(tab);
  const rows = page.getByTestId("task-list-row");
  await expect(rows.filter({ hasText: `${ACTIVITY.name}-activities` })).toHaveCount(1);
  // Push mode: the engine holds three pending activity tasks on it. (The console's hub reaches
  // the engine's feed once a page's live stream asks for it; a page read before then shows what
  // SWF alone tells, so read again until it is there.)
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  const nobody = rows.filter({ hasText: NOBODY });
  await expect(async () => {
    await page.reload();
    await expect(nobody).toHaveCount(1, { timeout: 3_000 });
  }).toPass();
  await expect(nobody).toContainText("3 pending activity tasks (engine)");
  await expect(nobody.getByTestId("pending-activities")).toHaveText("3");

  // A list new to the domain shows while the page watches, without reloading it. The same run
  // schedules the work (a signal, then a decision): no run starts or closes to refresh the page.
  await signal(swf, run, "more");
  await decide(swf, domain, `${TYPE.name}-decisions`, () => [
    decisions.scheduleActivity(ACTIVITY, "pack-later", { taskList: LATER }),
  ]);
  const later = rows.filter({ hasText: LATER });
  await expect(later).toHaveCount(1);
  await expect(later.getByTestId("pending-activities")).toHaveText("1");

  // A list nothing names at all (no pending work either) is checked by name.
  const name = page.getByLabel("Check a task list by name");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByText("Type a task list's name.")).toBeVisible();
  await name.fill(IDLE);
  await name.press("Enter");
  await expect(page).toHaveURL(/[?&]taskList=idle-list(&|$)/);
  const checked = page.getByTestId("checked-task-list");
  await expect(checked).toContainText(IDLE);
  await expect(checked).toContainText("checked by name");
  await expect(checked.getByTestId("pending-activities")).toHaveText("0");
  await expect(checked.getByTestId("pending-decisions")).toHaveText("0");

  // The same from a link (what taskListsHref builds), on a fresh page: the known row, marked.
  await page.goto(`${tab}&taskList=${NOBODY}`);
  await expect(page.getByTestId("checked-task-list").getByTestId("pending-activities")).toHaveText(
    "3",
  );
  await expect(name).toHaveValue(NOBODY);
  await expect(nobody).toHaveCount(0);
  // A known list checked by name is its own row, marked, not a second one.
  await name.fill(`${ACTIVITY.name}-activities`);
  await name.press("Enter");
  await expect(page.getByTestId("checked-task-list")).toContainText(
    `default of activity type ${ACTIVITY.name}:${ACTIVITY.version}`,
  );
  await expect(rows.filter({ hasText: `${ACTIVITY.name}-activities` })).toHaveCount(0);

  await page.getByRole("button", { name: "Clear", exact: true }).click();
  await expect(page).not.toHaveURL(/taskList=/);
  await expect(page.getByTestId("checked-task-list")).toHaveCount(0);
  await expect(rows.filter({ hasText: `${ACTIVITY.name}-activities` })).toHaveCount(1);
});
