// Bench: push, not polls (issue: the operator's console).
//
//   npx next build            (once)
//   npx tsx bench/live.ts [--signals 20] [--starts 10] [--tabs 100] [--seconds 20]
//
// Starts an engine (in-memory SQLite) and two consoles on free ports: one with the engine's change
// feed (push mode), one with `CONSOLE_LIVE_FEED=off` behind a counting proxy (AWS mode: the console
// polls SWF for all tabs). Measures, in Chromium against the push-mode console:
//   - SWF signal → the event's row on an open execution page (p50, max),
//   - StartWorkflowExecution → the run's row on an open list (p50, max),
// and, against the AWS-mode console, the GetWorkflowExecutionHistory calls per second that
// `--tabs` live streams on one open execution page cost, and the CountPending*Tasks calls per
// second that `--tabs` live streams on the domain's task lists cost (beside what one tab polling
// by itself would make). Figures are printed beside their targets, never asserted.
import { SignalWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { executionHref } from "../components/links";
import { topicString } from "../lib/console/live/topics";
import {
  createDomain,
  e2eSwf,
  registerWorkflowType,
  startExecution,
  uniqueName,
} from "../e2e/support/swf";
import { freePort, launchChromium } from "./support";

const { values } = parseArgs({
  options: {
    signals: { type: "string", default: "20" },
    starts: { type: "string", default: "10" },
    tabs: { type: "string", default: "100" },
    seconds: { type: "string", default: "20" },
  },
});
const TARGETS = { signalP50Ms: 250, signalMaxMs: 1000, listMaxMs: 500, historyCallsPerS: 1 };
/** What one task-lists panel counts by itself without the live stream: both counts of each list. */
const TAB_COUNT_PERIOD_S = 5;
const children: ChildProcess[] = [];
const cleanups: (() => void)[] = [];

function start(args: string[], env: Record<string, string>, ready: RegExp, name: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    children.push(child);
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) =>
      reject(new Error(`${name} exited (${code}):\n${output.slice(-2000)}`)),
    );
  });
}

process.on("exit", () => {
  for (const child of children)
    if (child.pid && child.exitCode === null)
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
  for (const cleanup of cleanups) cleanup();
});
process.on("SIGINT", () => process.exit(130));

