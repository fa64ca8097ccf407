/**
 * The executions list: sorting the loaded page by a column (and saying so), the full run id
 * copied, a child run linked to its parent.
 */
import { expect, test } from "@playwright/test";
import {
  createDomain,
  e2eSwf,
  registerWorkflowType,
  seedExecution,
  startExecution,
} from "./support/swf";

const swf = e2eSwf();
const TYPE = { name: "ListOrder", version: "1" };

test("sort the page by workflow id, copy a run id, open a child's parent", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const domain = await createDomain(swf, "lists");
  await registerWorkflowType(swf, domain, TYPE);
  for (const id of ["bravo", "alpha", "charlie"])
    await startExecution(swf, domain, { workflowType: TYPE, workflowId: id });

  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  const ids = page.getByTestId("execution-row");
  await expect(ids).toHaveCount(3);
  await expect(ids.first()).toHaveAttribute("data-workflow-id", "charlie");
  await page.getByRole("button", { name: "Workflow ID" }).click();
  await expect(page.getByTestId("sort-note")).toContainText("within this page");
  await expect(page).toHaveURL(/sort=Workflow/);
  const order = async () =>
    page
      .getByTestId("execution-row")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-workflow-id")));
  await expect.poll(order).toEqual(["alpha", "bravo", "charlie"]);
  await page.getByRole("button", { name: /Workflow ID/ }).click();
  await expect.poll(order).toEqual(["charlie", "bravo", "alpha"]);

  // Save this order as a shared view, leave it, come back to it.
  const views = page.getByTestId("saved-views");
  await views.getByRole("button", { name: "Save view…" }).click();
  await views.getByLabel("View name").fill("z to a");
  await views.getByRole("button", { name: "Save", exact: true }).click();
  await expect(views.getByRole("combobox")).toContainText("z to a (by admin)");

  await page.getByRole("button", { name: /Workflow ID/ }).click();
  await expect(page.getByTestId("sort-note")).toHaveCount(0);
  await views.getByRole("combobox").selectOption({ label: "z to a (by admin)" });
  await expect.poll(order).toEqual(["charlie", "bravo", "alpha"]);
  await page.getByRole("button", { name: /Workflow ID/ }).click();
  await expect(page.getByTestId("sort-note")).toHaveCount(0);

  const first = ids.first();
  const runId = await first.getAttribute("data-run-id");
  await first.getByTestId("copy-run-id").click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(runId);
  // The button says it copied (it gave no sign before), and stays on the list.
  await expect(first.getByTestId("copy-run-id")).toHaveText("✓");
  await expect(first.getByTestId("copy-run-id")).toHaveAttribute("data-copied", "true");
  await expect(page).toHaveURL(new RegExp(`/domains/${encodeURIComponent(domain)}`));

  const parent = await seedExecution(swf, domain, "withChild", { workflowType: TYPE });
  const child = parent.related[0];
  await page.goto(`/domains/${encodeURIComponent(domain)}?state=closed`);
  const childRow = page.locator(
    `[data-testid=execution-row][data-workflow-id="${child.workflowId}"]`,
  );
  await childRow.getByTestId("parent-run-link").click();
  await expect(page).toHaveURL(new RegExp(`/executions/${parent.workflowId}/`));
});

test("choose the list's columns with the keyboard; the choice is remembered", async ({ page }) => {
  const domain = await createDomain(swf, "columns");
  await registerWorkflowType(swf, domain, TYPE);
  await startExecution(swf, domain, { workflowType: TYPE, workflowId: "cols", tags: ["vip"] });

  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  const table = page.getByTestId("executions-table");
  const headers = table.getByRole("columnheader");
  const row = page.getByTestId("execution-row").first();
  await expect(headers).toHaveCount(8);
  await expect(row.getByRole("cell")).toHaveCount(8);
  await expect(row).toContainText("vip");

  // Open the chooser from the keyboard, untick Tags and Run ID, close it with Escape.
  const chooser = page.getByTestId("column-chooser");
  const toggle = chooser.getByRole("button", { name: /Columns/ });
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(chooser.getByRole("checkbox", { name: /Workflow ID/ })).toBeDisabled();
  await chooser.getByRole("checkbox", { name: "Tags" }).focus();
  await page.keyboard.press("Space");
  await chooser.getByRole("checkbox", { name: "Run ID" }).focus();
  await page.keyboard.press("Space");
  await expect(chooser.getByRole("checkbox", { name: "Tags" })).not.toBeChecked();
  await page.keyboard.press("Escape");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveText("Columns (6/8)");

  const shown = async () =>
    headers.evaluateAll((hs) => hs.map((h) => h.textContent?.replace(/[▲▼]/g, "").trim()));
  await expect
    .poll(shown)
    .toEqual(["Status", "Workflow ID", "Type", "Started", "Closed", "Duration"]);
  await expect(row.getByRole("cell")).toHaveCount(6);
  await expect(row).not.toContainText("vip");
  await expect(row.getByTestId("copy-run-id")).toHaveCount(0);

  // Remembered by this browser across a reload.
  await page.reload();
  await expect
    .poll(shown)
    .toEqual(["Status", "Workflow ID", "Type", "Started", "Closed", "Duration"]);
  await expect(row.getByRole("cell")).toHaveCount(6);

  // Back to every column.
  await toggle.click();
  await chooser.getByRole("checkbox", { name: "Tags" }).check();
  await chooser.getByRole("checkbox", { name: "Run ID" }).check();
  await expect(headers).toHaveCount(8);
  await expect(row).toContainText("vip");
  await expect(toggle).toHaveText("Columns (8/8)");
});
