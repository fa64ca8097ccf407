/**
 * Which runs of a failure group have been re-run already, read from the audit log: every re-run
 * start is audited as `StartWorkflowExecution` with `rerunOf` (the run it repeats) and a bulk id,
 * an attempt row before SWF is called and its outcome after.
 *
 * Why the audit log and not SWF: a later execution of the same workflow id would say so on SWF
 * too, but SWF's visibility lists are eventually consistent on AWS (a run started a second ago
 * may not be listed yet, which is exactly when an operator clicks again), they cost a call or two
 * per run, and they cannot tell a re-run from a start by anything else. The audit log is the
 * console's own, written before each start, and read in the same transaction that claims a run.
 *
 * A run counts as re-run when a re-run start that started (outcome `ok`) or may have (an attempt
 * with no outcome: in flight, or the console stopped before writing it) either repeats that very
 * run, or started the same workflow id after the run closed (one start covers every earlier run
 * of that id). A start that SWF refused (outcome `fault`) does not count; such a run is offered
 * again, but after the runs no pass has tried yet, so that runs SWF keeps refusing cannot hold
 * every later pass to the same first runs.
 */
import { auditPages } from "./audit";
import type { Db } from "./db";

/**
 * How far the console's clock may be off SWF's: re-runs of a run are looked for from this long
 * before it closed.
 */
const CLOCK_SLACK_MS = 3_600_000;

/** Taken while a run is checked and claimed, by every console process sharing the database. */
const CLAIM_LOCK = "swf-console.failures-rerun";

export interface RunRef {
  workflowId: string;
  runId: string;
  /** Epoch ms the run closed (SWF's clock). */
  closedAt: number;
}

export interface RerunRecord {
  /** The workflow id started again. */
  workflowId: string;
  /** The run it repeats. */
  runId: string;
  /** When the console started it (its clock). */
  at: number;
  /** SWF refused that start (the run was not re-run by it). */
  refused?: boolean;
}

/**
 * The re-run starts of `domain` audited since `since` (of one workflow id when given): started,
 * attempted with no outcome yet, or refused by SWF (`refused`).
 */
export async function rerunRecords(
  db: Db,
  domain: string,
  since: number,
  workflowId?: string,
): Promise<RerunRecord[]> {
  const out: RerunRecord[] = [];
  const filter = {
    action: "StartWorkflowExecution",
    from: since,
    // A substring filter on the target ("domain / workflowId / runId"): narrows the scan; the
    // exact match is checked below.
    target: workflowId === undefined ? domain : `${domain} / ${workflowId}`,
  };
  // The log lists an attempt only while it has no outcome: what is left is exactly the starts
  // that did or may have happened (`ok`, `attempt`) and those SWF refused (`fault`).
  for await (const page of auditPages(db, filter)) {
    for (const e of page) {
      if (e.outcome !== "ok" && e.outcome !== "attempt" && e.outcome !== "fault") continue;
      if (e.domain !== domain || !e.bulkId || !e.workflowId) continue;
      if (workflowId !== undefined && e.workflowId !== workflowId) continue;
      const of = (e.parameters as { rerunOf?: { workflowId?: unknown; runId?: unknown } } | null)
        ?.rerunOf;
      if (typeof of?.runId !== "string" || of.workflowId !== e.workflowId) continue;
      out.push({
        workflowId: e.workflowId,
        runId: of.runId,
        at: e.at,
        ...(e.outcome === "fault" ? { refused: true } : {}),
      });
    }
  }
  return out;
}

/** Has `run` been re-run (see the module's comment)? */
export function isRerun(run: RunRef, records: readonly RerunRecord[]): boolean {
  return records.some(
    (r) =>
      !r.refused &&
      r.workflowId === run.workflowId &&
      (r.runId === run.runId || r.at > run.closedAt),
  );
}

/** Did SWF refuse a re-run of this very run before? */
const refusedBefore = (run: RunRef, records: readonly RerunRecord[]) =>
  records.some((r) => r.refused && r.workflowId === run.workflowId && r.runId === run.runId);

/**
 * The runs not re-run yet, one per workflow id (the first given: starting that id again covers
 * its earlier runs too), in the given order, except that runs SWF refused to re-run come last.
 */
export function notYetRerun<T extends RunRef>(runs: readonly T[], records: readonly RerunRecord[]) {
  const seen = new Set<string>();
  const pending = runs.filter((run) => {
    if (seen.has(run.workflowId)) return false;
    seen.add(run.workflowId);
    return !isRerun(run, records);
  });
  const refused = pending.filter((run) => refusedBefore(run, records));
  return refused.length
    ? [...pending.filter((run) => !refused.includes(run)), ...refused]
    : pending;
}

/** A group's runs not re-run yet (one per workflow id, in the given order), and how many were. */
export async function rerunProgress<T extends RunRef>(
  db: Db,
  domain: string,
  runs: readonly T[],
): Promise<{ pending: T[]; rerun: number }> {
  if (!runs.length) return { pending: [], rerun: 0 };
  const records = await rerunRecords(db, domain, recordsSince(runs));
  return {
    pending: notYetRerun(runs, records),
    rerun: runs.filter((r) => isRerun(r, records)).length,
  };
}

/** The earliest time a re-run of any of `runs` can have been audited. */
export function recordsSince(runs: readonly RunRef[]): number {
  return Math.min(...runs.map((r) => r.closedAt), Date.now()) - CLOCK_SLACK_MS;
}

/**
 * Claims `run` for a re-run: in one transaction under a lock every console process takes, checks
 * that it has not been re-run and writes the attempt row (`writeAttempt`) that makes it so. Two
 * passes (two tabs, two operators, two console processes) can therefore never both start it.
 * Returns the attempt row's id, or undefined when the run was re-run already.
 */
export function claimRerun(
  db: Db,
  domain: string,
  run: RunRef,
  writeAttempt: () => Promise<number>,
): Promise<number | undefined> {
  return db.tx(
    async () => {
      const records = await rerunRecords(db, domain, recordsSince([run]), run.workflowId);
      return isRerun(run, records) ? undefined : writeAttempt();
    },
    { lock: CLAIM_LOCK },
  );
}
