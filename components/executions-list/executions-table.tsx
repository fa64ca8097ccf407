"use client";

import { useRows } from "@/components/ui/use-rows";
import { useRouter } from "next/navigation";
import { useRef, type CSSProperties, type MouseEvent, type ReactNode } from "react";
import { StatusBadge } from "@/components/ui/badge";
import {
  durationBetween,
  formatDuration,
  formatTimestamp,
  toMs,
  type TimeDisplay,
} from "@/components/ui/format";
import { useTimeDisplay } from "@/components/ui/use-time-display";
import {
  SelectAllCheckbox,
  SelectExecutionCheckbox,
  type ExecutionSelection,
} from "@/components/actions/selection";
import { CopyButton, CopyIcon } from "@/components/ui/copy-button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { executionHref } from "@/components/links";
import { shortRunId } from "@/components/ui/format";
import type { ExecutionInfo } from "./queries";
import { SORTABLE, type RowSort, type SortColumn } from "./sort";
import { EXECUTION_COLUMNS, gridTemplate, type ExecutionColumn } from "./columns";
import { revealBidiControls } from "@/components/ui/bidi";
import { DataText } from "@/components/ui/data-text";

/** Rows are one line high; the virtualizer relies on it. */
export const ROW_HEIGHT = 33;
/** Longer pages are virtualized (only the rows in view are in the DOM). */
export const VIRTUALIZE_ABOVE = 100;

