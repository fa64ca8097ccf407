/**
 * Push, not polls (components/live, app/api/live, the engine's change feed): a signal reaches an
 * open execution page through the live stream without the page polling; a new execution appears
 * on an open list; with the stream cut the page says so and falls back to polling, and a refused
 * stream is reopened, unless the session has ended; the page's one indicator says paused while the
 * list is paused. Task-list backlogs: refreshed from the stream (counted by the console for all
 * tabs when it polls SWF, as against AWS), the panel's own polling only while the stream is down.
 * SWF not answering (dropped connections; an engine frozen with SIGSTOP) shows on every page's
 * indicator within seconds, and pages opened meanwhile show the fault instead of spinning.
 */
import { expect, test, type Page } from "@playwright/test";
import {
  createDomain,
  e2eSwf,
  registerWorkflowType,
  seedExecution,
  signal,
  startExecution,
} from "./support/swf";
import { startEngineProcess } from "./support/engine-process";
import { startSecondConsole } from "./support/second-console";
import { startRelay } from "../tests/engine/relay";
import { browserAs, signInAgainFrom } from "./support/act-users";

const swf = e2eSwf();
const TYPE = { name: "LiveOrder", version: "1" };
const signaledRow = (page: Page) =>
  page.locator("[data-testid=history-table] [role=row][data-event-type=WorkflowExecutionSignaled]");
const executionUrl = (r: { domain: string; workflowId: string; runId: string }) =>
  `/domains/${encodeURIComponent(r.domain)}/executions/${encodeURIComponent(r.workflowId)}/${encodeURIComponent(r.runId)}`;

/** Counts the page's own history reads. */
function countHistoryCalls(page: Page) {
  const counter = { n: 0 };
  page.on("request", (r) => {
    if (r.url().includes("/api/swf/GetWorkflowExecutionHistory")) counter.n++;
  });
  return counter;
}

test("a signal is pushed to an open execution page, without the page polling", async ({ page }) => {
  const domain = await createDomain(swf, "live");
  await registerWorkflowType(swf, domain, TYPE);
  const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
  const calls = countHistoryCalls(page);
  await page.goto(executionUrl(run));
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("history-row-count")).toHaveText(/2 events/);
  // Let the page settle (its first reads, the re-read when the stream opened), then watch.
  await page.waitForTimeout(3000);
  const before = calls.n;
  await signal(swf, run, "poke", '{"live":true}');
  await expect(signaledRow(page)).toHaveCount(1);
  await expect(signaledRow(page)).toContainText("poke");
  // The event came over the stream: the page fetched no history for it.
  expect(calls.n).toBe(before);
});

test("a new execution shows on an open list", async ({ page }) => {
  const domain = await createDomain(swf, "live-list");
  await registerWorkflowType(swf, domain, TYPE);
  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("execution-row")).toHaveCount(0);
  await startExecution(swf, domain, { workflowType: TYPE, workflowId: "pushed-order" });
  await expect(page.getByTestId("execution-row")).toHaveCount(1);
  await expect(page.getByTestId("execution-row")).toContainText("pushed-order");
});

test("with the stream cut the page says so and polls", async ({ page }) => {
  await page.route("**/api/live?**", (route) => route.abort());
  const domain = await createDomain(swf, "live-cut");
  await registerWorkflowType(swf, domain, TYPE);
  const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
  const calls = countHistoryCalls(page);
  await page.goto(executionUrl(run));
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "reconnecting");
  await expect(page.getByTestId("live-status")).toHaveText("Reconnecting…");
  await expect(page.getByTestId("history-row-count")).toHaveText(/2 events/);
  const before = calls.n;
  await signal(swf, run, "poke", '{"live":false}');
  await expect(signaledRow(page)).toHaveCount(1);
  expect(calls.n).toBeGreaterThan(before);
});

test("a stream the console refused is opened again once it can be, and the page goes live", async ({
  page,
}) => {
  // Refused with an HTTP error, the browser's EventSource gives up for good: the page reopens it.
  let refuse = true;
  await page.route("**/api/live?**", (route) =>
    refuse
      ? route.fulfill({ status: 503, contentType: "application/json", body: "{}" })
      : route.continue(),
  );
  const domain = await createDomain(swf, "live-refused");
  await registerWorkflowType(swf, domain, TYPE);
  const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
  await page.goto(executionUrl(run));
  const badge = page.getByTestId("live-status");
  await expect(badge).toHaveAttribute("data-status", "reconnecting");
  refuse = false;
  await expect(badge).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  await signal(swf, run, "poke", '{"back":true}');
  await expect(signaledRow(page)).toHaveCount(1);
});

