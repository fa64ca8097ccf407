/**
 * Acting on SWF from the console: start (form with type defaults, JSON input, tags), signal,
 * request cancel, terminate, re-run, register domains and types, deprecate and undeprecate.
 * SWF faults show inline with their message. Uses a scripted decider (support/act-decider.ts).
 *
 * The execution actions live on the execution page and the start form at /domains/<d>/start
 * (components/actions/execution-actions.tsx, app/domains/[domain]/start).
 */
import { expect, test, type Page } from "@playwright/test";
import { executionHref } from "@/components/links";
import { PLAIN_TYPE, ensureOrderTypes, startDecider } from "./support/act-decider";
import {
  createDomain,
  describe,
  e2eSwf,
  history,
  startExecution,
  uniqueName,
  waitForClose,
  type Run,
} from "./support/swf";

const swf = e2eSwf();
let domain = "";
const DECISIONS = "act-decisions";
let decider: { stop(): Promise<void> };

test.beforeAll(async () => {
  domain = uniqueName("act");
  await ensureOrderTypes(swf, domain, DECISIONS);
  decider = startDecider(swf, domain, DECISIONS);
});
test.afterAll(async () => decider?.stop());

async function openExecution(page: Page, run: Run) {
  await page.goto(executionHref(run.domain, run.workflowId, run.runId));
  await expect(page.getByTestId("execution-actions")).toBeVisible();
}

test("start an execution from the form; it appears in the list", async ({ page }) => {
  await page.goto(`/domains/${encodeURIComponent(domain)}/start`);
  await page
    .getByTestId("start-type")
    .selectOption({ label: `${PLAIN_TYPE.name} ${PLAIN_TYPE.version}` });
  // The type's defaults are shown, and a workflowId is generated.
  const defaults = page.getByTestId("type-defaults");
  await expect(defaults).toContainText(DECISIONS);
  await expect(defaults).toContainText("3600");
  await expect(defaults).toContainText("TERMINATE");
  await expect(page.getByTestId("start-workflow-id")).toHaveValue(/^Plain-\d{8}-\d{6}-[a-z0-9]+$/);

  // Invalid JSON is caught in the browser, before anything is sent.
  await page.getByTestId("start-input").fill('{"orderId": 42,');
  await expect(page.getByText(/Not valid JSON/)).toBeVisible();
  await page.getByTestId("start-submit").click();
  await expect(page.getByRole("alert").filter({ hasText: "Fix the fields" })).toBeVisible();

  const workflowId = uniqueName("started");
  await page.getByTestId("start-workflow-id").fill(workflowId);
  await page.getByTestId("start-input").fill('{"orderId": 42}');
  await page.getByTestId("start-add-tag").click();
  await page.getByTestId("start-tag-0").fill("e2e");
  await page.getByTestId("start-add-tag").click();
  await page.getByTestId("start-tag-1").fill("team:act");
  await page.getByTestId("start-execution-timeout").fill("900");
  await page.getByTestId("start-submit").click();
  await expect(page.getByTestId("success")).toContainText(workflowId);
  const runId = (await page.getByTestId("started-run-id").textContent())!.trim();

  const d = await describe(swf, { domain, workflowId, runId });
  expect(d.executionInfo).toMatchObject({ executionStatus: "OPEN", tagList: ["e2e", "team:act"] });
  expect(d.executionConfiguration?.executionStartToCloseTimeout).toBe("900");
  const events = await history(swf, { domain, workflowId, runId });
  expect(events[0].workflowExecutionStartedEventAttributes?.input).toBe('{"orderId": 42}');

  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  await expect(page.getByText(workflowId)).toBeVisible();

  // Starting the same workflowId again: SWF's fault, inline, with its message.
  await page.goto(`/domains/${encodeURIComponent(domain)}/start`);
  await page
    .getByTestId("start-type")
    .selectOption({ label: `${PLAIN_TYPE.name} ${PLAIN_TYPE.version}` });
  await page.getByTestId("start-workflow-id").fill(workflowId);
  await page.getByTestId("start-submit").click();
  await expect(page.getByTestId("fault-name")).toHaveText("WorkflowExecutionAlreadyStartedFault");
  await expect(page.getByTestId("fault-message")).not.toBeEmpty();
});

