import { ConsoleFault } from "@/lib/console/faults";
import { metricsAccess, metricsRegistry } from "@/lib/console/metrics";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

/**
 * Prometheus text. Off (404) unless `CONSOLE_METRICS_TOKEN` is set; then only with
 * `Authorization: Bearer <token>` (401 otherwise).
 */
export const GET = route({
  role: "public",
  action: "Metrics",
  handle: async ({ request }) => {
    const access = metricsAccess(request);
    if (access === "off")
      throw new ConsoleFault(404, "MetricsDisabled", "Set CONSOLE_METRICS_TOKEN to serve metrics");
    if (access === "refused")
      throw new ConsoleFault(401, "Unauthenticated", "Metrics need Authorization: Bearer <token>");
    const registry = metricsRegistry();
    return new Response(await registry.metrics(), {
      headers: { "content-type": registry.contentType, "cache-control": "no-store" },
    });
  },
});
