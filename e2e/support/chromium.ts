// How the e2e tests and the console benchmarks launch Chromium: the system's Chromium when there
// is one (CHROMIUM_PATH, or Debian's /usr/bin/chromium), else Playwright's own; no sandbox, GPU
// or background traffic.
import { existsSync } from "node:fs";

export const CHROMIUM_LAUNCH = {
  executablePath:
    process.env.CHROMIUM_PATH ??
    (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
