/**
 * A second `next start` beside the one Playwright runs, on the same CONSOLE_DB (so the same
 * sign-in works on it) and the same engine, with its inbox poller off and `env` on top: for specs
 * that need a console configured differently.
 */
import { spawn } from "node:child_process";
import { expect } from "@playwright/test";

export interface SecondConsole {
  url: string;
  /** Stops the whole process group (`next start` and its next-server child). */
  stop(): void;
}

export async function startSecondConsole(
  port: number,
  env: Record<string, string> = {},
): Promise<SecondConsole> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      CONSOLE_DB: process.env.E2E_CONSOLE_DB,
      CONSOLE_ADMIN_PASSWORD: "e2e-admin-password",
      CONSOLE_INBOX_POLLER: "off",
      AWS_ENDPOINT_URL_SWF: process.env.E2E_SWF_ENDPOINT,
      AWS_REGION: "us-east-1",
      ...env,
    },
    detached: true,
    stdio: "ignore",
  });
  const stop = () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  };
  try {
    await expect
      .poll(
        async () =>
          fetch(`${url}/login`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000, intervals: [250, 500, 1000] },
      )
      .toBe(200);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, stop };
}
