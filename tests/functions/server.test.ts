/**
 * The local function runner (lib/functions/server.ts) through the Lambda SDK, as the engine
 * calls it, and over plain HTTP for what the SDK would not send.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFunctionsServer, type RunningFunctions } from "../../lib/functions/server";
import { createLogger } from "../../lib/log";
import { FUNCTIONS_DIR } from "../engine/functions-harness";

let functions: RunningFunctions;
let lambda: LambdaClient;
beforeAll(async () => {
  functions = await startFunctionsServer({
    dir: FUNCTIONS_DIR,
    logger: createLogger("functions", { level: "silent" }),
  });
  lambda = new LambdaClient({
    endpoint: functions.url,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  lambda.destroy();
  await functions.close();
});

const text = (payload?: Uint8Array) => new TextDecoder().decode(payload);

describe("the local function runner", () => {
  it("runs a handler with the payload as its event and answers its JSON result", async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: "tax", Payload: Buffer.from('{"amount": 10}') }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(text(out.Payload))).toEqual({ tax: 2, functionName: "tax" });
  });

  it("answers a full ARN as its function name", async () => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:tax",
        Payload: Buffer.from("{}"),
      }),
    );
    expect(JSON.parse(text(out.Payload))).toMatchObject({ tax: 0 });
  });

  it("reports a thrown error as Lambda does: X-Amz-Function-Error Unhandled and errorType, errorMessage, trace", async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: "explode", Payload: Buffer.from('{"message":"m"}') }),
    );
    expect(out.FunctionError).toBe("Unhandled");
    const body = JSON.parse(text(out.Payload));
    expect(body).toMatchObject({ errorType: "TypeError", errorMessage: "m" });
    expect(body.trace[0]).toContain("TypeError: m");
  });

  it("refuses unknown functions, names that are paths, and payloads that are no JSON", async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: "nope" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    const traversal = await fetch(
      `${functions.url}/2015-03-31/functions/..%2Fengine%2Ffunctions%2Ftax/invocations`,
      { method: "POST", body: "{}" },
    );
    expect(traversal.status).toBe(404);
    expect(traversal.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: "tax", Payload: Buffer.from("{") })),
    ).rejects.toMatchObject({ name: "InvalidRequestContentException" });
    const get = await fetch(`${functions.url}/2015-03-31/functions/tax/invocations`);
    expect(get.status).toBe(404);
  });
});

describe("the local function runner while a function is being written", () => {
  it("runs the handler file as it is now: an edited function answers with its new code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "functions-"));
    const file = join(dir, "greet.ts");
    const runner = await startFunctionsServer({
      dir,
      logger: createLogger("functions", { level: "silent" }),
    });
    const client = new LambdaClient({
      endpoint: runner.url,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    const invoke = async () => {
      const out = await client.send(
        new InvokeCommand({ FunctionName: "greet", Payload: Buffer.from("{}") }),
      );
      return JSON.parse(text(out.Payload));
    };
    try {
      writeFileSync(
        file,
        'export async function handler(): Promise<object> { return { greeting: "hello" }; }\n',
      );
      expect(await invoke()).toEqual({ greeting: "hello" });
      expect(await invoke()).toEqual({ greeting: "hello" });
      writeFileSync(
        file,
        'export async function handler(): Promise<object> { return { greeting: "bonjour" }; }\n',
      );
      // A later modification time than the first version's, whatever the file system's resolution.
      const later = new Date(Date.now() + 5_000);
      utimesSync(file, later, later);
      expect(await invoke()).toEqual({ greeting: "bonjour" });
    } finally {
      client.destroy();
      await runner.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
