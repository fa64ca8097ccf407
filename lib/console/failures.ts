/**
 * The failures view's data from SWF: counts from CountClosedWorkflowExecutions per close status,
 * the closed runs from ListClosedWorkflowExecutions (close-status filter, newest first), and each
 * run's close reason from the last page of its history. Reasons of closed runs never change, so
 * they are cached for the life of the process; a report is cached for a few seconds so that
 * paging through a group or refreshing costs nothing.
 *
 * AWS cost per report (at most, cold cache): 4 counts + ceil(runs/1000) list pages per status
 * (≤ MAX_RUNS_PER_STATUS runs each) + REASON_READS_PER_REPORT history pages. Runs beyond the
 * read budget are grouped as "(reason being read)" (kind `pending`) and get read by the next
 * reports.
 */
import {
  CountClosedWorkflowExecutionsCommand,
  GetWorkflowExecutionHistoryCommand,
  ListClosedWorkflowExecutionsCommand,
  type HistoryEvent,
  type SWFClient,
  type WorkflowExecutionInfo,
} from "@aws-sdk/client-swf";
import { closeReason, type CloseReason } from "@/lib/history/close-reason";
import {
  FAILURE_STATUSES,
  bucketMsFor,
  groupFailures,
  type FailedRun,
  type FailureGroup,
  type FailureStatus,
  type FailureWindow,
} from "./failures-group";
import { RunMemo } from "./run-memo";
import { SharedResults } from "./shared-results";

export const MAX_RUNS_PER_STATUS = 1000;
export const REASON_READS_PER_REPORT = 200;
const REASON_CACHE_SIZE = 20_000;
const REPORT_TTL_MS = 10_000;
const HISTORY_PAGE = 100;
const READ_CONCURRENCY = 8;

export interface StatusCount {
  count: number;
  truncated: boolean;
  /** Runs listed (≤ MAX_RUNS_PER_STATUS). */
  listed: number;
}

export interface FailuresReport {
  domain: string;
  window: FailureWindow;
  bucketMs: number;
  counts: Record<FailureStatus, StatusCount>;
  /** Runs whose reason is not read yet (beyond this report's read budget). */
  unread: number;
  groups: FailureGroup[];
  generatedAt: number;
  /** All listed runs (server-side only: pages of a group are cut from these). */
  runs: FailedRun[];
}

const reasons = new RunMemo<CloseReason | null>(REASON_CACHE_SIZE);
const reports = new SharedResults<FailuresReport>(REPORT_TTL_MS);

/** The report for a window, from cache when an equal window was computed in the last seconds. */
export function failuresReport(
  swf: SWFClient,
  domain: string,
  window: FailureWindow,
  now = Date.now(),
): Promise<FailuresReport> {
  // Windows ending "now" move every request: round their end to the cache lifetime.
  const latest = Math.ceil(window.latest / REPORT_TTL_MS) * REPORT_TTL_MS;
  const oldest = latest - (window.latest - window.oldest);
  const key = `${domain}\u0000${oldest}\u0000${latest}`;
  return reports.get(key, () => computeReport(swf, domain, { oldest, latest }), now);
}

/** Forget cached reports (after a re-run, so that the view shows it at once). */
export function invalidateFailureReports(domain: string) {
  reports.forget((k) => k.startsWith(`${domain}\u0000`));
}

async function computeReport(
  swf: SWFClient,
  domain: string,
  window: FailureWindow,
): Promise<FailuresReport> {
  const closeTimeFilter = {
    oldestDate: new Date(window.oldest),
    latestDate: new Date(window.latest),
  };
  const perStatus = await Promise.all(
    FAILURE_STATUSES.map(async (status) => {
      const [count, infos] = await Promise.all([
        swf.send(
          new CountClosedWorkflowExecutionsCommand({
            domain,
            closeTimeFilter,
            closeStatusFilter: { status },
          }),
        ),
        listClosed(swf, domain, closeTimeFilter, status),
      ]);
      return { status, count, infos };
    }),
  );
  const runs: FailedRun[] = perStatus.flatMap(({ status, infos }) =>
    infos.map((i) => toRun(i, status)),
  );
  const unreadRuns = runs.filter((r) => !reasons.has(domain, r.workflowId, r.runId));
  await readReasons(swf, domain, unreadRuns.slice(0, REASON_READS_PER_REPORT));
  let unread = 0;
  for (const run of runs) {
    const cached = reasons.get(domain, run.workflowId, run.runId);
    if (cached) run.reason = cached;
    else if (cached === undefined) unread++;
  }
  const counts = Object.fromEntries(
    perStatus.map(({ status, count, infos }) => [
      status,
      { count: count.count ?? 0, truncated: Boolean(count.truncated), listed: infos.length },
    ]),
  ) as Record<FailureStatus, StatusCount>;
  return {
    domain,
    window,
    bucketMs: bucketMsFor(window),
    counts,
    unread,
    groups: groupFailures(runs, window),
    generatedAt: Date.now(),
    runs,
  };
}

async function listClosed(
  swf: SWFClient,
  domain: string,
  closeTimeFilter: { oldestDate: Date; latestDate: Date },
  status: FailureStatus,
): Promise<WorkflowExecutionInfo[]> {
  const out: WorkflowExecutionInfo[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await swf.send(
      new ListClosedWorkflowExecutionsCommand({
        domain,
        closeTimeFilter,
        closeStatusFilter: { status },
        maximumPageSize: Math.min(1000, MAX_RUNS_PER_STATUS - out.length),
        nextPageToken,
      }),
    );
    out.push(...(page.executionInfos ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken && out.length < MAX_RUNS_PER_STATUS);
  return out;
}

function toRun(info: WorkflowExecutionInfo, status: FailureStatus): FailedRun {
  return {
    workflowId: info.execution?.workflowId ?? "",
    runId: info.execution?.runId ?? "",
    workflowType: {
      name: info.workflowType?.name ?? "",
      version: info.workflowType?.version ?? "",
    },
    closeStatus: status,
    startedAt: info.startTimestamp?.getTime() ?? 0,
    closedAt: info.closeTimestamp?.getTime() ?? 0,
    tags: info.tagList ?? [],
  };
}

/** Reads the last history page of each run (a few at a time) into the reason cache. */
async function readReasons(swf: SWFClient, domain: string, runs: FailedRun[]) {
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const run = runs[next++];
      const events = await lastEvents(swf, domain, run.workflowId, run.runId).catch(() => null);
      // A run gone from visibility (retention) has no reason to read: remember that too.
      if (events) reasons.set(domain, run.workflowId, run.runId, closeReason(events) ?? null);
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
}

async function lastEvents(
  swf: SWFClient,
  domain: string,
  workflowId: string,
  runId: string,
): Promise<HistoryEvent[]> {
  const page = await swf.send(
    new GetWorkflowExecutionHistoryCommand({
      domain,
      execution: { workflowId, runId },
      reverseOrder: true,
      maximumPageSize: HISTORY_PAGE,
    }),
  );
  // Newest first on the wire; the history model reads oldest first.
  return (page.events ?? []).reverse();
}

/** A report as the browser gets it: without the full run list. */
export function publicReport(report: FailuresReport) {
  const { runs: _, ...rest } = report;
  return rest;
}
