"use client";
// The event list: virtualized (only the rows in view are in the DOM, 25,000 events scroll
// smoothly), filterable by category, rows expand to every attribute, references jump.
import { toggled } from "@/components/ui/toggle-set";
import { useRows } from "@/components/ui/use-rows";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from "react";
import {
  EVENT_CATEGORIES,
  eventCategory,
  eventTimeMs,
  isFailureEvent,
  type EventCategory,
} from "@/lib/history/events";
import { STATUS_STYLE } from "@/lib/history/status";
import {
  differentDay,
  formatClock,
  formatCount,
  formatDateTime,
  formatOffset,
  type TimeZoneChoice,
} from "@/components/ui/format";
import { useTimeSettings } from "@/components/ui/use-time-settings";
import { Button, TextButton } from "@/components/ui/button";
import { EventDetails, type EventLinks } from "./event-details";
import { focusEventRow } from "./focus-event-row";
import { eventStatus } from "./event-status";
import { eventReferences, eventSummary, issuedByDecision, issuedSummary } from "./event-summary";
import { DataText } from "@/components/ui/data-text";

const ROW_HEIGHT = 32;
const GRID = "grid grid-cols-[4.75rem_10.5rem_15.5rem_minmax(0,1fr)] items-center";

export interface HistoryTableProps {
  events: HistoryEvent[];
  domain: string;
  workflowId: string;
  /** The selected event (URL `event=`). */
  selectedEvent?: number;
  /** Further events to highlight (those of a selected graph node or timeline row). */
  highlighted?: ReadonlySet<number>;
  onSelectEvent(eventId: number | undefined): void;
  /** More events are on their way (background pages): a deep-linked event may not be here yet. */
  loading: boolean;
}

const CATEGORY_LABEL: Record<EventCategory, string> = {
  workflow: "Workflow",
  decision: "Decision",
  activity: "Activity",
  timer: "Timer",
  signal: "Signal",
  marker: "Marker",
  child: "Child",
  external: "External",
  lambda: "Lambda",
};

