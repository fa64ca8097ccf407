import { NextResponse } from "next/server";
import { auditFacets, auditToCsv, queryAudit, type AuditFilter } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import { guard, jsonError } from "@/lib/console/http";

export const dynamic = "force-dynamic";

const OUTCOMES = new Set(["ok", "fault", "denied"]);

function time(value: string | null): number | undefined | null {
  if (!value) return undefined;
  const n = /^[0-9]+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * The audit log, newest first: `?user=&action=&outcome=&from=&to=&target=&before=&limit=`.
 * `format=csv` or `format=json` downloads every matching entry (up to 100,000) as a file.
 */
export async function GET(request: Request) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Audit.Read" });
  if (user instanceof Response) return user;
  const q = new URL(request.url).searchParams;
  const from = time(q.get("from"));
  const to = time(q.get("to"));
  if (from === null || to === null)
    return jsonError(400, "ValidationError", "from and to must be dates or epoch milliseconds");
  const outcome = q.get("outcome") || undefined;
  if (outcome && !OUTCOMES.has(outcome))
    return jsonError(400, "ValidationError", "outcome must be ok, fault or denied");
  const before = q.get("before") ? Number(q.get("before")) : undefined;
  const filter: AuditFilter = {
    username: q.get("user") || undefined,
    action: q.get("action") || undefined,
    outcome: outcome as AuditFilter["outcome"],
    from,
    to,
    target: q.get("target") || undefined,
    bulkId: q.get("bulk") || undefined,
    before: Number.isFinite(before) ? before : undefined,
  };
  const db = consoleDb();
  const format = q.get("format");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  if (format === "csv") {
    return new Response(auditToCsv(queryAudit(db, { ...filter, limit: 100_000 })), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="swf-console-audit-${stamp}.csv"`,
        "cache-control": "no-store",
      },
    });
  }
  if (format === "json") {
    return new Response(JSON.stringify(queryAudit(db, { ...filter, limit: 100_000 }), null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="swf-console-audit-${stamp}.json"`,
        "cache-control": "no-store",
      },
    });
  }
  const limit = Math.min(Math.max(Number(q.get("limit") ?? 50) || 50, 1), 500);
  const entries = queryAudit(db, { ...filter, limit: limit + 1 });
  const more = entries.length > limit;
  const page = entries.slice(0, limit);
  return NextResponse.json(
    { entries: page, nextBefore: more ? page[page.length - 1].id : null, facets: auditFacets(db) },
    { headers: { "cache-control": "no-store" } },
  );
}
