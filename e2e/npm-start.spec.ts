/**
 * `npm start` smoke test: the one command comes up with the engine, the console and the demo,
 * the console lists the demo domain with executions, and Ctrl-C (SIGINT to the process group,
 * as a terminal sends it) stops everything with exit code 0; the engine dying stops everything too.
 */
import { expect, request, test } from "@playwright/test";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "../scripts/processes";

// Beside the suite's own servers; E2E_CONSOLE_PORT moves both, like the rest of the suite.
const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT ?? 3301) + 97;
const ENGINE_PORT = Number(process.env.E2E_ENGINE_PORT ?? 7301) + 97;
const FUNCTIONS_PORT = ENGINE_PORT + 1;

const listening = (port: number, host = "127.0.0.1") =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/** `npm start` (scripts/start.ts through tsx) on this spec's ports, its databases in `dir`. */
function npmStart(dir: string, args: string[] = [], onLine?: (line: string) => void) {
  return startChild("npm start", "node_modules/.bin/tsx", ["scripts/start.ts", ...args], {
    onLine,
    env: {
      PORT: String(CONSOLE_PORT),
      ENGINE_PORT: String(ENGINE_PORT),
      FUNCTIONS_PORT: String(FUNCTIONS_PORT),
      ENGINE_DB: join(dir, "swf.sqlite"),
      CONSOLE_DB: join(dir, "console.sqlite"),
      CONSOLE_ADMIN_PASSWORD: "smoke-test-password",
      AWS_ENDPOINT_URL_SWF: "",
    },
  });
}

test("npm start runs engine, console and demo, and stops cleanly on SIGINT", async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "swf-start-"));
  const origin = `http://127.0.0.1:${CONSOLE_PORT}`;
  const start = npmStart(dir);
  try {
    await start.waitFor(/\[start\] console: http/);
    // The console keeps to loopback, like the engine: nothing answers on this machine's other
    // addresses (where it has any; CI's machines do).
    const outside = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && a.family === "IPv4")
      .map((a) => a!.address);
    for (const address of outside) {
      expect(await listening(CONSOLE_PORT, address), address).toBe(false);
      expect(await listening(ENGINE_PORT, address), address).toBe(false);
    }

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
    // Both databases were closed: their write-ahead logs are folded back and gone.
    expect(readdirSync(dir).filter((f) => f.endsWith("-wal"))).toEqual([]);
  } finally {
    await start.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Pids of the processes whose command line holds every one of `parts` (Linux /proc). */
function pidsRunning(...parts: string[]): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return parts.every((part) => argv.includes(part) || argv.some((a) => a.endsWith(part)));
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

test("npm start says so and stops everything when the engine dies", async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "swf-start-"));
  const start = npmStart(dir, ["--no-demo"]);
  try {
    await start.waitFor(/\[start\] console: http/);
    const said = start.waitFor(
      /\[start\] the engine stopped \((killed by SIGKILL|exit code \d+)\); stopping everything/,
    );
    // The engine's own node process (tsx runs it as a child, with its loader), as a crash or the
    // OOM killer would end it.
    const engine = pidsRunning("lib/engine/main.ts", String(ENGINE_PORT), "--import");
    expect(engine).toHaveLength(1);
    process.kill(engine[0], "SIGKILL");
    await said;
    expect(await start.exited).toBe(1);
    expect(await listening(CONSOLE_PORT)).toBe(false);
    expect(await listening(ENGINE_PORT)).toBe(false);
    expect(await listening(FUNCTIONS_PORT)).toBe(false);
  } finally {
    await start.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("npm start stops everything on SIGHUP (its terminal closed)", async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "swf-start-"));
  const lines: string[] = [];
  const start = npmStart(dir, ["--no-demo"], (line) => lines.push(line));
  try {
    await start.waitFor(/\[start\] console: http/);
    // A closing terminal sends SIGHUP to its foreground process group.
    process.kill(-start.process.pid!, "SIGHUP");
    await start.exited;
    // tsx's own wrapper process dies of the SIGHUP at once; start.ts then stops its children.
    await expect
      .poll(
        async () =>
          Promise.all([CONSOLE_PORT, ENGINE_PORT, FUNCTIONS_PORT].map((port) => listening(port))),
        { intervals: [250], timeout: 30_000 },
      )
      .toEqual([false, false, false]);
    // Saying why it stops: nothing on screen said so before.
    await expect.poll(() => lines).toContain("[start] SIGHUP: stopping…");
  } finally {
    await start.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
