import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { swfAuditTarget } from "@/lib/console/audit-target";
import { consoleDb } from "@/lib/console/db";
import { failuresReport, invalidateFailureReports } from "@/lib/console/failures";
import { parseFailureWindow, runsOfGroup } from "@/lib/console/failures-group";
import { executeRerun, MAX_RERUN, planRerun } from "@/lib/console/failures-rerun";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { ACTIONS } from "@/lib/swf/actions";
import { swfClient } from "@/lib/swf/client";
import { toSwfError } from "@/lib/swf/errors";

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
export async function POST(request: Request) {
  const body = await readJson(request);
  const user = guard(request, {
    role: ACTIONS.StartWorkflowExecution.role,
    mutating: true,
    action: "Failures.Rerun",
    what: "re-run executions",
    auditDetails: () => ({ parameters: body }),
  });
  if (user instanceof Response) return user;
  const parsed = Body.safeParse(body);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
      .join("; ");
    return jsonError(400, "ValidationError", message);
  }
  const b = parsed.data;
  const window = parseFailureWindow(b.window ?? null, b.from ?? null, b.to ?? null, Date.now());
  if ("error" in window) return jsonError(400, "ValidationError", window.error);

  try {
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
    if (b.dryRun) return NextResponse.json({ dryRun: true, total, limit: MAX_RERUN, plan });

    const bulkId = randomUUID();
    const db = consoleDb();
    const results = await executeRerun(swf, plan, (r) => {
      const input = (r.start ?? { domain: b.domain, workflowId: r.from.workflowId }) as Record<
        string,
        unknown
      >;
      recordAudit(db, {
        username: user.username,
        role: user.role,
        action: "StartWorkflowExecution",
        ...swfAuditTarget(
          "StartWorkflowExecution",
          input,
          r.runId ? { runId: r.runId } : undefined,
        ),
        parameters: { ...input, rerunOf: r.from },
        outcome: r.outcome,
        fault: r.fault,
        message: r.message,
        result: r.runId ? { runId: r.runId } : undefined,
        ip: clientIp(request),
        bulkId,
      });
    });
    invalidateFailureReports(b.domain);
    return NextResponse.json({ dryRun: false, total, limit: MAX_RERUN, bulkId, results });
  } catch (error) {
    const { status, body: fault } = toSwfError(error);
    return NextResponse.json(fault, { status });
  }
}
