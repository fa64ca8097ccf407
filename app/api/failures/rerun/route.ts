import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { swfAuditTarget } from "@/lib/console/audit-target";
import { failuresReport, invalidateFailureReports } from "@/lib/console/failures";
import { parseFailureWindow, runsOfGroup } from "@/lib/console/failures-group";
import {
  executeRerun,
  MAX_RERUN,
  planRerun,
  type RerunPlanItem,
  type RerunResult,
} from "@/lib/console/failures-rerun";
import { claimRerun, rerunProgress } from "@/lib/console/failures-rerun-ledger";
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
 * Re-runs a failure group, at most MAX_RERUN runs a pass: a dry run returns the plan (the next
 * runs not re-run yet, with their inputs) and how many remain; the confirmation starts each run
 * and audits each start under one bulk id. The audit log is also the record of what was re-run
 * (failures-rerun-ledger.ts): the next pass takes the next runs, and no run starts twice.
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
    const group = runsOfGroup(report.runs, b.key);
    const { pending, rerun } = await rerunProgress(db, b.domain, group);
    // A pass takes the next runs not re-run yet; a confirmation, the runs its preview showed
    // (still in the group): each is claimed before it starts, so one re-run meanwhile is skipped.
    const wanted = b.runs && new Set(b.runs.map(runKey));
    const chosen = wanted ? group.filter((r) => wanted.has(runKey(r))) : pending;
    const plan = await planRerun(swf, b.domain, chosen.slice(0, MAX_RERUN), b.input);
    const counts = { total: group.length, remaining: pending.length, rerun, limit: MAX_RERUN };
    if (b.dryRun) return { dryRun: true, ...counts, plan };

    const closedAt = new Map(chosen.map((r) => [runKey(r), r.closedAt]));
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
    const outcome = (r: RerunResult, attemptId?: number) =>
      recordAudit(db, {
        ...(r.runId
          ? { ...entry(r, r.runId), result: { runId: r.runId }, outcome: "ok" as const }
          : { ...entry(r), outcome: "fault" as const, fault: r.fault, message: r.message }),
        attemptId,
      }).catch((err: unknown) => log.error({ err }, "could not write the audit outcome"));
    const results = await executeRerun(swfWriteClient(), plan, async (item, attempt) => {
      // Nothing is sent for a run that cannot be re-run: its fault alone is recorded.
      if (!item.start) {
        const r = await attempt();
        await outcome(r);
        return r;
      }
      // The attempt row is the claim: written only if no pass re-ran this run meanwhile.
      const run = { ...item.from, closedAt: closedAt.get(runKey(item.from)) ?? 0 };
      const attemptId = await claimRerun(db, b.domain, run, () =>
        recordAudit(db, { ...entry(item), outcome: "attempt" }),
      );
      if (attemptId === undefined)
        return { ...item, outcome: "skipped", message: "re-run already (by another pass)" };
      const r = await attempt();
      // What was done is done: an outcome row that cannot be written leaves the attempt open in
      // the log (sent, outcome not recorded), and the other runs still start.
      await outcome(r, attemptId);
      return r;
    });
    invalidateFailureReports(b.domain);
    const after = await rerunProgress(db, b.domain, group);
    return {
      dryRun: false,
      ...counts,
      remaining: after.pending.length,
      rerun: after.rerun,
      bulkId,
      results,
    };
  },
});

function runKey(r: { workflowId: string; runId: string }) {
  return `${r.workflowId}\u0000${r.runId}`;
}
