/**
 * Whether each run of a page of a failure group was re-run, and by whom, as the view shows it:
 * by the console (the audit log names who), or outside it (SWF has a later run of the workflow
 * id that no console re-run accounts for). For a bounded page only: SWF is asked about each run
 * the audit log does not account for (failures-later-runs.ts).
 */
import type { SWFClient } from "@aws-sdk/client-swf";
import type { Db } from "./db";
import { laterOf, laterRuns, runKey } from "./failures-later-runs";
import { claimLeaseMs, rerunBy, rerunRecords, recordsSince } from "./failures-rerun-ledger";
import type { RunRef } from "./failures-group";

export type RerunStatus =
  /** Re-run by a console pass of `username`; `inFlight`: claimed, its outcome not written yet. */
  | { by: "console"; username: string; at: number; runId?: string; inFlight?: true }
  /** SWF has a later run of the workflow id, started by something else than the console. */
  | { by: "outside"; runId: string; startedAt: number; open: boolean }
  /** The audit log has no re-run of it, and SWF could not be asked (throttled, unreachable). */
  | { by: "unknown"; reason: string };

/** Each run's status, in order (null: not re-run). */
export async function rerunStatuses(
  db: Db,
  swf: SWFClient,
  domain: string,
  runs: readonly RunRef[],
  now = Date.now(),
  leaseMs = claimLeaseMs(),
): Promise<(RerunStatus | null)[]> {
  if (!runs.length) return [];
  const records = await rerunRecords(db, domain, recordsSince(runs));
  const clock = { now, leaseMs };
  const byConsole = runs.map((r) => rerunBy(r, records, clock));
  const later = await laterRuns(
    swf,
    domain,
    runs.filter((_, i) => !byConsole[i]),
  );
  return runs.map((run, i): RerunStatus | null => {
    const record = byConsole[i];
    if (record)
      return {
        by: "console",
        username: record.username ?? "",
        at: record.at,
        ...(record.started ? { runId: record.started } : {}),
        ...(record.attempt ? { inFlight: true as const } : {}),
      };
    const answer = later.get(runKey(run));
    if (answer && "unknown" in answer) return { by: "unknown", reason: answer.unknown };
    const found = laterOf(answer);
    return found ? { by: "outside", ...found } : null;
  });
}
