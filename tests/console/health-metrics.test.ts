/** GET /api/healthz and GET /api/metrics (lib/console/health.ts, lib/console/metrics.ts). */
import { Gauge } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { memoryDb, withUnreachableDatabase } from "./helpers";
import { STORE_KINDS, closeStores, openStore } from "./stores";
import { consoleDb, setConsoleDb } from "@/lib/console/db";
import { checkHealth } from "@/lib/console/health";
import { metricsRegistry } from "@/lib/console/metrics";
import { startPoller, stopPoller } from "@/lib/console/poller";
import { setHumanTaskLists } from "@/lib/console/settings";
import { createSwfClient } from "@/lib/swf/client";
import { humanTasks, pollerFor, waitForTask } from "./human-tasks";

let engine: TestEngine;
const ORIGIN = "http://127.0.0.1:3000";

beforeAll(async () => {
  engine = await startTestEngine();
  process.env.AWS_ENDPOINT_URL_SWF = engine.url;
  setConsoleDb(await memoryDb());
});
afterAll(async () => {
  setConsoleDb(undefined);
  await closeStores();
  delete process.env.CONSOLE_METRICS_TOKEN;
  await engine?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, { headers });

describe("GET /api/healthz", async () => {
  const { GET } = await import("@/app/api/healthz/route");

  it("says both the database and SWF answer, without a session", async () => {
    const r = await GET(get("/api/healthz"));
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      status: "ok",
      database: { ok: true },
      swf: { ok: true, latencyMs: expect.any(Number) },
    });
  });

  it("answers unavailable, naming the fault only, when SWF does not answer", async () => {
    const nowhere = createSwfClient({ endpoint: "http://127.0.0.1:9", config: { maxAttempts: 1 } });
    try {
      const health = await checkHealth(await memoryDb(), nowhere, 2_000);
      expect(health.status).toBe("unavailable");
      expect(health.database.ok).toBe(true);
      expect(health.swf).toMatchObject({ ok: false, fault: expect.any(String) });
      expect(JSON.stringify(health)).not.toContain("127.0.0.1");
    } finally {
      nowhere.destroy();
    }
  });

  it.each(STORE_KINDS)(
    "answers unavailable when the database (%s) does not answer",
    async (kind) => {
      const closed = await openStore(kind);
      expect((await checkHealth(closed, engine.swf)).database.ok).toBe(true);
      await closed.close();
      const health = await checkHealth(closed, engine.swf);
      expect(health).toMatchObject({
        status: "unavailable",
        database: { ok: false },
        swf: { ok: true },
      });
    },
  );

  it("answers 503, not 500, when the configured PostgreSQL cannot be reached", async () => {
    const r = await withUnreachableDatabase(() => GET(get("/api/healthz")));
    expect(r.status).toBe(503);
    const body = await r.json();
    expect(body).toMatchObject({ fault: "DatabaseUnavailable" });
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");
  });
});

