"use client";

import type { CloseStatus, WorkflowExecutionCount } from "@aws-sdk/client-swf";
import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { callSwf } from "@/components/api/client";
import { executionsListHref } from "@/components/executions-list/url-state";
import { CLOSE_STATUSES } from "@/lib/swf/model";
import { StatusBadge } from "@/components/ui/badge";
import { formatCount } from "@/components/ui/count";
import { FaultAlert } from "@/components/ui/alert";
import { Time } from "@/components/ui/time";
import { readClock, serverTimeKnown } from "@/components/ui/clock";

const DAY_MS = 86_400_000;

interface Overview {
  open: WorkflowExecutionCount;
  closed: Record<CloseStatus, WorkflowExecutionCount>;
  since: number;
}

/** Open executions now, and executions closed in the last 24 hours by close status. */
export function OverviewPanel({ domain }: { domain: string }) {
  const overview = useQuery({
    queryKey: keys.executions.overview(domain),
    queryFn: async ({ signal }): Promise<Overview> => {
      const open = callSwf<WorkflowExecutionCount>(
        "CountOpenWorkflowExecutions",
        { domain, startTimeFilter: { oldestDate: new Date(0).toISOString() } },
        signal,
      );
      // The 24 hours count back from the server's time, not from a browser clock that may be off
      // by days: on a page that has not heard it yet, the open count's answer tells it.
      if (!serverTimeKnown()) await open;
      const since = readClock() - DAY_MS;
      const closeTimeFilter = { oldestDate: new Date(since).toISOString() };
      const [openCount, ...closed] = await Promise.all([
        open,
        ...CLOSE_STATUSES.map((status) =>
          callSwf<WorkflowExecutionCount>(
            "CountClosedWorkflowExecutions",
            { domain, closeTimeFilter, closeStatusFilter: { status } },
            signal,
          ),
        ),
      ]);
      return {
        open: openCount,
        closed: Object.fromEntries(
          CLOSE_STATUSES.map((s, i) => [s, closed[i]]),
        ) as Overview["closed"],
        since,
      };
    },
    refetchInterval: 10_000,
  });
  const data = overview.data;
  const totalClosed = data
    ? CLOSE_STATUSES.reduce((n, s) => n + (data.closed[s].count ?? 0), 0)
    : undefined;
  const anyTruncated = data ? CLOSE_STATUSES.some((s) => data.closed[s].truncated) : false;
  return (
    <section aria-label="Overview" className="flex flex-col gap-3">
      {overview.isError ? (
        <FaultAlert error={overview.error} title="Could not count executions" />
      ) : null}
      <div className="grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-2">
        <Card
          label={<StatusBadge status="running" label="Open now" />}
          value={data ? formatCount(data.open) : "…"}
          href={executionsListHref(domain)}
          testId="overview-open"
          linkLabel="Open executions"
        />
        <Card
          label={
            <span className="text-xs font-semibold text-slate-700 uppercase dark:text-slate-300">
              Closed, 24 h
            </span>
          }
          value={
            totalClosed === undefined
              ? "…"
              : `${anyTruncated ? "≥ " : ""}${totalClosed.toLocaleString("en-US")}`
          }
          href={executionsListHref(domain, { state: "closed", timeField: "close", range: "24h" })}
          testId="overview-closed-total"
          linkLabel="Executions closed in the last 24 hours"
        />
      </div>
      <h2 className="text-sm font-semibold">
        Closed in the last 24 hours by close status
        {data ? (
          <span className="ml-2 font-normal text-slate-600 dark:text-slate-400">
            since <Time value={data.since} />
          </span>
        ) : null}
      </h2>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-2">
        {CLOSE_STATUSES.map((status) => (
          <Card
            key={status}
            label={<StatusBadge closeStatus={status} />}
            value={data ? formatCount(data.closed[status]) : "…"}
            href={executionsListHref(domain, {
              state: "closed",
              timeField: "close",
              range: "24h",
              filter: { kind: "closeStatus", status },
            })}
            testId={`overview-${status}`}
            linkLabel={`${status.toLowerCase().replace(/_/g, " ")} executions in the last 24 hours`}
          />
        ))}
      </div>
    </section>
  );
}

function Card({
  label,
  value,
  href,
  testId,
  linkLabel,
}: {
  label: ReactNode;
  value: string;
  href: string;
  testId: string;
  linkLabel: string;
}) {
  return (
    <Link
      href={href}
      data-testid={testId}
      className="flex flex-col gap-1 rounded border border-slate-200 bg-white p-2 hover:border-sky-400 hover:bg-sky-50/50 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-sky-600"
    >
      <span>
        {label}
        <span className="sr-only"> — {linkLabel}:</span>
      </span>
      <span className="text-2xl font-semibold tabular-nums" data-value="">
        {value}
      </span>
    </Link>
  );
}
