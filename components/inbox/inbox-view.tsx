"use client";

import { toggled } from "@/components/ui/toggle-set";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { useSession } from "@/components/auth/session";
import { CapabilityButton } from "@/components/auth/capability-button";
import { FaultAlert } from "@/components/ui/alert";
import { Button, TextButton } from "@/components/ui/button";
import { formatCount } from "@/components/ui/format";
import { Loading } from "@/components/ui/states";
import { useMediaQuery } from "@/components/ui/use-media-query";
import { BulkDecision } from "./bulk-decision";
import { InboxFilters } from "./inbox-filters";
import { KeyboardHelp } from "./keyboard-help";
import { stepTo } from "./step";
import { TaskDetail, type DetailActions } from "./task-detail";
import { TaskList } from "./task-list";
import { TaskPaneBoundary } from "./task-pane-boundary";
import { useInboxKeys } from "./use-inbox-keys";
import {
  DECISIONS,
  filterLocally,
  type InboxResponse,
  type TaskResponse,
  type InboxUnchanged,
  type InboxView as View,
} from "./types";
import { FILTER_KEYS, VIEWS, headQuery, listQuery } from "./inbox-url";
import { useInboxUrl } from "./use-inbox-url";

const VIEW_LABELS: Record<View, string> = {
  pending: "Pending",
  mine: "Mine",
  overdue: "Overdue",
  decided: "Decided",
  expired: "Expired",
  all: "All",
};

/** Polled about once a second so that a new task shows in an open inbox quickly. */
const REFRESH_MS = 1_000;

/** Tailwind's `lg`: from this width the list and the open task stand side by side. */
const SIDE_BY_SIDE = "(min-width: 64rem)";

/**
 * The approver's inbox: a list of tasks (view tabs with counts, filters, sort — all in the URL)
 * beside the open task's detail, with keyboard shortcuts and bulk decisions.
 */
