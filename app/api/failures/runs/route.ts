import { failuresReport } from "@/lib/console/failures";
import { parseFailureWindow, runsOfGroup } from "@/lib/console/failures-group";
import { rerunStatuses } from "@/lib/console/failures-rerun-status";
import { ConsoleFault } from "@/lib/console/faults";
import { route } from "@/lib/console/route";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

const PAGE_SIZES = new Set([10, 25, 50, 100]);

/**
 * One page of a failure group's runs: `?domain=&window=…&key=&page=1&pageSize=25`, each with
 * whether it was re-run and by whom (`rerun`: the audit log, else SWF; null when not).
 */
export const GET = route({
  role: "viewer",
  action: "Failures.Read",
  handle: async ({ query: q, db }) => {
    const domain = q.get("domain");
    const key = q.get("key");
    if (!domain || !key)
      throw new ConsoleFault(400, "ValidationError", "domain and key are required");
    const parsed = parseFailureWindow(q.get("window"), q.get("from"), q.get("to"), Date.now());
    if ("error" in parsed) throw new ConsoleFault(400, "ValidationError", parsed.error);
    const page = Number(q.get("page") ?? 1);
    if (!Number.isSafeInteger(page) || page < 1)
      throw new ConsoleFault(400, "ValidationError", "page must be a whole number from 1");
    const pageSize = Number(q.get("pageSize") ?? 25);
    if (!PAGE_SIZES.has(pageSize))
      throw new ConsoleFault(400, "ValidationError", "pageSize must be 10, 25, 50 or 100");
    const swf = swfClient();
    const report = await failuresReport(swf, domain, parsed.window);
    const runs = runsOfGroup(report.runs, key);
    const shown = runs.slice((page - 1) * pageSize, page * pageSize);
    const statuses = await rerunStatuses(db, swf, domain, shown);
    return {
      total: runs.length,
      page,
      pageSize,
      runs: shown.map((run, i) => ({ ...run, rerun: statuses[i] })),
    };
  },
});
