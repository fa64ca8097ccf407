// The dashboard's captions, worded from a report: what is exact (counts) and what comes from the
// capped lists (the per-interval shape). A pure function, so that the wording is tested without
// a browser.
import type { DashboardReport } from "@/lib/console/dashboard";

const n = (x: number) => x.toLocaleString("en-US");

export interface DashboardNotes {
  throughput: string;
  open: string;
  /** The chart's label over the partial buckets; absent: every run was read. */
  partialLabel?: string;
}

/** `at` words a time as the chart's axis does (the header's time zone). */
export function dashboardNotes(
  report: Pick<
    DashboardReport,
    | "startedTotal"
    | "closedTotal"
    | "totalsTruncated"
    | "openNow"
    | "openAtStart"
    | "maxListed"
    | "completeSince"
  >,
  at: (ms: number) => string,
): DashboardNotes {
  const atLeast = report.totalsTruncated ? "≥ " : "";
  const totals = `${atLeast}${n(report.startedTotal)} started, ${atLeast}${n(report.closedTotal)} closed`;
  const atStart =
    report.openAtStart === null ? "" : ` · ${n(report.openAtStart)} at the window's start`;
  const open = `${n(report.openNow)} open now${atStart}`;
  if (report.completeSince === undefined) return { throughput: totals, open };
  const latest = `the latest ${n(report.maxListed)} runs of each list`;
  const since = at(report.completeSince);
  return {
    throughput: `${totals} (exact counts). Before ${since} the bars come from ${latest} only: they show part of what happened.`,
    open: `${open}. Before ${since} ${latest} cannot tell the open count, so the line starts there.`,
    partialLabel: `from ${latest} only`,
  };
}
