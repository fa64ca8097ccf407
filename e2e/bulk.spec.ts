/**
 * Bulk actions on the executions list: select 20 open executions, terminate them with one
 * confirmation, watch the progress, get a result per execution, and find one audit entry per
 * execution sharing a bulk id. (components/actions/bulk-actions.tsx + selection.tsx in the list.)
 */
import { expect, test } from "@playwright/test";
import { PLAIN_TYPE, ensureOrderTypes } from "./support/act-decider";
import { describe, e2eSwf, startExecution, uniqueName, type Run } from "./support/swf";

const swf = e2eSwf();

test("bulk terminate 20 executions: confirm, progress, one result each", async ({ page }) => {
  const domain = uniqueName("bulk");
  await ensureOrderTypes(swf, domain, "bulk-decisions");
  const runs: Run[] = [];
  for (let i = 0; i < 20; i++)
    runs.push(
      await startExecution(swf, domain, {
        workflowType: PLAIN_TYPE,
        workflowId: `bulk-${String(i).padStart(2, "0")}`,
      }),
    );

  // The list of open executions: 20 rows, all selected.
  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  await expect(page.getByTestId("select-execution")).toHaveCount(20);
  await page.getByTestId("select-all-executions").check();
  await expect(page.getByTestId("bulk-count")).toHaveText("20 selected");
  const count = 20;

  await page.getByTestId("bulk-terminate").click();
  const dialog = page.getByTestId("bulk-dialog");
  await dialog.getByTestId("terminate-reason").fill("bulk e2e");
  await dialog.getByTestId("terminate-next").click();
  await expect(dialog.getByTestId("terminate-confirmation")).toContainText(`${count} executions`);
  await dialog.getByTestId("terminate-confirm").click();
  await expect(dialog.getByTestId("bulk-progress")).toBeVisible();
  await expect(dialog.getByTestId("bulk-summary")).toContainText("finished", { timeout: 30_000 });
  await expect(dialog.getByTestId("bulk-result")).toHaveCount(count);
  await expect(dialog.locator("[data-testid=bulk-result][data-state=ok]")).toHaveCount(20);

  for (const run of runs) {
    const d = await describe(swf, run);
    expect(d.executionInfo?.closeStatus, run.workflowId).toBe("TERMINATED");
  }
  // One audit entry per execution, all with the same bulk id.
  const audit = await (
    await page.request.get(
      `/api/audit?action=TerminateWorkflowExecution&target=${encodeURIComponent(domain)}&limit=100`,
    )
  ).json();
  const ok = audit.entries.filter((e: { outcome: string }) => e.outcome === "ok");
  expect(ok).toHaveLength(20);
  expect(new Set(ok.map((e: { bulkId: string }) => e.bulkId)).size).toBe(1);
  expect(ok[0].bulkId).toMatch(/^bulk-/);
  expect(ok[0].parameters).toMatchObject({ reason: "bulk e2e" });
  // The confirmation gave way to the progress and the progress to its Close: focus followed, it
  // never fell behind the dialog; closing leaves it on the page, not on its body.
  await expect(dialog.getByTestId("bulk-close")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
});

test("bulk signal and cancel report per-execution faults", async ({ page }) => {
  const domain = uniqueName("bulk2");
  await ensureOrderTypes(swf, domain, "bulk2-decisions");
  const runs: Run[] = [];
  for (let i = 0; i < 3; i++)
    runs.push(await startExecution(swf, domain, { workflowType: PLAIN_TYPE }));
  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  await page.getByTestId("select-all-executions").check();
  // Close one behind the console's back: its signal fails with SWF's fault; the others succeed.
  await swf.send(
    new (await import("@aws-sdk/client-swf")).TerminateWorkflowExecutionCommand({
      domain,
      workflowId: runs[1].workflowId,
      runId: runs[1].runId,
    }),
  );
  await page.getByTestId("bulk-signal").click();
  const dialog = page.getByTestId("bulk-dialog");
  await dialog.getByTestId("signal-name").fill("poke");
  await dialog.getByTestId("signal-submit").click();
  await expect(dialog.getByTestId("bulk-summary")).toContainText("finished");
  await expect(dialog.locator("[data-testid=bulk-result][data-state=ok]")).toHaveCount(2);
  const failed = dialog.locator("[data-testid=bulk-result][data-state=fault]");
  await expect(failed).toHaveCount(1);
  // SWF's answer is UnknownResourceFault ("Unknown execution"); the run had simply closed.
  await expect(failed).toContainText("already closed (Terminated): nothing to do");
  await expect(failed).not.toContainText("UnknownResourceFault");
  await expect(failed).toContainText(runs[1].workflowId);
});

test("bulk terminate: failed ones shown alone, their ids copied, retried; closed ones said plainly", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const domain = uniqueName("bulk-retry");
  await ensureOrderTypes(swf, domain, "bulk-decisions");
  const runs: Run[] = [];
  for (let i = 0; i < 6; i++)
    runs.push(
      await startExecution(swf, domain, {
        workflowType: PLAIN_TYPE,
        workflowId: `retry-${i}`,
      }),
    );
  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  await expect(page.getByTestId("select-execution")).toHaveCount(6);
  await page.getByTestId("select-all-executions").check();
  // Two terminated from the CLI after they were selected.
  const { TerminateWorkflowExecutionCommand } = await import("@aws-sdk/client-swf");
  for (const r of [runs[1], runs[4]])
    await swf.send(
      new TerminateWorkflowExecutionCommand({
        domain,
        workflowId: r.workflowId,
        runId: r.runId,
        reason: "cli",
      }),
    );
  // One call lost on the way (a dropped connection), once: a retry gets it through.
  let dropped = false;
  await page.route("**/api/swf/TerminateWorkflowExecution", (route) => {
    if (!dropped && route.request().postDataJSON()?.workflowId === runs[2].workflowId) {
      dropped = true;
      return route.abort();
    }
    return route.continue();
  });

  await page.getByTestId("bulk-terminate").click();
  const dialog = page.getByTestId("bulk-dialog");
  await dialog.getByTestId("terminate-reason").fill("retry e2e");
  await dialog.getByTestId("terminate-next").click();
  await dialog.getByTestId("terminate-confirm").click();
  const summary = dialog.getByTestId("bulk-summary");
  await expect(summary).toHaveText(
    "6 / 6 done · 3 succeeded · 3 failed (2 already closed) · finished",
  );
  const results = dialog.getByTestId("bulk-result");
  await expect(results).toHaveCount(6);

  await dialog.getByTestId("bulk-failed-only").click();
  await expect(dialog.getByTestId("bulk-failed-only")).toHaveAttribute("aria-pressed", "true");
  await expect(results).toHaveCount(3);
  const closed = dialog.locator("[data-testid=bulk-result][data-already-closed]");
  await expect(closed).toHaveCount(2);
  await expect(closed.filter({ hasText: runs[1].workflowId })).toContainText(
    "already closed (Terminated): nothing to do",
  );
  await expect(closed.filter({ hasText: runs[4].workflowId })).toHaveCount(1);

  await dialog.getByTestId("bulk-copy-failed").click();
  // One id a line, in the list's order (newest first).
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe([runs[4], runs[2], runs[1]].map((r) => r.workflowId).join("\n"));

  // Only the one that is not closed is retried.
  await expect(dialog.getByTestId("bulk-retry-failed")).toHaveText("Retry failed (1)");
  await dialog.getByTestId("bulk-retry-failed").click();
  await expect(summary).toHaveText(
    "6 / 6 done · 4 succeeded · 2 failed (2 already closed) · finished",
  );
  await expect(dialog.getByTestId("bulk-retry-failed")).toBeDisabled();
  expect((await describe(swf, runs[2])).executionInfo?.closeStatus).toBe("TERMINATED");
  // The retry joins the first attempt's audit group.
  const audit = await (
    await page.request.get(
      `/api/audit?action=TerminateWorkflowExecution&target=${encodeURIComponent(domain)}&limit=100`,
    )
  ).json();
  const ok = audit.entries.filter((e: { outcome: string }) => e.outcome === "ok");
  expect(ok).toHaveLength(4);
  expect(new Set(ok.map((e: { bulkId: string }) => e.bulkId)).size).toBe(1);
});

