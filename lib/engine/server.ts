import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "./auth";
import { Engine, type EngineOptions } from "./engine";
import {
  InternalFailure,
  SerializationException,
  SwfFault,
  UnknownOperationException,
} from "./faults";

const TARGET_PREFIX = "SimpleWorkflowService.";
const MAX_REQUEST_BYTES = 1024 * 1024;
const CONTENT_TYPE = "application/x-amz-json-1.0";

export interface RunningEngine {
  engine: Engine;
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves SWF's JSON 1.0 protocol: `POST /` with `X-Amz-Target: SimpleWorkflowService.<Action>`. */
export function createEngineServer(engine: Engine, log: (line: string) => void = () => {}): Server {
  const server = createServer((req, res) => {
    void handle(engine, req, res, log);
  });
  // Long polls hold requests for up to 60 s and SDKs reuse sockets: keep both well above that.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;
  return server;
}

async function handle(
  engine: Engine,
  req: IncomingMessage,
  res: ServerResponse,
  log: (line: string) => void,
) {
  const requestId = randomUUID();
  res.setHeader("x-amzn-RequestId", requestId);
  // Browsers send Origin on every cross-origin request and preflight; SDKs and CLIs never need CORS.
  if (req.headers.origin !== undefined) corsHeaders(res);
  if (req.method === "OPTIONS") return void res.writeHead(200).end();

  // The client going away aborts a long poll so that no task is handed to a dead connection.
  // (Only a connection closed before the answer was written counts: aborting costs an error object.)
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });

  let operation = "";
  try {
    if (req.method !== "POST")
      throw UnknownOperationException(`Unsupported method ${req.method}; use POST /`);
    const target = req.headers["x-amz-target"];
    if (typeof target !== "string" || !target.startsWith(TARGET_PREFIX)) {
      throw UnknownOperationException(
        target ? `Unknown operation target: ${target}` : "Missing X-Amz-Target header",
      );
    }
    operation = target.slice(TARGET_PREFIX.length);
    const text = await readBody(req);
    const keys = engine.settings.credentials;
    // Signing time is checked against the wall clock: an injected (fake) engine clock moves
    // workflow time, not the clients' clocks.
    const caller = keys
      ? await verifySignature(
          { method: req.method, url: req.url ?? "/", headers: req.headers, body: text },
          keys,
          Date.now(),
        )
      : undefined;
    const body = parseBody(text);
    const result = await engine.call(operation, body, abort.signal, caller);
    // Answer only once what this request wrote, or read, is durable (group commit).
    await engine.store.settled().catch((cause) => {
      throw new CommitFailed(cause);
    });
    send(res, 200, result);
  } catch (error) {
    const fault =
      error instanceof SwfFault
        ? error
        : InternalFailure("The engine failed to process the request");
    if (!req.complete) res.setHeader("Connection", "close");
    if (!(error instanceof SwfFault))
      log(
        `internal error in ${operation || "request"} ${requestId}: ${(error as Error)?.stack ?? error}`,
      );
    // A fault may rest on state another request has not made durable yet.
    const stored =
      !(error instanceof CommitFailed) &&
      (await engine.store.settled().then(
        () => true,
        () => false,
      ));
    const answer = stored ? fault : InternalFailure("The engine could not store the change");
    res.setHeader("x-amzn-ErrorType", answer.faultName);
    send(res, answer.status, answer.toBody());
  }
}

/** The group commit holding this request's change failed: the change is gone. */
class CommitFailed extends Error {
  constructor(cause: unknown) {
    super(`the commit failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.destroyed) return;
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, {
    "Content-Type": CONTENT_TYPE,
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        // Answer 400 at once and drop the rest of the body (destroying the socket would leave
        // the client with a connection error instead of a fault).
        req.off("data", onData);
        req.resume();
        reject(SerializationException(`Request body exceeds ${MAX_REQUEST_BYTES} bytes`));
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw SerializationException("Request body is not valid JSON");
  }
}

function corsHeaders(res: ServerResponse) {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.setHeader(
    "Access-Control-Allow-Headers",
    "authorization, content-type, x-amz-target, x-amz-date, x-amz-security-token, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request",
  );
  res.setHeader("Access-Control-Expose-Headers", "x-amzn-requestid");
}

/** Opens the store, starts listening and resolves once requests are accepted. */
export async function startEngine(
  options: EngineOptions & { host?: string; port?: number; log?: (line: string) => void },
): Promise<RunningEngine> {
  const engine = new Engine(options);
  const server = createEngineServer(engine, options.log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    engine,
    server,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          engine.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
