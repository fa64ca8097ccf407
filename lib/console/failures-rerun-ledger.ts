/**
 * Which runs of a failure group have been re-run already, read from the audit log: every re-run
 * start is audited as `StartWorkflowExecution` with `rerunOf` (the run it repeats) and a bulk id,
 * an attempt row before SWF is called and its outcome after.
 *
 * The audit log is the console's own, written before each start and read in the same transaction
 * that claims a run, so a run the console is re-running counts at once, even where SWF's
 * visibility lists lag (on AWS they are eventually consistent: a run started a second ago may not
 * be listed yet, which is exactly when an operator clicks again). SWF is the truth about re-runs
 * made elsewhere (failures-later-runs.ts): callers ask it too, for the runs they are about to
 * start or show.
 *
 * A run counts as re-run when a re-run start that started (outcome `ok`) or may have (an attempt
 * with no outcome, written less than a lease ago) either repeats that very run, or started the
 * same workflow id after the run closed (one start covers every earlier run of that id). A start
 * that SWF refused (outcome `fault`) does not count; such a run is offered again, but after the
 * runs no pass has tried yet, so that runs SWF keeps refusing cannot hold every later pass to the
 * same first runs.
 *
 * The lease: an attempt with no outcome is a claim in flight, or the trace of a console that
 * stopped between writing it and writing the start's outcome. Past the lease (far longer than a
 * start call can take) it no longer holds the run: a later pass may take it over, after asking
 * SWF whether the start happened after all (then it records that start instead of making one).
 */
import { consoleCallTimeoutMs } from "@/lib/swf/client";
import { auditPages, recordAudit, type AuditEntry } from "./audit";
import { swfAuditTarget } from "./audit-target";
import type { Db } from "./db";
import type { RunRef } from "./failures-group";
import type { LaterRun } from "./failures-later-runs";

/**
 * How far the console's clock may be off SWF's: re-runs of a run are looked for from this long
 * before it closed.
 */
const CLOCK_SLACK_MS = 3_600_000;

/** Taken while a run is checked and claimed, by every console process sharing the database. */
const CLAIM_LOCK = "swf-console.failures-rerun";

/**
 * How long an attempt with no outcome holds its run: 15 minutes, or 30 times the console's SWF
 * call timeout (`CONSOLE_SWF_TIMEOUT_SECONDS`, 10 s by default) when that is longer. A start call
 * lasts at most its timeout per try, and is tried at most three times, a few seconds apart, when
 * SWF throttles it (write-retries.ts): a claim this old is not in flight any more.
 */
export function claimLeaseMs(callTimeoutMs = consoleCallTimeoutMs()): number {
  return Math.max(15 * 60_000, 30 * callTimeoutMs);
}

/** When, and by which lease, claims with no outcome are judged (console clock). */
export interface LeaseClock {
  now: number;
  leaseMs: number;
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
  /** Who started it. */
  username?: string;
  /** The run it started (outcome `ok`). */
  started?: string;
  /** An attempt with no outcome (a claim in flight, or left by a console that stopped): its row. */
  attempt?: AuditEntry;
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
        username: e.username,
        ...(e.outcome === "fault" ? { refused: true } : {}),
        ...(e.outcome === "ok" && e.runId ? { started: e.runId } : {}),
        ...(e.outcome === "attempt" ? { attempt: e } : {}),
      });
    }
  }
  return out;
}

/**
 * Does `r` repeat `run`: that very run, or a start of its workflow id after it closed? Never the
 * run it started itself: a start is recorded after SWF answered (or, for a console that stopped,
 * by a later pass), and the re-run may have failed before that.
 */
const covers = (r: RerunRecord, run: RunRef) =>
  r.workflowId === run.workflowId &&
  (r.runId === run.runId || (r.started !== run.runId && r.at > run.closedAt));

/** An attempt with no outcome whose lease ran out by `clock` (none without a clock). */
const lapsed = (r: RerunRecord, clock?: LeaseClock) =>
  Boolean(r.attempt && clock && r.at + clock.leaseMs <= clock.now);

/**
 * The record by which `run` counts as re-run (see the module's comment), a start with its outcome
 * rather than a claim when there are both; undefined when it does not. Without a clock, no claim
 * has lapsed.
 */
export function rerunBy(
  run: RunRef,
  records: readonly RerunRecord[],
  clock?: LeaseClock,
): RerunRecord | undefined {
  const holding = records.filter((r) => !r.refused && !lapsed(r, clock) && covers(r, run));
  return holding.find((r) => !r.attempt) ?? holding[0];
}

/** Has `run` been re-run (see the module's comment)? */
export function isRerun(run: RunRef, records: readonly RerunRecord[], clock?: LeaseClock) {
  return rerunBy(run, records, clock) !== undefined;
}

/** The claims on `run` whose lease ran out with no outcome (a console stopped behind them). */
export function lapsedClaims(
  run: RunRef,
  records: readonly RerunRecord[],
  clock: LeaseClock,
): AuditEntry[] {
  return records.flatMap((r) =>
    r.attempt && lapsed(r, clock) && covers(r, run) ? [r.attempt] : [],
  );
}

/** Did SWF refuse a re-run of this very run before? */
const refusedBefore = (run: RunRef, records: readonly RerunRecord[]) =>
  records.some((r) => r.refused && r.workflowId === run.workflowId && r.runId === run.runId);

/**
 * The runs not re-run yet, one per workflow id (the first given: starting that id again covers
 * its earlier runs too), in the given order, except that runs SWF refused to re-run come last.
 */
