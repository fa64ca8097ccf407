/**
 * A tab whose session ends (signed out elsewhere, idle timeout) says so once, under the header
 * (components/auth/session-ended-notice.tsx): the views whose reads are refused meanwhile step
 * aside for it with a quiet line instead of each saying it again. A change the person tries while
 * signed out is another matter: the place they clicked says it was not done, and why; it is not
 * sent later either, once they are back.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createDomain, e2eSwf, history, registerWorkflowType, seedExecution } from "./support/swf";
import { browserAs, signInAgainFrom } from "./support/act-users";

const swf = e2eSwf();
const TYPE = { name: "SessionOrder", version: "1" };
const executionUrl = (r: { domain: string; workflowId: string; runId: string }) =>
  `/domains/${encodeURIComponent(r.domain)}/executions/${encodeURIComponent(r.workflowId)}/${encodeURIComponent(r.runId)}`;

/**
 * How many visible pieces of text on the page say that the session has ended: in the console's
 * words, or in the refusal's own (the console's answer to the request that found it out).
 */
const timesSaid = (page: Page) =>
  page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let n = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (
        /session has ended|sign in to use the console/i.test(node.textContent ?? "") &&
        node.parentElement?.checkVisibility()
      )
        n++;
    }
    return n;
  });

/** A browser session of its own (signing it out leaves the other specs' admin session alone). */
async function ownSession(browser: Browser, baseURL: string) {
  const context = await browserAs(browser, baseURL, "admin");
  return { context, page: await context.newPage() };
}

/** Signs the page's own session out, as another tab or an idle timeout would. */
async function signOut(page: Page, baseURL: string) {
  const out = await page.request.post("/api/auth/logout", { headers: { origin: baseURL } });
  expect(out.ok(), await out.text()).toBe(true);
}

test("signed out on the executions list: the page says so once, and the list waits quietly", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await ownSession(browser, baseURL!);
  try {
    const domain = await createDomain(swf, "session-list");
    await registerWorkflowType(swf, domain, TYPE);
    await seedExecution(swf, domain, "open", { workflowType: TYPE });
    await page.goto(`/domains/${encodeURIComponent(domain)}`);
    await expect(page.getByTestId("execution-row")).toHaveCount(1);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");

    await signOut(page, baseURL!);
    // The tab learns of it when the console ends its live stream at the next heartbeat (15 s) and
    // the page asks why the stream is refused.
    await expect(page.getByTestId("session-ended")).toContainText("Your session has ended.", {
      timeout: 45_000,
    });
    // Read again by hand while signed out: the list's read (and its count's) is refused in the
    // browser; the list says it waits, under the page's one notice.
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await expect(page.getByTestId("signed-out-view").first()).toBeVisible();
    expect(await timesSaid(page)).toBe(1);
    // What the list showed stays, without a fault box over it.
    await expect(page.getByTestId("execution-row")).toHaveCount(1);
    await expect(page.getByTestId("fault")).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("signed out on an execution page: said once; a signal tried meanwhile says it was not sent, and is not sent later", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await ownSession(browser, baseURL!);
  try {
    const domain = await createDomain(swf, "session-execution");
    await registerWorkflowType(swf, domain, TYPE);
    const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
    // Without its live stream the page polls its history and description: the polls after the
    // sign-out are refused (the first by the console, which is how the tab learns of it; the next
    // ones in the browser). A refused description stops the history's polling, so the page's
    // next description read is held unanswered: the history's poll is the read refused.
    const DESCRIBE = "**/api/swf/DescribeWorkflowExecution";
    await page.route("**/api/live?**", (route) => route.abort());
    await page.goto(executionUrl(run));
    await expect(page.getByTestId("history-row-count")).toHaveText(/2 events/);
    await page.route(DESCRIBE, () => undefined);
    await page.getByTestId("action-signal").click();
    const dialog = page.getByTestId("signal-dialog");
    await dialog.getByTestId("signal-name").fill("while-out");

    await signOut(page, baseURL!);
    await expect(page.getByTestId("session-ended")).toContainText("Your session has ended.");
    await expect(page.getByTestId("signed-out-view").first()).toBeVisible();
    expect(await timesSaid(page)).toBe(1);
    await expect(page.getByTestId("fault")).toHaveCount(0);

    // The signal tried now: the dialog says it was not sent and why; nothing went out.
    const sent = { n: 0 };
    page.on("request", (r) => {
      if (r.url().includes("/api/swf/SignalWorkflowExecution")) sent.n++;
    });
    await dialog.getByTestId("signal-submit").click();
    const fault = dialog.getByTestId("fault");
    await expect(fault).toContainText("Not done: your session has ended.");
    expect(sent.n).toBe(0);

    // Signed in again from the dialog (a new tab): the page's views carry on, and the signal
    // tried while signed out was not kept to be sent now.
    await page.unroute(DESCRIBE);
    await signInAgainFrom(page, fault.getByRole("link", { name: "Sign in again" }));
    await expect(page.getByTestId("session-ended")).toHaveCount(0);
    await expect(page.getByTestId("signed-out-view")).toHaveCount(0);
    await expect(page.getByTestId("history-row-count")).toHaveText(/2 events/);
    const signaled = async () =>
      (await history(swf, run)).filter((e) => e.eventType === "WorkflowExecutionSignaled").length;
    expect(await signaled()).toBe(0);
    expect(sent.n).toBe(0);

    // What was typed stayed: sent again, it goes, once.
    await dialog.getByTestId("signal-submit").click();
    await expect(dialog).toContainText("Signal sent.");
    expect(await signaled()).toBe(1);
  } finally {
    await context.close();
  }
});

test("a signal sent as the session ends, before the page knows: the dialog says it was not sent", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await ownSession(browser, baseURL!);
  try {
    const domain = await createDomain(swf, "session-send");
    await registerWorkflowType(swf, domain, TYPE);
    const run = await seedExecution(swf, domain, "open", { workflowType: TYPE });
    await page.goto(executionUrl(run));
    // Live: the page does not poll, and learns of the sign-out only when it next asks.
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
    await page.getByTestId("action-signal").click();
    const dialog = page.getByTestId("signal-dialog");
    await dialog.getByTestId("signal-name").fill("as-it-ends");

    await signOut(page, baseURL!);
    await dialog.getByTestId("signal-submit").click();
    await expect(dialog.getByTestId("fault")).toContainText("Not done: your session has ended.");
    // The refusal told the page too: its notice, and nothing else outside the dialog, says so.
    await expect(page.getByTestId("session-ended")).toContainText("Your session has ended.");
    expect(await timesSaid(page)).toBe(2);
    expect(
      (await history(swf, run)).filter((e) => e.eventType === "WorkflowExecutionSignaled"),
    ).toHaveLength(0);
  } finally {
    await context.close();
  }
});
