/**
 * Inbox benchmark (`npx tsx bench/inbox.ts`, after `next build`): a console database holding
 * 10,000 pending human tasks on two task lists, `next start` on it (its poller off: the tasks are
 * written straight into its database, which is what the inbox reads), then Chromium measures
 *
 *   - navigation → first rows visible                       (target ≤ 300 ms)
 *   - a filter chosen → the list showing only its rows       (target ≤ 100 ms)
 *   - the longest main-thread task while scrolling the list  (target ≤ 50 ms)
 *
 * Figures are printed beside their targets, never asserted.
 * Environment: BENCH_TASKS (default 10000), BENCH_RUNS (5), CHROMIUM_PATH as for Playwright.
 */
import { type Browser, type BrowserContext, type Page } from "@playwright/test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openConsoleDb } from "../lib/console/db";
import { insertReceivedTask, setTaskTimeouts } from "../lib/console/inbox-store";
import { startChild, type Child } from "../scripts/processes";
import { freePort, launchChromium } from "./support";

const ADMIN_PASSWORD = "bench-admin-password";
const total = Number(process.env.BENCH_TASKS ?? 10_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const TARGETS = { firstRows: 300, filter: 100, longTask: 50 };

async function seed(path: string, count: number) {
  const db = await openConsoleDb(path);
  const now = Date.now();
  await db.tx(async () => {
    for (let i = 0; i < count; i++) {
      const orderId = `o-${String(i).padStart(5, "0")}`;
      const { id } = await insertReceivedTask(
        db,
        {
          taskToken: `bench-token-${i}`,
          domain: "orders",
          taskList: i % 2 ? "refunds" : "approvals",
          activityId: "approve",
          activityType: { name: i % 2 ? "ApproveRefund" : "ApproveOrder", version: "1" },
          workflowId: `order-${orderId}`,
          runId: `run-${i}`,
          startedEventId: 6,
          input: JSON.stringify({
            orderId,
            question: `Approve order ${orderId} for customer ${i % 97} (${(i % 500) + 10}.00 EUR)?`,
            customer: { name: `Customer ${i % 97}`, email: `c${i % 97}@example.com` },
            items: [
              { sku: "BOOK-1", qty: 1 },
              { sku: "PEN-2", qty: (i % 5) + 1 },
            ],
          }),
        },
        now - (count - i) * 1000,
      );
      await setTaskTimeouts(
        db,
        id,
        {
          scheduledAt: now - (count - i) * 1000,
          heartbeatTimeoutSeconds: null,
          startToCloseDeadline: now + ((i % 48) - 4) * 3_600_000,
          scheduleToCloseDeadline: null,
        },
        now - (count - i) * 1000,
      );
    }
  });
  await db.close();
}

/** Marks (on the page's clock) when the first inbox row was painted. */
const FIRST_ROW_PROBE = `
  (() => {
    const mark = () => requestAnimationFrame(() => { window.__firstRowMs ??= performance.now(); });
    const check = () => {
      if (window.__firstRowSeen) return;
      if (document.querySelector('[data-testid="inbox-row"]')) { window.__firstRowSeen = true; mark(); }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
    window.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: "longtask" });
    } catch {}
  })();
`;

async function firstRows(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; ms: number }> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "commit" });
  await page
    .locator('[data-testid="inbox-row"]')
    .first()
    .waitFor({ state: "visible", timeout: 60_000 });
  await page.waitForFunction(
    () => (window as unknown as { __firstRowMs?: number }).__firstRowMs !== undefined,
  );
  const ms = await page.evaluate(
    () => (window as unknown as { __firstRowMs: number }).__firstRowMs,
  );
  return { page, ms };
}

