/**
 * lib/worker/README.md's snippets, as written, make one program: registration, the activity
 * worker, the decider, a run started, signalled and waited for from outside, and the shutdown
 * line. It runs against a real engine, found the way the guide's client finds npm start's (no
 * endpoint set), and must print what the README says it prints.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { eventually } from "./helpers";

const readme = readFileSync(join(__dirname, "../../lib/worker/README.md"), "utf8");
// Outside the source tree, so that an interrupted run leaves nothing for tsc and eslint to find.
const folder = mkdtempSync(join(tmpdir(), "worker-readme-"));
const program = join(folder, "readme-snippets.mts");
let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine({ pollTimeoutSeconds: 1 });
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await engine?.close();
});

/** The README's TypeScript blocks that are whole statements (not the Lambda fragments). */
function snippets(): string[] {
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter(
      (block) => !/^decide: /m.test(block) && !block.includes("export async function handler"),
    );
}

it("the guide's snippets run together as written", async () => {
  const imports = new Set<string>(["sleep"]);
  const body: string[] = [];
  for (const block of snippets())
    for (const line of block.split("\n")) {
      const named = line.match(/^import \{(.*)\} from "\.\/lib\/worker";$/);
      if (named) named[1].split(",").forEach((name) => imports.add(name.trim()));
      else body.push(line);
    }
  writeFileSync(
    program,
    [
      `import { ${[...imports].join(", ")} } from ${JSON.stringify(join(__dirname, "../../lib/worker/index.ts"))};`,
      // The one thing the guide leaves to the reader: the work a Transcode does.
      "const encodeChunk = (signal: AbortSignal) => sleep(1, signal);",
      ...body,
      // Every line above has run, the guide's shutdown lines included: SIGINT is handled now. (The
      // channel is closed again: it would keep the program alive.)
      'process.send?.("all run", () => process.disconnect?.());',
    ].join("\n"),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // A newcomer's laptop: no endpoint set, npm start's engine where the guide's client looks for
    // it (ENGINE_PORT: the test engine's port)...
    ENGINE_PORT: new URL(engine.url).port,
    // ...and AWS credentials, which a snippet whose client went to AWS would use. Made up, in a
    // region that does not exist, so that such a snippet fails here instead of reaching an account.
    AWS_ACCESS_KEY_ID: "readme-test",
    AWS_SECRET_ACCESS_KEY: "readme-test",
    AWS_REGION: "readme-nowhere-1",
  };
  for (const name of ["AWS_ENDPOINT_URL_SWF", "AWS_ENDPOINT_URL", "SWF_USE_AWS", "AWS_PROFILE"])
    delete env[name];
  const run = spawn(process.execPath, ["--import", "tsx", program], {
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const allRun = new Promise<void>((resolve) => run.once("message", () => resolve()));
  let out = "";
  let err = "";
  run.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  run.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => run.once("exit", resolve));
  try {
    await eventually(() => out.split("\n").length > 2 || undefined, {
      tries: 1_200,
      what: `the program's two lines (stdout: ${out}; stderr: ${err})`,
    });
    expect(out).toBe('COMPLETED {"orderId":"7","payment":{"paymentId":"pay-7"}}\n1\n');
    // The guide's shutdown lines stop the workers on Ctrl-C, and the program ends by itself.
    await allRun;
    run.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(err).toBe("");
  } finally {
    run.kill("SIGKILL");
  }
}, 120_000);
