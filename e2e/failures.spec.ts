/**
 * The failures view (/domains/[domain]/failures): closed runs that did not complete, grouped by
 * type, close status and reason (with the activity failure behind a failed run); a group opened to
 * its runs; a group re-run with a dry-run preview and a confirmation, pass after pass for a group
 * bigger than one pass; a run started again outside the console known as re-run; filters by close
 * status and type in the URL; a runbook note rendered as Markdown without HTML.
 */
import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
} from "@aws-sdk/client-swf";
import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  createDomain,
  decide,
  decisions,
  e2eSwf,
  registerActivityType,
  registerWorkflowType,
  seedExecution,
  startExecution,
  terminate,
  uniqueName,
  work,
} from "./support/swf";

const swf = e2eSwf();
const ORDER = { name: "Order", version: "1" };
const CHARGE = { name: "ChargeCard", version: "1" };

async function failAfterActivity(domain: string, workflowId: string) {
  const taskList = uniqueName("tl-charge");
  const activities = uniqueName("tl-act");
  const run = await startExecution(swf, domain, {
    workflowType: ORDER,
    workflowId,
    taskList,
    input: `{"order":"${workflowId}"}`,
  });
  await decide(swf, domain, taskList, () => [
    decisions.scheduleActivity(CHARGE, "charge", { taskList: activities }),
  ]);
  await work(swf, domain, activities, {
    fail: { reason: "CardDeclined", details: "insufficient funds" },
  });
  await decide(swf, domain, taskList, () => [decisions.fail("PaymentFailed", "card declined")]);
  return run;
}

test("failures grouped by type, status and reason; a group opened; a runbook note", async ({
  page,
}) => {
  const domain = await createDomain(swf, "failures");
  await registerWorkflowType(swf, domain, ORDER);
  await registerActivityType(swf, domain, CHARGE);
  await failAfterActivity(domain, "order-a");
  await failAfterActivity(domain, "order-b");
  await seedExecution(swf, domain, "failed", { workflowType: ORDER });
  await seedExecution(swf, domain, "terminated", { workflowType: ORDER });
  await seedExecution(swf, domain, "timedOut", { workflowType: ORDER });
  await seedExecution(swf, domain, "completed", { workflowType: ORDER });

  await page.goto(`/domains/${encodeURIComponent(domain)}/failures`);
  await expect(page.getByTestId("failures-count-FAILED")).toContainText("3");
  await expect(page.getByTestId("failures-count-TERMINATED")).toContainText("1");
  await expect(page.getByTestId("failures-count-TIMED_OUT")).toContainText("1");
  const groups = page.getByTestId("failure-group");
  await expect(groups).toHaveCount(4);
  // Failures first (before the termination), largest first: the two card declines.
  const first = groups.first();
  await expect(first.getByTestId("failure-reason")).toHaveText(
    "FAILED: PaymentFailed · after ChargeCard failed: CardDeclined",
  );
  await expect(first.getByTestId("failure-count")).toHaveText("2");
  await expect(first.getByTestId("failure-trend")).toBeVisible();
  await expect(groups.filter({ hasText: "START_TO_CLOSE" })).toHaveCount(1);
  await expect(groups.filter({ hasText: "TERMINATED: terminated by e2e" })).toHaveCount(1);

  // Open the group: its two runs, each linked.
  await first.getByRole("button", { name: "Open 2 runs" }).click();
  const runs = first.getByTestId("group-runs");
  await expect(runs.getByRole("link")).toHaveCount(2);
  await expect(page).toHaveURL(/group=/);

  // A runbook note: Markdown rendered, raw HTML not.
  await first.getByRole("button", { name: "Add note" }).click();
  await first
    .getByLabel("Runbook note (Markdown)")
    .fill("**Call the bank** <img src=x onerror=alert(1)> then [retry](https://example.com)");
  await first.getByRole("button", { name: "Save note" }).click();
  const note = first.getByTestId("runbook");
  await expect(note.locator("strong")).toHaveText("Call the bank");
  await expect(note.locator("img")).toHaveCount(0);
  await expect(note.getByRole("link", { name: "retry" })).toHaveAttribute(
    "href",
    "https://example.com",
  );

  if (process.env.SCREENS_DIR) {
    mkdirSync(process.env.SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(process.env.SCREENS_DIR, "failures.png"), fullPage: true });
  }

  await runs.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/executions\/order-[ab]\//);
});

