/**
 * The local function runner (lib/functions/server.ts) through the Lambda SDK, as the engine
 * calls it, and over plain HTTP for what the SDK would not send.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { Writable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFunctionsServer, type RunningFunctions } from "../../lib/functions/server";
import { createLogger } from "../../lib/log";
import { answerUntilClosed } from "../engine/raw-http";
import { FUNCTIONS_DIR, hangCalls, hangState, releaseHangs } from "../engine/functions-harness";

let functions: RunningFunctions;
let lambda: LambdaClient;

/** The Lambda SDK against a runner, as the engine calls it: one attempt, any key. */
const lambdaClient = (endpoint: string) =>
  new LambdaClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
  });
beforeAll(async () => {
  functions = await startFunctionsServer({
    dir: FUNCTIONS_DIR,
    logger: createLogger("functions", { level: "silent" }),
  });
  lambda = lambdaClient(functions.url);
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

  it("logs what a handler threw, type, message and stack, and answers as Lambda does all the same", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const runner = await startFunctionsServer({
      dir: FUNCTIONS_DIR,
      logger: createLogger("functions", { destination }),
    });
    const client = lambdaClient(runner.url);
    try {
      const out = await client.send(
        new InvokeCommand({
          FunctionName: "explode",
          Payload: Buffer.from('{"message":"no stock"}'),
        }),
      );
      expect(out.FunctionError).toBe("Unhandled");
      const body = JSON.parse(text(out.Payload));
      expect(Object.keys(body).sort()).toEqual(["errorMessage", "errorType", "trace"]);
      expect(body).toMatchObject({ errorType: "TypeError", errorMessage: "no stock" });
      // Before: the log said only `errorType: "TypeError"`.
      const threw = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "function threw");
      expect(threw).toMatchObject({
        level: 40,
        function: "explode",
        errorType: "TypeError",
        err: { type: "TypeError", message: "no stock" },
      });
      expect(threw.requestId).toBe(out.$metadata.requestId);
      expect(threw.err.stack).toMatch(/^TypeError: no stock\n\s+at .*handler .*explode\.ts/);
    } finally {
      client.destroy();
      await runner.close();
    }
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

/** A raw POST (headers exactly as given, `body` as the only bytes sent): status and error type. */
function post(
  path: string,
  headers: Record<string, string | number>,
  body = "{}",
  base = functions.url,
): Promise<{ status: number; errorType: string | undefined }> {
  const url = new URL(path, base);
  return new Promise((done, fail) => {
    const req = httpRequest(url, { method: "POST", headers }, (res) => {
      res.resume();
      done({
        status: res.statusCode ?? 0,
        errorType: res.headers["x-amzn-errortype"] as string | undefined,
      });
    });
    req.on("error", fail);
    req.write(body);
    // With a Content-Length larger than `body`, the request stays open: the rest never comes.
    if (headers["content-length"] === undefined) req.end();
  });
}

const TAX = "/2015-03-31/functions/tax/invocations";

describe("the function runner's HTTP edge", () => {
  it("refuses what a web page sends (Origin, Sec-Fetch-Site): a page may POST here without asking", async () => {
    // Before: a page's no-cors POST (text/plain, no preflight) ran the function.
    const pages: Record<string, string>[] = [
      { origin: "https://evil.example", "content-type": "text/plain" },
      { "sec-fetch-site": "cross-site" },
      { origin: "null" },
    ];
    for (const headers of pages)
      expect(await post(TAX, headers)).toEqual({ status: 403, errorType: "AccessDeniedException" });
  });

  it("answers loopback Host names only (DNS rebinding)", async () => {
    const port = new URL(functions.url).port;
    // Before: any Host was served, so a page on a name resolving to 127.0.0.1 could read answers.
    for (const host of [`evil.example:${port}`, "127.0.0.1.nip.io"])
      expect(await post(TAX, { host })).toEqual({
        status: 403,
        errorType: "AccessDeniedException",
      });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, "localhost"])
      expect((await post(TAX, { host })).status).toBe(200);
  });

  it("refuses a body declared over Lambda's limit before reading it", async () => {
    // Before: the runner waited for (and read through) all of it before saying 413.
    expect(await post(TAX, { "content-length": 7 * 1024 * 1024 }, "{")).toEqual({
      status: 413,
      errorType: "RequestTooLargeException",
    });
  });

  it("answers a name with a malformed escape as no such function, not a failure", async () => {
    // Before: decodeURIComponent threw, and the runner answered 500 ServiceException.
    expect(await post("/2015-03-31/functions/%E0%A4%A/invocations", {})).toEqual({
      status: 404,
      errorType: "ResourceNotFoundException",
    });
  });

  it("answers a body that does not arrive in time with 408, but waits out a slow function", async () => {
    const silent = createLogger("functions", { level: "silent" });
    const runner = await startFunctionsServer({
      dir: FUNCTIONS_DIR,
      requestTimeoutMs: 300,
      logger: silent,
    });
    try {
      const { port } = new URL(runner.url);
      // Before: no request timeout at all, so the runner waited for the rest for good.
      const answer = await answerUntilClosed(
        runner.url,
        `POST ${TAX} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 100\r\n\r\n{"amo`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);

      // The timeout is for receiving the request: a function that takes longer still answers.
      const client = lambdaClient(runner.url);
      try {
        const calls = hangState().calls;
        const invoked = client.send(
          new InvokeCommand({ FunctionName: "hang", Payload: Buffer.from('{"n":1}') }),
        );
        await hangCalls(calls + 1);
        await new Promise((r) => setTimeout(r, 800)); // well past the request timeout
        releaseHangs();
        const out = await invoked;
        expect(JSON.parse(text(out.Payload))).toEqual({ late: true, event: { n: 1 } });
      } finally {
        client.destroy();
      }
    } finally {
      await runner.close();
    }
  });

  it("will not listen off loopback unless told that nothing is checked", async () => {
    const silent = createLogger("functions", { level: "silent" });
    await expect(
      startFunctionsServer({ dir: FUNCTIONS_DIR, host: "0.0.0.0", logger: silent }),
    ).rejects.toThrow(/refusing to listen on 0\.0\.0\.0.*--insecure/);
    const open = await startFunctionsServer({
      dir: FUNCTIONS_DIR,
      host: "0.0.0.0",
      insecure: true,
      logger: silent,
    });
    try {
      // Off loopback any Host is served: the operator chose the network. (A raw request: fetch
      // would send its own Host whatever it is given.)
      expect(await post(TAX, { host: "functions.internal" }, '{"amount": 5}', open.url)).toEqual({
        status: 200,
        errorType: undefined,
      });
    } finally {
      await open.close();
    }
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
    const client = lambdaClient(runner.url);
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
