/**
 * Inbox notifications against a real local HTTP receiver started here: a new task on a list with
 * a webhook is posted as a Slack-compatible message with a deep link; failures are retried with
 * back-off and shown as the hook's last error.
 */
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { DELIVERY, hookFor, hookUrlProblem, retryDelay, setHook } from "@/lib/console/inbox-hooks";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { memoryDb, until } from "./helpers";
import { humanTasks, pollerFor, waitForTask } from "./human-tasks";
import type { HumanTaskPoller } from "@/lib/console/poller";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A receiver answering each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]) {
  const received: { body: unknown; contentType: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      received.push({ body: JSON.parse(text), contentType: req.headers["content-type"] });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      res
        .writeHead(status, { "content-type": "text/plain" })
        .end(status >= 400 ? "receiver is down" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, received };
}

describe("inbox webhooks", () => {
  it("posts a Slack-compatible message with a deep link; retries with back-off; keeps the last error", async () => {
    const t: TestEngine = await startTestEngine({ pollTimeoutSeconds: 1 });
    cleanup.push(() => t.close());
    const h = await humanTasks(t.swf);
    const hook = await receiver([500, 503, 200]);
    const db = memoryDb();
    setHook(db, { ...h.list, url: hook.url, consoleUrl: "https://console.example.com/" }, "admin");
    let now = 1_000_000;
    const poller: HumanTaskPoller = pollerFor(t.swf, db, [h.list], {
      now: () => now,
      deliveryMs: 1_000_000, // passes are driven by the test
    }).start();
    cleanup.push(() => poller.stop());
    const run = await h.approval({ input: JSON.stringify({ question: "Ship order <o-1> & co?" }) });
    const task = await waitForTask(db, run);
    await until(() => (hookFor(db, h.domain, h.taskList)?.queued ?? 0) === 1, "queued");

    await poller.deliver();
    expect(hook.received).toHaveLength(1);
    expect(hookFor(db, h.domain, h.taskList)).toMatchObject({
      lastOkAt: null,
      lastError: "HTTP 500: receiver is down (attempt 1 of 8)",
      lastErrorAt: now,
      queued: 1,
    });
    // Not before the back-off has passed.
    await poller.deliver();
    expect(hook.received).toHaveLength(1);
    now += retryDelay(1);
    await poller.deliver();
    expect(hook.received).toHaveLength(2);
    expect(hookFor(db, h.domain, h.taskList)?.lastError).toBe(
      "HTTP 503: receiver is down (attempt 2 of 8)",
    );
    now += retryDelay(2) - 1;
    await poller.deliver();
    expect(hook.received).toHaveLength(2);
    now += 1;
    await poller.deliver();
    expect(hook.received).toHaveLength(3);
    expect(hookFor(db, h.domain, h.taskList)).toMatchObject({ lastOkAt: now, queued: 0 });
    await poller.deliver();
    expect(hook.received).toHaveLength(3);

    const link = `https://console.example.com/inbox?task=${task.id}`;
    expect(hook.received[2].contentType).toBe("application/json");
    expect(hook.received[2].body).toEqual({
      text: `New task waiting for a decision: Ship order <o-1> & co? (${run.workflowId}) ${link}`,
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: `*Ship order &lt;o-1&gt; &amp; co?*\nWorkflow \`${run.workflowId}\` · ${h.domain}/${h.taskList}\n<${link}|Open in the inbox>`,
          },
        },
      ],
      task: expect.objectContaining({ id: task.id, workflowId: run.workflowId, link }),
    });
  });

  it("an unreachable receiver is retried until the attempts run out, then given up", async () => {
    const db = memoryDb();
    const gone = await receiver([200]);
    const url = gone.url;
    await cleanup.pop()!(); // closed: connections are refused
    const { insertReceivedTask, getTask } = await import("@/lib/console/inbox-store");
    const { queueNotification, deliverDue } = await import("@/lib/console/inbox-hooks");
    setHook(db, { domain: "d", taskList: "l", url, consoleUrl: "http://c" }, "admin");
    const { id } = insertReceivedTask(db, {
      taskToken: "t",
      domain: "d",
      taskList: "l",
      activityId: "a",
      activityType: { name: "A", version: "1" },
      workflowId: "w",
      runId: "r",
      startedEventId: 1,
    });
    let now = 0;
    expect(queueNotification(db, getTask(db, id)!, {} as NodeJS.ProcessEnv, now)).toBe(true);
    for (let i = 1; i <= DELIVERY.attempts; i++) {
      expect(await deliverDue(db, () => now)).toEqual({ delivered: 0, failed: 1 });
      now += retryDelay(i);
    }
    expect(await deliverDue(db, () => now + 3_600_000)).toEqual({ delivered: 0, failed: 0 });
    expect(hookFor(db, "d", "l")?.lastError).toMatch(/ECONNREFUSED \(attempt 8 of 8, gave up\)$/);
    expect(hookFor(db, "d", "l")?.queued).toBe(0);
  });

  it("accepts only http(s) URLs without credentials", () => {
    expect(hookUrlProblem("https://hooks.slack.com/services/x")).toBeUndefined();
    expect(hookUrlProblem("ftp://x")).toBe("only http and https URLs");
    expect(hookUrlProblem("https://u:p@x")).toBe("put no credentials in the URL");
    expect(hookUrlProblem("nope")).toBe("not a URL");
  });
});
