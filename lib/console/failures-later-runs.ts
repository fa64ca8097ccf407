/**
 * SWF's word on whether a failed run was re-run: a run of the same workflow id that started after
 * it closed, whoever started it (the console, a workflow starter, the CLI, another tool). The
 * audit ledger (failures-rerun-ledger.ts) knows the console's own re-runs at once; this finds the
 * others, and the start a console made just before it stopped, too late to record.
 *
 * Cost: one ListOpenWorkflowExecutions per run, and one ListClosedWorkflowExecutions when no run
 * is open (each filtered on the workflow id and started since the run closed, one item a page),
 * a few at a time. A later run never stops being later: found ones are remembered for the life of
 * the process, so SWF is asked once per run. A run with none found is asked again when it matters
 * (a re-run pass asks afresh; a page of runs shares one answer for a few seconds across tabs).
 * Callers ask for bounded sets only: a pass's runs, a page's runs.
 */
import {
  ListClosedWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
  type SWFClient,
  type WorkflowExecutionInfo,
} from "@aws-sdk/client-swf";
import type { RunRef } from "./failures-group";
import { RunMemo } from "./run-memo";
import { SharedResults } from "./shared-results";

/** A run of a failed run's workflow id, started after the failed run closed. */
export interface LaterRun {
  runId: string;
  /** Epoch ms (SWF's clock). */
  startedAt: number;
  /** Still running. */
  open: boolean;
}

/** What SWF said about one run: its later run, none (`null`), or that it could not be asked. */
export type LaterRunAnswer = LaterRun | null | { unknown: string };

const READ_CONCURRENCY = 8;
const FOUND_CACHE_SIZE = 20_000;
/** How long "no later run" is shared by the requests for one page (tabs, refreshes). */
const NONE_TTL_MS = 10_000;

const found = new RunMemo<LaterRun>(FOUND_CACHE_SIZE);
const asked = new SharedResults<LaterRun | null>(NONE_TTL_MS);

/** The later run SWF was seen to have, without asking it (undefined: none known). */
export function knownLaterRun(domain: string, run: RunRef): LaterRun | undefined {
  return found.get(domain, run.workflowId, run.runId);
}

/** Asks SWF for a later run of `run`'s workflow id (a found one is remembered). */
export async function laterRun(
  swf: SWFClient,
  domain: string,
  run: RunRef,
): Promise<LaterRun | null> {
  const known = knownLaterRun(domain, run);
  if (known) return known;
  const filter = {
    domain,
    executionFilter: { workflowId: run.workflowId },
    // Both times are SWF's: no slack for the console's clock is needed.
    startTimeFilter: { oldestDate: new Date(run.closedAt) },
    // Two: the failed run itself, should it be listed at its own close instant, and one more.
    maximumPageSize: 2,
  };
  const pick = (infos: WorkflowExecutionInfo[] | undefined, open: boolean): LaterRun | null => {
    const info = infos?.find((i) => i.execution?.runId && i.execution.runId !== run.runId);
    return info
      ? {
          runId: info.execution!.runId!,
          startedAt: info.startTimestamp?.getTime() ?? 0,
          open,
        }
      : null;
  };
  const open = pick(
    (await swf.send(new ListOpenWorkflowExecutionsCommand(filter))).executionInfos,
    true,
  );
  const later =
    open ??
    pick((await swf.send(new ListClosedWorkflowExecutionsCommand(filter))).executionInfos, false);
  if (later) found.set(domain, run.workflowId, run.runId, later);
  return later;
}

/**
 * The later runs of `runs`, a few asked at a time, keyed by `runKey`. `fresh`: ask SWF about each
 * run not known to have one (a re-run pass); otherwise an answer of the last seconds will do (a
 * page being shown). A run SWF could not be asked about is answered `{ unknown: message }`.
 */
export async function laterRuns(
  swf: SWFClient,
  domain: string,
  runs: readonly RunRef[],
  { fresh = false }: { fresh?: boolean } = {},
): Promise<Map<string, LaterRunAnswer>> {
  const out = new Map<string, LaterRunAnswer>();
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const run = runs[next++];
      const key = runKey(run);
      const ask = () => laterRun(swf, domain, run);
      try {
        out.set(
          key,
          knownLaterRun(domain, run) ??
            (await (fresh ? ask() : asked.get(`${domain}\u0000${key}`, ask))),
        );
      } catch (error) {
        out.set(key, { unknown: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  return out;
}

/** A later run in an answer (none, or not known). */
export function laterOf(answer: LaterRunAnswer | undefined): LaterRun | undefined {
  return answer && !("unknown" in answer) ? answer : undefined;
}

export function runKey(r: { workflowId: string; runId: string }) {
  return `${r.workflowId}\u0000${r.runId}`;
}
