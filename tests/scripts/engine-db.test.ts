/**
 * `npm run engine -- --db FILE` (and ENGINE_DB) take a relative file from where the command was
 * typed, as `npm run functions -- --dir` does; the default stays in the project's data folder.
 * npm runs the script from the project's root and names the folder it was typed in INIT_CWD.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { bin, root } from "../../scripts/local-services";

const dir = mkdtempSync(join(tmpdir(), "engine-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the engine as `npm run engine` would, from `cwd` (npm's: the project's root), until it
 * listens; stops it and answers the file its start-up line names.
 */
function runEngine(
  args: string[],
  env: Record<string, string>,
  cwd = root,
): Promise<{ code: number | null; db?: string; output: string }> {
  const child = spawn(bin("tsx"), [join(root, "lib/engine/main.ts"), "--port", "0", ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ENGINE_DB: "", LOG_LEVEL: "info", ...env },
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('"engine started"')) child.kill("SIGTERM");
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      const started = output.split("\n").find((line) => line.includes('"engine started"'));
      resolve({ code, output, db: started ? JSON.parse(started).db : undefined });
    }),
  );
}

it("takes a relative --db from where the command was typed, not from the project's root", async () => {
  const typedIn = mkdtempSync(join(dir, "typed-"));
  const { code, db } = await runEngine(["--db", "x.sqlite"], { INIT_CWD: typedIn });
  expect(code).toBe(0);
  expect(db).toBe(join(typedIn, "x.sqlite"));
  expect(existsSync(join(typedIn, "x.sqlite"))).toBe(true);
  expect(existsSync(join(root, "x.sqlite"))).toBe(false);
});

it("takes a relative ENGINE_DB the same way, and keeps --db :memory: in memory", async () => {
  const typedIn = mkdtempSync(join(dir, "typed-"));
  const fromEnv = await runEngine([], { INIT_CWD: typedIn, ENGINE_DB: "./sub/e.sqlite" });
  expect(fromEnv.db).toBe(join(typedIn, "sub", "e.sqlite"));
  expect(existsSync(join(typedIn, "sub", "e.sqlite"))).toBe(true);
  const memory = await runEngine(["--db", ":memory:"], { INIT_CWD: typedIn });
  expect(memory.db).toBe(":memory:");
});

it("keeps its default file in the data folder of the folder npm runs it from, wherever it was typed", async () => {
  // A stand-in for the project's root (npm's working directory), so that the test leaves the
  // real ./data alone.
  const project = mkdtempSync(join(dir, "project-"));
  const typedIn = mkdtempSync(join(dir, "typed-"));
  const { db } = await runEngine([], { INIT_CWD: typedIn }, project);
  expect(db).toBe(join(project, "data", "swf.sqlite"));
  expect(existsSync(join(project, "data", "swf.sqlite"))).toBe(true);
  expect(existsSync(join(typedIn, "data"))).toBe(false);
});
