/**
 * The console process's one live hub, created on first use: the SWF client of the console, the
 * engine's change feed unless the console talks to AWS or `CONSOLE_LIVE_FEED=off`.
 */
import { Gauge } from "prom-client";
import { consoleDb } from "@/lib/console/db";
import { metricsRegistry } from "@/lib/console/metrics";
import { forgetOpenTaskLists } from "@/lib/console/open-task-lists";
import { consoleCallTimeoutMs, swfClient, swfTarget } from "@/lib/swf/client";
import { HUB_READ_TIMEOUT_MS, LiveHub } from "./hub";

const KEY = Symbol.for("swf-console.live-hub");
type Holder = { [KEY]?: LiveHub };

export function liveHub(): LiveHub {
  const g = globalThis as Holder;
  return (g[KEY] ??= withGauges(createHub()));
}

/** Live-stream clients and topic watchers, read when metrics are scraped. */
function withGauges(hub: LiveHub): LiveHub {
  const registers = [metricsRegistry()];
  new Gauge({
    name: "swf_console_live_clients",
    help: "Browser live streams (GET /api/live) open now.",
    registers,
    collect() {
      this.set(hub.clientCount);
    },
  });
  new Gauge({
    name: "swf_console_live_watchers",
    help: "Topics the live hub watches now (each shared by every stream that asked for it).",
    registers,
    collect() {
      this.set(hub.watcherCount);
    },
  });
  return hub;
}

function createHub(): LiveHub {
  return new LiveHub({
    swf: swfClient(),
    // Never longer than a page waits (CONSOLE_SWF_TIMEOUT_SECONDS).
    readTimeoutMs: Math.min(HUB_READ_TIMEOUT_MS, consoleCallTimeoutMs()),
    feedEndpoint:
      process.env.CONSOLE_LIVE_FEED === "off" || process.env.SWF_USE_AWS === "1"
        ? undefined
        : swfTarget().endpoint,
    inboxSignature: async () => {
      const row = await (
        await consoleDb()
      ).get<{ n: number; at: number | null }>(
        "SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM human_tasks",
      );
      return `${row!.n}:${row!.at ?? 0}`;
    },
    onDomainChanged: forgetOpenTaskLists,
  });
}
