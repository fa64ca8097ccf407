import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "functions-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run functions` with `args` until it exits or says it listens; then stops it. */
function runFunctions(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/functions.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("functions listening on")) child.kill("SIGTERM");
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

it("refuses a --dir that does not exist instead of serving nothing", async () => {
  const missing = join(dir, "no-such-folder");
  const { code, output } = await runFunctions(["--dir", missing, "--port", "0"]);
  expect(output).not.toContain("listening");
  expect(output).toContain(`--dir ${missing}: no such folder`);
  expect(code).toBe(2);
});

it("refuses a --dir that is a file", async () => {
  const file = join(dir, "handler.ts");
  writeFileSync(file, "export const handler = () => 1;\n");
  const { code, output } = await runFunctions(["--dir", file, "--port", "0"]);
  expect(output).toContain(`--dir ${file}: no such folder`);
  expect(code).toBe(2);
});

it("serves an existing folder", async () => {
  const { output } = await runFunctions(["--dir", dir, "--port", "0"]);
  expect(output).toMatch(/functions listening on http:\/\/127\.0\.0\.1:\d+/);
});

it("refuses to listen off loopback without --insecure, and says how", async () => {
  const refused = await runFunctions(["--dir", dir, "--port", "0", "--host", "0.0.0.0"]);
  expect(refused.output).not.toContain("listening");
  expect(refused.output).toContain("refusing to listen on 0.0.0.0");
  expect(refused.output).toContain("--insecure");
  expect(refused.code).toBe(1);
  const allowed = await runFunctions([
    "--dir",
    dir,
    "--port",
    "0",
    "--host",
    "0.0.0.0",
    "--insecure",
  ]);
  expect(allowed.output).toMatch(/functions listening on http:\/\/0\.0\.0\.0:\d+/);
});
