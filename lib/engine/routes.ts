/**
 * The engine's GET endpoints, outside the SWF protocol (which is POST-only): liveness,
 * Prometheus metrics, the change feed and the task lists with pending tasks. Each route is a path and a handler; an extension (a change feed, say)
 * adds its entry to `extensionRoutes`.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CHANGES_PATH, serveChanges } from "./change-feed";
import type { Engine } from "./engine";
import type { EngineMetrics } from "./metrics";

export type GetRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RouteContext {
  engine: Engine;
  metrics: EngineMetrics;
  /** True once the engine is shutting down (health turns 503 so load balancers stop sending). */
  draining: () => boolean;
}

export function extensionRoutes(ctx: RouteContext): ReadonlyMap<string, GetRoute> {
  const ping = ctx.engine.store.db.prepare("SELECT 1");
  return new Map<string, GetRoute>([
    ["/healthz", (_req, res) => healthz(ctx, () => ping.get(), res)],
    ["/metrics", (req, res) => metrics(ctx, req, res)],
    [
      CHANGES_PATH,
      (req, res) => serveChanges(ctx.engine.changeFeed, !ctx.engine.settings.credentials, req, res),
    ],
    [PENDING_TASK_LISTS_PATH, (req, res) => pendingTaskLists(ctx, req, res)],
  ]);
}

export const PENDING_TASK_LISTS_PATH = "/_task-lists";

/**
 * `GET /_task-lists?domain=D` → `{"taskLists":[{"taskList","decision","activity"}]}`: the
 * domain's task lists with pending tasks. SWF has no action that lists task lists; the console
 * uses this to show lists that only scheduled work names. Like the change feed it is unsigned,
 * so an engine that checks signatures does not serve it (it would name task lists to anyone).
 */
function pendingTaskLists(ctx: RouteContext, req: IncomingMessage, res: ServerResponse) {
  if (ctx.engine.settings.credentials)
    return refuse(res, 404, "Not served by an engine that checks signatures");
  const domain = new URL(req.url ?? "/", "http://engine").searchParams.get("domain");
  if (!domain) return refuse(res, 400, "domain is required");
  const body = JSON.stringify({
    taskLists: ctx.engine.store.decisionQueue.pendingTaskLists(domain),
  });
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}

function healthz(ctx: RouteContext, ping: () => unknown, res: ServerResponse) {
  let status = ctx.draining() ? "stopping" : "ok";
  try {
    // A read that goes through SQLite: a store that cannot answer is not healthy.
    ping();
  } catch {
    status = "store unavailable";
  }
  const body = JSON.stringify({ status });
  res.writeHead(status === "ok" ? 200 : 503, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}

async function metrics(ctx: RouteContext, req: IncomingMessage, res: ServerResponse) {
  const { metricsToken, credentials } = ctx.engine.settings;
  if (metricsToken === undefined && credentials)
    return refuse(
      res,
      404,
      "Metrics are off on an engine that checks signatures; set ENGINE_METRICS_TOKEN to serve them",
    );
  if (metricsToken !== undefined && !bearerMatches(req.headers.authorization, metricsToken))
    return refuse(res, 401, "Metrics need Authorization: Bearer <ENGINE_METRICS_TOKEN>", {
      "WWW-Authenticate": 'Bearer realm="metrics"',
    });
  const text = await ctx.metrics.text();
  res.writeHead(200, {
    "Content-Type": ctx.metrics.contentType,
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

/** Compared as digests, so that neither the token's length nor its prefix shows in the timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function refuse(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify({ message });
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}
