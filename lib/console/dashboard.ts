/**
 * The domain dashboard's data from SWF. Per report (cached 15 s per domain and window):
 *   1 CountOpenWorkflowExecutions,
 *   ListOpen + ListClosed by start time and ListClosed by close time, ≤ MAX_LISTED runs each
 *   (1,000 per call),
 *   1 Count… per list that hit MAX_LISTED (its exact size: totals and the open count at the
 *   window's start stay exact, and the buckets the capped lists cannot tell are marked partial),
 *   ≤ SAMPLED_CLOSED + SAMPLED_OPEN full histories (≤ 3 pages each; closed ones cached for good),
 *   2 pending-task counts per task list seen in those histories (≤ MAX_TASK_LISTS lists).
 */
import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  CountPendingActivityTasksCommand,
  CountPendingDecisionTasksCommand,
  GetWorkflowExecutionHistoryCommand,
  ListClosedWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
  type ExecutionTimeFilter,
  type HistoryEvent,
  type SWFClient,
  type WorkflowExecutionInfo,
} from "@aws-sdk/client-swf";
import {
  activityLatencies,
  completeSince,
  DASHBOARD_WINDOWS,
  openAtWindowStart,
  taskListActivity,
  throughput,
  type ActivityLatency,
  type DashboardWindow,
  type TaskListActivity,
  type ThroughputBucket,
} from "./dashboard-model";
import { RunMemo } from "./run-memo";
import { SharedResults } from "./shared-results";

export const MAX_LISTED = 2000;
export const SAMPLED_CLOSED = 20;
export const SAMPLED_OPEN = 10;
export const MAX_TASK_LISTS = 20;
const TTL_MS = 15_000;
const HISTORY_PAGES = 3;

export interface TaskListBacklog extends TaskListActivity {
  backlog: number;
  truncated: boolean;
}

export interface DashboardReport {
  domain: string;
  window: DashboardWindow;
  oldest: number;
  latest: number;
  bucketMs: number;
  openNow: number;
  /** Open executions at `oldest`, exact (from counts); null when SWF truncated a count. */
  openAtStart: number | null;
  buckets: ThroughputBucket[];
  /** Runs read per list at most (the buckets' source). */
  maxListed: number;
  /**
   * Some list hit `maxListed`: from this time on the buckets hold every run; before it they are
   * partial (the latest `maxListed` runs of each list only). Absent: every run was read.
   */
  completeSince?: number;
  /** Started and closed in the window: exact (counted), whatever the lists' caps. */
  startedTotal: number;
  closedTotal: number;
  /** SWF truncated a count: the totals (and the open count at the start) are lower bounds. */
  totalsTruncated: boolean;
  historiesSampled: number;
  activities: ActivityLatency[];
  taskLists: TaskListBacklog[];
  generatedAt: number;
}

/** Histories of closed runs, which never change. */
const histories = new RunMemo<HistoryEvent[]>(500);
const reports = new SharedResults<DashboardReport>(TTL_MS);

export function dashboardReport(
  swf: SWFClient,
  domain: string,
  window: DashboardWindow,
  now = Date.now(),
  maxListed = MAX_LISTED,
): Promise<DashboardReport> {
  return reports.get(
    `${domain}\u0000${window}`,
    () => compute(swf, domain, window, now, maxListed),
    now,
  );
}