test("signed out while watching: the page says so once, stops asking, and carries on after signing in again in another tab", async ({
  browser,
  baseURL,
}) => {
  // A session of its own, so that signing it out leaves the other specs' admin session alone.
  const context = await browserAs(browser, baseURL!, "admin");
  try {
    const page = await context.newPage();
    const domain = await createDomain(swf, "live-signed-out");
    await registerWorkflowType(swf, domain, TYPE);
    const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
    await page.goto(executionUrl(run));
    const badge = page.getByTestId("live-status");
    await expect(badge).toHaveAttribute("data-status", "live");
    const streams = { n: 0 };
    page.on("request", (r) => {
      if (r.url().includes("/api/live?")) streams.n++;
    });

    const out = await page.request.post("/api/auth/logout", { headers: { origin: baseURL! } });
    expect(out.ok(), await out.text()).toBe(true);
    // The console ends the stream at its next heartbeat (15 s); the browser's reconnection is
    // refused, and the page asks why.
    await expect(badge).toHaveAttribute("data-status", "signed-out", { timeout: 45_000 });
    await expect(badge).toHaveText("Signed out");
    // The notice says how to sign in again; the badge and the role-gated controls do not repeat
    // it, and the controls do not blame a role the person has.
    await expect(badge).toHaveAttribute("title", "Signed out");
    const notice = page.getByTestId("session-ended");
    await expect(notice).toContainText("Your session has ended.");
    const signalButton = page.getByTestId("action-signal");
    await expect(signalButton).toBeDisabled();
    await expect(signalButton).toHaveAttribute("title", /^Your session has ended/);
    // Refused streams are otherwise reopened 2 s later, and the views poll while the stream is
    // down: a tab whose session has ended sends neither.
    const calls = { n: 0 };
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/api/") && !path.startsWith("/api/auth/")) calls.n++;
    });
    const refused = streams.n;
    await page.waitForTimeout(6_000);
    expect(streams.n).toBe(refused);
    expect(calls.n).toBe(0);

    // Signing in again happens in a new tab (the link's target), so that this page keeps what
    // it shows; looked at again, it finds the session back and goes live.
    await signInAgainFrom(page, notice.getByRole("link", { name: "Sign in again" }));
    await expect(notice).toHaveCount(0);
    await expect(badge).toHaveAttribute("data-status", "live");
    await expect(signalButton).toBeEnabled();
    // Live means watched: a change right after it shows without the page being read again.
    await signal(swf, run, "poke", '{"after":"sign-in"}');
    await expect(signaledRow(page)).toHaveCount(1);
  } finally {
    await context.close();
  }
});

