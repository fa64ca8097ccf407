/**
 * One pass of re-running a failure group (the Failures view's "Re-run"): a dry run returns the
 * plan (the next runs not re-run yet, with their inputs) and how many remain; the confirmation
 * starts each run and audits each start under one bulk id. What was re-run is the audit log's
 * record of the console's own re-runs (failures-rerun-ledger.ts) and SWF's later runs of the same
 * workflow ids, whoever started them (failures-later-runs.ts): the next pass takes the next runs,
 * and no run starts twice.
 */
import { randomUUID } from "node:crypto";
import type { SWFClient } from "@aws-sdk/client-swf";
import { recordAudit } from "./audit";
import { swfAuditTarget } from "./audit-target";
import type { Db } from "./db";
import { failuresReport, invalidateFailureReports } from "./failures";
import { parseFailureWindow, runsOfGroup, type FailedRun } from "./failures-group";
import { knownLaterRun, laterOf, laterRuns, runKey } from "./failures-later-runs";
import {
  executeRerun,
  MAX_RERUN,
  planRerun,
  type RerunPlanItem,
  type RerunResult,
} from "./failures-rerun";
import {
  claimLeaseMs,
  claimRerun,
  isRerun,
  lapsedClaims,
  rerunProgress,
  type Claim,
  type LeaseClock,
  type RerunRecord,
} from "./failures-rerun-ledger";
import { ConsoleFault } from "./faults";
import type { SessionUser } from "./sessions";

export interface RerunPassRequest {
  domain: string;
  window?: string;
  from?: string;
  to?: string;
  /** The failure group's key. */
  key: string;
  /** One input for every run; absent: each run's own input. */
  input?: string;
  dryRun: boolean;
  /** The runs a preview showed: the confirmation starts exactly these (if still in the group). */
  runs?: { workflowId: string; runId: string }[];
}

export interface RerunPassContext {
  db: Db;
  /** Reads (the report, the plan, later runs). */
  swf: SWFClient;
  /** Starts (the console's write client: its retries and time-outs). */
  writer: SWFClient;
  user: SessionUser;
  ip: string | null;
  log: { error(obj: object, msg: string): void };
}

export async function rerunPass(
  { db, swf, writer, user, ip, log }: RerunPassContext,
  b: RerunPassRequest,
) {
  const window = parseFailureWindow(b.window ?? null, b.from ?? null, b.to ?? null, Date.now());
  if ("error" in window) throw new ConsoleFault(400, "ValidationError", window.error);
  const leaseMs = claimLeaseMs();
  const report = await failuresReport(swf, b.domain, window.window);
  const group = runsOfGroup(report.runs, b.key);
  // SWF is asked about the runs a pass would take, not the whole group (a group may hold
  // thousands): those it shows re-run elsewhere are dropped, the rest form the plan.
  const checkedAt = Date.now();
  const ledger = await rerunProgress(db, b.domain, group, { now: checkedAt, leaseMs });
  const wanted = b.runs && new Set(b.runs.map(runKey));
  // A pass takes the next runs not re-run yet; a confirmation, the runs its preview showed
  // (still in the group): each is claimed before it starts, so one re-run meanwhile is skipped.
  const candidates = wanted
    ? group.filter((r) => wanted.has(runKey(r)))
    : ledger.pending.slice(0, MAX_RERUN);
  const later = await laterRuns(swf, b.domain, candidates, { fresh: true });
  const clock = { now: checkedAt, leaseMs };
  const counts = {
    total: group.length,
    ...progress(b.domain, group, ledger, clock),
    limit: MAX_RERUN,
  };
  if (b.dryRun) {
    // The start of a console that stopped mid-pass is recorded as soon as SWF shows it, by a
    // preview too: that writes down what happened, and starts nothing.
    for (const r of candidates) {
      const found = laterOf(later.get(runKey(r)));
      if (found && lapsedClaims(r, ledger.records, clock).length)
        await claimRerun(db, b.domain, r, { later: found, clock, username: user.username });
    }
    const chosen = candidates.filter((r) => !laterOf(later.get(runKey(r))));
    return { dryRun: true, ...counts, plan: await planRerun(swf, b.domain, chosen, b.input) };
  }
  const chosen = candidates.slice(0, MAX_RERUN);
  const plan = await planRerun(swf, b.domain, chosen, b.input);

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
  const results = await executeRerun(writer, plan, async (item, attempt) => {
    // Nothing is sent for a run that cannot be re-run: its fault alone is recorded.
    if (!item.start) {
      const r = await attempt();
      await outcome(r);
      return r;
    }
    const answer = later.get(runKey(item.from));
    // Not knowing whether SWF has a later run, the console cannot tell a crashed start from
    // none: nothing is claimed or sent, and the next pass asks again.
    if (answer === undefined || (answer && "unknown" in answer))
      return {
        ...item,
        outcome: "fault",
        fault: "NotChecked",
        message: `not started: could not ask SWF whether it was re-run (${answer?.unknown ?? "no answer"})`,
      };
    // The attempt row is the claim: written only if no pass re-ran this run meanwhile.
    const run = { ...item.from, closedAt: closedAt.get(runKey(item.from)) ?? 0 };
    const claim = await claimRerun(db, b.domain, run, {
      later: answer,
      clock,
      username: user.username,
      writeAttempt: () => recordAudit(db, { ...entry(item), outcome: "attempt" }),
    });
    if (!("claimed" in claim)) return { ...item, outcome: "skipped", ...skippedBecause(claim) };
    const r = await attempt();
    // What was done is done: an outcome row that cannot be written leaves the attempt open in
    // the log (sent, outcome not recorded), and the other runs still start.
    await outcome(r, claim.claimed);
    return r;
  });
  invalidateFailureReports(b.domain);
  const after = await rerunProgress(db, b.domain, group, { now: Date.now(), leaseMs });
  return {
    dryRun: false,
    ...counts,
    ...progress(b.domain, group, after, { now: Date.now(), leaseMs }),
    bulkId,
    results,
  };
}

/**
 * How many runs of the group are not re-run yet and how many were, by the audit log and the
 * later runs SWF was seen to have (SWF is not asked here: runs not checked yet count as pending).
 */
function progress(
  domain: string,
  group: readonly FailedRun[],
  ledger: { pending: readonly FailedRun[]; records: RerunRecord[] },
  clock: LeaseClock,
) {
  const rerun = (r: FailedRun) =>
    isRerun(r, ledger.records, clock) || knownLaterRun(domain, r) !== undefined;
  return {
    remaining: ledger.pending.filter((r) => !rerun(r)).length,
    rerun: group.filter(rerun).length,
  };
}

/** Why a claimed run was skipped, in the words the dialog shows. */
function skippedBecause(claim: Exclude<Claim, { claimed: number }>) {
  if ("rerunBy" in claim)
    return {
      message: claim.rerunBy.attempt
        ? `being re-run by ${claim.rerunBy.username} (another pass)`
        : `re-run already by ${claim.rerunBy.username}`,
      ...(claim.rerunBy.started ? { runId: claim.rerunBy.started } : {}),
    };
  if ("recorded" in claim)
    return {
      message: "started already by a pass whose console stopped before recording it (recorded now)",
      runId: claim.recorded.runId,
    };
  if ("outside" in claim)
    return {
      message: "re-run outside the console",
      runId: claim.outside.runId,
    };
  return { message: "not claimed" }; // a preview's claim: not made by a pass that starts runs
}
