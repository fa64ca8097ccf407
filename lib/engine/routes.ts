/**
 * The engine's GET endpoints, outside the SWF protocol (which is POST-only): liveness and
 * Prometheus metrics. Each route is a path and a handler; an extension (a change feed, say)
 * adds its entry to `extensionRoutes`.
 */
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
    ["/metrics", (_req, res) => metrics(ctx, res)],
    [
      CHANGES_PATH,
      (req, res) => serveChanges(ctx.engine.changeFeed, !ctx.engine.settings.credentials, req, res),
    ],
  ]);
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

async function metrics(ctx: RouteContext, res: ServerResponse) {
  const text = await ctx.metrics.text();
  res.writeHead(200, {
    "Content-Type": ctx.metrics.contentType,
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}
