"use client";
// Gantt view of a run: one row per decision task, activity attempt, timer, child run and
// external request (waiting → running segments), points for markers, signals and refused
// decisions. Rows are virtualized; the bars of the rows in view are drawn in one SVG.
import { toggled } from "@/components/ui/toggle-set";
import { useRows } from "@/components/ui/use-rows";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  STATUS_STYLE,
  VISUAL_STATUSES,
  timelineBounds,
  timelineRows,
  type TimelineRow,
  type TimelineRowKind,
} from "@/lib/history";
import { formatCount, formatDateTime, formatDuration, formatOffset } from "@/components/ui/format";
import { StatusDot } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ResizeHandle } from "@/components/ui/resize-handle";
import { useStoredSetting } from "@/components/ui/use-stored-setting";
import { useTimeSettings } from "@/components/ui/use-time-settings";
import { ticks } from "./axis";
import { NAME_WIDTH, nameWidth } from "./name-width";
import { STATUS_FILL } from "./status-colors";
import { DataText } from "@/components/ui/data-text";

const ROW_HEIGHT = 26;
const AXIS_HEIGHT = 28;
const ZOOMS = [1, 2, 4, 8, 16, 32] as const;
/** A timeline box narrower than this (a phone) keeps its name column to a share of it. */
const NARROW_BOX = 600;

type KindGroup = "decision" | "activity" | "timer" | "child" | "signal" | "marker" | "other";
const GROUP_OF: Record<TimelineRowKind, KindGroup> = {
  workflow: "other",
  decision: "decision",
  activity: "activity",
  lambda: "activity",
  timer: "timer",
  child: "child",
  external: "other",
  marker: "marker",
  signal: "signal",
  cancelRequest: "other",
  decisionFailure: "other",
};
const GROUP_LABEL: Record<KindGroup, string> = {
  decision: "Decision tasks",
  activity: "Activities",
  timer: "Timers",
  child: "Child workflows",
  signal: "Signals",
  marker: "Markers",
  other: "Other",
};
const KIND_LABEL: Record<TimelineRowKind, string> = {
  workflow: "workflow",
  decision: "decision",
  activity: "activity",
  lambda: "lambda",
  timer: "timer",
  child: "child",
  external: "external",
  marker: "marker",
  signal: "signal",
  cancelRequest: "cancel",
  decisionFailure: "refused",
};

export interface TimelineViewProps {
  events: HistoryEvent[];
  /** Epoch ms for open rows; undefined once the run is closed. */
  now?: number;
  selectedIds: ReadonlySet<number>;
  selectedRowId?: string;
  onSelectRow(row: TimelineRow): void;
}

