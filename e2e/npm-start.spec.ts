/**
 * `npm start` smoke test: the one command comes up with the engine, the console and the demo,
 * the console lists the demo domain with executions, and Ctrl-C (SIGINT to the process group,
 * as a terminal sends it) stops everything with exit code 0.
 */
import { expect, request, test } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "../scripts/processes";

// Beside the suite's own servers; E2E_CONSOLE_PORT moves both, like the rest of the suite.
const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT ?? 3301) + 97;
const ENGINE_PORT = Number(process.env.E2E_ENGINE_PORT ?? 7301) + 97;

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

test("npm start runs engine, console and demo, and stops cleanly on SIGINT", async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "swf-start-"));
  const origin = `http://127.0.0.1:${CONSOLE_PORT}`;
  const start = startChild("npm start", "node_modules/.bin/tsx", ["scripts/start.ts"], {
    env: {
      PORT: String(CONSOLE_PORT),
      ENGINE_PORT: String(ENGINE_PORT),
      ENGINE_DB: join(dir, "swf.sqlite"),
      CONSOLE_DB: join(dir, "console.sqlite"),
      CONSOLE_ADMIN_PASSWORD: "smoke-test-password",
      AWS_ENDPOINT_URL_SWF: "",
    },
  });
  try {
    await start.waitFor(/\[start\] console: http/);

    const api = await request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
    const login = await api.post("/api/auth/login", {
      data: { username: "admin", password: "smoke-test-password" },
    });
    expect(login.ok()).toBe(true);
    const domains = await (
      await api.post("/api/swf/ListDomains", { data: { registrationStatus: "REGISTERED" } })
    ).json();
    expect(domains.domainInfos.map((d: { name: string }) => d.name)).toEqual(
      expect.arrayContaining(["orders"]),
    );
    const open = await (
      await api.post("/api/swf/CountOpenWorkflowExecutions", {
        data: { domain: "orders", startTimeFilter: { oldestDate: 0 } },
      })
    ).json();
    expect(open.count).toBeGreaterThan(0);
    await api.dispose();

    process.kill(-start.process.pid!, "SIGINT");
    expect(await start.exited).toBe(0);
    expect(await listening(CONSOLE_PORT)).toBe(false);
    expect(await listening(ENGINE_PORT)).toBe(false);
  } finally {
    await start.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