/** A proxy in front of the engine that counts SWF calls by action (what AWS would bill/throttle). */
async function countingProxy(target: string) {
  const counts = new Map<string, number>();
  const port = await freePort();
  const server = createHttpServer((req, res) => {
    const action = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? req.url ?? "";
    counts.set(action, (counts.get(action) ?? 0) + 1);
    const url = new URL(req.url ?? "/", target);
    const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${port}`, counts };
}

async function consoleOn(engine: string, dir: string, name: string, extra: Record<string, string>) {
  const port = await freePort();
  const password = `bench-${Math.random().toString(36).slice(2)}-Pw1`;
  await start(
    [
      join("node_modules", "next", "dist", "bin", "next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      AWS_ENDPOINT_URL_SWF: engine,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "x",
      CONSOLE_DB: join(dir, `${name}.sqlite`),
      CONSOLE_ADMIN_PASSWORD: password,
      HUMAN_TASK_LISTS: "",
      ...extra,
    },
    /Ready in/,
    name,
  );
  const url = `http://127.0.0.1:${port}`;
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  return { url, cookie };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const line = (label: string, value: string, target: string, ok: boolean) =>
  console.log(
    `${label.padEnd(46)} ${value.padStart(12)}   target ${target.padEnd(10)} ${ok ? "ok" : "MISSED"}`,
  );

async function main() {
  if (!existsSync(".next/BUILD_ID"))
    throw new Error("No production build: run `npx next build` first");
  const dir = mkdtempSync(join(tmpdir(), "bench-live-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const enginePort = await freePort();
  await start(
    [
      join("node_modules", "tsx", "dist", "cli.mjs"),
      "lib/engine/main.ts",
      "--port",
      String(enginePort),
      "--db",
      ":memory:",
      "--poll-timeout",
      "5",
      "--durability",
      "normal",
    ],
    {},
    /listening on/,
    "engine",
  );
  const engine = `http://127.0.0.1:${enginePort}`;
  process.env.E2E_SWF_ENDPOINT = engine;
  const swf = e2eSwf(engine);
  const domain = await createDomain(swf, "bench-live");
  const type = { name: "BenchLive", version: "1" };
  await registerWorkflowType(swf, domain, type);
  const run = await startExecution(swf, domain, { workflowType: type });

  // ── push mode, in a browser ───────────────────────────────────────────────────────────────
  const push = await consoleOn(engine, dir, "console-push", {});
  const browser = await launchChromium();
  const context = await browser.newContext();
  const [name, value] = push.cookie.split("=");
  await context.addCookies([{ name, value, url: push.url }]);
  const page = await context.newPage();
  await page.goto(`${push.url}${executionHref(domain, run.workflowId, run.runId)}`);
  await page.waitForSelector("[data-testid=live-status][data-status=live]");
  await page.waitForSelector("[data-testid=history-table] [role=row][data-event-id='2']");
  const signalMs: number[] = [];
  for (let i = 0; i < Number(values.signals); i++) {
    const selector = `[data-testid=history-table] [role=row][data-event-type=WorkflowExecutionSignaled]`;
    const before = await page.locator(selector).count();
    const t0 = Date.now();
    await swf.send(
      new SignalWorkflowExecutionCommand({
        domain,
        workflowId: run.workflowId,
        runId: run.runId,
        signalName: `s${i}`,
      }),
    );
    await page
      .waitForFunction(
        ([sel, n]) => document.querySelectorAll(sel as string).length > (n as number),
        [selector, before],
        { polling: "raf", timeout: 10_000 },
      )
      .catch(async (error) => {
        await page.screenshot({ path: join(dir, "..", "bench-live-failure.png") });
        throw error;
      });
    signalMs.push(Date.now() - t0);
    await new Promise((r) => setTimeout(r, 200));
  }

  const listDomain = await createDomain(swf, "bench-live-list");
  await registerWorkflowType(swf, listDomain, type);
  await page.goto(`${push.url}/domains/${encodeURIComponent(listDomain)}`);
  await page.waitForSelector("[data-testid=live-status][data-status=live]");
  const listMs: number[] = [];
  for (let i = 0; i < Number(values.starts); i++) {
    const before = await page.locator("[data-testid=execution-row]").count();
    const t0 = Date.now();
    await startExecution(swf, listDomain, { workflowType: type, workflowId: uniqueName("bench") });
    await page.waitForFunction(
      (n) => document.querySelectorAll("[data-testid=execution-row]").length > n,
      before,
      { polling: "raf", timeout: 10_000 },
    );
    listMs.push(Date.now() - t0);
    await new Promise((r) => setTimeout(r, 300));
  }
  await browser.close();

  // ── AWS mode: N live streams on one execution page and the domain's task lists, console
  //    polling through a counter ─────────────────────────────────────────────────────────────
  const proxy = await countingProxy(engine);
  const aws = await consoleOn(proxy.url, dir, "console-aws", { CONSOLE_LIVE_FEED: "off" });
  const topic = topicString({
    kind: "execution",
    domain,
    workflowId: run.workflowId,
    runId: run.runId,
  });
  // The task lists the domain's panel shows: the workflow type's default (registerWorkflowType).
  const taskLists = [`${type.name}-decisions`];
  const taskListsTopic = topicString({ kind: "tasklists", domain, taskLists });
  const counted = () =>
    (proxy.counts.get("CountPendingDecisionTasks") ?? 0) +
    (proxy.counts.get("CountPendingActivityTasks") ?? 0);
  const countsBefore = counted();
  const countsBegan = Date.now();
  const streams: AbortController[] = [];
  const query = new URLSearchParams([
    ["topic", topic],
    ["topic", taskListsTopic],
  ]);
  for (let i = 0; i < Number(values.tabs); i++) {
    // One stream per tab, as a browser opens it: the run's page and the domain's task lists.
    const abort = new AbortController();
    streams.push(abort);
    const res = await fetch(`${aws.url}/api/live?${query}`, {
      headers: { cookie: aws.cookie },
      signal: abort.signal,
    });
    void (async () => {
      try {
        for await (const _ of res.body as unknown as AsyncIterable<Uint8Array>) void _;
      } catch {
        /* aborted */
      }
    })();
  }
  const seconds = Number(values.seconds);
  const before = proxy.counts.get("GetWorkflowExecutionHistory") ?? 0;
  const began = Date.now();
  const ticker = setInterval(
    () =>
      void swf.send(
        new SignalWorkflowExecutionCommand({
          domain,
          workflowId: run.workflowId,
          runId: run.runId,
          signalName: "tick",
        }),
      ),
    2000,
  );
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(ticker);
  const perSecond =
    ((proxy.counts.get("GetWorkflowExecutionHistory") ?? 0) - before) /
    ((Date.now() - began) / 1000);
  const countSeconds = (Date.now() - countsBegan) / 1000;
  const countsPerSecond = (counted() - countsBefore) / countSeconds;
  // One tab by itself over the same window: its first count, then one every period; plus the
  // one round the hub may have in flight when the window closes (its phase is not the tab's).
  const oneTabPerSecond =
    (2 * taskLists.length * (2 + Math.floor(countSeconds / TAB_COUNT_PERIOD_S))) / countSeconds;
  for (const s of streams) s.abort();

  console.log(
    `signals: ${signalMs.length}, list starts: ${listMs.length}, tabs: ${values.tabs} for ${seconds} s (a signal every 2 s)\n`,
  );
  line(
    "signal → open execution page, p50",
    `${pct(signalMs, 50)} ms`,
    `≤ ${TARGETS.signalP50Ms} ms`,
    pct(signalMs, 50) <= TARGETS.signalP50Ms,
  );
  line(
    "signal → open execution page, max",
    `${Math.max(...signalMs)} ms`,
    `≤ ${TARGETS.signalMaxMs} ms`,
    Math.max(...signalMs) <= TARGETS.signalMaxMs,
  );
  line("new execution → open list, p50", `${pct(listMs, 50)} ms`, "", true);
  line(
    "new execution → open list, max",
    `${Math.max(...listMs)} ms`,
    `≤ ${TARGETS.listMaxMs} ms`,
    Math.max(...listMs) <= TARGETS.listMaxMs,
  );
  line(
    `${values.tabs} tabs on one run, AWS mode: history calls/s`,
    perSecond.toFixed(2),
    `≤ ${TARGETS.historyCallsPerS}/s`,
    perSecond <= TARGETS.historyCallsPerS,
  );
  line(
    `${values.tabs} tabs on task lists, AWS: Count* calls/s`,
    countsPerSecond.toFixed(2),
    `≤ ${oneTabPerSecond.toFixed(2)}/s`,
    countsPerSecond <= oneTabPerSecond,
  );
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