export function HistoryTable({
  events,
  domain,
  workflowId,
  selectedEvent,
  highlighted,
  onSelectEvent,
  loading,
}: HistoryTableProps) {
  const [hidden, setHidden] = useState<ReadonlySet<EventCategory>>(() => new Set());
  const [descending, setDescending] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(
    () => new Set(selectedEvent ? [selectedEvent] : []),
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  // The event to bring into view once it is loaded and laid out: set on mount (deep link), by
  // reference jumps and by selections made elsewhere (pending work, other tabs), not by clicks
  // on a row (that row is in view already).
  const scrollTarget = useRef<number | undefined>(selectedEvent);
  const clicked = useRef<number | undefined>(undefined);
  // The event the page was opened at (a deep link): the keyboard goes there too, once.
  const arrival = useRef<number | undefined>(selectedEvent);

  // The rows are memoized: the zone is a prop of theirs, so that the header's switch reaches them.
  const { zone } = useTimeSettings();
  const startMs = events.length > 0 ? eventTimeMs(events[0]) : 0;
  const multiDay =
    events.length > 1 && differentDay(startMs, eventTimeMs(events[events.length - 1]), zone);

  const counts = useMemo(() => {
    const c = Object.fromEntries(EVENT_CATEGORIES.map((k) => [k, 0])) as Record<
      EventCategory,
      number
    >;
    for (const e of events) c[eventCategory(e.eventType)]++;
    return c;
  }, [events]);

  // Indexes into `events` of the rows shown, in display order.
  const rows = useMemo(() => {
    const out: number[] = [];
    if (hidden.size === 0) {
      for (let i = 0; i < events.length; i++) out.push(i);
    } else {
      for (let i = 0; i < events.length; i++)
        if (!hidden.has(eventCategory(events[i].eventType))) out.push(i);
    }
    if (descending) out.reverse();
    return out;
  }, [events, hidden, descending]);

  const rowOfEvent = useCallback(
    (eventId: number) => {
      // Event ids are 1…N at index id-1; rows are sorted by index, so search.
      const index = eventId - 1;
      let lo = 0;
      let hi = rows.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = rows[mid];
        if (v === index) return mid;
        if (descending ? v > index : v < index) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
    [rows, descending],
  );

  const virtualizer = useRows({
    count: rows.length,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    overscan: 10,
    key: (i) => events[rows[i]]?.eventId ?? i,
  });

  // A collapsed row's old measurement must not outlive its expansion.
  useEffect(() => {
    virtualizer.measure();
  }, [expanded, virtualizer]);

  const typeOf = useCallback((id: number) => events[id - 1]?.eventType, [events]);
  const issued = useMemo(() => issuedByDecision(events), [events]);

  // Selections from outside the table scroll to the event.
  useEffect(() => {
    if (selectedEvent !== undefined && selectedEvent !== clicked.current)
      scrollTarget.current = selectedEvent;
    clicked.current = undefined;
  }, [selectedEvent]);

  useEffect(() => {
    const target = scrollTarget.current;
    if (target === undefined || target > events.length) return;
    let row = rowOfEvent(target);
    if (row < 0) {
      // Hidden by the category filter: show everything rather than jump nowhere. Once per
      // selection: the next run finds the row.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (hidden.size > 0) setHidden(new Set());
      return;
    }
    scrollTarget.current = undefined;
    virtualizer.scrollToIndex(row, { align: "center" });
    // Unless the person has put the focus somewhere already.
    if (target === arrival.current && document.activeElement === document.body)
      focusEventRow(target);
    arrival.current = undefined;
    // Sizes of expanded rows are measured after rendering: settle once more.
    const frame = requestAnimationFrame(() => {
      row = rowOfEvent(target);
      if (row >= 0) virtualizer.scrollToIndex(row, { align: "center" });
    });
    return () => cancelAnimationFrame(frame);
  }, [selectedEvent, events.length, rowOfEvent, hidden, virtualizer]);

  const toggleExpanded = useCallback((id: number, open?: boolean) => {
    setExpanded((prev) => toggled(prev, id, open));
  }, []);

  const select = useCallback(
    (id: number) => {
      clicked.current = id;
      onSelectEvent(id);
    },
    [onSelectEvent],
  );

  const jump = useCallback(
    (id: number) => {
      scrollTarget.current = id;
      clicked.current = undefined;
      toggleExpanded(id, true);
      onSelectEvent(id);
    },
    [onSelectEvent, toggleExpanded],
  );
  const links: EventLinks = useMemo(
    () => ({ domain, workflowId, typeOf, onJump: jump }),
    [domain, workflowId, typeOf, jump],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Home" && e.key !== "End")
        return;
      const current = (e.target as HTMLElement).closest<HTMLElement>("[data-row-index]");
      if (!current) return;
      e.preventDefault();
      const index = Number(current.dataset.rowIndex);
      const next =
        e.key === "Home"
          ? 0
          : e.key === "End"
            ? rows.length - 1
            : Math.max(0, Math.min(rows.length - 1, index + (e.key === "ArrowDown" ? 1 : -1)));
      virtualizer.scrollToIndex(next, { align: "auto" });
      const id = events[rows[next]]?.eventId;
      requestAnimationFrame(() =>
        scrollRef.current?.querySelector<HTMLElement>(`[data-row-button="${id}"]`)?.focus(),
      );
    },
    [rows, events, virtualizer],
  );

  // Live runs: a table scrolled to the newest event keeps following new ones.
  const atEnd = useRef(false);
  const savedScroll = useRef(0);
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el || el.clientHeight === 0) return; // hidden (another tab is showing)
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    savedScroll.current = el.scrollTop;
  }, []);
  // The table stays mounted (hidden) while another tab shows: put it back where it was.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && savedScroll.current > 0 && el.scrollTop !== savedScroll.current)
      el.scrollTop = savedScroll.current;
  }, []);
  const previousCount = useRef(events.length);
  const fitBefore = useRef(true);
  useEffect(() => {
    const grew = events.length > previousCount.current && previousCount.current > 0;
    previousCount.current = events.length;
    if (
      grew &&
      (atEnd.current || fitBefore.current) &&
      !descending &&
      scrollTarget.current === undefined
    ) {
      virtualizer.scrollToIndex(rows.length - 1, { align: "end" });
    }
    const el = scrollRef.current;
    fitBefore.current = !!el && el.scrollHeight <= el.clientHeight + ROW_HEIGHT * 2;
  }, [events.length, rows.length, descending, virtualizer]);

  const [goTo, setGoTo] = useState("");
  const items = virtualizer.getVirtualItems();
  const waitingFor =
    selectedEvent !== undefined && selectedEvent > events.length && loading
      ? selectedEvent
      : undefined;
  // A typed or linked event id past the end of a complete history: say so, instead of nothing.
  const missing =
    selectedEvent !== undefined && selectedEvent > events.length && !loading && events.length > 0
      ? selectedEvent
      : undefined;

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <div
          role="group"
          aria-label="Filter by category"
          className="flex flex-wrap gap-1"
          data-testid="category-filter"
        >
          {EVENT_CATEGORIES.filter((c) => counts[c] > 0 || hidden.has(c)).map((c) => {
            const on = !hidden.has(c);
            return (
              <button
                key={c}
                type="button"
                aria-pressed={on}
                data-category={c}
                onClick={() => setHidden((prev) => toggled(prev, c))}
                onDoubleClick={() => setHidden(new Set(EVENT_CATEGORIES.filter((x) => x !== c)))}
                title="Click to show or hide; double-click to show only this category"
                className={`rounded-full border px-2 py-0.5 text-xs ${
                  on
                    ? "border-slate-300 bg-slate-100 text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
                    : "border-dashed border-slate-300 text-slate-600 line-through dark:border-slate-700 dark:text-slate-400"
                }`}
              >
                {CATEGORY_LABEL[c]}{" "}
                <span className="tabular-nums text-slate-600 dark:text-slate-300">
                  {formatCount(counts[c])}
                </span>
              </button>
            );
          })}
          {hidden.size > 0 ? (
            <TextButton className="px-1 text-xs" onClick={() => setHidden(new Set())}>
              Show all
            </TextButton>
          ) : null}
        </div>
        <div className="ml-auto flex items-center gap-3 text-xs">
          <form
            className="flex items-center gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(goTo);
              if (Number.isInteger(n) && n > 0) jump(n);
            }}
          >
            <label htmlFor="goto-event" className="text-slate-600 dark:text-slate-400">
              Go to event
            </label>
            <input
              id="goto-event"
              inputMode="numeric"
              value={goTo}
              onChange={(e) => setGoTo(e.target.value.replace(/\D/g, ""))}
              className="w-20 rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono dark:border-slate-700 dark:bg-slate-900"
              placeholder="#"
            />
          </form>
          <Button
            size="xs"
            onClick={() => setDescending((d) => !d)}
            title={descending ? "Show the oldest event first" : "Show the newest event first"}
          >
            {descending ? "Newest first" : "Oldest first"}
          </Button>
          <span
            className="tabular-nums text-slate-600 dark:text-slate-400"
            data-testid="history-row-count"
          >
            {formatCount(rows.length)} {hidden.size > 0 ? `of ${formatCount(events.length)} ` : ""}
            events
          </span>
        </div>
      </div>

      {missing ? (
        <p
          className="text-xs text-amber-800 dark:text-amber-300"
          role="status"
          data-testid="history-no-such-event"
        >
          There is no event {formatCount(missing)}: this run has {formatCount(events.length)}{" "}
          events.
        </p>
      ) : null}
      {waitingFor ? (
        <p className="text-xs text-slate-600 dark:text-slate-400" role="status">
          Event {formatCount(waitingFor)} is still loading…
        </p>
      ) : null}

      <div
        ref={scrollRef}
        role="table"
        aria-label="Event history"
        aria-rowcount={rows.length + 1}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        className="relative max-h-[calc(100vh-19rem)] min-h-[16rem] overflow-auto rounded-lg border border-slate-200 text-sm dark:border-slate-800"
        data-testid="history-table"
      >
        <div
          role="rowgroup"
          className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300"
        >
          <div role="row" aria-rowindex={1} className={`${GRID} h-8`}>
            <div role="columnheader" className="px-3">
              ID
            </div>
            <div role="columnheader" className="px-2">
              Time{" "}
              <span className="font-normal text-slate-600 dark:text-slate-400">(since start)</span>
            </div>
            <div role="columnheader" className="px-2">
              Type
            </div>
            <div role="columnheader" className="px-2">
              Details
            </div>
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const event = events[rows[item.index]];
            if (!event) return null;
            const id = event.eventId ?? 0;
            return (
              <div
                key={item.key}
                role="none"
                data-index={item.index}
                // Collapsed rows are exactly ROW_HEIGHT: only expanded ones need measuring, which keeps
                // fast scrolling free of ResizeObserver work.
                ref={expanded.has(id) ? virtualizer.measureElement : undefined}
                className="absolute left-0 top-0 w-full [contain:content]"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <HistoryRow
                  event={event}
                  rowIndex={item.index}
                  startMs={startMs}
                  multiDay={multiDay}
                  zone={zone}
                  selected={id === selectedEvent}
                  highlighted={!!highlighted?.has(id)}
                  expanded={expanded.has(id)}
                  issued={event.eventType === "DecisionTaskCompleted" ? issued.get(id) : undefined}
                  onSelect={select}
                  onToggle={toggleExpanded}
                  onJump={jump}
                />
                {expanded.has(id) ? (
                  <div
                    role="row"
                    className="border-b border-slate-200 bg-slate-50/60 dark:border-slate-800 dark:bg-slate-900/40"
                  >
                    <div role="cell" aria-colspan={4}>
                      <EventDetails event={event} links={links} />
                    </div>
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
        {events.length === 0 ? (
          <p className="p-4 text-sm text-slate-600 dark:text-slate-400">
            {loading ? "Loading history…" : "No events."}
          </p>
        ) : null}
      </div>
    </div>
  );
}

interface RowProps {
  event: HistoryEvent;
  rowIndex: number;
  startMs: number;
  multiDay: boolean;
  zone: TimeZoneChoice;
  selected: boolean;
  highlighted: boolean;
  expanded: boolean;
  /** DecisionTaskCompleted: types of the events its decisions produced. */
  issued?: string[];
  onSelect(id: number): void;
  onToggle(id: number, open?: boolean): void;
  onJump(id: number): void;
}

const HistoryRow = memo(function HistoryRow({
  event,
  rowIndex,
  startMs,
  multiDay,
  zone,
  selected,
  highlighted,
  expanded,
  issued,
  onSelect,
  onToggle,
  onJump,
}: RowProps) {
  const id = event.eventId ?? 0;
  const t = eventTimeMs(event);
  const status = eventStatus(event.eventType);
  const failure = isFailureEvent(event.eventType);
  const refs = eventReferences(event);
  const summary = [eventSummary(event), issuedSummary(issued)].filter(Boolean).join(" · ");
  const onRowClick = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest("button, a")) return;
    onSelect(id);
    onToggle(id);
  };
  return (
    <div
      role="row"
      aria-rowindex={rowIndex + 2}
      aria-current={selected ? "true" : undefined}
      data-event-id={id}
      data-event-type={event.eventType}
      data-selected={selected || undefined}
      data-highlighted={highlighted || undefined}
      onClick={onRowClick}
      className={`${GRID} h-8 cursor-pointer border-b border-slate-100 dark:border-slate-800/70 ${
        selected
          ? "bg-sky-100 shadow-[inset_3px_0_0_0] shadow-sky-600 dark:bg-sky-900/50 dark:shadow-sky-400"
          : highlighted
            ? "bg-sky-50 shadow-[inset_3px_0_0_0] shadow-sky-300 dark:bg-sky-950/60 dark:shadow-sky-700"
            : "hover:bg-slate-50 dark:hover:bg-slate-900/60"
      }`}
    >
      <div role="cell" className="px-1.5">
        <button
          type="button"
          data-row-button={id}
          data-row-index={rowIndex}
          aria-expanded={expanded}
          aria-label={`Event ${id} ${event.eventType ?? ""}`}
          onClick={() => {
            onSelect(id);
            onToggle(id);
          }}
          className="flex w-full items-center gap-1 rounded px-1 font-mono text-xs tabular-nums text-slate-700 hover:bg-slate-200/60 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          <span
            aria-hidden
            className={`inline-block w-3 text-slate-400 transition-transform ${expanded ? "rotate-90" : ""}`}
          >
            ▸
          </span>
          {id}
        </button>
      </div>
      <div
        role="cell"
        className="truncate px-2 font-mono text-xs tabular-nums"
        title={formatDateTime(t, { zone, millis: true })}
      >
        <span className="text-slate-700 dark:text-slate-300">
          {multiDay ? formatDateTime(t, { zone }).slice(5, 16) : formatClock(t, { zone })}
        </span>{" "}
        <span className="text-slate-600 dark:text-slate-400">{formatOffset(t - startMs)}</span>
      </div>
      <div role="cell" className="flex min-w-0 items-center gap-1.5 px-2">
        <span
          aria-hidden
          data-status-dot={status}
          className={`inline-block h-2 w-2 shrink-0 rounded-full ${STATUS_STYLE[status].solid}`}
        />
        <span
          className={`truncate text-xs font-medium ${failure ? "text-red-700 dark:text-red-300" : ""}`}
        >
          {event.eventType}
        </span>
      </div>
      <div role="cell" className="flex min-w-0 items-center gap-2 px-2 text-xs">
        <span className="min-w-0 truncate text-slate-700 dark:text-slate-300">
          <DataText text={summary} />
        </span>
        {refs.length > 0 ? (
          <span className="ml-auto flex shrink-0 gap-1">
            {refs.map((r) => (
              <button
                key={r.name}
                type="button"
                data-ref={r.name}
                onClick={() => onJump(r.eventId)}
                title={`Go to event ${r.eventId} (${r.name})`}
                className="rounded border border-slate-200 px-1 font-mono text-[11px] text-sky-700 hover:border-sky-400 hover:bg-sky-50 dark:border-slate-700 dark:text-sky-400 dark:hover:bg-sky-950"
              >
                {r.label} #{r.eventId}
              </button>
            ))}
          </span>
        ) : null}
      </div>
    </div>
  );
});
