import { NextResponse } from "next/server";
import { consoleDb } from "@/lib/console/db";
import { failuresReport, publicReport } from "@/lib/console/failures";
import { parseFailureWindow } from "@/lib/console/failures-group";
import { guard, jsonError } from "@/lib/console/http";
import { runbooksOf } from "@/lib/console/runbooks";
import { swfClient } from "@/lib/swf/client";
import { toSwfError } from "@/lib/swf/errors";

export const dynamic = "force-dynamic";

/**
 * Failure groups of a domain in a window: `?domain=&window=1h|24h|7d|custom[&from=&to=]`.
 * Each group carries its runbook note.
 */
export async function GET(request: Request) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Failures.Read" });
  if (user instanceof Response) return user;
  const q = new URL(request.url).searchParams;
  const domain = q.get("domain");
  if (!domain) return jsonError(400, "ValidationError", "domain is required");
  const parsed = parseFailureWindow(q.get("window"), q.get("from"), q.get("to"), Date.now());
  if ("error" in parsed) return jsonError(400, "ValidationError", parsed.error);
  try {
    const report = await failuresReport(swfClient(), domain, parsed.window);
    const notes = runbooksOf(consoleDb(), domain);
    return NextResponse.json(
      {
        ...publicReport(report),
        windowName: parsed.name,
        groups: report.groups.map((g) => ({ ...g, runbook: notes.get(g.runbookKey) ?? null })),
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    const { status, body } = toSwfError(error);
    return NextResponse.json(body, { status });
  }
}