test("re-run a failure group: dry-run preview, confirmation, audited starts", async ({ page }) => {
  const domain = await createDomain(swf, "rerun");
  await registerWorkflowType(swf, domain, ORDER);
  await registerActivityType(swf, domain, CHARGE);
  await failAfterActivity(domain, "rerun-a");
  await failAfterActivity(domain, "rerun-b");

  await page.goto(`/domains/${encodeURIComponent(domain)}/failures?window=1h`);
  const group = page.getByTestId("failure-group").first();
  await expect(group.getByTestId("failure-count")).toHaveText("2");
  await group.getByRole("button", { name: "Re-run group…" }).click();
  const dialog = page.getByTestId("rerun-dialog");
  await expect(dialog.getByRole("button", { name: /^Start/ })).toBeDisabled();
  await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
  const preview = dialog.getByTestId("rerun-preview");
  await expect(preview).toContainText("2 runs would start");
  await expect(preview.getByRole("row")).toHaveCount(3);
  await expect(preview).toContainText('{"order":"rerun-a"}');

  // The preview started nothing.
  const open = async () =>
    (
      await swf.send(
        new ListOpenWorkflowExecutionsCommand({
          domain,
          startTimeFilter: { oldestDate: new Date(0) },
        }),
      )
    ).executionInfos ?? [];
  expect(await open()).toHaveLength(0);

  // The preview's button was busy meanwhile: focus went on to the next step, not to the page.
  await expect(dialog.getByRole("button", { name: "Start 2 runs" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("rerun-results")).toContainText("Started 2 of 2");
  await expect(dialog.getByRole("button", { name: "Close" }).last()).toBeFocused();
  const started = await open();
  expect(started.map((i) => i.execution?.workflowId).sort()).toEqual(["rerun-a", "rerun-b"]);

  // One audit entry per start, sharing a bulk id.
  const audit = await page.request.get(`/api/audit?action=StartWorkflowExecution&target=${domain}`);
  const entries = ((await audit.json()).entries ?? []) as { domain: string; bulkId: string }[];
  const ours = entries.filter((e) => e.domain === domain);
  expect(ours).toHaveLength(2);
  expect(new Set(ours.map((e) => e.bulkId)).size).toBe(1);
});

// The on-call audit: a second pass over a 394-run termination group previewed the same first 100
// runs again ("Already Started" for each), and the other 294 could not be reached.
test("re-run a group bigger than one pass: each pass takes the next runs, none twice", async ({
  page,
}) => {
  const domain = await createDomain(swf, "rerun-passes");
  await registerWorkflowType(swf, domain, ORDER);
  const runs = 102; // one pass starts at most 100
  for (let i = 0; i < runs; i++) {
    const run = await startExecution(swf, domain, {
      workflowType: ORDER,
      workflowId: `bulk-${String(i).padStart(5, "0")}`,
      taskList: "tl-bulk",
    });
    await terminate(swf, run, "audit bulk terminate");
  }

  await page.goto(`/domains/${encodeURIComponent(domain)}/failures?window=1h`);
  const group = page.getByTestId("failure-group").filter({ hasText: "audit bulk terminate" });
  await expect(group.getByTestId("failure-count")).toHaveText(String(runs));
  // An operator's terminations: re-running them is not the primary action.
  const rerun = group.getByRole("button", { name: "Re-run group…" });
  await expect(rerun).not.toHaveClass(/bg-sky-700/);
  await rerun.click();
  const dialog = page.getByTestId("rerun-dialog");
  await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
  await expect(dialog.getByTestId("rerun-preview")).toContainText(
    "100 runs would start (the next 100 of 102 runs not re-run yet; re-run again for the rest)",
  );
  await dialog.getByRole("button", { name: "Start 100 runs" }).click();
  await expect(dialog.getByTestId("rerun-results")).toContainText(
    "Started 100 of 100. 2 runs of this group not re-run yet.",
  );

  // The next pass from a fresh page, as the operator did: the two runs left, not the same 100.
  await page.reload();
  await group.getByRole("button", { name: "Re-run group…" }).click();
  await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
  const preview = dialog.getByTestId("rerun-preview");
  await expect(preview).toContainText("2 runs would start");
  await expect(preview).toContainText("100 runs of this group were re-run before.");
  await expect(preview.getByRole("row")).toHaveCount(3);
  await dialog.getByRole("button", { name: "Start 2 runs" }).click();
  await expect(dialog.getByTestId("rerun-results")).toContainText(
    "Started 2 of 2. Every run of this group has been re-run.",
  );
  await expect(dialog.getByRole("button", { name: "Preview the next runs" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Close" }).last().click();

  // Nothing is left: a third pass starts nothing.
  await group.getByRole("button", { name: "Re-run group…" }).click();
  await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
  await expect(dialog.getByTestId("rerun-preview")).toContainText(
    "Every run of this group has been re-run already. Nothing would start.",
  );
  await expect(dialog.getByRole("button", { name: /^Start/ })).toBeDisabled();

  // Each workflow id started again exactly once: 102 open runs, one per id.
  const open = await swf.send(
    new CountOpenWorkflowExecutionsCommand({
      domain,
      startTimeFilter: { oldestDate: new Date(0) },
    }),
  );
  expect(open.count).toBe(runs);
  const ids = new Set<string>();
  let nextPageToken: string | undefined;
  do {
    const page = await swf.send(
      new ListOpenWorkflowExecutionsCommand({
        domain,
        startTimeFilter: { oldestDate: new Date(0) },
        nextPageToken,
      }),
    );
    for (const i of page.executionInfos ?? []) ids.add(i.execution!.workflowId!);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  expect(ids.size).toBe(runs);
});

// Before, a run started again outside the console (a workflow starter, the CLI, an SDK) was not
// known as re-run: the view offered it again, and a pass started it a second time.
test("a run started again outside the console shows so, and a group re-run skips it", async ({
  page,
}) => {
  const domain = await createDomain(swf, "rerun-outside");
  await registerWorkflowType(swf, domain, ORDER);
  for (const workflowId of ["by-tool", "by-console"]) {
    const run = await startExecution(swf, domain, { workflowType: ORDER, workflowId });
    await terminate(swf, run, "stopped for the night");
  }
  // A tool starts one of them again; that run closes before anyone re-runs the group.
  const again = await startExecution(swf, domain, { workflowType: ORDER, workflowId: "by-tool" });
  await terminate(swf, again, "done by the tool");

  await page.goto(`/domains/${encodeURIComponent(domain)}/failures?window=1h`);
  const group = page.getByTestId("failure-group").filter({ hasText: "stopped for the night" });
  await group.getByRole("button", { name: "Open 2 runs" }).click();
  const runs = group.getByTestId("group-runs");
  const statusOf = (workflowId: string) =>
    runs.getByRole("row").filter({ hasText: workflowId }).getByTestId("rerun-status");
  await expect(statusOf("by-tool")).toHaveText("re-run outside the console");
  await expect(statusOf("by-console")).toHaveText("—");

  await group.getByRole("button", { name: "Re-run group…" }).click();
  const dialog = page.getByTestId("rerun-dialog");
  await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
  const preview = dialog.getByTestId("rerun-preview");
  await expect(preview).toContainText("1 run would start");
  await expect(preview).toContainText("1 run of this group was re-run before.");
  await expect(preview.getByRole("row")).toHaveCount(2);
  await expect(preview.getByRole("row").nth(1)).toContainText("by-console");
  await dialog.getByRole("button", { name: "Start 1 run" }).click();
  await expect(dialog.getByTestId("rerun-results")).toContainText(
    "Started 1 of 1. Every run of this group has been re-run.",
  );
  await dialog.getByRole("button", { name: "Close" }).last().click();
  await expect(statusOf("by-console")).toHaveText("re-run by admin");
  await expect(statusOf("by-tool")).toHaveText("re-run outside the console");

  // by-tool ran twice (the failed run and the tool's), never a third time.
  const closed = await swf.send(
    new CountClosedWorkflowExecutionsCommand({
      domain,
      executionFilter: { workflowId: "by-tool" },
      startTimeFilter: { oldestDate: new Date(0) },
    }),
  );
  const open = await swf.send(
    new CountOpenWorkflowExecutionsCommand({
      domain,
      executionFilter: { workflowId: "by-tool" },
      startTimeFilter: { oldestDate: new Date(0) },
    }),
  );
  expect([closed.count, open.count]).toEqual([2, 0]);
});

test("status chips and workflow type filter the groups, in the URL; failures come first", async ({
  page,
}) => {
  const domain = await createDomain(swf, "failure-filters");
  const SHIP = { name: "Ship", version: "1" };
  await registerWorkflowType(swf, domain, ORDER);
  await registerWorkflowType(swf, domain, SHIP);
  for (let i = 0; i < 3; i++)
    await seedExecution(swf, domain, "terminated", { workflowType: ORDER });
  await seedExecution(swf, domain, "failed", { workflowType: ORDER });
  await seedExecution(swf, domain, "failed", { workflowType: SHIP });

  await page.goto(`/domains/${encodeURIComponent(domain)}/failures?window=1h`);
  const groups = page.getByTestId("failure-group");
  await expect(groups).toHaveCount(3);
  // Failures before operator actions, though the terminations are more.
  await expect(groups.first()).toContainText("Failed");
  await expect(groups.last()).toContainText("TERMINATED: terminated by e2e");
  await expect(groups.first().getByRole("button", { name: "Re-run group…" })).toHaveClass(
    /bg-sky-700/,
  );

  const terminated = page.getByTestId("failures-count-TERMINATED");
  await terminated.click();
  await expect(terminated).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/status=TERMINATED/);
  await expect(groups).toHaveCount(1);
  await expect(groups.first().getByTestId("failure-count")).toHaveText("3");

  // Shareable: the same filter from the link alone.
  await page.goto(
    `/domains/${encodeURIComponent(domain)}/failures?window=1h&status=FAILED&type=Ship`,
  );
  await expect(page.getByTestId("failures-count-FAILED")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("Workflow type")).toHaveValue("Ship");
  await expect(groups).toHaveCount(1);
  await expect(groups.first()).toContainText("Ship@1");

  await page.getByLabel("Workflow type").selectOption("Order");
  await expect(page).toHaveURL(/type=Order/);
  await expect(groups).toHaveCount(1);
  await expect(groups.first()).toContainText("Order@1");
  await page.getByTestId("failures-view").getByRole("button", { name: "Show all" }).click();
  await expect(groups).toHaveCount(3);
  await expect(page).not.toHaveURL(/status=|type=/);
});
