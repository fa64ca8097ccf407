import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { describeFailure, exampleSwfClient } from "../../examples/common";
import { freePort } from "../../scripts/free-port";
import { startTestEngine } from "../engine/harness";

const saved = { ...process.env };
afterEach(() => {
  for (const name of ["AWS_ENDPOINT_URL_SWF", "AWS_ENDPOINT_URL", "SWF_USE_AWS", "ENGINE_PORT"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("exampleSwfClient", () => {
  it("goes to npm start's engine when no endpoint is configured, never to AWS", async () => {
    delete process.env.AWS_ENDPOINT_URL_SWF;
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.SWF_USE_AWS;
    delete process.env.ENGINE_PORT;
    const swf = exampleSwfClient();
    const endpoint = await swf.config.endpoint!();
    swf.destroy();
    expect(endpoint).toMatchObject({ protocol: "http:", hostname: "127.0.0.1", port: 7070 });
  });

  it("takes AWS_ENDPOINT_URL_SWF when it is set", async () => {
    process.env.AWS_ENDPOINT_URL_SWF = "http://127.0.0.1:7471";
    const swf = exampleSwfClient();
    const endpoint = await swf.config.endpoint!();
    swf.destroy();
    expect(endpoint).toMatchObject({ hostname: "127.0.0.1", port: 7471 });
  });
});

/** Runs an example's command line to its end; its exit code and what it printed. */
function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", script, "1"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, output })),
  );
}

describe("the examples' command lines", () => {
  it.each([
    "examples/hello/hello.ts",
    "examples/order-fulfillment/start-orders.ts",
    "examples/media-transcode/register.ts",
  ])("%s says what to do when no engine answers", async (script) => {
    // A port nobody listens on: the engine is not running.
    const port = await freePort();
    const { code, output } = await run(script, {
      AWS_ENDPOINT_URL_SWF: `http://127.0.0.1:${port}`,
    });
    expect(code).toBe(1);
    expect(output).toContain(`No SWF endpoint answers at 127.0.0.1:${port}: start the engine`);
    // One line and the advice, not a stack trace.
    expect(output).not.toMatch(/^\s+at /m);
  });

  it("names the address tried when a name has several (localhost: IPv4 and IPv6)", () => {
    // What Node's connect raises when every address of a name refused: the attempts inside one
    // AggregateError that has the code but no address of its own.
    const attempt = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}:7070`), {
        code: "ECONNREFUSED",
        address,
        port: 7070,
      });
    const error = Object.assign(new AggregateError([attempt("::1"), attempt("127.0.0.1")]), {
      code: "ECONNREFUSED",
    });
    expect(describeFailure(error)).toContain(
      "No SWF endpoint answers at ::1:7070: start the engine",
    );
  });
});

it("examples/order-fulfillment/start-orders.ts says to register first on an engine that lacks its domain", async () => {
  const engine = await startTestEngine();
  try {
    const { code, output } = await run("examples/order-fulfillment/start-orders.ts", {
      AWS_ENDPOINT_URL_SWF: engine.url,
    });
    expect(code).toBe(1);
    expect(output).toContain("UnknownResourceFault");
    expect(output).toContain(
      "Register the example first: npx tsx examples/<example>/register.ts (its workers.ts registers too).",
    );
  } finally {
    await engine.close();
  }
});