test("pausing the executions list shows on the page's one indicator, and resuming goes live again", async ({
  page,
}) => {
  const domain = await createDomain(swf, "live-paused");
  await registerWorkflowType(swf, domain, TYPE);
  await page.goto(`/domains/${encodeURIComponent(domain)}`);
  const badge = page.getByTestId("live-status");
  await expect(badge).toHaveCount(1);
  await expect(badge).toHaveAttribute("data-status", "live");
  const toggle = page.getByRole("button", { name: "Auto-refresh" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(badge).toHaveAttribute("data-status", "paused");
  await expect(badge).toHaveText("Paused");
  // The list's toggle is the control, not a second indicator: nothing else on the page says live.
  await expect(page.getByText(/^(Live|Paused)$/)).toHaveCount(1);
  await toggle.click();
  await expect(badge).toHaveAttribute("data-status", "live");
  // Leaving the list (another tab of the domain) lets go of the pause too.
  await toggle.click();
  await expect(badge).toHaveAttribute("data-status", "paused");
  await page.getByRole("link", { name: "Workflow types" }).click();
  await expect(page).toHaveURL(/tab=workflow-types/);
  await expect(badge).toHaveAttribute("data-status", "live");
});

// ── Task-list backlogs ───────────────────────────────────────────────────────────────────────
const taskListsUrl = (domain: string) => `/domains/${encodeURIComponent(domain)}?tab=task-lists`;
const decisionsOf = (page: Page, taskList: string) =>
  page.getByTestId("task-list-row").filter({ hasText: taskList }).getByTestId("pending-decisions");

/** Counts the page's own CountPending*Tasks calls. */
function countCountCalls(page: Page) {
  const counter = { n: 0 };
  page.on("request", (r) => {
    if (/\/api\/swf\/CountPending(Decision|Activity)Tasks/.test(r.url())) counter.n++;
  });
  return counter;
}

test("task-list backlogs update without reload, and the panel does not poll", async ({ page }) => {
  const domain = await createDomain(swf, "live-tl");
  await registerWorkflowType(swf, domain, TYPE);
  const taskList = `${TYPE.name}-decisions`;
  const calls = countCountCalls(page);
  await page.goto(taskListsUrl(domain));
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("pending-refresh")).toHaveText(/Pending counts update live/);
  await expect(decisionsOf(page, taskList)).toHaveText("0");
  // Quiet for longer than the panel's own refresh period: it makes no count calls.
  await page.waitForTimeout(1000);
  const settled = calls.n;
  await page.waitForTimeout(6000);
  expect(calls.n).toBe(settled);
  await startExecution(swf, domain, { workflowType: TYPE });
  await expect(decisionsOf(page, taskList)).toHaveText("1");
});

test("task-list backlogs with the stream cut: the panel says so and polls", async ({ page }) => {
  await page.route("**/api/live?**", (route) => route.abort());
  const domain = await createDomain(swf, "live-tl-cut");
  await registerWorkflowType(swf, domain, TYPE);
  const taskList = `${TYPE.name}-decisions`;
  const calls = countCountCalls(page);
  await page.goto(taskListsUrl(domain));
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "reconnecting");
  await expect(page.getByTestId("pending-refresh")).toHaveText(
    "The live stream is down: pending counts refresh every 5 s.",
  );
  await expect(decisionsOf(page, taskList)).toHaveText("0");
  const before = calls.n;
  await startExecution(swf, domain, { workflowType: TYPE });
  await expect(decisionsOf(page, taskList)).toHaveText("1");
  expect(calls.n).toBeGreaterThan(before);
});

test("against a console polling SWF (AWS mode), backlog counts arrive over the stream", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // A second console on the same CONSOLE_DB (the same sign-in) with the engine's feed off: it
  // polls SWF for all tabs, as against AWS.
  const polling = await startSecondConsole(Number(new URL(baseURL!).port) + 41, {
    CONSOLE_LIVE_FEED: "off",
  });
  try {
    const domain = await createDomain(swf, "live-tl-aws");
    await registerWorkflowType(swf, domain, TYPE);
    const taskList = `${TYPE.name}-decisions`;
    const calls = countCountCalls(page);
    await page.goto(`${polling.url}${taskListsUrl(domain)}`);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    await expect(page.getByTestId("pending-refresh")).toHaveText(
      /update live \(the console counts them every few seconds for all viewers\)/,
    );
    await expect(decisionsOf(page, taskList)).toHaveText("0");
    // Let the page settle (its first counts, the re-read when the stream opened), then watch.
    await page.waitForTimeout(2000);
    const before = calls.n;
    await startExecution(swf, domain, { workflowType: TYPE });
    await startExecution(swf, domain, { workflowType: TYPE });
    await expect(decisionsOf(page, taskList)).toHaveText("2", { timeout: 15_000 });
    // The counts came over the stream: the page counted nothing itself.
    expect(calls.n).toBe(before);
  } finally {
    polling.stop();
  }
});

