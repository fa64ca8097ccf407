/**
 * The failures view (/domains/[domain]/failures): closed runs that did not complete, grouped by
 * type, close status and reason (with the activity failure behind a failed run); a group opened to
 * its runs; a group re-run with a dry-run preview and a confirmation; a runbook note rendered as
 * Markdown without HTML.
 */
import { ListOpenWorkflowExecutionsCommand } from "@aws-sdk/client-swf";
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
  // Largest first: the two card declines.
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