/** Chooses a task list in the filter; ms from the change to the list showing only that list's rows. */
async function filterOnce(page: Page, list: string): Promise<number> {
  // A string, not a function: the bundler would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    const wanted = ${JSON.stringify(list)};
    window.__filterStart = undefined;
    window.__filterDone = undefined;
    const select = document.querySelector('[data-testid="inbox-filter-taskList"]');
    select.addEventListener("change", () => (window.__filterStart = performance.now()), { once: true, capture: true });
    const observer = new MutationObserver(() => {
      const rows = [...document.querySelectorAll('[data-testid="inbox-row"]')];
      if (rows.length > 0 && rows.every((r) => r.getAttribute("data-task-list") === wanted)) {
        observer.disconnect();
        requestAnimationFrame(() => (window.__filterDone = performance.now()));
      }
    });
    observer.observe(document.querySelector('[data-testid="inbox-list"]'), {
      subtree: true, childList: true, attributes: true,
    });
  })()`);
  await page.getByTestId("inbox-filter-taskList").selectOption(list);
  await page.waitForFunction(
    () => (window as unknown as { __filterDone?: number }).__filterDone !== undefined,
  );
  // The server's answer replaces the rows filtered in the browser; wait for it before going on.
  await page.locator('[data-testid="inbox-list"][data-fresh="true"]').waitFor();
  return page.evaluate(() => {
    const w = window as unknown as { __filterStart: number; __filterDone: number };
    return w.__filterDone - w.__filterStart;
  });
}

/** Scrolls the list with the mouse wheel for a while; the longest main-thread task meanwhile. */
async function scrollLongestTask(page: Page): Promise<{ longest: number; over50: number }> {
  const list = page.getByTestId("inbox-list");
  const box = (await list.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const start = await page.evaluate(() => performance.now());
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, i < 40 ? 600 : -900);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(200);
  return page.evaluate((from) => {
    const tasks = (
      (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks ??
      []
    ).filter((t) => t.start >= from);
    return {
      longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      over50: tasks.filter((t) => t.duration > 50).length,
    };
  }, start);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.error("No production build: run `npx next build` first.");
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), "swf-inbox-bench-"));
  const children: Child[] = [];
  let browser: Browser | undefined;
  try {
    const consoleDb = join(dir, "console.sqlite");
    let t = performance.now();
    await seed(consoleDb, total);
    console.log(
      `seeded ${total} pending tasks in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const engine = startChild("engine", process.execPath, [
      "--import",
      "tsx",
      "lib/engine/main.ts",
      "--port",
      "0",
      "--db",
      join(dir, "engine.sqlite"),
      "--poll-timeout",
      "1",
    ]);
    children.push(engine);
    const [, engineUrl] = await engine.waitFor(/listening on (\S+)/);
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const next = startChild(
      "console",
      process.execPath,
      ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
      {
        env: {
          AWS_ENDPOINT_URL_SWF: engineUrl,
          AWS_REGION: "us-east-1",
          CONSOLE_DB: consoleDb,
          CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
          CONSOLE_INBOX_POLLER: "off",
          HUMAN_TASK_LISTS: "orders:approvals,orders:refunds",
        },
      },
    );
    children.push(next);
    await next.waitFor(/Ready|started server|Local:/i);

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(FIRST_ROW_PROBE);
    const login = await context.request.post(`${baseURL}/api/auth/login`, {
      data: { username: "admin", password: ADMIN_PASSWORD },
      headers: { origin: baseURL },
    });
    if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
    const url = `${baseURL}/inbox`;

    // The API behind the list, for reference.
    const api: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const r = await context.request.get(`${baseURL}/api/inbox?view=pending`);
      await r.body();
      api.push(performance.now() - t);
    }
    // Warm the route and the browser cache.
    (await firstRows(context, url)).page.close();

    const first: number[] = [];
    const filters: number[] = [];
    let longest = 0;
    let over50 = 0;
    for (let i = 0; i < runs; i++) {
      const { page, ms } = await firstRows(context, url);
      first.push(ms);
      await page.locator('[data-testid="inbox-task"]').waitFor();
      filters.push(await filterOnce(page, "refunds"));
      filters.push(await filterOnce(page, "approvals"));
      const s = await scrollLongestTask(page);
      longest = Math.max(longest, s.longest);
      over50 += s.over50;
      await page.close();
    }
    const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
    const rows: [string, string, string][] = [
      ["pending tasks", total.toLocaleString("en-US"), "10,000"],
      [
        "machine load (1-min average / cores)",
        `${loadavg()[0].toFixed(1)} / ${cpus().length}`,
        "figures inflate when other work shares the CPUs",
      ],
      ["GET /api/inbox?view=pending (all rows), p50", fmt(percentile(api, 50)), "—"],
      [
        `navigation → first rows visible, warm, p50 of ${runs}`,
        fmt(percentile(first, 50)),
        `≤ ${TARGETS.firstRows} ms`,
      ],
      [`navigation → first rows visible, warm, worst of ${runs}`, fmt(Math.max(...first)), "—"],
      [
        `task-list filter → only its rows shown, p50 of ${filters.length}`,
        fmt(percentile(filters, 50)),
        `≤ ${TARGETS.filter} ms`,
      ],
      [`task-list filter → only its rows shown, worst`, fmt(Math.max(...filters)), "—"],
      [
        `longest main-thread task while scrolling (${runs} scrolls)`,
        longest ? fmt(longest) : "none over 50 ms",
        `≤ ${TARGETS.longTask} ms`,
      ],
      ["main-thread tasks over 50 ms while scrolling", String(over50), "0"],
    ];
    console.log("\n| measure | figure | target |\n| --- | --- | --- |");
    for (const [what, figure, target] of rows) console.log(`| ${what} | ${figure} | ${target} |`);
  } finally {
    await browser?.close().catch(() => {});
    for (const child of children.reverse()) await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
