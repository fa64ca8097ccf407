import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "./e2e/support/chromium";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Browser tests against a production build (`npm run test:e2e` = next build && playwright test):
 * an embedded engine on :7301 (in memory) and `next start` on :3301 pointed at it.
 * E2E_ENGINE_PORT / E2E_CONSOLE_PORT move both (e.g. to run beside another checkout).
 */
const enginePort = Number(process.env.E2E_ENGINE_PORT ?? 7301);
const consolePort = Number(process.env.E2E_CONSOLE_PORT ?? 3301);
const engineUrl = `http://127.0.0.1:${enginePort}`;
const baseURL = `http://127.0.0.1:${consolePort}`;

// Specs talk to the same engine through the SDK (e2e/support/swf.ts); workers inherit this.
process.env.E2E_SWF_ENDPOINT ??= engineUrl;
process.env.E2E_ENGINE_URL ??= engineUrl;
// One fresh console database per run (users, sessions, audit, inbox); kept stable across the
// config's re-evaluation in worker processes.
process.env.E2E_CONSOLE_DB ??= join(
  tmpdir(),
  `swf-console-e2e-${process.pid}-${Date.now()}.sqlite`,
);

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/postgres.setup.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // A focused test left in a spec would silently drop the rest of the suite, locally as in CI.
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
    launchOptions: CHROMIUM_LAUNCH,
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      name: "chromium",
      use: { storageState: "e2e/.auth/state.json" },
      dependencies: ["setup"],
    },
  ],
  webServer: [
    {
      command: `npx tsx lib/engine/main.ts --port ${enginePort} --db :memory: --poll-timeout 1`,
      port: enginePort,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // Idle keep-alive sockets outlive the client's gaps between requests: with Node's 5 s default
      // the server may close a socket just as Playwright's request context reuses it (ECONNRESET
      // on a POST, which is never retried).
      command: `npx next start -p ${consolePort} -H 127.0.0.1 --keepAliveTimeout 75000`,
      // The port, not a URL: with sign-in on, every page answers 307 → /login.
      port: consolePort,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        AWS_ENDPOINT_URL_SWF: engineUrl,
        AWS_REGION: "us-east-1",
        CONSOLE_DB: process.env.E2E_CONSOLE_DB,
        CONSOLE_ADMIN_PASSWORD: "e2e-admin-password",
        HUMAN_TASK_LISTS: "orders-e2e:approvals",
      },
    },
  ],
});
