// Bench: the execution page with a 25,000-event history, in Chromium against `next start`.
//
//   npx next build            (once)
//   npx tsx bench/console-history.ts [--events 25000] [--runs 3]
//
// Starts an engine (in-memory SQLite) and the console on free ports unless BENCH_ENGINE_URL and
// BENCH_CONSOLE_URL point at running ones (then BENCH_USER / BENCH_PASSWORD sign in), seeds one
// execution through the SDK (RecordMarker decisions in batches of 1,000), then measures per run:
//   - navigation → first history rows on screen,
//   - navigation → every event loaded (progress gone, row count = history length),
//   - the longest main-thread task (PerformanceObserver "longtask") while loading and while
//     scrolling the history table,
// and prints them against the targets (first rows ≤ 1 s, full ≤ 5 s, no task > 200 ms). Figures
// are reported, never asserted.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Page } from "@playwright/test";
import { executionHref } from "../components/links";
import { DETAIL_DOMAIN, seedLargeHistory, swfClient } from "../e2e/support/detail-seed";
import { benchHistoryViews } from "./history-views";
import { freePort, launchChromium } from "./support";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "25000" },
    runs: { type: "string", default: "3" },
    batch: { type: "string", default: "1000" },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const BATCH = Number(values.batch);
const TARGETS = { firstRowsMs: 1000, fullMs: 5000, longestTaskMs: 200 };

const children: ChildProcess[] = [];
const cleanups: (() => void)[] = [];

function start(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  name: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
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
    setTimeout(
      () => reject(new Error(`${name} did not start:\n${output.slice(-2000)}`)),
      60_000,
    ).unref();
  });
}

function stopAll() {
  for (const child of children) {
    // Each server runs in its own process group (detached): end the group by its id.
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
  }
  for (const cleanup of cleanups) cleanup();
}
process.on("exit", stopAll);
process.on("SIGINT", () => process.exit(130));

