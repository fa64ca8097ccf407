import { dashboardReport } from "@/lib/console/dashboard";
import { DASHBOARD_WINDOWS, type DashboardWindow } from "@/lib/console/dashboard-model";
import { ConsoleFault } from "@/lib/console/faults";
import { route } from "@/lib/console/route";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

/** The domain dashboard: `?domain=&window=1h|24h|7d`. */
export const GET = route({
  role: "viewer",
  action: "Dashboard.Read",
  handle: ({ query }) => {
    const domain = query.get("domain");
    if (!domain) throw new ConsoleFault(400, "ValidationError", "domain is required");
    const window = query.get("window") ?? "24h";
    if (!Object.hasOwn(DASHBOARD_WINDOWS, window))
      throw new ConsoleFault(400, "ValidationError", "window must be one of 1h, 24h, 7d");
    return dashboardReport(swfClient(), domain, window as DashboardWindow);
  },
});