export function ExecutionsTable({
  domain,
  rows,
  now,
  busy,
  empty,
  selection,
  sort,
  onSort,
  columns = EXECUTION_COLUMNS.map((c) => c.id),
}: {
  selection?: ExecutionSelection;
  /** The columns shown, in table order (the column chooser's choice); all by default. */
  columns?: readonly ExecutionColumn[];
  domain: string;
  rows: readonly ExecutionInfo[];
  /** The page's sort (columns SWF cannot sort by sort the loaded rows) and its header clicks. */
  sort?: RowSort;
  onSort?: (column: SortColumn) => void;
  /**
   * When the rows were fetched: "now" for the running time of open executions in the server's
   * HTML and while hydrating (both sides know it); afterwards they count on with the page's clock.
   */
  now: number;
  busy?: boolean;
  empty?: ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUALIZE_ABOVE;
  // The virtualizer is always created (hooks run unconditionally) but only counts rows when needed.
  const virtualizer = useRows({
    count: virtual ? rows.length : 0,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    overscan: 15,
    initialRect: { width: 1200, height: 600 },
  });
  // One time setting for the whole table (not one hook per timestamp). Relative dates and running
  // durations count on with the page's one clock; the table re-renders once a tick for them
  // (only while it shows either).
  const hydrated = useHydrated();
  const running = rows.some((r) => r.executionStatus === "OPEN");
  const display = useTimeDisplay({ ticking: running });
  const router = useRouter();
  // One click handler for every row link (plain <a>s are much cheaper to hydrate than <Link>s);
  // modified clicks (new tab, etc.) keep the browser's default.
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = (event.target as Element).closest("a[data-nav]");
    if (!link) return;
    event.preventDefault();
    router.push(link.getAttribute("href")!);
  };

  // The rows in the DOM: those in view when virtualized (placed at their offset), else all.
  const shown: { index: number; top?: number }[] = virtual
    ? virtualizer.getVirtualItems().map((item) => ({ index: item.index, top: item.start }))
    : rows.map((_, index) => ({ index }));
  const table: RowContext = {
    domain,
    now: hydrated ? display.now : now,
    display,
    columns,
    selection,
  };

  return (
    <div
      ref={scrollRef}
      role="table"
      aria-label="Workflow executions"
      aria-rowcount={rows.length + 1}
      aria-busy={busy || undefined}
      data-testid="executions-table"
      data-virtualized={virtual || undefined}
      onClick={onClick}
      style={{ "--exec-cols": gridTemplate(columns) } as CSSProperties}
      className="max-h-[calc(100vh-17rem)] min-h-24 overflow-auto rounded border border-slate-200 text-sm dark:border-slate-800"
    >
      <div role="rowgroup" className="sticky top-0 z-10 min-w-fit">
        <div
          role="row"
          aria-rowindex={1}
          className={`exec-grid h-8 border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400`}
        >
          {columns.map((c, i) => (
            <div
              role="columnheader"
              key={c}
              className="flex items-center gap-1 truncate"
              aria-sort={
                sort?.column === c
                  ? sort.direction === "asc"
                    ? "ascending"
                    : "descending"
                  : undefined
              }
            >
              {/* Selection shares the first column, as the row's checkbox shares its first cell. */}
              {i === 0 && selection ? (
                <SelectAllCheckbox executions={[...rows]} selection={selection} />
              ) : null}
              {onSort && c in SORTABLE ? (
                <button
                  type="button"
                  className="uppercase hover:text-slate-900 dark:hover:text-slate-100"
                  onClick={() => onSort(c as SortColumn)}
                  title="Sort the rows of this page"
                >
                  {c}
                  {sort?.column === c ? (sort.direction === "asc" ? " ▲" : " ▼") : ""}
                </button>
              ) : (
                c
              )}
            </div>
          ))}
        </div>
      </div>
      {rows.length === 0 ? (
        <div className="px-3 py-6 text-center text-slate-500 dark:text-slate-400">
          {empty ?? "No executions."}
        </div>
      ) : (
        <div
          role="rowgroup"
          className={virtual ? "relative min-w-fit" : "min-w-fit"}
          style={virtual ? { height: virtualizer.getTotalSize() } : undefined}
        >
          {shown.map(({ index, top }) => (
            <ExecutionRow
              key={rows[index].execution?.runId ?? index}
              info={rows[index]}
              index={index}
              top={top}
              table={table}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** What every row of one table shares. */
interface RowContext {
  domain: string;
  /** "Now" for the running time of open executions. */
  now: number;
  display: TimeDisplay;
  columns: readonly ExecutionColumn[];
  selection?: ExecutionSelection;
}

function ExecutionRow({
  info,
  index,
  top,
  table: { domain, now, display, columns, selection },
}: {
  info: ExecutionInfo;
  index: number;
  /** Offset in a virtualized table. */
  top?: number;
  table: RowContext;
}) {
  const workflowId = info.execution?.workflowId ?? "";
  const runId = info.execution?.runId ?? "";
  const open = info.executionStatus === "OPEN";
  const type = info.workflowType ? `${info.workflowType.name}:${info.workflowType.version}` : "—";
  const duration = formatDuration(durationBetween(info.startTimestamp, info.closeTimestamp, now));
  // Every cell, by column; the row shows those chosen, in table order.
  const cells: Record<ExecutionColumn, ReactNode> = {
    Status: (
      <div key="Status" role="cell" className="exec-flex">
        {selection ? <SelectExecutionCheckbox execution={info} selection={selection} /> : null}
        <StatusBadge closeStatus={open ? "OPEN" : info.closeStatus} />
        {open && info.cancelRequested ? (
          <span title="Cancel requested" className="exec-flag">
            ⚑<span className="sr-only">cancel requested</span>
          </span>
        ) : null}
      </div>
    ),
    "Workflow ID": (
      <div key="Workflow ID" role="cell" className="exec-flex">
        <a
          href={executionHref(domain, workflowId, runId)}
          data-nav=""
          // Element Timing: when the first row's text was painted (bench/console-list.ts reads it).
          {...(index === 0 ? { elementtiming: "first-execution-row" } : {})}
          title={revealBidiControls(workflowId)}
          className="exec-link"
        >
          <DataText text={workflowId} />
        </a>
        {info.parent?.workflowId && info.parent.runId ? (
          <a
            href={executionHref(domain, info.parent.workflowId, info.parent.runId)}
            data-nav=""
            data-testid="parent-run-link"
            title={`Child of ${info.parent.workflowId} (run ${info.parent.runId}): open the parent`}
            className="exec-child"
          >
            child
          </a>
        ) : null}
      </div>
    ),
    "Run ID": (
      <div key="Run ID" role="cell" className="exec-run exec-flex" title={runId}>
        <span>{shortRunId(runId)}</span>
        <CopyButton
          text={runId}
          label={`Copy run id ${runId}`}
          title={`Copy the full run id: ${runId}`}
          testId="copy-run-id"
          className="exec-muted hover:text-slate-900 dark:hover:text-slate-100"
          idle={<CopyIcon />}
          done="✓"
        />
      </div>
    ),
    Type: (
      <div key="Type" role="cell" title={type}>
        {type}
      </div>
    ),
    Started: (
      <div key="Started" role="cell" className="exec-small">
        <RowTime value={info.startTimestamp} display={display} />
      </div>
    ),
    Closed: (
      <div key="Closed" role="cell" className="exec-small">
        {open ? (
          <span className="exec-muted">running</span>
        ) : (
          <RowTime value={info.closeTimestamp} display={display} />
        )}
      </div>
    ),
    Duration: (
      <div key="Duration" role="cell" className="exec-small" data-testid="execution-duration">
        {duration}
      </div>
    ),
    Tags: (
      <div key="Tags" role="cell" className="exec-flex">
        {(info.tagList ?? []).map((tag) => (
          <span key={tag} title={tag} className="exec-tag">
            {tag}
          </span>
        ))}
      </div>
    ),
  };
  // Markup kept small (classes in globals.css: .exec-*): a page holds up to 1,000 rows and the
  // first page is server-rendered, so every byte per row counts.
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-testid="execution-row"
      data-workflow-id={workflowId}
      data-run-id={runId}
      data-started={info.startTimestamp}
      style={
        top === undefined
          ? undefined
          : { position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${top}px)` }
      }
      className="exec-grid exec-row"
    >
      {columns.map((c) => cells[c])}
    </div>
  );
}

/** A timestamp without per-cell hooks: the table reads the setting once. */
function RowTime({ value, display }: { value: string | undefined; display: TimeDisplay }) {
  const ms = toMs(value);
  if (ms === undefined) return <span className="exec-muted">—</span>;
  const iso = new Date(ms).toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {formatTimestamp(ms, display)}
    </time>
  );
}