export function notYetRerun<T extends RunRef>(
  runs: readonly T[],
  records: readonly RerunRecord[],
  clock?: LeaseClock,
) {
  const seen = new Set<string>();
  const pending = runs.filter((run) => {
    if (seen.has(run.workflowId)) return false;
    seen.add(run.workflowId);
    return !isRerun(run, records, clock);
  });
  const refused = pending.filter((run) => refusedBefore(run, records));
  return refused.length
    ? [...pending.filter((run) => !refused.includes(run)), ...refused]
    : pending;
}

/**
 * A group's runs not re-run yet by the audit log's record (one per workflow id, in the given
 * order), and the records read (to tell which runs were, and by whom).
 */
export async function rerunProgress<T extends RunRef>(
  db: Db,
  domain: string,
  runs: readonly T[],
  clock: LeaseClock,
): Promise<{ pending: T[]; records: RerunRecord[] }> {
  if (!runs.length) return { pending: [], records: [] };
  const records = await rerunRecords(db, domain, recordsSince(runs));
  return { pending: notYetRerun(runs, records, clock), records };
}

/** The earliest time a re-run of any of `runs` can have been audited. */
export function recordsSince(runs: readonly RunRef[]): number {
  return Math.min(...runs.map((r) => r.closedAt), Date.now()) - CLOCK_SLACK_MS;
}

/** What claiming a run came to. */
export type Claim =
  /** The attempt row written (the claim); the lapsed claims it took over, now closed. */
  | { claimed: number; tookOver: AuditEntry[] }
  /** Re-run, or claimed, already by the audit log (another pass, tab or console). */
  | { rerunBy: RerunRecord }
  /** SWF has the start of the lapsed claims `of`: their outcome is written now, nothing starts. */
  | { recorded: LaterRun; of: AuditEntry[] }
  /** SWF has a later run that no claim here accounts for: re-run outside the console. */
  | { outside: LaterRun }
  /** Not re-run, and nothing claimed (no `writeAttempt`: a preview). */
  | { free: true };

export interface ClaimOptions {
  /** SWF's answer about a later run of the workflow id (failures-later-runs.ts). */
  later: LaterRun | null;
  /**
   * `now`: when SWF was asked (or earlier). A claim is taken over only if its lease had run out
   * by then, so that SWF's "no later run" was said of a start that could no longer be in flight.
   */
  clock: LeaseClock;
  /**
   * Writes the attempt row, the claim. Absent (a preview): nothing is claimed, but lapsed claims
   * whose start SWF has are still recorded.
   */
  writeAttempt?: () => Promise<number>;
  /** Who claims (named in the outcome rows of the lapsed claims). */
  username: string;
}

/**
 * Claims `run` for a re-run: in one transaction under a lock every console process takes, checks
 * that it has not been re-run and writes the attempt row (`writeAttempt`) that makes it so. Two
 * passes (two tabs, two operators, two console processes) can therefore never both start it, nor
 * both take over one lapsed claim: the first writes its claim (or the lapsed claim's outcome)
 * before the second looks.
 *
 * A lapsed claim is closed in the same transaction with what SWF said: started (`ok`, with the
 * run SWF has: nothing starts again) or not (`fault` `NotStarted`: the new claim starts it).
 */
export function claimRerun(
  db: Db,
  domain: string,
  run: RunRef,
  { later, clock, writeAttempt, username }: ClaimOptions,
): Promise<Claim> {
  return db.tx(
    async (): Promise<Claim> => {
      const records = await rerunRecords(db, domain, recordsSince([run]), run.workflowId);
      const by = rerunBy(run, records, clock);
      if (by) return { rerunBy: by };
      const stale = lapsedClaims(run, records, clock);
      if (later) {
        for (const a of stale) await recordAudit(db, startedAfterAll(a, later, username));
        return stale.length ? { recorded: later, of: stale } : { outside: later };
      }
      if (!writeAttempt) return { free: true };
      const claimed = await writeAttempt();
      for (const a of stale) await recordAudit(db, notStarted(a, claimed, username));
      return { claimed, tookOver: stale };
    },
    { lock: CLAIM_LOCK },
  );
}

/** The outcome row of a lapsed claim whose start SWF has: the start it made. */
function startedAfterAll(a: AuditEntry, later: LaterRun, username: string) {
  const input = (a.parameters ?? {}) as Record<string, unknown>;
  return {
    ...closing(a),
    ...swfAuditTarget("StartWorkflowExecution", input, { runId: later.runId }),
    outcome: "ok" as const,
    result: { runId: later.runId },
    message:
      `The console stopped before recording this start's outcome. SWF has run ${later.runId} ` +
      `of this workflow id, started ${new Date(later.startedAt).toISOString()}: recorded as ` +
      `its re-run by ${username}'s pass, which started nothing.`,
  };
}

/** The outcome row of a lapsed claim whose start SWF does not have: taken over by `claimed`. */
function notStarted(a: AuditEntry, claimed: number, username: string) {
  return {
    ...closing(a),
    outcome: "fault" as const,
    fault: "NotStarted",
    message:
      `The console stopped before recording this start's outcome, and SWF has no run of this ` +
      `workflow id since the run closed: ${username}'s pass took the re-run over (attempt ${claimed}).`,
  };
}

/** An outcome row's fields from the attempt it closes (whose start it was: not who found out). */
function closing(a: AuditEntry) {
  return {
    username: a.username,
    role: a.role,
    action: a.action,
    target: a.target,
    domain: a.domain,
    workflowId: a.workflowId,
    parameters: a.parameters,
    ip: a.ip,
    bulkId: a.bulkId,
    attemptId: a.id,
  };
}
