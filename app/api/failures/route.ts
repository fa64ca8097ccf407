import { failuresReport, publicReport } from "@/lib/console/failures";
import { parseFailureWindow } from "@/lib/console/failures-group";
import { ConsoleFault } from "@/lib/console/faults";
import { route } from "@/lib/console/route";
import { runbooksOf } from "@/lib/console/runbooks";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

/**
 * Failure groups of a domain in a window: `?domain=&window=1h|24h|7d|custom[&from=&to=]`.
 * Each group carries its runbook note.
 */
export const GET = route({
  role: "viewer",
  action: "Failures.Read",
  handle: async ({ query, db }) => {
    const domain = query.get("domain");
    if (!domain) throw new ConsoleFault(400, "ValidationError", "domain is required");
    const parsed = parseFailureWindow(
      query.get("window"),
      query.get("from"),
      query.get("to"),
      Date.now(),
    );
    if ("error" in parsed) throw new ConsoleFault(400, "ValidationError", parsed.error);
    const report = await failuresReport(swfClient(), domain, parsed.window);
    const notes = await runbooksOf(db, domain);
    return {
      ...publicReport(report),
      windowName: parsed.name,
      groups: report.groups.map((g) => ({ ...g, runbook: notes.get(g.runbookKey) ?? null })),
    };
  },
});