test("when SWF stops answering the console, the badge says so on the list and on a run's page, and goes live again once it is back", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // A relay between a second console (polling SWF, as against AWS) and the engine.
  const relay = await startRelay(process.env.E2E_SWF_ENDPOINT!);
  const polling = await startSecondConsole(Number(new URL(baseURL!).port) + 43, {
    CONSOLE_LIVE_FEED: "off",
    AWS_ENDPOINT_URL_SWF: relay.url,
  });
  try {
    const domain = await createDomain(swf, "live-down");
    await registerWorkflowType(swf, domain, TYPE);
    const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
    await page.goto(`${polling.url}/domains/${encodeURIComponent(domain)}`);
    const runPage = await page.context().newPage();
    await runPage.goto(`${polling.url}${executionUrl(run)}`);
    const badges = [page, runPage].map((p) => p.getByTestId("live-status"));
    for (const badge of badges) await expect(badge).toHaveAttribute("data-status", "live");
    relay.down = true;
    for (const badge of badges) {
      await expect(badge).toHaveAttribute("data-status", "unreachable", { timeout: 30_000 });
      await expect(badge).toHaveText("SWF unreachable");
      await expect(badge).toHaveAttribute("title", /^The console cannot reach SWF \(.+\)/);
    }
    relay.down = false;
    for (const badge of badges) {
      await expect(badge).toHaveAttribute("data-status", "live", { timeout: 30_000 });
      await expect(badge).toHaveText("Live");
    }
    await runPage.close();
  } finally {
    polling.stop();
    await relay.close();
  }
});

test("an engine that freezes: open pages say SWF unreachable within seconds, pages opened meanwhile show the fault, and all go live again once it resumes", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // An engine of its own, frozen with SIGSTOP (its connections stay open and nothing answers, as
  // a hung engine), and a second console on it in push mode (the engine's change feed).
  const engine = await startEngineProcess();
  const own = e2eSwf(engine.url);
  const frozen = await startSecondConsole(Number(new URL(baseURL!).port) + 45, {
    AWS_ENDPOINT_URL_SWF: engine.url,
  });
  try {
    const domain = await createDomain(own, "live-frozen");
    await registerWorkflowType(own, domain, TYPE);
    const run = await seedExecution(own, domain, "open", { workflowType: TYPE });
    const closed = await seedExecution(own, domain, "completed", { workflowType: TYPE });
    const domainUrl = `${frozen.url}/domains/${encodeURIComponent(domain)}`;
    await page.goto(domainUrl);
    const runPage = await page.context().newPage();
    await runPage.goto(`${frozen.url}${executionUrl(run)}`);
    const open = [page, runPage];
    for (const p of open)
      await expect(p.getByTestId("live-status")).toHaveAttribute("data-status", "live");

    engine.freeze();
    // Said by the change feed's silence (three missed heartbeats): push mode reads nothing else.
    for (const p of open) {
      const badge = p.getByTestId("live-status");
      await expect(badge).toHaveAttribute("data-status", "unreachable", { timeout: 20_000 });
      await expect(badge).toHaveText("SWF unreachable");
    }

    // Pages opened now: their HTML comes without waiting for SWF, then each shows the fault
    // (after the console's call timeout, once) rather than a spinner for ever. (The browser holds
    // six connections to the console, and each open tab's stream takes one: a new tab's stream
    // may wait for a hung read to end before it opens.)
    const listPage = await page.context().newPage();
    await listPage.goto(`${domainUrl}?state=closed`);
    const listFault = listPage
      .getByTestId("fault")
      .filter({ hasText: "Could not list executions" });
    await expect(listFault).toBeVisible({ timeout: 30_000 });
    await expect(listFault.getByTestId("fault-words")).toHaveText(/SWF did not answer in time/);
    await expect(listPage.getByText("Loading executions…")).toHaveCount(0);
    await expect(listPage.getByTestId("live-status")).toHaveText("SWF unreachable", {
      timeout: 30_000,
    });
    const failuresPage = await page.context().newPage();
    await failuresPage.goto(`${domainUrl}/failures`);
    await expect(
      failuresPage.getByRole("alert").filter({ hasText: "Could not read failures" }),
    ).toBeVisible({ timeout: 30_000 });
    await expect(failuresPage.getByText("Reading closed runs…")).toHaveCount(0);

    engine.resume();
    for (const p of [...open, listPage]) {
      const badge = p.getByTestId("live-status");
      await expect(badge).toHaveAttribute("data-status", "live", { timeout: 30_000 });
      await expect(badge).toHaveText("Live");
    }
    // SWF answering again: the list that showed the fault reads again by itself.
    await expect(listPage.getByRole("link", { name: closed.workflowId })).toBeVisible();
    await expect(listFault).toHaveCount(0);
    for (const p of [runPage, listPage, failuresPage]) await p.close();
  } finally {
    frozen.stop();
    own.destroy();
    engine.stop();
  }
});