export function TimelineView({
  events,
  now,
  selectedIds,
  selectedRowId,
  onSelectRow,
}: TimelineViewProps) {
  const allRows = useMemo(() => timelineRows(events, now), [events, now]);
  const { zone } = useTimeSettings();
  const [hidden, setHidden] = useState<ReadonlySet<KindGroup>>(() => new Set());
  const rows = useMemo(
    () => (hidden.size === 0 ? allRows : allRows.filter((r) => !hidden.has(GROUP_OF[r.kind]))),
    [allRows, hidden],
  );
  const groupCounts = useMemo(() => {
    const c = new Map<KindGroup, number>();
    for (const r of allRows) c.set(GROUP_OF[r.kind], (c.get(GROUP_OF[r.kind]) ?? 0) + 1);
    return c;
  }, [allRows]);
  // The axis covers what happened (up to "now" while open); timers due later are clipped at the
  // right edge with their due time written there, instead of squeezing everything to the left.
  const bounds = useMemo(() => {
    const b = timelineBounds(allRows, now);
    if (!b) return undefined;
    let end = b.start;
    for (const r of allRows) end = Math.max(end, r.end ?? now ?? r.start);
    return { start: b.start, end: Math.max(end, b.start + 1) };
  }, [allRows, now]);

  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [viewport, setViewport] = useState(900);
  const observer = useRef<ResizeObserver | null>(null);
  // A callback ref: the scroll box appears only once there are rows.
  const setScrollBox = useCallback((el: HTMLDivElement | null) => {
    scrollRef.current = el;
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    setViewport(el.clientWidth);
    observer.current = new ResizeObserver(() => setViewport(el.clientWidth));
    observer.current.observe(el);
  }, []);
  const [zoom, setZoom] = useState<number>(1);
  const zoomBy = (step: 1 | -1) =>
    setZoom((z) => {
      const i = ZOOMS.indexOf(z as (typeof ZOOMS)[number]) + step;
      return ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, i))];
    });
  const storedLabelWidth = useStoredSetting(nameWidth);
  // On a phone the remembered name column (280 px by default) would leave the bars a sliver
  // beside it: there it takes at most 40 % of the box, and the bars fit the rest (zoom widens
  // them). From a small tablet on, the person's width is kept as it is.
  const narrow = viewport > 0 && viewport < NARROW_BOX;
  const maxLabel = narrow
    ? Math.max(NAME_WIDTH.min - 40, Math.floor(viewport * 0.4))
    : NAME_WIDTH.max;
  const labelWidth = Math.min(storedLabelWidth, maxLabel);
  const chartWidth = Math.max(narrow ? 120 : 320, (viewport - labelWidth - 24) * zoom);

  const virtualizer = useRows({
    count: rows.length,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    overscan: 12,
    paddingStart: AXIS_HEIGHT,
    key: (i) => rows[i]?.id ?? i,
  });

  const start = bounds?.start ?? 0;
  const span = Math.max(1, (bounds?.end ?? start) - start);
  const x = (t: number) => ((t - start) / span) * (chartWidth - 16) + 8;
  const tickList = useMemo(() => ticks(span, chartWidth - 16), [span, chartWidth]);

  const [hover, setHover] = useState<{ row: TimelineRow; top: number } | undefined>();
  const items = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();

  const isSelected = (row: TimelineRow) =>
    row.id === selectedRowId || (!selectedRowId && row.eventIds.some((id) => selectedIds.has(id)));

  // Bring a selected row into view when arriving with one (deep link, other tab).
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    const index = selectedRowId
      ? rows.findIndex((r) => r.id === selectedRowId)
      : selectedIds.size > 0
        ? rows.findIndex((r) => r.eventIds.some((id) => selectedIds.has(id)))
        : -1;
    if (index < 0) return;
    const key = rows[index].id;
    if (scrolledTo.current === key) return;
    scrolledTo.current = key;
    virtualizer.scrollToIndex(index, { align: "center" });
  }, [rows, selectedRowId, selectedIds, virtualizer]);

  if (!bounds) return <p className="text-sm text-slate-600 dark:text-slate-400">No events yet.</p>;

  return (
    <div className="flex flex-col gap-2" data-testid="timeline">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-xs">
        <div role="group" aria-label="Show row kinds" className="flex flex-wrap gap-1">
          {(Object.keys(GROUP_LABEL) as KindGroup[])
            .filter((g) => (groupCounts.get(g) ?? 0) > 0)
            .map((g) => (
              <button
                key={g}
                type="button"
                aria-pressed={!hidden.has(g)}
                onClick={() => setHidden((prev) => toggled(prev, g))}
                className={`rounded-full border px-2 py-0.5 ${
                  hidden.has(g)
                    ? "border-dashed border-slate-300 text-slate-600 line-through dark:border-slate-700 dark:text-slate-400"
                    : "border-slate-300 bg-slate-100 text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
                }`}
              >
                {GROUP_LABEL[g]}{" "}
                <span className="tabular-nums text-slate-600 dark:text-slate-400">
                  {formatCount(groupCounts.get(g) ?? 0)}
                </span>
              </button>
            ))}
        </div>
        <TimelineLegend />
        <div className="ml-auto flex items-center gap-1" role="group" aria-label="Zoom">
          <Button
            size="xs"
            className="w-7"
            onClick={() => zoomBy(-1)}
            disabled={zoom === ZOOMS[0]}
            aria-label="Zoom out"
          >
            −
          </Button>
          <span className="w-10 text-center tabular-nums" aria-live="polite">
            {zoom}×
          </span>
          <Button
            size="xs"
            className="w-7"
            onClick={() => zoomBy(1)}
            disabled={zoom === ZOOMS[ZOOMS.length - 1]}
            aria-label="Zoom in"
          >
            +
          </Button>
        </div>
      </div>

      <div
        ref={setScrollBox}
        data-testid="timeline-scroll"
        className="relative max-h-[calc(100vh-19rem)] min-h-[12rem] overflow-auto rounded-lg border border-slate-200 dark:border-slate-800"
        onMouseLeave={() => setHover(undefined)}
      >
        <div className="relative" style={{ width: labelWidth + chartWidth }}>
          {/* Axis, sticky at the top. */}
          <div
            className="sticky top-0 z-20 flex border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900"
            style={{ height: AXIS_HEIGHT }}
          >
            <div
              className="sticky left-0 z-30 flex shrink-0 items-center border-r border-slate-200 bg-slate-50 px-3 text-xs font-medium text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300"
              style={{ width: labelWidth }}
            >
              <span className="truncate">
                {formatCount(rows.length)} rows · {formatDuration(span)}
              </span>
              <ResizeHandle
                label="Name column width"
                value={labelWidth}
                min={Math.min(NAME_WIDTH.min, maxLabel)}
                max={maxLabel}
                onChange={nameWidth.set}
                testId="timeline-name-resize"
              />
            </div>
            <svg
              width={chartWidth}
              height={AXIS_HEIGHT}
              aria-hidden
              className="block shrink-0 text-slate-600 dark:text-slate-400"
            >
              {tickList.map((t) => (
                <g key={t} transform={`translate(${x(start + t)},0)`}>
                  <line
                    y1={AXIS_HEIGHT - 6}
                    y2={AXIS_HEIGHT}
                    className="stroke-slate-400 dark:stroke-slate-600"
                  />
                  <text
                    y={AXIS_HEIGHT - 10}
                    textAnchor={t === 0 ? "start" : "middle"}
                    className="fill-current text-[10px]"
                  >
                    {t === 0 ? formatDateTime(start, { zone }).slice(11) : formatOffset(t)}
                  </text>
                </g>
              ))}
            </svg>
          </div>

          <div className="flex" style={{ height: total - AXIS_HEIGHT }}>
            {/* Row labels: real buttons (focus shows the details, Enter selects). */}
            <div className="sticky left-0 z-10 shrink-0 self-stretch" style={{ width: labelWidth }}>
              {items.map((item) => {
                const row = rows[item.index];
                const selected = isSelected(row);
                return (
                  <button
                    key={item.key}
                    type="button"
                    data-row-id={row.id}
                    aria-pressed={selected}
                    aria-label={rowLabel(row)}
                    onClick={() => onSelectRow(row)}
                    onFocus={() => setHover({ row, top: item.start })}
                    onBlur={() => setHover(undefined)}
                    onMouseEnter={() => setHover({ row, top: item.start })}
                    className={`absolute left-0 flex w-full items-center gap-1.5 border-b border-r border-slate-100 px-2 text-left text-xs dark:border-slate-800 ${
                      selected
                        ? "bg-sky-100 dark:bg-sky-900"
                        : "bg-white hover:bg-slate-50 dark:bg-slate-950 dark:hover:bg-slate-900"
                    }`}
                    style={{ top: item.start - AXIS_HEIGHT, height: ROW_HEIGHT }}
                  >
                    <StatusDot status={row.status} />
                    {/* On a phone the narrow column keeps the name; the kind stays in the
                        row's label for screen readers and in its tooltip. */}
                    <span
                      className={`w-[4.25rem] shrink-0 text-[10px] uppercase text-slate-600 dark:text-slate-400 ${narrow ? "hidden" : ""}`}
                    >
                      {KIND_LABEL[row.kind]}
                    </span>{" "}
                    <span className="min-w-0 truncate font-medium">
                      <DataText text={row.label} />
                    </span>
                    {row.attempts && row.attempts > 1 ? (
                      <>
                        {" "}
                        <span className="shrink-0 rounded bg-slate-100 px-1 text-[10px] text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                          {row.attempt}/{row.attempts}
                        </span>
                      </>
                    ) : null}
                    {row.reason ? (
                      <>
                        {" "}
                        <span className="min-w-0 truncate text-red-700 dark:text-red-300">
                          <DataText text={row.reason} />
                        </span>
                      </>
                    ) : row.detail ? (
                      <>
                        {" "}
                        <span className="min-w-0 truncate text-slate-600 dark:text-slate-400">
                          <DataText text={row.detail} />
                        </span>
                      </>
                    ) : null}
                  </button>
                );
              })}
            </div>

            {/* Bars: one SVG for the rows in view. */}
            <svg
              width={chartWidth}
              height={total - AXIS_HEIGHT}
              className="block shrink-0"
              role="img"
              aria-label={`Timeline of ${formatCount(rows.length)} rows over ${formatDuration(span)}`}
              data-testid="timeline-chart"
            >
              {tickList.map((t) => (
                <line
                  key={t}
                  x1={x(start + t)}
                  x2={x(start + t)}
                  y1={0}
                  y2={total - AXIS_HEIGHT}
                  className="stroke-slate-100 dark:stroke-slate-800/80"
                />
              ))}
              {now !== undefined && now <= (bounds?.end ?? 0) + 1 ? (
                <line
                  x1={x(now)}
                  x2={x(now)}
                  y1={0}
                  y2={total - AXIS_HEIGHT}
                  className="stroke-blue-400/70"
                  strokeDasharray="3 3"
                />
              ) : null}
              {items.map((item) => {
                const row = rows[item.index];
                const selected = isSelected(row);
                return (
                  <g
                    key={item.key}
                    transform={`translate(0,${item.start - AXIS_HEIGHT})`}
                    data-row-id={row.id}
                    data-kind={row.kind}
                    data-status={row.status}
                    data-label={row.label}
                    className="cursor-pointer"
                    onClick={() => onSelectRow(row)}
                    onMouseEnter={() => setHover({ row, top: item.start })}
                  >
                    <rect
                      x={0}
                      y={0}
                      width={chartWidth}
                      height={ROW_HEIGHT}
                      className={
                        selected ? "fill-sky-100 dark:fill-sky-900/50" : "fill-transparent"
                      }
                    />
                    <line
                      x1={0}
                      x2={chartWidth}
                      y1={ROW_HEIGHT - 0.5}
                      y2={ROW_HEIGHT - 0.5}
                      className="stroke-slate-100 dark:stroke-slate-800/70"
                    />
                    <RowShapes row={row} x={x} now={now} limit={chartWidth - 8} start={start} />
                  </g>
                );
              })}
            </svg>
          </div>

          {hover ? (
            <Tooltip
              row={hover.row}
              top={hover.top}
              left={labelWidth + Math.min(chartWidth - 260, Math.max(0, x(hover.row.start)))}
              start={start}
              now={now}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}

function RowShapes({
  row,
  x,
  now,
  limit,
  start,
}: {
  row: TimelineRow;
  x: (t: number) => number;
  now?: number;
  /** Right edge of the drawing, px. */
  limit: number;
  /** Time of the axis origin, for the "due" label. */
  start: number;
}) {
  const mid = ROW_HEIGHT / 2;
  if (row.point) {
    const cx = x(row.start);
    return (
      <path
        d={`M${cx} ${mid - 6} L${cx + 6} ${mid} L${cx} ${mid + 6} L${cx - 6} ${mid} Z`}
        className={STATUS_FILL[row.status]}
      />
    );
  }
  return (
    <>
      {row.plannedEnd !== undefined && row.end === undefined ? (
        <>
          <rect
            x={x(row.start)}
            y={mid - 7}
            width={Math.max(2, Math.min(limit, x(row.plannedEnd)) - x(row.start))}
            height={14}
            rx={3}
            className="fill-none stroke-blue-400 dark:stroke-blue-500"
            strokeDasharray="4 3"
          />
        </>
      ) : null}
      {row.segments.map((s, i) => {
        const end = s.end ?? now ?? s.start;
        const x1 = x(s.start);
        const w = Math.max(3, x(end) - x1);
        // Waiting (scheduled, not started) is a thin, faded bar; running or done a full one.
        const waiting = s.kind === "waiting";
        return (
          <rect
            key={i}
            x={x1}
            y={mid - (waiting ? 3 : 7)}
            width={w}
            height={waiting ? 6 : 14}
            rx={waiting ? 2 : 3}
            className={`${STATUS_FILL[s.status]}${waiting ? " opacity-50" : ""}`}
          />
        );
      })}
      {row.plannedEnd !== undefined && row.end === undefined && x(row.plannedEnd) > limit ? (
        <text
          x={limit - 4}
          y={mid + 3.5}
          textAnchor="end"
          className="fill-white text-[10px] font-medium dark:fill-slate-950"
        >
          due {formatOffset(row.plannedEnd - start)} →
        </text>
      ) : null}
    </>
  );
}

function Tooltip({
  row,
  top,
  left,
  start,
  now,
}: {
  row: TimelineRow;
  top: number;
  left: number;
  start: number;
  now?: number;
}) {
  const duration =
    row.durationMs ??
    (row.end !== undefined ? row.end - row.start : now !== undefined ? now - row.start : undefined);
  return (
    <div
      role="tooltip"
      className="pointer-events-none absolute z-40 w-64 rounded-md border border-slate-200 bg-white p-2 text-xs shadow-lg dark:border-slate-700 dark:bg-slate-900"
      style={{ top: top + ROW_HEIGHT + 2, left }}
      data-testid="timeline-tooltip"
    >
      <div className="mb-1 flex items-center gap-1.5">
        <StatusDot status={row.status} />
        <span className="truncate font-semibold">
          <DataText text={row.label} />
        </span>
        <span className="ml-auto text-slate-600 dark:text-slate-400">
          {STATUS_STYLE[row.status].label}
        </span>
      </div>
      {row.detail ? (
        <p className="truncate text-slate-600 dark:text-slate-300">{row.detail}</p>
      ) : null}
      {row.reason ? (
        <p className="break-words text-red-700 dark:text-red-300">{row.reason}</p>
      ) : null}
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-slate-600 dark:text-slate-300">
        <dt>Kind</dt>
        <dd>{KIND_LABEL[row.kind]}</dd>
        {row.attempts && row.attempts > 1 ? (
          <>
            <dt>Attempt</dt>
            <dd>
              {row.attempt} of {row.attempts}
            </dd>
          </>
        ) : null}
        <dt>Start</dt>
        <dd>{formatOffset(row.start - start)}</dd>
        {!row.point ? (
          <>
            <dt>Duration</dt>
            <dd>
              {formatDuration(duration)}
              {row.end === undefined ? " (open)" : ""}
            </dd>
          </>
        ) : null}
        {row.segments.length > 1 ? (
          <>
            <dt>Waited</dt>
            <dd>
              {formatDuration(
                (row.segments[0].end ?? row.segments[0].start) - row.segments[0].start,
              )}
            </dd>
          </>
        ) : null}
        {row.plannedEnd !== undefined ? (
          <>
            <dt>Due</dt>
            <dd>{formatOffset(row.plannedEnd - start)}</dd>
          </>
        ) : null}
        <dt>Events</dt>
        <dd className="truncate font-mono">{row.eventIds.map((id) => `#${id}`).join(" ")}</dd>
      </dl>
    </div>
  );
}

/** Accessible name: the visible text first (WCAG 2.5.3), then status and duration. */
function rowLabel(row: TimelineRow): string {
  let visible = `${KIND_LABEL[row.kind]} ${row.label}`;
  if (row.attempts && row.attempts > 1) visible += ` ${row.attempt}/${row.attempts}`;
  const extra = row.reason ?? row.detail;
  if (extra) visible += ` ${extra}`;
  const parts = [visible, STATUS_STYLE[row.status].label];
  if (!row.point && row.durationMs !== undefined) parts.push(formatDuration(row.durationMs));
  return parts.join(", ");
}

/** What the bars' colours mean: each status, and the waiting span before a task starts. */
function TimelineLegend() {
  const item = "flex items-center gap-1";
  return (
    <ul
      className="flex flex-wrap gap-x-3 gap-y-1 text-slate-600 dark:text-slate-300"
      aria-label="Legend"
    >
      {VISUAL_STATUSES.map((s) => (
        <li key={s} className={item}>
          <StatusDot status={s} />
          {STATUS_STYLE[s].label}
        </li>
      ))}
      <li className={item}>
        <span aria-hidden className="inline-block h-1.5 w-4 rounded-sm bg-amber-400/50" /> waiting
      </li>
    </ul>
  );
}