async function list(
  swf: SWFClient,
  maxListed: number,
  kind: "open" | "closed",
  input: {
    domain: string;
    startTimeFilter?: ExecutionTimeFilter;
    closeTimeFilter?: ExecutionTimeFilter;
  },
): Promise<{ infos: WorkflowExecutionInfo[]; more: boolean }> {
  const infos: WorkflowExecutionInfo[] = [];
  let nextPageToken: string | undefined;
  do {
    const page =
      kind === "open"
        ? await swf.send(
            new ListOpenWorkflowExecutionsCommand({
              domain: input.domain,
              startTimeFilter: input.startTimeFilter!,
              maximumPageSize: Math.min(1000, maxListed),
              nextPageToken,
            }),
          )
        : await swf.send(
            new ListClosedWorkflowExecutionsCommand({
              ...input,
              maximumPageSize: Math.min(1000, maxListed),
              nextPageToken,
            }),
          );
    infos.push(...(page.executionInfos ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken && infos.length < maxListed);
  return { infos, more: Boolean(nextPageToken) };
}

async function history(
  swf: SWFClient,
  domain: string,
  info: WorkflowExecutionInfo,
  closed: boolean,
) {
  const { workflowId = "", runId = "" } = info.execution ?? {};
  const cached = histories.get(domain, workflowId, runId);
  if (cached) return cached;
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  for (let i = 0; i < HISTORY_PAGES; i++) {
    const page = await swf.send(
      new GetWorkflowExecutionHistoryCommand({
        domain,
        execution: info.execution!,
        maximumPageSize: 1000,
        nextPageToken,
      }),
    );
    events.push(...(page.events ?? []));
    nextPageToken = page.nextPageToken;
    if (!nextPageToken) break;
  }
  if (closed) histories.set(domain, workflowId, runId, events);
  return events;
}

/** The exact size of a list that hit its cap; a complete list is its own count. */
async function exactSize(
  listed: { infos: WorkflowExecutionInfo[]; more: boolean },
  count: () => Promise<{ count?: number; truncated?: boolean }>,
): Promise<{ count: number; truncated: boolean }> {
  if (!listed.more) return { count: listed.infos.length, truncated: false };
  const c = await count();
  return { count: c.count ?? 0, truncated: Boolean(c.truncated) };
}

async function compute(
  swf: SWFClient,
  domain: string,
  window: DashboardWindow,
  now: number,
  maxListed: number,
): Promise<DashboardReport> {
  const { span, bucket } = DASHBOARD_WINDOWS[window];
  const latest = now;
  const oldest = now - span;
  const filter = { oldestDate: new Date(oldest), latestDate: new Date(latest) };
  const [openCount, startedOpen, startedClosed, closed] = await Promise.all([
    swf.send(
      new CountOpenWorkflowExecutionsCommand({
        domain,
        startTimeFilter: { oldestDate: new Date(0) },
      }),
    ),
    list(swf, maxListed, "open", { domain, startTimeFilter: filter }),
    list(swf, maxListed, "closed", { domain, startTimeFilter: filter }),
    list(swf, maxListed, "closed", { domain, closeTimeFilter: filter }),
  ]);
  // SWF's counts take one time filter each: one per list, by that list's own filter.
  const [nStartedOpen, nStartedClosed, nClosed] = await Promise.all([
    exactSize(startedOpen, () =>
      swf.send(new CountOpenWorkflowExecutionsCommand({ domain, startTimeFilter: filter })),
    ),
    exactSize(startedClosed, () =>
      swf.send(new CountClosedWorkflowExecutionsCommand({ domain, startTimeFilter: filter })),
    ),
    exactSize(closed, () =>
      swf.send(new CountClosedWorkflowExecutionsCommand({ domain, closeTimeFilter: filter })),
    ),
  ]);
  const times = (i: WorkflowExecutionInfo) => ({
    startedAt: i.startTimestamp?.getTime() ?? 0,
    closedAt: i.closeTimestamp?.getTime(),
    closeStatus: i.closeStatus,
  });
  const started = [...startedOpen.infos, ...startedClosed.infos].map(times);
  const closedTimes = closed.infos.map(times);
  const since = completeSince([
    {
      times: startedOpen.infos.map((i) => times(i).startedAt),
      more: startedOpen.more,
      total: nStartedOpen.count,
    },
    {
      times: startedClosed.infos.map((i) => times(i).startedAt),
      more: startedClosed.more,
      total: nStartedClosed.count,
    },
    { times: closedTimes.map((t) => t.closedAt ?? 0), more: closed.more, total: nClosed.count },
  ]);
  const openNow = openCount.count ?? 0;
  const buckets = throughput(started, closedTimes, openNow, oldest, latest, bucket, since);
  const startedTotal = nStartedOpen.count + nStartedClosed.count;
  const truncated = nStartedOpen.truncated || nStartedClosed.truncated || nClosed.truncated;

  const sample = [
    ...closed.infos.slice(0, SAMPLED_CLOSED).map((i) => ({ i, closed: true })),
    ...startedOpen.infos.slice(0, SAMPLED_OPEN).map((i) => ({ i, closed: false })),
  ];
  const read: HistoryEvent[][] = [];
  for (let k = 0; k < sample.length; k += 8)
    read.push(
      ...(await Promise.all(
        sample
          .slice(k, k + 8)
          .map(({ i, closed }) =>
            history(swf, domain, i, closed).catch(() => [] as HistoryEvent[]),
          ),
      )),
    );
  const seen = taskListActivity(read).slice(0, MAX_TASK_LISTS);
  const taskLists = await Promise.all(
    seen.map(async (t): Promise<TaskListBacklog> => {
      const input = { domain, taskList: { name: t.taskList } };
      const c = await swf
        .send(
          t.kind === "decision"
            ? new CountPendingDecisionTasksCommand(input)
            : new CountPendingActivityTasksCommand(input),
        )
        .catch(() => ({ count: 0, truncated: false }));
      return { ...t, backlog: c.count ?? 0, truncated: Boolean(c.truncated) };
    }),
  );
  return {
    domain,
    window,
    oldest,
    latest,
    bucketMs: bucket,
    openNow,
    openAtStart: truncated ? null : openAtWindowStart(openNow, startedTotal, nClosed.count),
    buckets,
    maxListed,
    ...(since === undefined ? {} : { completeSince: since }),
    startedTotal,
    closedTotal: nClosed.count,
    totalsTruncated: truncated,
    historiesSampled: read.length,
    activities: activityLatencies(read),
    taskLists,
    generatedAt: Date.now(),
  };
}
