"use client";
// The execution page: header, summary, pending work, then History / Timeline / Graph / JSON.
// Data comes from queries.ts; every view derives from the event list (lib/history), memoized and
// rendered from a deferred copy so that background pages never block typing or scrolling.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { needsAttention } from "@/lib/history/attention";
import { pendingWork } from "@/lib/history/pending";
import { statusOfCloseStatus } from "@/lib/history/status";
import { summarizeExecution, type ExecutionSummary } from "@/lib/history/summary";
import { HistoryTabPanels, preloadHistoryViews } from "./history-tab-panels";
import { ExecutionHeader, ExecutionSummaryPanel } from "./execution-summary";
import { formatCount } from "@/components/ui/format";
import { domainHref, homeHref } from "@/components/links";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { NeedsAttention } from "./needs-attention";
import { PendingWorkPanel } from "./pending-work";
import { useExecutionDescription, useExecutionHistory, type ExecutionRef } from "./queries";
import { useDetailUrl } from "./use-detail-url";
import { useFocusOnClose } from "./use-focus-on-close";
import { useNow } from "@/components/ui/use-now";
import { PendingHumanTaskLink } from "@/components/inbox/pending-human-task-link";
import { CompareLink } from "@/components/compare/compare-link";
import { SignedOutView, useSessionFault } from "@/components/auth/session-fault";

// Signal / cancel / terminate / re-run (components/actions): their forms load after the history.
const ExecutionActions = dynamic(
  () => import("@/components/actions/execution-actions").then((m) => m.ExecutionActions),
  { ssr: false, loading: () => <span className="inline-block h-7 w-72" aria-hidden /> },
);

