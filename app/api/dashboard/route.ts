import { NextResponse } from "next/server";
import { dashboardReport } from "@/lib/console/dashboard";
import { DASHBOARD_WINDOWS, type DashboardWindow } from "@/lib/console/dashboard-model";
import { guard, jsonError } from "@/lib/console/http";
import { swfClient } from "@/lib/swf/client";
import { toSwfError } from "@/lib/swf/errors";

export const dynamic = "force-dynamic";

/** The domain dashboard: `?domain=&window=1h|24h|7d`. */
export async function GET(request: Request) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Dashboard.Read" });
  if (user instanceof Response) return user;
  const q = new URL(request.url).searchParams;
  const domain = q.get("domain");
  if (!domain) return jsonError(400, "ValidationError", "domain is required");
  const window = q.get("window") ?? "24h";
  if (!(window in DASHBOARD_WINDOWS))
    return jsonError(400, "ValidationError", "window must be one of 1h, 24h, 7d");
  try {
    const report = await dashboardReport(swfClient(), domain, window as DashboardWindow);
    return NextResponse.json(report, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    const { status, body } = toSwfError(error);
    return NextResponse.json(body, { status });
  }
}
