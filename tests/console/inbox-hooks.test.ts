/**
 * Inbox notifications against a real local HTTP receiver started here: a new task on a list with
 * a webhook is posted as a Slack-compatible message with a deep link; failures are retried with
 * back-off and shown as the hook's last error.
 */
import { createServer, type Server } from "node:http";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { pinnedLookup, webhookAllowProblem } from "@/lib/console/webhook-egress";
import {
  DELIVERY,
  deliverDue,
  hookBody,
  hookFor,
  hookUrlProblem,
  listHooks,
  queueNotification,
  retryDelay,
  setHook,
} from "@/lib/console/inbox-hooks";
import { queryAudit } from "@/lib/console/audit";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { getTask, insertReceivedTask, type ReceivedTask } from "@/lib/console/inbox-store";
import { changeUser } from "@/lib/console/users";
import type { HumanTaskPoller } from "@/lib/console/poller";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { callRoute, signedInAs, until } from "./helpers";
import { humanTasks, pollerFor, sharedDatabase, TEST_TOKEN_KEY, waitForTask } from "./human-tasks";
import { closeStores, openStore, STORE_KINDS } from "./stores";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);
// The receivers here listen on loopback, which webhooks may reach only when the setting says so.
const ALLOW_RECEIVERS = "127.0.0.1";
vi.stubEnv("CONSOLE_WEBHOOK_ALLOW", ALLOW_RECEIVERS);
afterAll(closeStores);

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/**
 * A receiver answering each POST with the next status of `statuses` (the last one repeats),
 * `delayMs` after it arrived.
 */
