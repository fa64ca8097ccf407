/**
 * The console's Prometheus metrics (`GET /api/metrics`, opened by `CONSOLE_METRICS_TOKEN`).
 *
 * One registry per process, kept on `globalThis` because Next.js may load this module in several
 * bundles (a second registration of the same metric name would throw). Other console parts add
 * their own gauges to `metricsRegistry()` — the inbox's (depth, poller state: inbox-metrics.ts) are
 * registered here, others (the live stream's clients) by their module — with names starting
 * `swf_console_`.
 */
import { timingSafeEqual, createHash } from "node:crypto";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { observeSwfCalls } from "@/lib/swf/client";
import type { Env } from "./config";
import { registerInboxMetrics } from "./inbox-metrics";

export interface ConsoleMetrics {
  registry: Registry;
  swfCallSeconds: Histogram<"action" | "outcome">;
  swfCallErrors: Counter<"action" | "fault">;
  loginsRefused: Counter<"reason">;
  requestSeconds: Histogram<"action" | "status">;
  observeRequest(action: string, status: number, seconds: number): void;
}

const KEY = Symbol.for("swf-console.metrics");

function create(): ConsoleMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "swf_console_" });
  const swfCallSeconds = new Histogram({
    name: "swf_console_swf_call_duration_seconds",
    help: "Latency of the console's SWF calls, by action and outcome (ok or fault).",
    labelNames: ["action", "outcome"] as const,
    // Long polls (the inbox poller) last up to 60 s.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 65],
    registers: [registry],
  });
  const swfCallErrors = new Counter({
    name: "swf_console_swf_call_errors_total",
    help: "SWF calls that failed, by action and fault name.",
    labelNames: ["action", "fault"] as const,
    registers: [registry],
  });
  const loginsRefused = new Counter({
    name: "swf_console_logins_refused_total",
    help: "Refused sign-ins, by reason (credentials, throttled, oidc).",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: "swf_console_http_request_duration_seconds",
    help: "Console API requests, by action (or path) and HTTP status.",
    labelNames: ["action", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  registerInboxMetrics(registry);
  observeSwfCalls(({ action, seconds, fault }) => {
    swfCallSeconds.observe({ action, outcome: fault ? "fault" : "ok" }, seconds);
    if (fault) swfCallErrors.inc({ action, fault });
  });
  return {
    registry,
    swfCallSeconds,
    swfCallErrors,
    loginsRefused,
    requestSeconds,
    observeRequest(action, status, seconds) {
      requestSeconds.observe({ action, status: String(status) }, seconds);
    },
  };
}

export function consoleMetrics(): ConsoleMetrics {
  const g = globalThis as { [KEY]?: ConsoleMetrics };
  return (g[KEY] ??= create());
}

/** The registry other console parts add their gauges to. */
export function metricsRegistry(): Registry {
  return consoleMetrics().registry;
}

/**
 * Whether `Authorization: Bearer <token>` matches `CONSOLE_METRICS_TOKEN` (compared in constant
 * time). Without the variable the endpoint is off: undefined.
 */
export function metricsAccess(request: Request, env: Env = process.env): "off" | "ok" | "refused" {
  const token = env.CONSOLE_METRICS_TOKEN?.trim();
  if (!token) return "off";
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim();
  if (!given) return "refused";
  const digest = (t: string) => createHash("sha256").update(t).digest();
  return timingSafeEqual(digest(given), digest(token)) ? "ok" : "refused";
}
