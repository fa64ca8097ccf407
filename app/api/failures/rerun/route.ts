import { randomUUID } from "node:crypto";
import { z } from "zod";
import { auditAround, recordAudit } from "@/lib/console/audit";
import { swfAuditTarget } from "@/lib/console/audit-target";
import { failuresReport, invalidateFailureReports } from "@/lib/console/failures";
import { parseFailureWindow, runsOfGroup } from "@/lib/console/failures-group";
import {
  executeRerun,
  MAX_RERUN,
  planRerun,
  type RerunPlanItem,
} from "@/lib/console/failures-rerun";
import { ConsoleFault } from "@/lib/console/faults";
import { route } from "@/lib/console/route";
import { swfWriteClient } from "@/lib/console/swf-proxy";
import { ACTIONS } from "@/lib/swf/actions";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

const execution = z.strictObject({
  workflowId: z.string().min(1).max(256),
  runId: z.string().min(1).max(64),
});
const Body = z.strictObject({
  domain: z.string().min(1).max(256),
  window: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  key: z.string().min(1).max(4000),
  /** One input for every run; absent: each run's own input. */
  input: z.string().max(32_768).optional(),
  dryRun: z.boolean(),
  /** The runs a preview showed: the confirmation starts exactly these (if still in the group). */
  runs: z.array(execution).max(MAX_RERUN).optional(),
});

/**
 * Re-runs a failure group: a dry run returns the plan (what would start, with which input); the
 * confirmation starts each run and audits each start under one bulk id.
 */
export const POST = route({
  role: ACTIONS.StartWorkflowExecution.role,
  action: "Failures.Rerun",
  what: "re-run executions",
  body: Body,
  // Each start is audited on its own (under one bulk id), not the re-run as a whole.
  handle: async ({ body: b, db, user, ip, log }) => {
    const window = parseFailureWindow(b.window ?? null, b.from ?? null, b.to ?? null, Date.now());
    if ("error" in window) throw new ConsoleFault(400, "ValidationError", window.error);
    const swf = swfClient();
    const report = await failuresReport(swf, b.domain, window.window);
    let runs = runsOfGroup(report.runs, b.key).map((r) => ({
      workflowId: r.workflowId,
      runId: r.runId,
    }));
    if (b.runs) {
      const chosen = new Set(b.runs.map((r) => `${r.workflowId}\u0000${r.runId}`));
      runs = runs.filter((r) => chosen.has(`${r.workflowId}\u0000${r.runId}`));
    }
    const total = runs.length;
    const plan = await planRerun(swf, b.domain, runs, b.input);
    if (b.dryRun) return { dryRun: true, total, limit: MAX_RERUN, plan };

    const bulkId = randomUUID();
    // Like every SWF call of the console: an attempt row before each start, its outcome after.
    const entry = (r: RerunPlanItem, runId?: string) => {
      const input = (r.start ?? { domain: b.domain, workflowId: r.from.workflowId }) as Record<
        string,
        unknown
      >;
      return {
        username: user.username,
        role: user.role,
        action: "StartWorkflowExecution",
        ...swfAuditTarget("StartWorkflowExecution", input, runId ? { runId } : undefined),
        parameters: { ...input, rerunOf: r.from },
        ip,
        bulkId,
      };
    };
    const results = await executeRerun(swfWriteClient(), plan, async (item, attempt) => {
      if (item.start)
        return auditAround(db, entry(item), attempt, (r) =>
          r.runId
            ? { ...entry(r, r.runId), result: { runId: r.runId } }
            : { fault: r.fault, message: r.message },
        );
      // Nothing is sent for a run that cannot be re-run: its fault alone is recorded.
      const r = await attempt();
      await recordAudit(db, {
        ...entry(r),
        outcome: "fault",
        fault: r.fault,
        message: r.message,
      }).catch((err: unknown) => log.error({ err }, "could not write the audit outcome"));
      return r;
    });
    invalidateFailureReports(b.domain);
    return { dryRun: false, total, limit: MAX_RERUN, bulkId, results };
  },
});