async function receiver(statuses: number[], delayMs = 0) {
  const received: { body: unknown; contentType: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      received.push({ body: JSON.parse(text), contentType: req.headers["content-type"] });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      setTimeout(
        () =>
          res
            .writeHead(status, { "content-type": "text/plain" })
            .end(status >= 400 ? "receiver is down" : "ok"),
        delayMs,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, received };
}

/** A task of list d:l (unless `fields` say otherwise) as the poller stores one (no engine behind it). */
async function storedTask(db: Db, fields: Partial<ReceivedTask> = {}): Promise<number> {
  const { id } = await insertReceivedTask(db, {
    taskToken: "t",
    domain: "d",
    taskList: "l",
    activityId: "a",
    activityType: { name: "A", version: "1" },
    workflowId: "w",
    runId: "r",
    startedEventId: 1,
    ...fields,
  });
  return id;
}

describe.each(STORE_KINDS)("inbox webhooks (%s)", (kind) => {
  it("posts a Slack-compatible message with a deep link; retries with back-off; keeps the last error", async () => {
    const t: TestEngine = await startTestEngine({ pollTimeoutSeconds: 1 });
    cleanup.push(() => t.close());
    const h = await humanTasks(t.swf);
    const hook = await receiver([500, 503, 200]);
    const db = await openStore(kind);
    await setHook(
      db,
      { ...h.list, url: hook.url, consoleUrl: "https://console.example.com/" },
      "admin",
    );
    let now = 1_000_000;
    const poller: HumanTaskPoller = pollerFor(t.swf, db, [h.list], {
      now: () => now,
      deliveryMs: 1_000_000, // passes are driven by the test
    }).start();
    cleanup.push(() => poller.stop());
    const run = await h.approval({ input: JSON.stringify({ question: "Ship order <o-1> & co?" }) });
    const task = await waitForTask(db, run);
    await until(
      async () => ((await hookFor(db, h.domain, h.taskList))?.queued ?? 0) === 1,
      "queued",
    );

    await poller.deliver();
    expect(hook.received).toHaveLength(1);
    expect(await hookFor(db, h.domain, h.taskList)).toMatchObject({
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
    expect((await hookFor(db, h.domain, h.taskList))?.lastError).toBe(
      "HTTP 503: receiver is down (attempt 2 of 8)",
    );
    now += retryDelay(2) - 1;
    await poller.deliver();
    expect(hook.received).toHaveLength(2);
    now += 1;
    await poller.deliver();
    expect(hook.received).toHaveLength(3);
    expect(await hookFor(db, h.domain, h.taskList)).toMatchObject({ lastOkAt: now, queued: 0 });
    await poller.deliver();
    expect(hook.received).toHaveLength(3);

    const link = `https://console.example.com/inbox?task=${task.id}`;
    expect(hook.received[2].contentType).toBe("application/json");
    expect(hook.received[2].body).toEqual({
      // Slack reads <…> in plain text as markup too: workflow data goes out escaped.
      text: `New task waiting for a decision: Ship order &lt;o-1&gt; &amp; co? (${run.workflowId}) ${link}`,
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
    const db = await openStore(kind);
    const gone = await receiver([200]);
    const url = gone.url;
    await cleanup.pop()!(); // closed: connections are refused
    await setHook(db, { domain: "d", taskList: "l", url, consoleUrl: "http://c" }, "admin");
    const id = await storedTask(db);
    let now = 0;
    expect(
      await queueNotification(db, (await getTask(db, id))!, {} as NodeJS.ProcessEnv, now),
    ).toBe(true);
    for (let i = 1; i <= DELIVERY.attempts; i++) {
      expect(await deliverDue(db, () => now)).toEqual({ delivered: 0, failed: 1 });
      now += retryDelay(i);
    }
    expect(await deliverDue(db, () => now + 3_600_000)).toEqual({ delivered: 0, failed: 0 });
    expect((await hookFor(db, "d", "l"))?.lastError).toMatch(
      /ECONNREFUSED \(attempt 8 of 8, gave up\)$/,
    );
    expect((await hookFor(db, "d", "l"))?.queued).toBe(0);
  });

  it("two console processes sending at once deliver each notification once", async () => {
    // A slow receiver: both processes' passes are surely under way together.
    const hook = await receiver([200], 50);
    const shared = await sharedDatabase(kind);
    cleanup.push(() => shared.cleanup());
    const [a, b] = [await shared.open(), await shared.open()];
    await setHook(
      a,
      { domain: "d", taskList: "l", url: hook.url, consoleUrl: "http://c" },
      "admin",
    );
    for (let n = 1; n <= 6; n++) {
      const { id } = await insertReceivedTask(a, {
        taskToken: `t-${n}`,
        domain: "d",
        taskList: "l",
        activityId: `a-${n}`,
        activityType: { name: "A", version: "1" },
        workflowId: `w-${n}`,
        runId: "r",
        startedEventId: 1,
      });
      await queueNotification(a, (await getTask(a, id))!, {} as NodeJS.ProcessEnv, 0);
    }
    const passes = await Promise.all([deliverDue(a, () => 1), deliverDue(b, () => 1)]);
    expect(passes[0].delivered + passes[1].delivered).toBe(6);
    expect(passes.map((p) => p.failed)).toEqual([0, 0]);
    expect(
      hook.received.map((r) => (r.body as { task: { workflowId: string } }).task.workflowId).sort(),
    ).toEqual(["w-1", "w-2", "w-3", "w-4", "w-5", "w-6"]);
    expect(await deliverDue(b, () => 1_000_000)).toEqual({ delivered: 0, failed: 0 });
  });

  it("escapes workflow data wherever it is placed in the message; the task link stays a link", async () => {
    const db = await openStore(kind);
    const id = await storedTask(db, {
      domain: "d&d",
      taskList: "<l>",
      activityId: "<@U123>",
      activityType: { name: "<!here>", version: "1" },
      workflowId: "order-<!channel>-<https://evil.example|Approve now>",
      input: JSON.stringify({
        question:
          "Pay <@U0ADMIN> & <!everyone>? cc @channel @all @everyone [Approve](https://evil.example)",
      }),
    });
    const task = (await getTask(db, id))!;
    const link = `https://console.example.com/inbox?task=${id}`;
    const body = hookBody(task, "https://console.example.com") as {
      text: string;
      blocks: { text: { text: string } }[];
      task: Record<string, unknown>;
    };
    const J = "\u2060"; // the word joiner that keeps `@word` from being a mention elsewhere
    expect(body.text).toBe(
      `New task waiting for a decision: Pay &lt;@${J}U0ADMIN&gt; &amp; &lt;!everyone&gt;? cc @${J}channel @${J}all @${J}everyone [Approve]${J}(https://evil.example) ` +
        `(order-&lt;!channel&gt;-&lt;https://evil.example|Approve now&gt;) ${link}`,
    );
    expect(body.blocks[0].text.text).toBe(
      `*Pay &lt;@${J}U0ADMIN&gt; &amp; &lt;!everyone&gt;? cc @${J}channel @${J}all @${J}everyone [Approve]${J}(https://evil.example)*\n` +
        "Workflow `order-&lt;!channel&gt;-&lt;https://evil.example|Approve now&gt;` · d&amp;d/&lt;l&gt;\n" +
        `<${link}|Open in the inbox>`,
    );
    // Without a question the title is the activity type and id: escaped the same way.
    const untitled = hookBody({ ...task, question: null }, "https://console.example.com") as {
      text: string;
    };
    expect(untitled.text).toContain(`: &lt;!here&gt; &lt;@${J}U123&gt; (`);
    // A bare mention or a Markdown link survives nowhere (Mattermost, Rocket.Chat and Discord
    // read those).
    for (const text of [body.text, body.blocks[0].text.text, untitled.text]) {
      expect(text).not.toMatch(/@[\p{L}\p{N}_]/u);
      expect(text).not.toContain("](");
    }
    // No Slack markup but our link's survives in either field.
    for (const text of [body.text, body.blocks[0].text.text, untitled.text])
      expect(text.replace(`<${link}|Open in the inbox>`, "")).not.toMatch(/[<>]/);
    // The structured copy is data, not a message: unescaped.
    expect(body.task).toMatchObject({ workflowId: task.workflowId, question: task.question });
  });

  it("accepts only http(s) URLs without credentials", () => {
    expect(hookUrlProblem("https://hooks.slack.com/services/x")).toBeUndefined();
    expect(hookUrlProblem("ftp://x")).toBe("only http and https URLs");
    expect(hookUrlProblem("https://u:p@x")).toBe("put no credentials in the URL");
    expect(hookUrlProblem("nope")).toBe("not a URL");
  });
});

/**
 * A webhook's URL is its credential (whoever has a Slack incoming-webhook URL may post to the
 * channel). Admins set it; every signed-in user reads the audit log, and log lines travel to log
 * shippers. Before, the audit rows of `PUT /api/inbox/hooks` (attempt, outcome, and the preview of
 * a refused request) and the delivery-failure log line carried the whole URL.
 */
describe.each(STORE_KINDS)(
  "a webhook's URL stays out of the audit log and the logs (%s)",
  (kind) => {
    const SECRET = "T0-B0-k3yThatMustNotLeak";

    it("records and logs only the receiver's origin", async () => {
      const db = await openStore(kind);
      setConsoleDb(db);
      cleanup.push(async () => setConsoleDb(undefined));
      const hooks = await import("@/app/api/inbox/hooks/route");
      const audit = await import("@/app/api/audit/route");
      const admin = await signedInAs(db, "hook-admin", "admin");
      const viewer = await signedInAs(db, "hook-viewer", "viewer");
      await signedInAs(db, "hook-admin-2", "admin"); // so that hook-admin may be demoted
      const gone = await receiver([200]);
      await cleanup.pop()!(); // closed: the delivery below fails and is logged
      const origin = new URL(gone.url).origin;
      const url = `${origin}/services/${SECRET}`;

      const set = await callRoute(hooks.PUT, "/api/inbox/hooks", admin, {
        method: "PUT",
        body: { domain: "d", taskList: "l", url },
      });
      expect(set.status).toBe(200);
      // The admin's own settings still show the whole URL.
      expect(JSON.stringify(await set.json())).toContain(SECRET);

      // An admin lowered to operator while the settings page is open: refused, and audited.
      await changeUser(db, "hook-admin", { role: "operator" });
      const refused = await callRoute(hooks.PUT, "/api/inbox/hooks", admin, {
        method: "PUT",
        body: { domain: "d", taskList: "l", url: `${url}-2` },
      });
      expect(refused.status).toBe(403);

      const read = await callRoute(audit.GET, "/api/audit?target=d:l", viewer);
      expect(read.status).toBe(200);
      const { entries } = (await read.json()) as {
        entries: { outcome: string; parameters: unknown }[];
      };
      expect(entries.map((e) => e.outcome).sort()).toEqual(["denied", "ok"]);
      for (const e of entries) expect(e.parameters).toMatchObject({ url: `${origin}/[redacted]` });
      const everyRow = JSON.stringify(await queryAudit(db, { limit: 1000 }));
      expect(everyRow).not.toContain(SECRET);

      const id = await storedTask(db);
      await queueNotification(db, (await getTask(db, id))!, {} as NodeJS.ProcessEnv, 0);
      const written: string[] = [];
      const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      });
      try {
        expect(await deliverDue(db, () => 1)).toEqual({ delivered: 0, failed: 1 });
      } finally {
        write.mockRestore();
      }
      const line = written.find((w) => w.includes("inbox webhook delivery failed"));
      expect(line).toBeDefined();
      expect(line).toContain(origin);
      expect(line).not.toContain(SECRET);
    });
  },
);

/**
 * Webhooks leave from the console's place in the network. Before, a hook could name loopback, a
 * private network or the cloud metadata address (169.254.169.254) and the console would POST to
 * it (and follow a redirect there). Now internal destinations are refused — on saving when the
 * URL names one literally, on every delivery after resolving the name — unless
 * CONSOLE_WEBHOOK_ALLOW lists them.
 */
describe("webhook destinations inside the console's network", () => {
  const INTERNAL =
    /is an internal address \(.+\): webhooks reach internal addresses only when CONSOLE_WEBHOOK_ALLOW lists them/;

  /** Sets CONSOLE_WEBHOOK_ALLOW for this test; the receivers' allowance comes back after it. */
  function allowOnly(value: string) {
    vi.stubEnv("CONSOLE_WEBHOOK_ALLOW", value);
    cleanup.push(async () => vi.stubEnv("CONSOLE_WEBHOOK_ALLOW", ALLOW_RECEIVERS));
  }

  /** A database with a hook for d:l at `url` (set as an older console saved it: unchecked) and one queued delivery. */
  async function queued(url: string): Promise<Db> {
    const db = await openStore("sqlite");
    await setHook(db, { domain: "d", taskList: "l", url, consoleUrl: "http://c" }, "admin");
    const id = await storedTask(db);
    await queueNotification(db, (await getTask(db, id))!, {} as NodeJS.ProcessEnv, 0);
    return db;
  }

  it("a URL naming an internal address is refused on saving, naming the setting that allows it", async () => {
    const db = await openStore("sqlite");
    setConsoleDb(db);
    cleanup.push(async () => setConsoleDb(undefined));
    const hooks = await import("@/app/api/inbox/hooks/route");
    const admin = await signedInAs(db, "egress-admin", "admin");
    const save = (url: string) =>
      callRoute(hooks.PUT, "/api/inbox/hooks", admin, {
        method: "PUT",
        body: { domain: "d", taskList: "l", url },
      });
    allowOnly("");
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://2130706433/hook", // 127.0.0.1 written as a number
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://[::ffff:0:127.0.0.1]/hook", // IPv4-translated
      "http://169.254.169.254/latest/meta-data/",
      "http://10.1.2.3/hook",
      "http://[fd00::1]/hook",
      "http://0.0.0.0:3000/",
      "http://localhost:3000/hook",
      "http://LOCALHOST./hook",
    ]) {
      const answer = await save(url);
      expect(answer.status, url).toBe(400);
      const fault = (await answer.json()) as { fault: string; message: string };
      expect(fault.fault, url).toBe("ValidationError");
      expect(fault.message, url).toMatch(INTERNAL);
    }
    const metadata = (await (await save("http://169.254.169.254/")).json()) as { message: string };
    expect(metadata.message).toBe(
      "url: 169.254.169.254 is an internal address (link-local, where cloud metadata lives): webhooks reach internal addresses only when CONSOLE_WEBHOOK_ALLOW lists them",
    );
    expect(await listHooks(db)).toEqual([]);
    // A public name is saved (its addresses are checked on each delivery).
    expect((await save("https://hooks.slack.com/services/x")).status).toBe(200);

    // What the setting lists is saved; what it does not list still is not.
    allowOnly("10.0.0.0/8, localhost");
    expect((await save("http://10.1.2.3/hook")).status).toBe(200);
    expect((await save("http://localhost:3000/hook")).status).toBe(200);
    expect((await save("http://127.0.0.1:3000/hook")).status).toBe(400);
    expect((await save("http://[::ffff:10.1.2.3]/hook")).status).toBe(200);
    // localhost may resolve to ::1 as well: allowing 127.0.0.1 alone would save a hook that
    // every delivery then refuses.
    allowOnly("127.0.0.0/8");
    expect((await save("http://localhost:3000/hook")).status).toBe(400);
    allowOnly("loopback");
    expect((await save("http://localhost:3000/hook")).status).toBe(200);
  });

  it("a name resolving to loopback is refused on delivery, recorded and logged, until the setting allows it", async () => {
    const hook = await receiver([200]);
    const url = hook.url.replace("127.0.0.1", "localhost");
    const db = await queued(url);
    const written: string[] = [];
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await deliverDue(db, () => 1, DELIVERY, {})).toEqual({ delivered: 0, failed: 1 });
    } finally {
      write.mockRestore();
    }
    expect(hook.received).toHaveLength(0);
    const refused = await hookFor(db, "d", "l");
    expect(refused?.lastError).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which /);
    expect(refused?.lastError).toMatch(INTERNAL);
    expect(refused?.lastError).toMatch(/\(attempt 1 of 8\)$/);
    expect(refused?.queued).toBe(1);
    const line = written.find((w) => w.includes("inbox webhook delivery failed"));
    expect(line).toContain("CONSOLE_WEBHOOK_ALLOW");
    expect(line).toContain(`${new URL(url).origin}/[redacted]`);
    expect(line).not.toContain("/hook");

    // Other entries do not open it.
    const later = retryDelay(1) + 1;
    const others = { CONSOLE_WEBHOOK_ALLOW: "10.0.0.0/8, hooks.internal, 127.0.0.2" };
    expect(await deliverDue(db, () => later, DELIVERY, others)).toEqual({
      delivered: 0,
      failed: 1,
    });
    expect(hook.received).toHaveLength(0);
    // Allowed by name: delivered.
    const byName = { CONSOLE_WEBHOOK_ALLOW: "LocalHost" };
    expect(await deliverDue(db, () => later + retryDelay(2), DELIVERY, byName)).toEqual({
      delivered: 1,
      failed: 0,
    });
    expect(hook.received).toHaveLength(1);
  });

  it("an address in an allowed range is delivered to; one outside it is not", async () => {
    const hook = await receiver([200]);
    const db = await queued(hook.url);
    expect(
      await deliverDue(db, () => 1, DELIVERY, { CONSOLE_WEBHOOK_ALLOW: "10.0.0.0/8" }),
    ).toEqual({ delivered: 0, failed: 1 });
    expect(hook.received).toHaveLength(0);
    expect((await hookFor(db, "d", "l"))?.lastError).toBe(
      "127.0.0.1 is an internal address (loopback): webhooks reach internal addresses only when CONSOLE_WEBHOOK_ALLOW lists them (attempt 1 of 8)",
    );
    expect(
      await deliverDue(db, () => 1 + retryDelay(1), DELIVERY, {
        CONSOLE_WEBHOOK_ALLOW: "127.0.0.0/8",
      }),
    ).toEqual({ delivered: 1, failed: 0 });
    expect(hook.received).toHaveLength(1);
    expect(await hookFor(db, "d", "l")).toMatchObject({ lastOkAt: 1 + retryDelay(1), queued: 0 });
  });

  it("loopback written as IPv4-mapped IPv6 is refused on delivery", async () => {
    const hook = await receiver([200]);
    const { port } = new URL(hook.url);
    for (const host of ["[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]"]) {
      const db = await queued(`http://${host}:${port}/hook`);
      expect(await deliverDue(db, () => 1, DELIVERY, {}), host).toEqual({
        delivered: 0,
        failed: 1,
      });
      expect((await hookFor(db, "d", "l"))?.lastError, host).toMatch(
        /^::(ffff:)?7f00:1 is an internal address \(loopback(, as IPv4 inside IPv6)?\)/,
      );
    }
    expect(hook.received).toHaveLength(0);
  });

  it("a redirect is not followed, not even to an address the setting allows", async () => {
    const inner = await receiver([200]);
    let redirected = 0;
    const outer: Server = createServer((req, res) => {
      redirected++;
      req.resume();
      // 307 keeps the POST and its body: a client that follows it sends the message on.
      res.writeHead(307, { location: inner.url }).end();
    });
    await new Promise<void>((resolve) => outer.listen(0, "127.0.0.1", resolve));
    cleanup.push(() => new Promise((resolve) => outer.close(resolve)));
    const db = await queued(`http://127.0.0.1:${(outer.address() as { port: number }).port}/hook`);
    expect(await deliverDue(db, () => 1, DELIVERY, { CONSOLE_WEBHOOK_ALLOW: "loopback" })).toEqual({
      delivered: 0,
      failed: 1,
    });
    expect(redirected).toBe(1);
    expect(inner.received).toHaveLength(0);
    expect((await hookFor(db, "d", "l"))?.lastError).toBe(
      "HTTP 307 (redirects are not followed) (attempt 1 of 8)",
    );
  });

  it("a receiver that answers 2xx and then stalls its body has the message, once", async () => {
    let received = 0;
    const stalling: Server = createServer((req, res) => {
      received++;
      req.resume();
      // The status and headers go out; the body never ends.
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("accepted");
    });
    await new Promise<void>((resolve) => stalling.listen(0, "127.0.0.1", resolve));
    cleanup.push(
      () =>
        new Promise((resolve) => {
          stalling.closeAllConnections();
          stalling.close(resolve);
        }),
    );
    const db = await queued(
      `http://127.0.0.1:${(stalling.address() as { port: number }).port}/hook`,
    );
    expect(await deliverDue(db, () => 1, DELIVERY, { CONSOLE_WEBHOOK_ALLOW: "loopback" })).toEqual({
      delivered: 1,
      failed: 0,
    });
    expect(
      await deliverDue(db, () => 10 ** 12, DELIVERY, { CONSOLE_WEBHOOK_ALLOW: "loopback" }),
    ).toEqual({
      delivered: 0,
      failed: 0,
    });
    expect(received).toBe(1);
  });

  it("a mistyped CONSOLE_WEBHOOK_ALLOW is reported at start, and its bad entries allow nothing", () => {
    expect(
      webhookAllowProblem({ CONSOLE_WEBHOOK_ALLOW: "loopback, 10.0.0.0/8 hooks.internal" }),
    ).toBe(undefined);
    expect(webhookAllowProblem({})).toBe(undefined);
    expect(
      webhookAllowProblem({
        CONSOLE_WEBHOOK_ALLOW: "10.0.0.0/33, http://hooks.internal, loopback",
      }),
    ).toBe(
      'CONSOLE_WEBHOOK_ALLOW: "10.0.0.0/33": the prefix length must be a number from 0 to 32; ' +
        '"http://hooks.internal" is neither a host name, an address, a CIDR range nor one of loopback, private, unique-local, link-local; ' +
        "those entries allow nothing",
    );
    expect(hookUrlProblem("http://10.1.2.3/", { CONSOLE_WEBHOOK_ALLOW: "10.0.0.0/33" })).toMatch(
      INTERNAL,
    );
  });

  it("the connection's lookup answers only with the addresses that were checked", () => {
    const lookup = pinnedLookup([
      { address: "203.0.113.7", family: 4 },
      { address: "2001:db8::7", family: 6 },
    ]);
    const answers: unknown[][] = [];
    const record = (...args: unknown[]) => void answers.push(args);
    // Whatever name the socket asks about, the answer is what was checked.
    lookup("rebound.example", { all: true }, record as never);
    lookup("rebound.example", { family: 6 }, record as never);
    lookup("rebound.example", {}, record as never);
    expect(answers).toEqual([
      [
        null,
        [
          { address: "203.0.113.7", family: 4 },
          { address: "2001:db8::7", family: 6 },
        ],
      ],
      [null, "2001:db8::7", 6],
      [null, "203.0.113.7", 4],
    ]);
  });
});
