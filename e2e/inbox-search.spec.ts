/**
 * Reading and finding tasks in the inbox: a long question is shown whole in the task pane (folded,
 * as other long values are) while the list shows its shortened start; a question that is not a
 * string is shown as its JSON; the search's words are matched each on its own (the decider and the
 * decision comment too); an over-long search from a URL is cut, saying so, with the tabs' counts
 * kept; "Most recent" is by arrival, "Last changed" by change.
 */
import { expect, test, type Page } from "@playwright/test";
import { ORDERS_DOMAIN, ORDER_TYPE, ensureOrderTypes, startDecider } from "./support/act-decider";
import { openTask, orderInput, waitForInboxTask } from "./support/act-inbox";
import { e2eSwf, startExecution, uniqueName, waitForClose, type Run } from "./support/swf";

const swf = e2eSwf();
const DECISIONS = uniqueName("inbox-search-decisions");
let decider: { stop(): Promise<void> };

test.beforeAll(async () => {
  await ensureOrderTypes(swf, ORDERS_DOMAIN, DECISIONS);
  decider = startDecider(swf, ORDERS_DOMAIN, DECISIONS);
});
test.afterAll(async () => decider?.stop());

function startOrder(workflowId: string, input: string): Promise<Run> {
  return startExecution(swf, ORDERS_DOMAIN, {
    workflowType: ORDER_TYPE,
    workflowId,
    taskList: DECISIONS,
    input,
  });
}

/** Rejects the still-open tasks of `runs` (other specs' inboxes stay short). */
async function rejectOpen(page: Page, baseURL: string, runs: Run[]) {
  for (const run of runs) {
    const r = await page.request.get(
      `/api/inbox?view=pending&workflowId=${encodeURIComponent(run.workflowId)}`,
    );
    for (const t of ((await r.json()) as { tasks: { id: number }[] }).tasks) {
      const out = await page.request.post(`/api/inbox/${t.id}`, {
        data: { decision: "reject" },
        headers: { origin: baseURL },
      });
      expect(out.ok()).toBe(true);
    }
    expect(await waitForClose(swf, run)).toBe("FAILED");
  }
}