describe("GET /api/metrics", async () => {
  const { GET } = await import("@/app/api/metrics/route");
  const swf = (await import("@/app/api/swf/[action]/route")).POST;
  const login = (await import("@/app/api/auth/login/route")).POST;

  it("is off without CONSOLE_METRICS_TOKEN, and needs the bearer token with it", async () => {
    delete process.env.CONSOLE_METRICS_TOKEN;
    expect((await GET(get("/api/metrics"))).status).toBe(404);
    process.env.CONSOLE_METRICS_TOKEN = "s3cret-token";
    expect((await GET(get("/api/metrics"))).status).toBe(401);
    expect((await GET(get("/api/metrics", { authorization: "Bearer wrong" }))).status).toBe(401);
    expect((await GET(get("/api/metrics", { authorization: "Bearer s3cret-token" }))).status).toBe(
      200,
    );
  });

  it("counts SWF calls by action and fault, refused sign-ins, and gauges others add", async () => {
    process.env.CONSOLE_METRICS_TOKEN = "s3cret-token";
    const { createUser } = await import("@/lib/console/users");
    const { createSession } = await import("@/lib/console/sessions");
    const u = await createUser(await consoleDb(), {
      username: "m-viewer",
      password: "metrics-password",
      role: "viewer",
    });
    const session = await createSession(await consoleDb(), u.id, 3_600_000);
    const cookie = `swf_console_session=${session.token}`;
    const call = (action: string, body: object) =>
      swf(
        new Request(`${ORIGIN}/api/swf/${action}`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ action }) },
      );
    expect((await call("ListDomains", { registrationStatus: "REGISTERED" })).status).toBe(200);
    expect((await call("DescribeDomain", { name: "no-such-domain" })).status).toBe(404);
    await login(
      new Request(`${ORIGIN}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "m-viewer", password: "wrong-password" }),
      }),
    );
    // Another part of the console (the inbox, the live stream) adds its gauge to the registry.
    const depth = new Gauge({
      name: "swf_console_test_depth",
      help: "test gauge",
      registers: [metricsRegistry()],
    });
    depth.set(3);

    const text = await (
      await GET(get("/api/metrics", { authorization: "Bearer s3cret-token" }))
    ).text();
    expect(text).toMatch(
      /swf_console_swf_call_duration_seconds_count\{action="ListDomains",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(
      /swf_console_swf_call_errors_total\{action="DescribeDomain",fault="UnknownResourceFault"\} 1/,
    );
    expect(text).toMatch(/swf_console_logins_refused_total\{reason="credentials"\} 1/);
    expect(text).toMatch(/swf_console_test_depth 3/);
    expect(text).toMatch(
      /swf_console_http_request_duration_seconds_count\{action="ListDomains",status="200"\}/,
    );
  });

  it("counts requests for actions that do not exist under one label, not one per path", async () => {
    // Before, each made-up `/api/swf/<name>` a signed-in viewer sent became a label value of its
    // own: series without bound, kept by the process and served to every scrape.
    process.env.CONSOLE_METRICS_TOKEN = "s3cret-token";
    const { createUser } = await import("@/lib/console/users");
    const { createSession } = await import("@/lib/console/sessions");
    const u = await createUser(await consoleDb(), {
      username: "m-prober",
      password: "metrics-password",
      role: "viewer",
    });
    const cookie = `swf_console_session=${(await createSession(await consoleDb(), u.id, 3_600_000)).token}`;
    const scrape = async () =>
      (await GET(get("/api/metrics", { authorization: "Bearer s3cret-token" }))).text();
    const count = (text: string) =>
      Number(
        /swf_console_http_request_duration_seconds_count\{action="unknown",status="404"\} (\d+)/.exec(
          text,
        )?.[1] ?? 0,
      );
    const before = count(await scrape());
    for (let i = 0; i < 20; i++) {
      const action = `NoSuchAction${i}`;
      const r = await swf(
        new Request(`${ORIGIN}/api/swf/${action}`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: "{}",
        }),
        { params: Promise.resolve({ action }) },
      );
      expect(r.status).toBe(404);
    }
    const text = await scrape();
    expect(text).not.toContain("NoSuchAction");
    expect(count(text) - before).toBe(20);
  });
});

describe("inbox gauges", () => {
  it("report pending tasks per list, each list's poller state and its last poll", async () => {
    const db = await consoleDb();
    const h = await humanTasks(engine.swf);
    const labels = `domain="${h.domain}",task_list="${h.taskList}"`;
    const idle = `domain="${h.domain}",task_list="idle-approvals"`;
    // Two lists are served; only one has a poller running.
    await setHumanTaskLists(
      db,
      [h.list, { domain: h.domain, taskList: "idle-approvals" }],
      "admin",
    );
    const runs = [await h.approval(), await h.approval()];
    startPoller(() => pollerFor(engine.swf, db, [h.list]));
    try {
      for (const run of runs) await waitForTask(db, run);
      const text = await metricsRegistry().metrics();
      expect(text).toContain(`swf_console_inbox_pending_tasks{${labels}} 2`);
      expect(text).toContain(`swf_console_inbox_poller_state{${labels},state="polling"} 1`);
      expect(text).toContain(`swf_console_inbox_poller_state{${labels},state="backoff"} 0`);
      expect(text).toContain(`swf_console_inbox_poller_state{${idle},state="stopped"} 1`);
      expect(text).toMatch(
        new RegExp(`swf_console_inbox_poller_last_poll_timestamp_seconds\\{${labels}\\} \\d+`),
      );
      expect(text).not.toContain(`swf_console_inbox_poller_last_poll_timestamp_seconds{${idle}}`);
    } finally {
      await stopPoller();
    }
    const after = await metricsRegistry().metrics();
    expect(after).toContain(`swf_console_inbox_poller_state{${labels},state="stopped"} 1`);
    expect(after).toContain(`swf_console_inbox_pending_tasks{${labels}} 2`);
  });
});