test("select all matching: every execution the filters match, across pages, in one bulk terminate", async ({
  page,
}) => {
  const domain = uniqueName("bulk-all");
  await ensureOrderTypes(swf, domain, "bulk-decisions");
  const runs: Run[] = [];
  for (let i = 0; i < 25; i++)
    runs.push(
      await startExecution(swf, domain, {
        workflowType: PLAIN_TYPE,
        workflowId: `all-${String(i).padStart(2, "0")}`,
      }),
    );

  // Ten rows a page: the page's checkbox takes ten, "select all matching" takes all 25.
  await page.goto(`/domains/${encodeURIComponent(domain)}?pageSize=10`);
  await expect(page.getByTestId("select-execution")).toHaveCount(10);
  await page.getByTestId("select-all-matching-button").click();
  await expect(page.getByTestId("bulk-count")).toHaveText("25 selected");

  await page.getByTestId("bulk-terminate").click();
  const dialog = page.getByTestId("bulk-dialog");
  await dialog.getByTestId("terminate-reason").fill("all matching");
  await dialog.getByTestId("terminate-next").click();
  await expect(dialog.getByTestId("terminate-confirmation")).toContainText("25 executions");
  await dialog.getByTestId("terminate-confirm").click();
  await expect(dialog.getByTestId("bulk-summary")).toContainText("finished", { timeout: 30_000 });
  await expect(dialog.locator("[data-testid=bulk-result][data-state=ok]")).toHaveCount(25);
  for (const run of runs) {
    const d = await describe(swf, run);
    expect(d.executionInfo?.closeStatus, run.workflowId).toBe("TERMINATED");
  }
  await dialog.getByTestId("bulk-close").click();
});