export function InboxView() {
  const url = useInboxUrl();
  const { data: session } = useSession();
  const me = session?.user.username;
  const canDecide = Boolean(session?.can.decide);
  const query = listQuery(url);
  const queryClient = useQueryClient();
  const { data, error, isPending, isPlaceholderData } = useQuery({
    queryKey: keys.inbox.list(query),
    queryFn: async ({ signal, queryKey }) => {
      // Rows are downloaded again only when some task changed since the ones we have.
      const prev = queryClient.getQueryData<InboxResponse>(queryKey);
      const since = prev ? `&since=${encodeURIComponent(prev.version)}` : "";
      const out = await consoleFetch<InboxResponse | InboxUnchanged>(
        `/api/inbox?${query}${since}`,
        {
          signal,
        },
      );
      return "unchanged" in out && prev
        ? { ...prev, now: out.now, counts: out.counts, pendingCount: out.pendingCount }
        : (out as InboxResponse);
    },
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  // The first screenful comes from a small request (on a first load, with the page's HTML: see
  // prefetch.ts), so rows show before all of them arrive.
  const { data: head } = useQuery({
    queryKey: keys.inbox.head(query),
    queryFn: ({ signal }) =>
      consoleFetch<InboxResponse>(`/api/inbox?${headQuery(query)}`, { signal }),
    enabled: !data,
  });
  // While the server answers a changed filter, the rows already here are filtered at once.
  const tasks = useMemo(() => {
    if (!data) return head?.tasks ?? [];
    if (isPlaceholderData && data.view === url.view)
      return filterLocally(data.tasks, url.filters, me);
    return data.tasks;
  }, [data, head, isPlaceholderData, url.view, url.filters, me]);
  const now = data?.now ?? head?.now ?? 0;
  const [picked, setSelected] = useState<Set<number>>(new Set());
  const [bulk, setBulk] = useState<"approve" | "reject" | null>(null);
  const [help, setHelp] = useState(false);
  const detail = useRef<DetailActions | null>(null);

  // A selection only counts tasks still listed (decided ones drop out of the pending view).
  const selected = useMemo(() => {
    const ids = new Set(tasks.map((t) => t.id));
    return new Set([...picked].filter((id) => ids.has(id)));
  }, [picked, tasks]);

  const current = url.task;
  const index = current === null ? -1 : tasks.findIndex((t) => t.id === current);
  // Where the open task was last listed: once decided it leaves the Pending view, and the next
  // task is the one that took its place (step.ts). Kept as state, adjusted while rendering, so
  // that the pane's Previous/Next buttons render from it.
  const [last, setLast] = useState(0);
  if (index >= 0 && index !== last) setLast(index);
  const next = stepTo(tasks.length, index, last, 1);
  const previous = stepTo(tasks.length, index, last, -1);

  // Beside the list, open the first task when none is open, so that the detail pane is never
  // empty for nothing. A narrow screen shows no pane beside the list: nothing is opened (nor
  // marked as open) that the person did not open. The media query is read here, not from the
  // render: the hydrating render answers the server's guess (wide).
  const wide = useMediaQuery(SIDE_BY_SIDE, true);
  useEffect(() => {
    if (current !== null || tasks.length === 0 || !window.matchMedia(SIDE_BY_SIDE).matches) return;
    url.update({ task: String(tasks[0].id) }, "replace");
  }, [current, tasks, url, wide]);

  const open = useCallback((id: number) => url.update({ task: String(id) }, "replace"), [url]);

  // Narrow screens show the list or the open task, not both: the task covers the list, which
  // keeps its scroll position underneath. A task the page was opened with (a link to it) shows at
  // once; one opened from the list pushes `pane=task`, so that Back (the browser's, or the
  // pane's own button) returns to the list at the row just seen.
  const [linked, setLinked] = useState(() => url.task !== null);
  const showTask = current !== null && (url.pane || linked);
  const covered = showTask && !wide;
  const pushedPane = useRef(false);
  const paneRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const openFromList = useCallback(
    (id: number) => {
      if (wide) return open(id);
      setLinked(false);
      url.update({ task: String(id) }, "replace");
      url.update({ pane: "task" }, "push");
      pushedPane.current = true;
    },
    [open, url, wide],
  );
  const backToList = useCallback(() => {
    setLinked(false);
    if (pushedPane.current) {
      pushedPane.current = false;
      window.history.back();
    } else url.update({ pane: null }, "replace");
  }, [url]);
  // The control that was used disappears with its pane (Back, Forward, a row, the pane's button):
  // focus moves to what replaced it — the task, or the row of the task just seen (the one that
  // took its place once it was decided). A window resized across the breakpoint moves nothing.
  const was = useRef({ covered, wide });
  useEffect(() => {
    const before = was.current;
    was.current = { covered, wide };
    if (before.covered === covered || before.wide !== wide) return;
    if (covered) return paneRef.current?.focus();
    const at =
      current !== null && tasks.some((t) => t.id === current)
        ? current
        : tasks[Math.min(last, tasks.length - 1)]?.id;
    listRef.current
      ?.querySelector<HTMLElement>(`[data-task-id="${at}"] [data-testid=inbox-row-open]`)
      ?.focus();
  }, [covered, wide, current, tasks, last]);
  const toggle = useCallback((id: number) => setSelected((s) => toggled(s, id)), []);

  const move = useCallback(
    (delta: 1 | -1) => {
      const to = stepTo(tasks.length, index, last, delta);
      if (to !== null) open(tasks[to].id);
    },
    [index, last, tasks, open],
  );

  // A new task is read from its top, whichever way it was opened. (A block body: Chromium's
  // scrollTo answers a promise, which React would take for the effect's cleanup.)
  useEffect(() => {
    paneRef.current?.scrollTo({ top: 0 });
  }, [current]);

  // Whether the open task waits for a decision: a decision key arms only then.
  const decidable = useCallback(
    () =>
      current !== null &&
      queryClient.getQueryData<TaskResponse>(keys.inbox.task(current))?.task.state === "pending",
    [current, queryClient],
  );
  const toggleCurrent = useCallback(() => current !== null && toggle(current), [current, toggle]);
  const openHelp = useCallback(() => setHelp(true), []);
  const { armed, disarm } = useInboxKeys({
    current,
    listed: index >= 0,
    decidable,
    canDecide,
    selectedCount: selected.size,
    covered,
    detail,
    move,
    toggleCurrent,
    backToList,
    openBulk: setBulk,
    openHelp,
  });
  // After a decision on a narrow screen the decision box goes: the keyboard focus moves to the
  // next task's button (the phone's `j`), or, after the last one, to the way back to the list.
  // Like the wide screen, the decided task stays in view with its outcome until the person moves.
  const nextRef = useRef<HTMLButtonElement>(null);
  const backRef = useRef<HTMLButtonElement>(null);
  const [decidedHere, setDecidedHere] = useState<number | null>(null);
  const onDecided = useCallback(
    (id: number) => {
      setDecidedHere(id);
      // A decision made by a button cancels a key pressed once.
      disarm();
      if (covered) {
        const button =
          nextRef.current && !nextRef.current.disabled ? nextRef.current : backRef.current;
        return button?.focus();
      }
      // Beside the list the decision box goes too: the focus stays in the pane, where j brings
      // the task that took the decided one's place, rather than falling to the page's body. (A
      // person who has moved on to the list or a filter meanwhile keeps their place.)
      const at = document.activeElement;
      if (!at || at === document.body || paneRef.current?.contains(at)) paneRef.current?.focus();
    },
    [covered, disarm],
  );

  const counts = data?.counts ?? head?.counts;
  // An empty list because of the filters says so, with the way out (the sort filters nothing).
  const filtered = FILTER_KEYS.some((k) => k !== "sort" && url.filters[k]);
  const clearFilters = () =>
    url.update(Object.fromEntries(FILTER_KEYS.filter((k) => k !== "sort").map((k) => [k, null])));
  const names = useMemo(() => new Map(tasks.map((t) => [t.id, t.workflowId])), [tasks]);
  const allSelected = tasks.length > 0 && selected.size === tasks.length;
  // The list brings up to 10,000 tasks: "all shown" is every match unless more than that match.
  const matching = url.view === "all" || !counts ? tasks.length : counts[url.view];

  return (
    <div
      // The page's header grows taller as the window narrows (its links wrap): the list ends at
      // the bottom of the screen, so that a phone scrolls the list, not the page and the list.
      className="grid h-[calc(100dvh-14.5rem)] min-h-[28rem] sm:h-[calc(100dvh-10rem)] md:h-[calc(100dvh-8.5rem)] grid-cols-1 gap-4 lg:grid-cols-[minmax(22rem,5fr)_minmax(24rem,6fr)]"
    >
      <div
        ref={listRef}
        className="flex min-h-0 flex-col gap-2"
        inert={covered}
        data-testid="inbox-list-pane"
      >
        <nav aria-label="Inbox views" className="border-b border-slate-200 dark:border-slate-800">
          <ul className="-mb-px flex flex-wrap gap-1">
            {VIEWS.map((v) => {
              const n = counts?.[v as keyof typeof counts];
              return (
                <li key={v}>
                  <button
                    type="button"
                    aria-current={url.view === v ? "page" : undefined}
                    className={`border-b-2 px-2 py-1 text-sm ${url.view === v ? "border-sky-600 font-semibold" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"} ${v === "overdue" && n ? "text-red-700 dark:text-red-400" : ""}`}
                    onClick={() => url.update({ view: v === "pending" ? null : v })}
                    data-testid={`inbox-tab-${v}`}
                  >
                    {VIEW_LABELS[v]}
                    {n !== undefined ? ` (${formatCount(n)})` : ""}
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>
        <InboxFilters
          view={url.view}
          filters={url.filters}
          searchCut={url.searchCut}
          facets={data?.facets}
          me={me}
          onChange={url.update}
        />
        {data?.lists.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No human task lists are configured (HUMAN_TASK_LISTS, or Settings for admins).
          </p>
        ) : null}
        {data?.lists.some((l) => l.lastError) ? (
          <ul className="text-xs text-amber-800 dark:text-amber-300">
            {data.lists
              .filter((l) => l.lastError)
              .map((l) => (
                <li key={`${l.domain}:${l.taskList}`}>
                  Polling {l.domain}:{l.taskList}: {l.lastError}
                </li>
              ))}
          </ul>
        ) : null}
        <div
          className="flex min-h-7 flex-wrap items-center gap-2 text-sm"
          data-testid="inbox-bulk-bar"
        >
          <label className="flex items-center gap-1">
            <input
              type="checkbox"
              className="size-4"
              checked={allSelected}
              disabled={tasks.length === 0}
              onChange={() =>
                setSelected(allSelected ? new Set() : new Set(tasks.map((t) => t.id)))
              }
              data-testid="inbox-select-all"
            />
            {matching > tasks.length
              ? `Select the ${formatCount(tasks.length)} shown (${formatCount(matching)} match; narrow the filter for the rest)`
              : `Select all ${formatCount(tasks.length)} matching`}
          </label>
          {selected.size > 0 ? (
            <>
              <span data-testid="inbox-selected-count">{selected.size} selected</span>
              {(["approve", "reject"] as const).map((d) => (
                <CapabilityButton
                  key={d}
                  needs="decide"
                  variant={DECISIONS[d].variant}
                  size="xs"
                  onClick={() => setBulk(d)}
                  data-testid={`inbox-bulk-${d}`}
                >
                  {DECISIONS[d].verb} {selected.size}…
                </CapabilityButton>
              ))}
              <Button variant="ghost" size="xs" onClick={() => setSelected(new Set())}>
                Clear
              </Button>
            </>
          ) : null}
          {/* Keyboard shortcuts are for a keyboard: not offered on a phone. */}
          <Button
            variant="ghost"
            size="xs"
            className="ml-auto max-lg:hidden"
            onClick={() => setHelp(true)}
            data-testid="inbox-keys-button"
          >
            Keys (?)
          </Button>
        </div>
        <FaultAlert error={error} />
        {isPending && !head ? <Loading /> : null}
        {data && tasks.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="inbox-empty">
            {filtered
              ? "No task matches these filters. "
              : url.view === "pending"
                ? "Nothing waits for a decision."
                : "No tasks in this view."}
            {filtered ? (
              <TextButton onClick={clearFilters} data-testid="inbox-clear-filters">
                Clear the filters
              </TextButton>
            ) : null}
          </p>
        ) : null}
        <TaskList
          fresh={Boolean(data) && !isPlaceholderData}
          tasks={tasks}
          current={current}
          selected={selected}
          now={now}
          onOpen={openFromList}
          onToggle={toggle}
        />
      </div>
      <div
        ref={paneRef}
        tabIndex={-1}
        aria-label="Open task"
        role="region"
        className={`min-h-0 overflow-auto pr-1 focus:outline-none ${showTask ? "max-lg:fixed max-lg:inset-0 max-lg:z-40 max-lg:overscroll-contain max-lg:bg-white max-lg:p-3 max-lg:dark:bg-slate-950" : "max-lg:hidden"}`}
        data-testid="inbox-detail"
      >
        {showTask ? (
          // Stays at the top of a long task, as the decision stays at its bottom.
          <nav
            aria-label="Tasks"
            className="sticky top-0 z-10 -mt-3 mb-2 flex items-center gap-2 bg-white pt-3 pb-1 lg:hidden dark:bg-slate-950"
          >
            <Button
              ref={backRef}
              variant="ghost"
              size="sm"
              onClick={backToList}
              data-testid="inbox-back"
            >
              ← Back to the list ({formatCount(tasks.length)})
            </Button>
            {/* The same steps as j and k: after a decision, Next opens the task that took its
                place in the list. */}
            <Button
              variant="ghost"
              size="sm"
              className="ml-auto min-w-9"
              disabled={previous === null}
              onClick={() => move(-1)}
              aria-label="Previous task"
              title="Previous task (k)"
              data-testid="inbox-previous"
            >
              ‹
            </Button>
            <Button
              ref={nextRef}
              variant={decidedHere === current && next !== null ? "primary" : "secondary"}
              size="sm"
              disabled={next === null}
              onClick={() => move(1)}
              title="Next task (j)"
              data-testid="inbox-next"
            >
              Next task ›
            </Button>
          </nav>
        ) : null}
        {armed ? (
          <p
            role="status"
            className="sticky top-0 z-20 mb-2 rounded border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
            data-testid="inbox-armed"
            data-decision={armed.decision}
          >
            Press <kbd className="font-mono font-semibold">{DECISIONS[armed.decision].key}</kbd>{" "}
            again to {armed.decision} this task (Esc cancels)
          </p>
        ) : null}
        {current !== null ? (
          // One task that cannot be drawn must not take the page down: the list, the keys and
          // the other tasks stay usable (a new task gets a fresh boundary).
          <TaskPaneBoundary key={current} id={current} actionsRef={detail}>
            <TaskDetail id={current} now={now} actionsRef={detail} onDecided={onDecided} />
          </TaskPaneBoundary>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">Choose a task.</p>
        )}
      </div>
      {bulk ? (
        <BulkDecision
          ids={[...selected]}
          names={names}
          decision={bulk}
          onClose={() => setBulk(null)}
          onOpen={(id) => {
            setBulk(null);
            openFromList(id);
          }}
          onDone={(decided) =>
            setSelected((s) => new Set([...s].filter((id) => !decided.includes(id))))
          }
        />
      ) : null}
      <KeyboardHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