export function ExecutionDetail({ domain, workflowId, runId }: ExecutionRef) {
  const ref = useMemo(() => ({ domain, workflowId, runId }), [domain, workflowId, runId]);
  const url = useDetailUrl();
  const describe = useExecutionDescription(ref, { pushed: true });
  const info = describe.data?.executionInfo;
  // Poll while SWF says the run is open, and after it closed until the close event is in.
  const [closedSeen, setClosedSeen] = useState(false);
  const history = useExecutionHistory(ref, { live: describe.isSuccess && !closedSeen });
  if (history.closed && !closedSeen) setClosedSeen(true);

  // Views render from a deferred copy: a new page of 1,000 events re-renders at low priority.
  const events = useDeferredValue(history.events);
  const summary = useMemo(() => summarizeExecution(events), [events]);
  const tailSummary = useMemo(
    () => (history.complete ? undefined : summarizeExecution(history.tailEvents)),
    [history.complete, history.tailEvents],
  );
  const merged = useMemo(() => withClose(summary, tailSummary), [summary, tailSummary]);
  const pending = useMemo(
    () => (history.complete && !history.closed ? pendingWork(events) : undefined),
    [events, history.complete, history.closed],
  );

  const status = info
    ? statusOfCloseStatus(info.executionStatus === "OPEN" ? "OPEN" : info.closeStatus)
    : merged.visualStatus;
  const open = info ? info.executionStatus === "OPEN" : !history.closed;
  const live = open && describe.isSuccess;
  const now = useNow(LIVE_TICK_MS, live);
  // Read from the same model as pending work; `now` (every 2 s) decides what has waited too long.
  const attention = useMemo(
    () => (pending ? needsAttention(events, now) : []),
    [pending, events, now],
  );
  const header = useRef<HTMLDivElement>(null);
  const statusHeading = useRef<HTMLSpanElement>(null);
  useFocusOnClose(open, header, statusHeading);

  // Fetch the other views' code once the history is in and the browser is idle.
  useEffect(() => {
    if (!history.complete) return;
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 200));
    const id = idle(preloadHistoryViews);
    return () => (window.cancelIdleCallback ?? window.clearTimeout)(id);
  }, [history.complete]);

  // A signed-out tab's refused reads say so once, in the page's notice (components/auth).
  const describeShows = useSessionFault(describe.error);
  const historyShows = useSessionFault(history.error);

  if (describe.error && !history.ready && describeShows === "quiet") return <SignedOutView />;
  if (describe.error && !history.ready) {
    const notFound = (describe.error as { fault?: string }).fault === "UnknownResourceFault";
    return (
      <div
        role="alert"
        className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200"
      >
        <p className="font-semibold">
          {notFound ? "Execution not found" : "Could not load this execution"}
        </p>
        <p className="mt-1 break-words">{describe.error.message}</p>
        <p className="mt-2">
          <Link className="underline" href={domainHref(domain)}>
            Back to {domain}
          </Link>
        </p>
      </div>
    );
  }

  const selectHistoryEvent = (id: number) => url.selectEvent(id, { tab: "history" });
  const progress = history.complete ? null : (
    <HistoryProgress loaded={history.events.length} total={history.total} />
  );

  return (
    <div className="flex flex-col gap-4" data-testid="execution-detail">
      <Breadcrumb
        items={[
          { label: "Domains", href: homeHref() },
          { label: domain, href: domainHref(domain) },
          { label: workflowId },
        ]}
      />

      <ExecutionHeader
        ref={header}
        statusRef={statusHeading}
        execution={ref}
        status={status}
        progress={progress}
        actions={
          <>
            <CompareLink domain={domain} workflowId={workflowId} runId={runId} />
            <ExecutionActions
              domain={domain}
              workflowId={workflowId}
              runId={runId}
              status={open ? "OPEN" : "CLOSED"}
            />
          </>
        }
      />

      {/* A closed run waits for nobody: the inbox may keep its task until its next probe. */}
      {open ? <PendingHumanTaskLink domain={domain} workflowId={workflowId} runId={runId} /> : null}

      {open ? (
        <NeedsAttention domain={domain} facts={attention} onSelectEvent={selectHistoryEvent} />
      ) : null}

      {history.ready || describe.data ? (
        <ExecutionSummaryPanel
          execution={ref}
          summary={merged}
          detail={describe.data}
          status={status}
          totalEvents={history.total}
          complete={history.complete}
        />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400" role="status">
          Loading execution…
        </p>
      )}

      {open && (history.ready || describe.data) ? (
        <PendingWorkPanel
          domain={domain}
          pending={pending}
          openCounts={describe.data?.openCounts}
          complete={history.complete}
          onSelectEvent={selectHistoryEvent}
        />
      ) : null}

      {history.error && historyShows === "quiet" ? (
        <SignedOutView />
      ) : history.error ? (
        <p
          role="alert"
          className="flex flex-wrap items-center gap-2 text-sm text-red-700 dark:text-red-300"
        >
          <span>History: {history.error.message}</span>
          <button type="button" className="underline" onClick={history.retry}>
            Retry
          </button>
        </p>
      ) : null}

      <HistoryTabPanels
        run={ref}
        events={events}
        total={history.total}
        complete={history.complete}
        now={live ? now : undefined}
        selection={url}
      />
    </div>
  );
}

const LIVE_TICK_MS = 2000;

/** Close facts (status, result, failure, next run) from the tail while the middle still loads. */
function withClose(
  summary: ExecutionSummary,
  tail: ExecutionSummary | undefined,
): ExecutionSummary {
  if (!tail || tail.status === "OPEN" || summary.status !== "OPEN") return summary;
  const durationMs =
    summary.startedAt && tail.closedAt
      ? tail.closedAt.getTime() - summary.startedAt.getTime()
      : undefined;
  return {
    ...summary,
    status: tail.status,
    visualStatus: tail.visualStatus,
    closedAt: tail.closedAt,
    durationMs,
    result: tail.result,
    failure: tail.failure,
    continuedAsNewRunId: tail.continuedAsNewRunId,
  };
}

function HistoryProgress({ loaded, total }: { loaded: number; total: number }) {
  const pct = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
  return (
    <span
      className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-300"
      data-testid="history-progress"
    >
      <span
        role="progressbar"
        aria-label="History loading"
        aria-valuemin={0}
        aria-valuemax={total || undefined}
        aria-valuenow={loaded}
        className="relative h-1.5 w-32 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <span
          className="absolute inset-y-0 left-0 bg-sky-500 transition-[width]"
          style={{ width: `${pct}%` }}
        />
      </span>
      <span className="tabular-nums">
        {formatCount(loaded)} / {total > 0 ? formatCount(total) : "…"} events
      </span>
    </span>
  );
}