test("signal: the event appears in the history", async ({ page }) => {
  const run = await startExecution(swf, domain, { workflowType: PLAIN_TYPE });
  await openExecution(page, run);
  await page.getByTestId("action-signal").click();
  const dialog = page.getByTestId("signal-dialog");
  await dialog.getByTestId("signal-submit").click();
  await expect(dialog.getByTestId("field-error")).toHaveText("Required");
  await dialog.getByTestId("signal-name").fill("approve-now");
  await dialog.getByTestId("signal-input").fill('{"by":"e2e"}');
  // The equivalent AWS CLI command follows the form, with the local engine's endpoint.
  await dialog.getByTestId("cli-command").locator("summary").click();
  const cli = dialog.getByTestId("cli-command-text");
  await expect(cli).toContainText("aws swf signal-workflow-execution");
  await expect(cli).toContainText(`--workflow-id ${run.workflowId}`);
  await expect(cli).toContainText("--signal-name approve-now");
  await expect(cli).toContainText(`--input '{"by":"e2e"}'`);
  await expect(cli).toContainText("--endpoint-url http://127.0.0.1:");
  await dialog.getByTestId("signal-submit").click();
  await expect(dialog.getByTestId("success")).toContainText("Signal sent");
  await dialog.getByTestId("dialog-done").click();

  const signaled = (await history(swf, run)).find(
    (e) => e.eventType === "WorkflowExecutionSignaled",
  );
  expect(signaled?.workflowExecutionSignaledEventAttributes).toMatchObject({
    signalName: "approve-now",
    input: '{"by":"e2e"}',
  });
  await page.reload();
  await expect(page.getByText("WorkflowExecutionSignaled").first()).toBeVisible();
});

test("keyboard: an action dialog opens on its first field and gives focus back when it closes", async ({
  page,
}) => {
  const run = await startExecution(swf, domain, { workflowType: PLAIN_TYPE });
  await openExecution(page, run);
  const opener = page.getByTestId("action-signal");
  await opener.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("signal-dialog");
  await expect(dialog.getByTestId("signal-name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  // Sent: the form gives way to the outcome, and focus goes with it to the dialog's Close (not to
  // the page behind the dialog); closed with it, back on the opener too.
  await page.keyboard.press("Enter");
  await page.keyboard.type("ping");
  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("success")).toContainText("Signal sent");
  await expect(dialog.getByTestId("dialog-done")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  await page.getByTestId("action-terminate").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("terminate-dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("action-terminate")).toBeFocused();
});

test("keyboard only: terminate, confirm, close; focus stays in the dialog, then lands on the action still possible", async ({
  page,
}) => {
  const run = await startExecution(swf, domain, { workflowType: PLAIN_TYPE });
  await openExecution(page, run);
  const opener = page.getByTestId("action-terminate");
  await opener.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("terminate-dialog");
  await dialog.getByTestId("terminate-reason").focus();
  await page.keyboard.type("stuck, by keyboard");
  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("terminate-confirmation")).toBeVisible();
  await dialog.getByTestId("terminate-confirm").focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("success")).toContainText("Execution terminated");
  await expect(dialog.getByTestId("dialog-done")).toBeFocused();
  expect(await waitForClose(swf, run)).toBe("TERMINATED");
  // The opener is disabled now (a closed run cannot be terminated): focus goes to Re-run beside
  // it, not to the page's body.
  await expect(opener).toBeDisabled();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("action-rerun")).toBeFocused();
});

/**
 * Holds the page's DescribeWorkflowExecution answers until the returned function is called: the
 * run's status on the page stays as it was, as on a slow network.
 */
