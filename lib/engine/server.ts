import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createLogger, type Logger } from "../log";
import { strictMode, verifySignature, type StrictMode } from "./auth";
import { Engine, type EngineOptions } from "./engine";
import {
  InternalFailure,
  LimitExceededFault,
  SerializationException,
  SwfFault,
  UnknownOperationException,
} from "./faults";
import {
  CORS_ALLOW_HEADERS,
  corsOrigin,
  hostChecker,
  isLoopbackName,
  listenRefusal,
  MAX_JSON_DEPTH,
  nestedDeeperThan,
  type HttpGuards,
} from "./http-guards";
import { EngineMetrics } from "./metrics";
import { extensionRoutes, type GetRoute } from "./routes";
import { isOperation } from "./schemas";
import { releaseUndelivered } from "./undelivered";

const TARGET_PREFIX = "SimpleWorkflowService.";
const MAX_REQUEST_BYTES = 1024 * 1024;
const CONTENT_TYPE = "application/x-amz-json-1.0";
const CORAL_SERVICE_NS = "com.amazon.coral.service";
const NEVER = new AbortController();

export interface ServerOptions {
  /** Browser origins that get CORS headers (none by default: SDKs and CLIs never need CORS). */
  corsOrigins?: readonly string[];
  /** Host names accepted besides loopback ones when the engine listens on loopback. */
  allowHosts?: readonly string[];
  /** Open connections served; beyond it requests get LimitExceededFault (default 4096). */
  maxConnections?: number;
  /** Long polls held at once, all task lists together (default 4000). */
  maxHeldPolls?: number;
  /** Time allowed to receive a whole request, headers and body (default 30 s); 0 = unlimited. */
  requestTimeoutMs?: number;
  logger?: Logger;
}

export interface RunningEngine {
  engine: Engine;
  server: Server;
  url: string;
  port: number;
  metrics: EngineMetrics;
  /**
   * Graceful stop: no new connections, held long polls answered empty, requests in flight
   * answered, everything committed, store closed.
   */
  close(): Promise<void>;
}

/** A fault that belongs to the HTTP layer rather than to SWF (coral namespace). */
const coralFault = (name: string, status: number) => (message: string) =>
  new SwfFault(name, message, CORAL_SERVICE_NS, status);
const HostNotAllowed = coralFault("AccessDeniedException", 403);
const RequestTimeout = coralFault("RequestTimeoutException", 408);

/** What a server needs beyond the engine: its guards, limits, logger and metrics. */
interface Context {
  engine: Engine;
  guards: HttpGuards;
  hostAllowed: (header: string | undefined) => boolean;
  strict?: StrictMode;
  maxConnections: number;
  maxHeldPolls: number;
  log: Logger;
  metrics: EngineMetrics;
  routes: ReadonlyMap<string, GetRoute>;
  /** Requests received and not yet answered. */
  inFlight: number;
  /** Poll requests received and not yet answered. */
  polls: number;
  /** The connection of the latest request, and when one came on another connection. */
  recent: { socket?: Socket; otherAt: number };
  /** Connections beyond `maxConnections`: their requests are refused. */
  overCap: WeakSet<Socket>;
  draining: boolean;
  idle?: () => void;
}

