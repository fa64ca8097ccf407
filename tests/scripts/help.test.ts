import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "../..");

/** The three commands a developer runs, as package.json runs them. */
const commands = {
  "npm start": "scripts/start.ts",
  "npm run engine": "lib/engine/main.ts",
  "npm run functions": "scripts/functions.ts",
  "npm run audit:verify": "scripts/audit-verify.ts",
};

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    encoding: "utf8",
    // Whatever happens, nothing of the console, engine or demo may start: --help must answer first.
    env: { ...process.env, ENGINE_PORT: "1", PORT: "1", FUNCTIONS_PORT: "1", ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe.each(Object.entries(commands))("%s", (command, script) => {
  it("--help prints its usage and exits 0 without starting anything", () => {
    for (const flag of ["--help", "-h"]) {
      const { code, out } = run(script, [flag]);
      expect(code).toBe(0);
      expect(out.startsWith(`Usage: ${command}`)).toBe(true);
    }
  });

  it("an unknown flag exits 2 and points at the usage", () => {
    const { code, out, err } = run(script, ["--no-such-flag"]);
    expect(code).toBe(2);
    expect(out + err).toContain("Unknown option '--no-such-flag'");
    expect(out + err).toMatch(/Usage: |--help lists the flags/);
  });
});

it("the engine's --help names every flag it accepts", () => {
  const { out } = run(commands["npm run engine"], ["--help"]);
  for (const flag of [
    "--port",
    "--db",
    "--host",
    "--poll-timeout",
    "--durability",
    "--credentials",
    "--cors-origin",
    "--allow-host",
    "--insecure",
    "--max-connections",
    "--max-held-polls",
    "--request-timeout",
    "--lambda-endpoint",
  ])
    expect(out).toContain(`${flag} `);
});

describe("the engine refuses a flag value it has no meaning for, with exit code 2", () => {
  const engine = commands["npm run engine"];
  // Should a check be missing, the bad --lambda-endpoint (checked after every number and mode)
  // still stops the engine from starting, and the test fails on the message instead of hanging.
  const never = ["--lambda-endpoint", "not a url"];
  // The engine logs JSON when not on a terminal: its quotes come escaped.
  const said = (r: { out: string; err: string }) => (r.out + r.err).replaceAll('\\"', '"');
  it.each([
    [["--durability", "fast"], '--durability must be full or normal, got "fast"'],
    [["--max-connections", "0"], '--max-connections must be a positive number, got "0"'],
    [["--max-held-polls=-3"], '--max-held-polls must be a positive number, got "-3"'],
    [["--poll-timeout", "soon"], '--poll-timeout must be a non-negative number, got "soon"'],
  ])("%j", (args, message) => {
    const result = run(engine, [...args, ...never]);
    expect(result.code).toBe(2);
    expect(said(result)).toContain(`${message} (npm run engine -- --help lists the flags)`);
  });

  it("names ENGINE_PORT, not --port, when the bad port came from the variable", () => {
    const fromVariable = run(engine, never, { ENGINE_PORT: "abc" });
    expect(fromVariable.code).toBe(2);
    expect(said(fromVariable)).toContain('ENGINE_PORT must be a non-negative number, got "abc"');
    expect(said(fromVariable)).not.toContain("--port");
    const fromFlag = run(engine, ["--port", "abc", ...never], { ENGINE_PORT: "7070" });
    expect(fromFlag.code).toBe(2);
    expect(said(fromFlag)).toContain('--port must be a non-negative number, got "abc"');
  });
});

it("npm run audit:verify takes a relative --db from where the command was typed", () => {
  const typedIn = mkdtempSync(join(tmpdir(), "audit-verify-"));
  try {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", commands["npm run audit:verify"], "--db", "console.sqlite"],
      { cwd: root, encoding: "utf8", env: { ...process.env, INIT_CWD: typedIn } },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`audit log ${join(typedIn, "console.sqlite")}: cannot be read`);
  } finally {
    rmSync(typedIn, { recursive: true, force: true });
  }
});
