/**
 * A small local endpoint speaking the Lambda Invoke API for handlers in a folder, so that
 * Lambda tasks run on a fresh machine: `POST /2015-03-31/functions/{name}/invocations` runs
 * `export async function handler(event, context)` from `{dir}/{name}.ts` (or .js, .mjs) and
 * answers as Lambda does: 200 with the JSON result; a thrown error is 200 with
 * `X-Amz-Function-Error: Unhandled` and `{errorType, errorMessage, trace}`; an unknown function
 * is 404 ResourceNotFoundException. It accepts any signature: it is meant for loopback, so it
 * guards that edge the way the engine does (see `refusal` below and lib/engine/http-guards.ts).
 */
import { randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { hostAllowed, isLoopbackName, type HttpGuards } from "../engine/http-guards";
import { createLogger, type Logger } from "../log";

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
/** Lambda's own function-name characters; anything else (a path, `..`) is refused. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];
/** Lambda's synchronous payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** What a handler gets as its second argument (the parts of Lambda's context that make sense here). */
export interface FunctionContext {
  functionName: string;
  awsRequestId: string;
  invokedFunctionArn: string;
}

type Handler = (event: unknown, context: FunctionContext) => unknown;

export interface FunctionsServerOptions {
  dir: string;
  host?: string;
  port?: number;
  region?: string;
  logger?: Logger;
  /** Listen on an address other machines can reach, although nothing is checked (`--insecure`). */
  insecure?: boolean;
  /**
   * Time to receive a whole request (default 60 s), never the wait for the function's answer: a
   * client that trickles its body cannot hold a connection for good.
   */
  requestTimeoutMs?: number;
}

export interface RunningFunctions {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startFunctionsServer(
  options: FunctionsServerOptions,
): Promise<RunningFunctions> {
  const dir = resolve(options.dir);
  const log = options.logger ?? createLogger("functions");
  const region = options.region ?? "us-east-1";
  const host = options.host ?? "127.0.0.1";
  // Anyone who reaches the runner runs its functions with an event of their choosing.
  if (!isLoopbackName(host) && !options.insecure)
    throw new Error(
      `refusing to listen on ${host}: the function runner checks no signature, so anyone who can reach it could run its functions. Pass --insecure to accept that.`,
    );
  const guards: HttpGuards = {
    corsOrigins: [],
    allowHosts: [],
    loopbackOnly: isLoopbackName(host),
  };
  const requestTimeout = options.requestTimeoutMs ?? 60_000;
  const server = createServer(
    // Node checks for late requests this often (30 s by default, too coarse for short timeouts).
    { connectionsCheckingInterval: Math.max(100, Math.min(30_000, requestTimeout / 4)) },
    (req, res) => {
      void handle(req, res).catch((error) => {
        log.error({ err: error }, "invocation failed inside the runner");
        if (!res.headersSent)
          reply(
            res,
            500,
            { "x-amzn-ErrorType": "ServiceException" },
            {
              message: "The function runner failed",
            },
          );
      });
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const refused = refusal(req, guards);
    if (refused) {
      log.info({ host: req.headers.host, origin: req.headers.origin }, refused);
      return reply(res, 403, { "x-amzn-ErrorType": "AccessDeniedException" }, { message: refused });
    }
    const match = INVOKE_PATH.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (req.method !== "POST" || !match) {
      return reply(
        res,
        404,
        { "x-amzn-ErrorType": "UnknownOperationException" },
        {
          message: "Only POST /2015-03-31/functions/{name}/invocations is served here",
        },
      );
    }
    // The SDK sends a bare name, a partial ARN or a full ARN (`…:function:name[:qualifier]`).
    const raw = decodedSegment(match[1]);
    const name = raw.includes(":function:") ? raw.split(":function:")[1].split(":")[0] : raw;
    const file = FUNCTION_NAME.test(name) ? findHandlerFile(dir, name) : undefined;
    const arn = `arn:aws:lambda:${region}:000000000000:function:${name}`;
    if (!file) {
      return reply(
        res,
        404,
        { "x-amzn-ErrorType": "ResourceNotFoundException" },
        {
          Type: "User",
          message: `Function not found: ${arn}`,
        },
      );
    }
    const body = await readBody(req);
    if (body === undefined) {
      // The rest of the body is not read: the connection ends with this answer.
      return reply(
        res,
        413,
        { "x-amzn-ErrorType": "RequestTooLargeException", Connection: "close" },
        {
          Type: "User",
          message: `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
        },
      );
    }
    let event: unknown = {};
    if (body.trim() !== "") {
      try {
        event = JSON.parse(body);
      } catch {
        return reply(
          res,
          400,
          { "x-amzn-ErrorType": "InvalidRequestContentException" },
          {
            Type: "User",
            message: "Could not parse request body into json",
          },
        );
      }
    }
    const requestId = randomUUID();
    // Any signature is accepted; who signed, and for which service, goes to the debug log.
    log.debug({ function: name, requestId, ...signer(req.headers.authorization) }, "invoked");
    const context: FunctionContext = {
      functionName: name,
      awsRequestId: requestId,
      invokedFunctionArn: arn,
    };
    const headers = { "x-amzn-RequestId": requestId, "X-Amz-Executed-Version": "$LATEST" };
    try {
      const module = (await loadModule(file)) as { handler?: Handler };
      if (typeof module.handler !== "function")
        throw Object.assign(new Error(`${name} exports no handler function`), {
          name: "Runtime.HandlerNotFound",
        });
      const result = await module.handler(event, context);
      log.debug({ function: name, requestId }, "invocation completed");
      reply(res, 200, headers, result ?? null);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      // The developer's own handler, run on their machine: their log shows what it threw and
      // where (pino's `err`: message and stack), as CloudWatch would for a deployed function.
      log.warn(
        { function: name, requestId, errorType: e.name || "Error", err: e },
        "function threw",
      );
      reply(
        res,
        200,
        { ...headers, "X-Amz-Function-Error": "Unhandled" },
        {
          errorType: e.name || "Error",
          errorMessage: e.message,
          trace: (e.stack ?? "").split("\n"),
        },
      );
    }
  }

  /** Modification time of each handler file when it was first loaded. */
  const firstLoaded = new Map<string, number>();
  /**
   * The handler's module as the file is now: an edited file is imported again under a URL naming
   * its modification time (the module cache is keyed on the URL), so the next invocation runs the
   * new code, as a deployed Lambda function would. Modules it imports stay cached.
   */
  async function loadModule(file: string): Promise<unknown> {
    const mtime = statSync(file).mtimeMs;
    if (!firstLoaded.has(file)) firstLoaded.set(file, mtime);
    const url = pathToFileURL(file).href;
    if (firstLoaded.get(file) === mtime) return import(url);
    // tsx (which runs this server) caches a plain import() by path, whatever its query; its own
    // tsImport loads a URL with a new query afresh, TypeScript included.
    const { tsImport } = await import("tsx/esm/api");
    return tsImport(`${url}?mtime=${mtime}`, url);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  server.requestTimeout = requestTimeout;
  server.headersTimeout = Math.min(requestTimeout, 60_000);
  // A function may run up to 15 minutes; keep sockets the SDK reuses open between invocations.
  server.keepAliveTimeout = 120_000;
  const { port, address } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The SigV4 credential scope of an Authorization header: key id, region, service. */
export function signer(authorization: string | undefined) {
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    authorization ?? "",
  );
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : { unsigned: true };
}

/**
 * Why a request may not run a function, or undefined. The Lambda SDK sends neither `Origin` nor
 * `Sec-Fetch-Site`; a browser does, on every request a web page makes — and a page may POST to
 * this port without asking first (a "simple" cross-origin request runs, only its answer is hidden
 * from the page). On loopback the Host must name loopback too: a hostile page whose own name
 * resolves to 127.0.0.1 (DNS rebinding) sends its own name.
 */
function refusal(req: IncomingMessage, guards: HttpGuards): string | undefined {
  if (!hostAllowed(req.headers.host, guards))
    return `Host '${req.headers.host}' is not allowed: this function runner answers loopback names only`;
  const site = req.headers["sec-fetch-site"];
  if (req.headers.origin !== undefined || (site !== undefined && site !== "none"))
    return "Requests from web pages are refused: functions are invoked through the Lambda API";
  return undefined;
}

/** A path segment decoded; a malformed escape is kept as it is (and then names no function). */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function findHandlerFile(dir: string, name: string): string | undefined {
  return EXTENSIONS.map((ext) => join(dir, name + ext)).find((file) => existsSync(file));
}

/**
 * The body as text, or undefined as soon as it is known to be over Lambda's limit: a declared
 * `Content-Length` above it is refused before reading, a longer stream when the limit is passed
 * (the rest is never read, let alone kept).
 */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_PAYLOAD_BYTES)
    return Promise.resolve(undefined);
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) return void chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      done(undefined);
    };
    req.on("data", onData);
    req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
  });
}

function reply(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}
