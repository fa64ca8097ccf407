import { NextResponse } from "next/server";
import { failuresReport } from "@/lib/console/failures";
import { parseFailureWindow, runsOfGroup } from "@/lib/console/failures-group";
import { guard, jsonError } from "@/lib/console/http";
import { swfClient } from "@/lib/swf/client";
import { toSwfError } from "@/lib/swf/errors";

export const dynamic = "force-dynamic";

const PAGE_SIZES = new Set([10, 25, 50, 100]);

/** One page of a failure group's runs: `?domain=&window=…&key=&page=1&pageSize=25`. */
export async function GET(request: Request) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Failures.Read" });
  if (user instanceof Response) return user;
  const q = new URL(request.url).searchParams;
  const domain = q.get("domain");
  const key = q.get("key");
  if (!domain || !key) return jsonError(400, "ValidationError", "domain and key are required");
  const parsed = parseFailureWindow(q.get("window"), q.get("from"), q.get("to"), Date.now());
  if ("error" in parsed) return jsonError(400, "ValidationError", parsed.error);
  const page = Math.max(1, Math.floor(Number(q.get("page") ?? 1)) || 1);
  const pageSize = Number(q.get("pageSize") ?? 25);
  if (!PAGE_SIZES.has(pageSize))
    return jsonError(400, "ValidationError", "pageSize must be 10, 25, 50 or 100");
  try {
    const report = await failuresReport(swfClient(), domain, parsed.window);
    const runs = runsOfGroup(report.runs, key);
    return NextResponse.json(
      {
        total: runs.length,
        page,
        pageSize,
        runs: runs.slice((page - 1) * pageSize, page * pageSize),
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    const { status, body } = toSwfError(error);
    return NextResponse.json(body, { status });
  }
}
