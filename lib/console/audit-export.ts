/**
 * The audit log over HTTP: query parameters → filter, and the streamed CSV/JSON download.
 */
import {
  AUDIT_CSV_HEADER,
  auditCsvLines,
  auditFacets,
  auditPages,
  queryAudit,
  type AuditFilter,
} from "./audit";
import type { Db } from "./db";
import { validationFault } from "./faults";

const OUTCOMES = new Set(["attempt", "ok", "fault", "denied"]);

function time(value: string | null): number | undefined | null {
  if (!value) return undefined;
  const n = /^[0-9]+$/.test(value) ? Number(value) : Date.parse(value);
  // A whole number the database can compare with its BIGINT column (PostgreSQL refuses others).
  return Number.isSafeInteger(n) ? n : null;
}

/** `?user=&action=&outcome=&from=&to=&target=&bulk=&before=` → a filter (400 on bad values). */
export function auditFilterFrom(q: URLSearchParams): AuditFilter {
  const from = time(q.get("from"));
  const to = time(q.get("to"));
  if (from === null || to === null)
    throw validationFault("from and to must be dates or epoch milliseconds");
  const outcome = q.get("outcome") || undefined;
  if (outcome && !OUTCOMES.has(outcome))
    throw validationFault("outcome must be attempt, ok, fault or denied");
  const before = q.get("before") ? Number(q.get("before")) : undefined;
  return {
    username: q.get("user") || undefined,
    action: q.get("action") || undefined,
    outcome: outcome as AuditFilter["outcome"],
    from,
    to,
    target: q.get("target") || undefined,
    bulkId: q.get("bulk") || undefined,
    before: Number.isSafeInteger(before) ? before : undefined,
  };
}

/** One page of the log, newest first, with the cursor of the next page and the filter pickers. */
export async function auditPage(db: Db, filter: AuditFilter, limitText: string | null) {
  const limit = Math.min(Math.max(Number(limitText ?? 50) || 50, 1), 500);
  const entries = await queryAudit(db, { ...filter, limit: limit + 1 });
  const more = entries.length > limit;
  const page = entries.slice(0, limit);
  return {
    entries: page,
    nextBefore: more ? page[page.length - 1].id : null,
    facets: await auditFacets(db),
  };
}

/**
 * Every matching entry as a download, produced page by page as the client reads: memory stays at
 * one page however large the log, and a client that stops reading stops the queries.
 */
export function auditExport(db: Db, filter: AuditFilter, format: "csv" | "json"): Response {
  const pages = auditPages(db, filter);
  const encoder = new TextEncoder();
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? AUDIT_CSV_HEADER : "["));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) {
        if (format === "json") controller.enqueue(encoder.encode(first ? "]\n" : "\n]\n"));
        controller.close();
        return;
      }
      if (format === "csv") controller.enqueue(encoder.encode(auditCsvLines(next.value)));
      else {
        const text = next.value
          .map((e) => {
            const separator = first ? "\n" : ",\n";
            first = false;
            return separator + JSON.stringify(e);
          })
          .join("");
        controller.enqueue(encoder.encode(text));
      }
    },
    cancel() {
      void pages.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(stream, {
    headers: {
      "content-type": `${format === "csv" ? "text/csv" : "application/json"}; charset=utf-8`,
      "content-disposition": `attachment; filename="swf-console-audit-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
}