/** Serves SWF's JSON 1.0 protocol: `POST /` with `X-Amz-Target: SimpleWorkflowService.<Action>`. */
export function createEngineServer(
  engine: Engine,
  options: ServerOptions & { loopbackOnly?: boolean } = {},
): { server: Server; context: Context } {
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const server = createServer(
    // Node checks request timeouts on this interval; keep it well below the timeout.
    { connectionsCheckingInterval: Math.max(100, Math.min(30_000, requestTimeout / 4 || 30_000)) },
    (req, res) => void handle(context, req, res),
  );
  const maxConnections = options.maxConnections ?? 4096;
  const metrics = new EngineMetrics(engine, () => engine.dispatcher.held);
  const guards: HttpGuards = {
    corsOrigins: options.corsOrigins ?? [],
    allowHosts: options.allowHosts ?? [],
    loopbackOnly: options.loopbackOnly ?? true,
  };
  const context: Context = {
    engine,
    guards,
    hostAllowed: hostChecker(guards),
    strict: engine.settings.credentials
      ? strictMode(engine.settings.credentials, engine.settings.region)
      : undefined,
    maxConnections,
    maxHeldPolls: options.maxHeldPolls ?? 4000,
    log: options.logger ?? createLogger("engine"),
    metrics,
    routes: new Map(),
    inFlight: 0,
    polls: 0,
    recent: { otherAt: 0 },
    overCap: new WeakSet(),
    draining: false,
  };
  context.routes = extensionRoutes({ engine, metrics, draining: () => context.draining });

  // Long polls hold requests for up to 60 s and SDKs reuse sockets: keep both well above that.
  // The request timeout covers receiving a request only, never the wait for its answer.
  server.keepAliveTimeout = 120_000;
  server.requestTimeout = requestTimeout;
  server.headersTimeout = requestTimeout > 0 ? Math.min(requestTimeout, 60_000) : 60_000;
  // Up to the cap connections are served; beyond it they get a fault they can read; far beyond
  // it the kernel's backlog is all they get.
  server.maxConnections = maxConnections * 2;
  let open = 0;
  server.on("connection", (socket: Socket) => {
    open++;
    if (open > maxConnections) context.overCap.add(socket);
    socket.once("close", () => open--);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    // Malformed HTTP, or a request that took longer than the request timeout to arrive.
    if (socket.writable && socket.bytesWritten === 0) {
      const fault =
        error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? RequestTimeout(`The request was not received within ${requestTimeout} ms`)
          : SerializationException("Malformed HTTP request");
      const body = JSON.stringify(fault.toBody());
      socket.write(
        `HTTP/1.1 ${fault.status} ${fault.status === 408 ? "Request Timeout" : "Bad Request"}\r\n` +
          `Content-Type: ${CONTENT_TYPE}\r\nx-amzn-ErrorType: ${fault.faultName}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  });
  return { server, context };
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  const requestId = randomUUID();
  ctx.inFlight++;
  if (ctx.recent.socket !== req.socket) {
    ctx.recent.socket = req.socket;
    ctx.recent.otherAt = started;
  }
  res.setHeader("x-amzn-RequestId", requestId);
  if (ctx.draining) res.setHeader("Connection", "close");
  let operation = "";
  let fault = "";
  // The client going away aborts a long poll so that no task is handed to a dead connection,
  // and releases a task whose answer it did not get. A pipelined answer queued behind another
  // one never sees its own "close": the socket's tells.
  let abort: AbortController | undefined;
  let undelivered: (() => void) | undefined;
  const socket = req.socket;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    socket.off("close", end);
    if (!res.writableFinished) {
      abort?.abort();
      undelivered?.();
    }
    if (--ctx.inFlight === 0) ctx.idle?.();
    const seconds = (performance.now() - started) / 1000;
    ctx.metrics.request(operation || "none", fault, seconds);
    ctx.log.debug({ requestId, operation, ms: seconds * 1000, fault }, "request");
  };
  res.once("close", end);
  socket.once("close", end);

  if (!ctx.hostAllowed(req.headers.host)) {
    ctx.metrics.refuse("host");
    fault = "AccessDeniedException";
    return sendFault(
      res,
      HostNotAllowed(
        `Host '${req.headers.host}' is not allowed: this engine answers loopback names only (add others with --allow-host)`,
      ),
    );
  }
  const origin = corsOrigin(req.headers.origin, ctx.guards);
  if (origin !== undefined) corsHeaders(res, origin);
  if (req.method === "OPTIONS") return void res.writeHead(origin ? 204 : 403).end();

  if (req.method === "GET" || req.method === "HEAD") {
    const path = (req.url ?? "/").split("?")[0];
    const route = ctx.routes.get(path);
    if (route) {
      operation = `GET ${path}`;
      try {
        return await route(req, res);
      } catch (error) {
        ctx.log.error({ err: error, requestId, path: req.url }, "GET route failed");
        fault = "InternalFailure";
        return sendFault(res, InternalFailure("The engine failed to answer"));
      }
    }
  }

  let poll = false;
  try {
    if (req.method !== "POST")
      throw UnknownOperationException(`Unsupported method ${req.method}; use POST /`);
    const target = req.headers["x-amz-target"];
    if (typeof target !== "string" || !target.startsWith(TARGET_PREFIX)) {
      throw UnknownOperationException(
        target ? `Unknown operation target: ${target}` : "Missing X-Amz-Target header",
      );
    }
    const name = target.slice(TARGET_PREFIX.length);
    // Only known names become metric labels: a client must not grow the label set at will.
    operation = isOperation(name) ? name : "unknown";
    if (ctx.overCap.has(req.socket)) {
      ctx.metrics.refuse("connections");
      res.setHeader("Connection", "close");
      throw LimitExceededFault(
        `More than ${ctx.maxConnections} connections are open: retry on a connection the engine has room for`,
      );
    }
    if (operation === "PollForDecisionTask" || operation === "PollForActivityTask") {
      if (ctx.polls >= ctx.maxHeldPolls) {
        ctx.metrics.refuse("polls");
        throw LimitExceededFault(`More than ${ctx.maxHeldPolls} long polls are held at once`);
      }
      poll = true;
      ctx.polls++;
      abort = new AbortController();
    }
    const text = await readBody(req);
    // Signing time is checked against the wall clock: an injected (fake) engine clock moves
    // workflow time, not the clients' clocks.
    const caller = ctx.strict
      ? await verifySignature(
          { method: req.method, url: req.url ?? "/", headers: req.headers, body: text },
          ctx.strict,
          Date.now(),
        )
      : undefined;
    const body = parseBody(text);
    // Only long polls wait, so only they need to learn that their client left.
    const result = await ctx.engine.call(name, body, (abort ?? NEVER).signal, caller);
    // Answer only once what this request wrote, or read, is durable (group commit).
    await ctx.engine.store.settled(alone(ctx, req.socket)).catch((cause: unknown) => {
      throw new CommitFailed(cause);
    });
    const written = send(res, 200, result);
    const token = poll ? (result as { taskToken?: unknown }).taskToken : undefined;
    if (typeof token === "string") {
      const release = () => releaseTask(ctx, operation, token);
      if (!written || ended) release();
      else if (!res.writableFinished) undelivered = release;
    }
  } catch (error) {
    const swf =
      error instanceof SwfFault
        ? error
        : InternalFailure("The engine failed to process the request");
    if (!req.complete) res.setHeader("Connection", "close");
    // A client that went away mid-request is no failure of ours.
    const gone = req.destroyed && !req.complete;
    if (!(error instanceof SwfFault) && !(error instanceof CommitFailed) && !gone)
      ctx.log.error({ err: error, requestId, operation }, "internal error");
    // A fault may rest on state another request has not made durable yet.
    const stored =
      !(error instanceof CommitFailed) &&
      (await ctx.engine.store.settled(alone(ctx, req.socket)).then(
        () => true,
        (commitError: unknown) => {
          ctx.log.error({ err: commitError, requestId, operation }, "group commit failed");
          return false;
        },
      ));
    if (error instanceof CommitFailed)
      ctx.log.error({ err: error.cause, requestId, operation }, "group commit failed");
    const answer = stored ? swf : InternalFailure("The engine could not store the change");
    fault = answer.faultName;
    sendFault(res, answer);
  } finally {
    if (poll) ctx.polls--;
  }
}

/**
 * No other client is about to join the open group commit: this is the only request in flight
 * and, lately, every request came on this one connection (a single client's loop). Then the
 * commit need not wait for the end of the event-loop turn. With several clients it does wait, so
 * that requests arriving together share one fsync.
 */
function alone(ctx: Context, socket: Socket): boolean {
  return (
    ctx.inFlight <= 1 &&
    ctx.recent.socket === socket &&
    performance.now() - ctx.recent.otherAt > SHARED_MS
  );
}

/** How long after a request on another connection commits keep waiting for company. */
const SHARED_MS = 50;

/**
 * A task whose answer did not reach its poller (the connection closed before it was written) is
 * released at once instead of waiting out its start-to-close timeout.
 */
function releaseTask(ctx: Context, operation: string, token: string) {
  try {
    releaseUndelivered(ctx.engine, operation === "PollForActivityTask" ? "a" : "d", token);
    ctx.log.info({ operation }, "task answer not delivered: released the task");
  } catch (error) {
    ctx.log.error({ err: error, operation }, "could not release an undelivered task");
  }
}

/** The group commit holding this request's change failed: the change is gone. */
class CommitFailed extends Error {
  constructor(cause: unknown) {
    super(`the commit failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Writes the answer; false if the connection was already gone. */
function send(res: ServerResponse, status: number, body: unknown): boolean {
  if (res.destroyed) return false;
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, {
    "Content-Type": CONTENT_TYPE,
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
  return true;
}

function sendFault(res: ServerResponse, fault: SwfFault) {
  if (res.headersSent) return void res.end();
  res.setHeader("x-amzn-ErrorType", fault.faultName);
  send(res, fault.status, fault.toBody());
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
    req.on("end", () =>
      resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString()),
    );
    req.on("error", reject);
  });
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return {};
  if (nestedDeeperThan(text))
    throw SerializationException(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw SerializationException("Request body is not valid JSON");
  }
}

function corsHeaders(res: ServerResponse, origin: string) {
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
  res.setHeader("Access-Control-Expose-Headers", "x-amzn-requestid");
}

/** Opens the store, starts listening and resolves once requests are accepted. */
export async function startEngine(
  options: EngineOptions &
    ServerOptions & {
      host?: string;
      port?: number;
      /** Listen on a non-loopback address without credentials. */
      insecure?: boolean;
    },
): Promise<RunningEngine> {
  const host = options.host ?? "127.0.0.1";
  const refusal = listenRefusal({
    host,
    credentials: options.credentials !== undefined,
    insecure: options.insecure ?? false,
  });
  if (refusal) throw new Error(refusal);
  const engine = new Engine(options);
  const { server, context } = createEngineServer(engine, {
    ...options,
    loopbackOnly: isLoopbackName(host),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  }).catch((error: unknown) => {
    engine.close();
    throw error;
  });
  const { port, address } = server.address() as AddressInfo;
  const shown = address.includes(":") ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    engine,
    server,
    port,
    metrics: context.metrics,
    url: `http://${shown}:${port}`,
    close: () => (closing ??= drain(context, server)),
  };
}

/** Stops accepting, answers held polls empty, waits for answers in flight, commits, closes. */
async function drain(ctx: Context, server: Server): Promise<void> {
  ctx.draining = true;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  ctx.engine.dispatcher.close();
  ctx.engine.changeFeed.endStreams();
  if (ctx.inFlight > 0) {
    await new Promise<void>((resolve) => {
      ctx.idle = resolve;
      // Nothing may hold the process forever: a request stuck on a slow client is cut off.
      setTimeout(resolve, 10_000).unref();
    });
  }
  server.closeAllConnections();
  await closed;
  ctx.engine.close();
}