async function holdRunStatus(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/swf/DescribeWorkflowExecution", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

for (const action of [
  { kind: "terminate", closes: "TERMINATED", status: /Terminated/ },
  { kind: "cancel", closes: "CANCELED", status: /Cancel/ },
] as const) {
  test(`keyboard: ${action.kind}'s dialog closed before the run's new status arrives; once it does, focus moves on to Re-run rather than being lost`, async ({
    page,
  }) => {
    const run = await startExecution(swf, domain, { workflowType: PLAIN_TYPE });
    await openExecution(page, run);
    const status = page.getByTestId("execution-status");
    await expect(status).toHaveText(/Running/);
    const release = await holdRunStatus(page);
    const opener = page.getByTestId(`action-${action.kind}`);
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId(`${action.kind}-dialog`);
    if (action.kind === "terminate") {
      await dialog.getByTestId("terminate-reason").focus();
      await page.keyboard.type("closed before the status arrived");
      await page.keyboard.press("Enter");
      await dialog.getByTestId("terminate-confirm").focus();
    } else await dialog.getByTestId("cancel-confirm").focus();
    await page.keyboard.press("Enter");
    await expect(dialog.getByTestId("success")).toBeVisible();
    expect(await waitForClose(swf, run)).toBe(action.closes);
    // Closed while the page still shows the run open: focus goes back to the opener, enabled.
    await expect(dialog.getByTestId("dialog-done")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeEnabled();
    await expect(opener).toBeFocused();
    // The status arrives and disables the opener under the focus: it moves on to the action still
    // possible, and the keyboard carries on from there.
    release();
    await expect(status).toHaveText(action.status);
    await expect(opener).toBeDisabled();
    await expect(page.getByTestId("action-rerun")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("rerun-dialog")).toBeVisible();
  });
}

test("request cancel: the workflow closes as CANCELED", async ({ page }) => {
  const run = await startExecution(swf, domain, { workflowType: PLAIN_TYPE });
  await openExecution(page, run);
  await page.getByTestId("action-cancel").click();
  await page.getByTestId("cancel-confirm").click();
  await expect(page.getByTestId("cancel-dialog").getByTestId("success")).toBeVisible();
  expect(await waitForClose(swf, run)).toBe("CANCELED");
  await page.getByTestId("dialog-done").click();
  await page.reload();
  // Closed: the controls that need an open execution are disabled, re-run is not.
  await expect(page.getByTestId("action-terminate")).toBeDisabled();
  await expect(page.getByTestId("action-rerun")).toBeEnabled();
});

test("terminate asks for confirmation and closes as TERMINATED with the reason", async ({
  page,
}) => {
  const run = await startExecution(swf, domain, { workflowType: PLAIN_TYPE });
  await openExecution(page, run);
  await page.getByTestId("action-terminate").click();
  const dialog = page.getByTestId("terminate-dialog");
  await dialog.getByTestId("terminate-reason").fill("stuck in e2e");
  await dialog.getByTestId("terminate-details").fill("details here");
  await dialog.getByTestId("terminate-child-policy").selectOption("ABANDON");
  await dialog.getByTestId("terminate-next").click();
  await expect(dialog.getByTestId("terminate-confirmation")).toContainText(run.workflowId);
  expect((await describe(swf, run)).executionInfo?.executionStatus).toBe("OPEN");
  await dialog.getByTestId("terminate-confirm").click();
  await expect(dialog.getByTestId("success")).toBeVisible();
  expect(await waitForClose(swf, run)).toBe("TERMINATED");
  const terminated = (await history(swf, run)).find(
    (e) => e.eventType === "WorkflowExecutionTerminated",
  );
  expect(terminated?.workflowExecutionTerminatedEventAttributes).toMatchObject({
    reason: "stuck in e2e",
    details: "details here",
    childPolicy: "ABANDON",
  });

  // Closed now, without a reload (the action refreshed this run's queries): signal and terminate
  // are disabled, and a disabled Terminate looks like any disabled button, not a faded red one.
  await dialog.getByTestId("dialog-done").click();
  await expect(page.getByTestId("action-signal")).toBeDisabled();
  const terminate = page.getByTestId("action-terminate");
  await expect(terminate).toBeDisabled();
  const look = (testId: string) =>
    page.getByTestId(testId).evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, color: s.color, opacity: s.opacity };
    });
  // Polled: the buttons' colours ease into their disabled look (a CSS transition).
  const alike = async () => {
    const [a, b] = [await look("action-terminate"), await look("action-signal")];
    return JSON.stringify(a) === JSON.stringify(b) || `${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  };
  await expect.poll(alike).toBe(true);
});

test("re-run starts a new execution with the same type, input and tags", async ({ page }) => {
  const run = await startExecution(swf, domain, {
    workflowType: PLAIN_TYPE,
    input: '{"n":1}',
    tags: ["rerun-me"],
  });
  // While open: only a new workflowId is possible.
  await openExecution(page, run);
  await page.getByTestId("action-rerun").click();
  let dialog = page.getByTestId("rerun-dialog");
  await expect(dialog.getByTestId("rerun-input")).toHaveText('{"n":1}');
  await expect(dialog.getByTestId("rerun-same-id")).toBeDisabled();
  await dialog.getByTestId("rerun-confirm").click();
  await expect(dialog.getByTestId("rerun-link")).toBeVisible();
  const href = (await dialog.getByTestId("rerun-link").getAttribute("href"))!;
  const [, , , , newId, newRun] = href.split("/").map(decodeURIComponent);
  expect(newId).not.toBe(run.workflowId);
  const fresh = await describe(swf, { domain, workflowId: newId, runId: newRun });
  expect(fresh.executionInfo).toMatchObject({
    executionStatus: "OPEN",
    workflowType: PLAIN_TYPE,
    tagList: ["rerun-me"],
  });
  expect(
    (await history(swf, { domain, workflowId: newId, runId: newRun }))[0]
      .workflowExecutionStartedEventAttributes?.input,
  ).toBe('{"n":1}');

  // Once closed: the same workflowId may be reused.
  await swf.send(
    new (await import("@aws-sdk/client-swf")).TerminateWorkflowExecutionCommand({
      domain,
      workflowId: run.workflowId,
      runId: run.runId,
    }),
  );
  await page.reload();
  await page.getByTestId("action-rerun").click();
  dialog = page.getByTestId("rerun-dialog");
  await dialog.getByTestId("rerun-same-id").check();
  await dialog.getByTestId("rerun-confirm").click();
  await expect(dialog.getByTestId("rerun-link")).toBeVisible();
  const again = (await dialog.getByTestId("rerun-link").getAttribute("href"))!
    .split("/")
    .map(decodeURIComponent);
  expect(again[4]).toBe(run.workflowId);
  expect(again[5]).not.toBe(run.runId);
});

test("register a domain and types with defaults; deprecate and undeprecate", async ({ page }) => {
  const name = uniqueName("registered");
  await page.goto("/settings/registration");
  const form = page.getByTestId("register-domain-form");
  await form.getByTestId("domain-name").fill("bad/name");
  await form.getByTestId("domain-retention").fill("120");
  await form.getByTestId("domain-submit").click();
  await expect(form.getByTestId("field-error")).toHaveCount(2);
  await form.getByTestId("domain-name").fill(name);
  await form.getByTestId("domain-description").fill("made by e2e");
  await form.getByTestId("domain-retention").fill("7");
  await form.getByTestId("domain-submit").click();
  await expect(form.getByTestId("success")).toContainText(name);
  const row = page.locator(`[data-testid=registration-domain][data-name="${name}"]`);
  await expect(row.getByTestId("registration-status")).toHaveText("REGISTERED");

  // Registering it again: DomainAlreadyExistsFault inline.
  await form.getByTestId("domain-name").fill(name);
  await form.getByTestId("domain-submit").click();
  await expect(form.getByTestId("fault-name")).toHaveText("DomainAlreadyExistsFault");

  await page.getByTestId("registration-domain-picker").selectOption(name);
  const wf = page.getByTestId("register-workflow-type-form");
  await wf.getByTestId("type-name").fill("Billing");
  await wf.getByTestId("type-version").fill("2");
  await wf.getByTestId("type-taskList").fill("billing-decisions");
  await wf.getByTestId("type-taskStartToClose").fill("30");
  await wf.getByTestId("type-executionStartToClose").fill("3600");
  await wf.getByTestId("type-childPolicy").selectOption("ABANDON");
  await wf.getByTestId("type-submit").click();
  await expect(wf.getByTestId("success")).toContainText("Billing 2");

  const act = page.getByTestId("register-activity-type-form");
  await act.getByTestId("type-name").fill("Charge");
  await act.getByTestId("type-version").fill("1");
  await act.getByTestId("type-taskList").fill("charges");
  await act.getByTestId("type-heartbeat").fill("NONE");
  await act.getByTestId("type-scheduleToClose").fill("600");
  await act.getByTestId("type-submit").click();
  await expect(act.getByTestId("success")).toContainText("Charge 1");

  const { DescribeWorkflowTypeCommand, DescribeActivityTypeCommand, DescribeDomainCommand } =
    await import("@aws-sdk/client-swf");
  const wfType = await swf.send(
    new DescribeWorkflowTypeCommand({
      domain: name,
      workflowType: { name: "Billing", version: "2" },
    }),
  );
  expect(wfType.configuration).toMatchObject({
    defaultTaskList: { name: "billing-decisions" },
    defaultTaskStartToCloseTimeout: "30",
    defaultExecutionStartToCloseTimeout: "3600",
    defaultChildPolicy: "ABANDON",
  });
  const actType = await swf.send(
    new DescribeActivityTypeCommand({
      domain: name,
      activityType: { name: "Charge", version: "1" },
    }),
  );
  expect(actType.configuration).toMatchObject({
    defaultTaskList: { name: "charges" },
    defaultTaskHeartbeatTimeout: "NONE",
    defaultTaskScheduleToCloseTimeout: "600",
  });

  // Deprecate the workflow type, then undeprecate it.
  const typeRow = page.locator(
    `[data-testid=registration-workflow-types] [data-testid=registration-type][data-name="Billing@2"]`,
  );
  await typeRow.getByTestId("deprecate-workflowType").click();
  await page.getByTestId("deprecation-confirm").click();
  await expect(typeRow.getByTestId("registration-status")).toHaveText("DEPRECATED");
  await typeRow.getByTestId("undeprecate-workflowType").click();
  await page.getByTestId("deprecation-confirm").click();
  await expect(typeRow.getByTestId("registration-status")).toHaveText("REGISTERED");
  const actRow = page.locator(
    `[data-testid=registration-activity-types] [data-testid=registration-type][data-name="Charge@1"]`,
  );
  await actRow.getByTestId("deprecate-activityType").click();
  await page.getByTestId("deprecation-confirm").click();
  await expect(actRow.getByTestId("registration-status")).toHaveText("DEPRECATED");

  // And the domain.
  await row.getByTestId("deprecate-domain").click();
  await page.getByTestId("deprecation-confirm").click();
  await expect(row.getByTestId("registration-status")).toHaveText("DEPRECATED");
  expect((await swf.send(new DescribeDomainCommand({ name }))).domainInfo?.status).toBe(
    "DEPRECATED",
  );
  await row.getByTestId("undeprecate-domain").click();
  await page.getByTestId("deprecation-confirm").click();
  await expect(row.getByTestId("registration-status")).toHaveText("REGISTERED");
});

test("the registration page lists every type of a domain, past SWF's 1,000 a page", async ({
  page,
}) => {
  const own = await createDomain(swf, "act-many-types");
  const { RegisterActivityTypeCommand } = await import("@aws-sdk/client-swf");
  const total = 1001;
  for (let i = 0; i < total; i += 50)
    await Promise.all(
      Array.from({ length: Math.min(50, total - i) }, (_, j) =>
        swf.send(
          new RegisterActivityTypeCommand({
            domain: own,
            name: `Step-${String(i + j).padStart(4, "0")}`,
            version: "1",
          }),
        ),
      ),
    );
  await page.goto("/settings/registration");
  await page.getByTestId("registration-domain-picker").selectOption(own);
  const rows = page.locator(
    "[data-testid=registration-activity-types] [data-testid=registration-type]",
  );
  await expect(rows).toHaveCount(total);
  await expect(rows.last()).toHaveAttribute("data-name", "Step-1000@1");
});

test("every action is in the audit log, filterable and downloadable", async ({ page }) => {
  const run = await startExecution(swf, domain, { workflowType: PLAIN_TYPE });
  await openExecution(page, run);
  await page.getByTestId("action-signal").click();
  await page.getByTestId("signal-name").fill("audited");
  await page.getByTestId("signal-submit").click();
  await expect(page.getByTestId("signal-dialog").getByTestId("success")).toBeVisible();

  await page.goto("/audit");
  await page.getByTestId("audit-action").selectOption("SignalWorkflowExecution");
  await page.getByTestId("audit-target").fill(run.workflowId);
  await page.getByTestId("audit-apply").click();
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("admin");
  await expect(rows.first()).toHaveAttribute("data-outcome", "ok");
  await rows.first().getByText("parameters").click();
  await expect(rows.first().getByTestId("audit-parameters")).toContainText(
    '"signalName": "audited"',
  );
  // On a tablet, with the parameters open beside it, the target still reads as a line or two, not
  // as a column of single letters.
  await page.setViewportSize({ width: 800, height: 900 });
  const target = rows.first().getByRole("link", { name: new RegExp(run.workflowId) });
  await expect.poll(async () => (await target.boundingBox())!.width).toBeGreaterThan(150);
  await page.setViewportSize({ width: 1440, height: 900 });
  // The filters are in the URL: off to the run the row names and Back, the log is still filtered.
  await expect(page).toHaveURL(/[?&]action=SignalWorkflowExecution(&|$)/);
  await rows
    .first()
    .getByRole("link", { name: new RegExp(run.workflowId) })
    .click();
  await expect(page.getByTestId("execution-detail")).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId("audit-target")).toHaveValue(run.workflowId);
  await expect(page.getByTestId("audit-action")).toHaveValue("SignalWorkflowExecution");
  await expect(rows).toHaveCount(1);

  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("audit-download-csv").click(),
  ]);
  const text = await (
    await csv.createReadStream()
  )
    .toArray()
    .then((chunks) => Buffer.concat(chunks).toString());
  expect(text.split("\r\n")[0]).toContain("id,at,username,role,action,target");
  expect(text).toContain(run.workflowId);
  expect(text.trim().split("\r\n")).toHaveLength(2);

  const [json] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("audit-download-json").click(),
  ]);
  const entries = JSON.parse(
    await (await json.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()),
  );
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    action: "SignalWorkflowExecution",
    workflowId: run.workflowId,
    outcome: "ok",
    username: "admin",
  });
});