async function servers(): Promise<{
  engine: string;
  console: string;
  user: string;
  password: string;
}> {
  if (process.env.BENCH_ENGINE_URL && process.env.BENCH_CONSOLE_URL) {
    return {
      engine: process.env.BENCH_ENGINE_URL,
      console: process.env.BENCH_CONSOLE_URL,
      user: process.env.BENCH_USER ?? "admin",
      password: process.env.BENCH_PASSWORD ?? "",
    };
  }
  if (!existsSync(".next/BUILD_ID"))
    throw new Error("No production build: run `npx next build` first");
  const [enginePort, consolePort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), "bench-console-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const password = `bench-${Math.random().toString(36).slice(2)}-Pw1`;
  const tsx = join("node_modules", "tsx", "dist", "cli.mjs");
  const next = join("node_modules", "next", "dist", "bin", "next");
  await start(
    process.execPath,
    [
      tsx,
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
  await start(
    process.execPath,
    [next, "start", "-p", String(consolePort), "-H", "127.0.0.1"],
    {
      AWS_ENDPOINT_URL_SWF: engine,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "x",
      CONSOLE_DB: join(dir, "console.sqlite"),
      CONSOLE_ADMIN_PASSWORD: password,
      HUMAN_TASK_LISTS: "",
    },
    /Ready in/,
    "console",
  );
  return { engine, console: `http://127.0.0.1:${consolePort}`, user: "admin", password };
}

interface RunResult {
  firstRowsMs: number;
  fullMs: number;
  longestTaskLoadingMs: number;
  longestTaskScrollingMs: number;
  scrollTasks: number;
}

/**
 * Installed before any page script: records long tasks and when the milestones appear. A string,
 * not a function: tsx/esbuild would wrap a function's inner names in helpers the page lacks.
 */
const probe = (expectedLabel: string) => `(() => {
  const b = (window.__bench = { longtasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const check = () => {
    if (b.firstRows === undefined && document.querySelector('[data-testid=history-table] [role=row][data-event-id="1"]')) b.firstRows = performance.now();
    if (b.full === undefined) {
      const count = document.querySelector("[data-testid=history-row-count]")?.textContent ?? "";
      if (count.startsWith(${JSON.stringify(expectedLabel)}) && !document.querySelector("[data-testid=history-progress]")) b.full = performance.now();
    }
    if (b.firstRows === undefined || b.full === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function measure(page: Page, url: string, expectedCount: number): Promise<RunResult> {
  const label = `${expectedCount.toLocaleString("en-US")} events`;
  await page.addInitScript(probe(label));
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(
    () => (window as unknown as { __bench: { full?: number } }).__bench?.full !== undefined,
    null,
    { timeout: 120_000, polling: 100 },
  );
  const loaded = await page.evaluate(() => {
    const b = (
      window as unknown as {
        __bench: { longtasks: { duration: number }[]; firstRows: number; full: number };
      }
    ).__bench;
    const longest = Math.max(0, ...b.longtasks.map((t) => t.duration));
    b.longtasks.length = 0;
    return { firstRows: b.firstRows, full: b.full, longest };
  });

  // Scroll the history: wheel steps (what a user does), then jumps far away (scrollbar drags).
  const table = page.getByTestId("history-table");
  const box = await table.boundingBox();
  if (!box) throw new Error("history table not visible");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 120; i++) {
    await page.mouse.wheel(0, 900);
    await page.waitForTimeout(8);
  }
  const wheeledTo = await table.evaluate((el) => el.scrollTop);
  if (wheeledTo < 50_000)
    throw new Error(`the history table did not scroll (scrollTop ${wheeledTo})`);
  for (let i = 0; i < 40; i++) {
    await table.evaluate(
      (el, f) => {
        el.scrollTop = f * (el.scrollHeight - el.clientHeight);
      },
      (i * 0.37) % 1,
    );
    await page.waitForTimeout(30);
  }
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, -1500);
    await page.waitForTimeout(8);
  }
  await page.waitForTimeout(300);
  const scrolling = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { longtasks: { duration: number }[] } }).__bench;
    return {
      longest: Math.max(0, ...b.longtasks.map((t) => t.duration)),
      count: b.longtasks.length,
    };
  });
  return {
    firstRowsMs: loaded.firstRows,
    fullMs: loaded.full,
    longestTaskLoadingMs: loaded.longest,
    longestTaskScrollingMs: scrolling.longest,
    scrollTasks: scrolling.count,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => `${Math.round(n).toLocaleString("en-US")} ms`;
/** Long tasks are tasks of 50 ms or more: none means "under 50 ms". */
const task = (n: number) => (n === 0 ? "< 50 ms" : ms(n));
const verdict = (value: number, target: number) => (value <= target ? "ok" : "over target");

async function main() {
  benchHistoryViews();
  const s = await servers();
  console.log(`engine ${s.engine}, console ${s.console}`);
  const client = swfClient(s.engine);
  const t0 = Date.now();
  const workflowId = `bench-history-${Date.now().toString(36)}`;
  const run = await seedLargeHistory(client, { workflowId, events: EVENTS, batch: BATCH });
  console.log(
    `seeded ${run.events.toLocaleString("en-US")} events in ${ms(Date.now() - t0)} (${workflowId})`,
  );

  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const login = await context.request.post(`${s.console}/api/auth/login`, {
      data: { username: s.user, password: s.password },
      headers: { origin: s.console },
    });
    if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`);
    const url = `${s.console}${executionHref(DETAIL_DOMAIN, run.workflowId, run.runId)}`;

    // Warm-up: the first request compiles nothing in production, but fills the server's caches.
    const warm = await context.newPage();
    await warm.goto(url);
    await warm.getByTestId("history-table").locator('[data-event-id="1"]').waitFor();
    await warm.close();

    const results: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      const r = await measure(page, url, run.events);
      results.push(r);
      console.log(
        `run ${i + 1}: first rows ${ms(r.firstRowsMs)}, fully loaded ${ms(r.fullMs)}, longest task loading ${task(r.longestTaskLoadingMs)}, ` +
          `scrolling ${task(r.longestTaskScrollingMs)} (${r.scrollTasks} long tasks)`,
      );
      await page.close();
    }

    const first = median(results.map((r) => r.firstRowsMs));
    const full = median(results.map((r) => r.fullMs));
    const scroll = median(results.map((r) => r.longestTaskScrollingMs));
    const scrollWorst = Math.max(...results.map((r) => r.longestTaskScrollingMs));
    const loading = Math.max(...results.map((r) => r.longestTaskLoadingMs));
    const line = (label: string, value: number, target?: number, extra = "", format = ms) =>
      console.log(
        `  ${label.padEnd(34)}${format(value).padStart(9)}` +
          (target === undefined
            ? ""
            : `   target ≤ ${ms(target).padStart(8)}   ${verdict(value, target)}`) +
          extra,
      );
    console.log("");
    console.log(
      `execution page, ${run.events.toLocaleString("en-US")}-event history, median of ${RUNS} runs ` +
        `(${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}; long tasks stretch on a busy machine)`,
    );
    line("navigation → first history rows", first, TARGETS.firstRowsMs);
    line("navigation → fully loaded", full, TARGETS.fullMs);
    line(
      "longest task while scrolling",
      scroll,
      TARGETS.longestTaskMs,
      `   (worst run ${task(scrollWorst)})`,
      task,
    );
    line("longest task while loading", loading, undefined, "   (worst run, for information)", task);
  } finally {
    await browser.close();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