/** The workflow ids of the list's rows, top to bottom. */
const rowOrder = (page: Page) =>
  page
    .getByTestId("inbox-row")
    .evaluateAll((rows) =>
      rows
        .sort((a, b) => Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index")))
        .map((r) => r.getAttribute("data-workflow-id")),
    );

test("a long question is shown whole in the task pane, folded; the list shows its start with '…'", async ({
  page,
  baseURL,
}) => {
  const workflowId = uniqueName("long-question");
  const clause = "but only if it ships from Lyon before Friday.";
  const question = `${"Approve the order of Ada Lovelace for the usual books and pens, ".repeat(84)}${clause}`;
  expect(question.length).toBeGreaterThan(5_000);
  const run = await startOrder(workflowId, orderInput(workflowId, { question }));
  const task = await openTask(
    page,
    await waitForInboxTask(page.request, workflowId),
    `q=${workflowId}`,
  );

  const heading = task.getByTestId("inbox-task-question");
  await expect(heading).toContainText("Approve the order of Ada Lovelace");
  await expect(heading).not.toContainText(clause);
  const showAll = heading.getByRole("button", {
    name: `Show all (${question.length.toLocaleString("en-US")} characters)`,
  });
  await showAll.click();
  await expect(heading).toContainText(clause);
  // The question is the heading: the input below does not repeat it.
  const input = task.getByTestId("inbox-task-input");
  await expect(input.locator("dt", { hasText: "orderId" })).toBeVisible();
  await expect(input.locator("dt", { hasText: /^question$/ })).toHaveCount(0);

  // The list's row: the shortened copy, which says it is shortened.
  const row = page.locator(`[data-testid=inbox-row][data-workflow-id="${workflowId}"]`);
  await expect(row.getByTestId("inbox-row-question")).toHaveText(/…$/);
  expect((await row.getByTestId("inbox-row-question").textContent())!.length).toBe(500);

  await rejectOpen(page, baseURL!, [run]);
});

test("a question that is not a string is shown as its JSON; an input of only question and form says so", async ({
  page,
  baseURL,
}) => {
  const objId = uniqueName("object-question");
  const objRun = await startOrder(
    objId,
    JSON.stringify({ question: { text: "obj? <b>not bold</b>" } }),
  );
  const formId = uniqueName("only-form");
  const formRun = await startOrder(
    formId,
    JSON.stringify({
      question: "Ship from where?",
      form: { fields: [{ name: "warehouse", type: "select", options: ["lyon", "berlin"] }] },
    }),
  );

  const obj = await openTask(page, await waitForInboxTask(page.request, objId), `q=${objId}`);
  // Inert: the markup in the payload is text, not a <b> element.
  await expect(obj.getByTestId("inbox-task-question")).toHaveText(
    '{"text":"obj? <b>not bold</b>"}',
  );
  await expect(obj.locator("#inbox-task-heading b")).toHaveCount(0);
  await expect(obj.getByTestId("inbox-task-input")).toHaveText("Nothing besides the question.");
  const row = page.locator(`[data-testid=inbox-row][data-workflow-id="${objId}"]`);
  await expect(row.getByTestId("inbox-row-question")).toHaveText('{"text":"obj? <b>not bold</b>"}');

  const form = await openTask(page, await waitForInboxTask(page.request, formId));
  await expect(form.getByTestId("inbox-task-question")).toHaveText("Ship from where?");
  await expect(form.getByTestId("inbox-task-input")).toHaveText(
    "Nothing besides the question and form.",
  );
  await form.getByTestId("inbox-json-toggle").click();
  await expect(form.getByTestId("inbox-task-input")).toContainText('"warehouse"');

  await rejectOpen(page, baseURL!, [objRun, formRun]);
});

test("search words are matched each on its own, the decider and the comment too; an over-long search is cut, the counts kept", async ({
  page,
  baseURL,
}) => {
  const tag = uniqueName("srch");
  const grace = await startOrder(
    `${tag}-A-1005`,
    orderInput(`${tag}-A-1005`, { customer: { name: "Grace Hopper" } }),
  );
  const kelly = await startOrder(
    `${tag}-A-1006`,
    orderInput(`${tag}-A-1006`, { customer: { name: "Grace Kelly" } }),
  );
  await waitForInboxTask(page.request, grace.workflowId);
  const pending = await waitForInboxTask(page.request, kelly.workflowId);

  await page.goto("/inbox");
  const box = page.getByTestId("inbox-filter-q");
  await expect(box).toHaveAttribute("maxlength", "500");
  // The id is in the workflow id, the name in the input: both words must match, anywhere.
  await box.fill(`${tag}-A-1005 Grace`);
  await expect(page.getByTestId("inbox-row")).toHaveCount(1);
  await expect(page.getByTestId("inbox-row")).toHaveAttribute("data-workflow-id", grace.workflowId);
  await box.fill(`grace ${tag}`);
  await expect(page.getByTestId("inbox-row")).toHaveCount(2);
  await box.fill(`${tag} Turing`);
  await expect(page.getByTestId("inbox-empty")).toContainText("No task matches these filters.");

  // Decided: found by whoever decided it and by what they wrote.
  const comment = `kbd-${tag}`;
  const task = await openTask(page, pending, `q=${tag}`);
  await task.getByTestId("inbox-comment-input").fill(`pressed ${comment}`);
  await task.getByTestId("inbox-approve").click();
  await expect(task.getByTestId("inbox-task-outcome")).toContainText("Approved");
  expect(await waitForClose(swf, kelly)).toBe("COMPLETED");
  await page.goto(`/inbox?view=decided&q=${encodeURIComponent(comment)}`);
  await expect(page.getByTestId("inbox-row")).toHaveCount(1);
  await expect(page.getByTestId("inbox-row")).toHaveAttribute("data-workflow-id", kelly.workflowId);
  await page.getByTestId("inbox-filter-q").fill(`admin ${comment}`);
  await expect(page).toHaveURL(/q=admin/);
  await expect(page.getByTestId("inbox-row")).toHaveCount(1);
  await expect(page.getByTestId("inbox-tab-decided")).toHaveText(/\(1\)/);

  // Pasted into a link: more than the inbox takes. Cut, said so in words; the tabs keep counts.
  const long = `${tag}-A-1005 ${"x".repeat(600)}`;
  await page.goto(`/inbox?q=${encodeURIComponent(`${tag}-A-1005 ${" ".repeat(600)}zzz`)}`);
  await expect(page.getByTestId("inbox-search-cut")).toHaveText(
    "The search was too long: only its first 500 characters are searched.",
  );
  await expect(page.getByTestId("inbox-row")).toHaveCount(1);
  await expect(page.getByTestId("inbox-tab-pending")).toHaveText(/\(1\)/);
  await page.goto(`/inbox?q=${long}`);
  await expect(page.getByTestId("inbox-search-cut")).toBeVisible();
  await expect(page.getByTestId("inbox-filter-q")).toHaveValue(long.slice(0, 500));
  await expect(page.getByTestId("inbox-tab-pending")).toHaveText(/\(0\)/);
  await expect(page.getByTestId("inbox-tab-decided")).toHaveText(/\(0\)/);
  await expect(page.getByText("Too big")).toHaveCount(0);

  await rejectOpen(page, baseURL!, [grace]);
});

test("'Most recent' sorts by arrival, the time the rows show; 'Last changed' by the last change", async ({
  page,
  baseURL,
}) => {
  const tag = uniqueName("sort");
  // Three tasks arriving one after the other; the middle one changes last: someone takes it.
  const runs: Run[] = [];
  const tasks: { id: number }[] = [];
  for (const name of ["first", "second", "third"]) {
    runs.push(await startOrder(`${tag}-${name}`, orderInput(`${tag}-${name}`)));
    tasks.push(await waitForInboxTask(page.request, `${tag}-${name}`));
    // The console's first change to a task (its deadlines, read from the history) is done
    // before the next one arrives: only the taking below changes one after.
    await expect
      .poll(async () => {
        const r = await page.request.get(`/api/inbox?view=pending&workflowId=${tag}-${name}`);
        return ((await r.json()) as { tasks: { deadline: number | null }[] }).tasks[0]?.deadline;
      })
      .toEqual(expect.any(Number));
  }
  const [first, second, third] = runs.map((r) => r.workflowId);
  const taken = await page.request.post(`/api/inbox/${tasks[1].id}/assign`, {
    data: { to: "admin" },
    headers: { origin: baseURL! },
  });
  expect(taken.ok()).toBe(true);

  await page.goto(`/inbox?q=${tag}`);
  await expect(page.getByTestId("inbox-row")).toHaveCount(3);
  expect(await rowOrder(page)).toEqual([first, second, third]); // the view's own: oldest first
  const sort = page.getByTestId("inbox-filter-sort");
  await expect(sort.locator("option")).toHaveText([
    "Oldest first",
    "Due soonest",
    "Most recent",
    "Last changed",
  ]);
  await sort.selectOption({ label: "Most recent" });
  await expect(page).toHaveURL(/sort=recent/);
  await expect.poll(() => rowOrder(page)).toEqual([third, second, first]);
  await sort.selectOption({ label: "Last changed" });
  await expect(page).toHaveURL(/sort=changed/);
  await expect.poll(() => rowOrder(page)).toEqual([second, third, first]);

  await rejectOpen(page, baseURL!, runs);
});
