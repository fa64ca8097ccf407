// The inbox's view lives in the URL (shareable): view, filters, sort and the open task. These are
// the pure helpers between the URL and the list API's query string, used by the browser and by the
// server render of the first view. No "use client": the page calls them on the server.
import { boundedSearch } from "@/lib/console/inbox-search";
import type { InboxView } from "./types";

export const VIEWS: InboxView[] = ["pending", "mine", "overdue", "decided", "expired"];
export const FILTER_KEYS = ["domain", "taskList", "type", "assignee", "q", "sort"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/**
 * The list API's query for the pending count alone (the header's link and the inbox heading):
 * the answer's `pendingCount`, with one row.
 */
export const PENDING_COUNT_QUERY = "view=pending&limit=1";

/** Rows in the first, small answer: more than a tall screen shows, so rows show before the rest. */
export const HEAD_ROWS = 50;

export interface InboxUrlState {
  view: InboxView;
  filters: Partial<Record<FilterKey, string>>;
  /** The task open in the detail pane. */
  task: number | null;
  /**
   * On a narrow screen, the open task is shown instead of the list (`pane=task`): opening a task
   * from the list pushes it, so that the browser's Back returns to the list.
   */
  pane: boolean;
  /** The URL's search was longer than the inbox takes: `filters.q` is its cut start. */
  searchCut: boolean;
}

export function parseInboxUrl(params: Pick<URLSearchParams, "get">): InboxUrlState {
  const v = params.get("view") as InboxView | null;
  const view = v && (VIEWS as string[]).concat("all").includes(v) ? v : "pending";
  const filters: InboxUrlState["filters"] = {};
  for (const k of FILTER_KEYS) {
    const value = params.get(k);
    if (value) filters[k] = value;
  }
  const search = filters.q === undefined ? undefined : boundedSearch(filters.q);
  if (search) filters.q = search.q;
  const task = Number(params.get("task"));
  return {
    searchCut: search?.cut ?? false,
    view,
    filters,
    task: Number.isInteger(task) && task > 0 ? task : null,
    pane: params.get("pane") === "task",
  };
}

/** The list API's query string for the URL state. */
export function listQuery(state: Pick<InboxUrlState, "view" | "filters">): string {
  const q = new URLSearchParams({ view: state.view });
  for (const [k, v] of Object.entries(state.filters)) if (v) q.set(k, v);
  return q.toString();
}

/** The query string of the first screenful of `query` (see HEAD_ROWS). */
export const headQuery = (query: string) => `${query}&limit=${HEAD_ROWS}`;

/** What each sort is called; the empty choice is the view's own order (defaultSort). */
export const SORT_LABELS = {
  age: "Oldest first",
  due: "Due soonest",
  recent: "Most recent",
  changed: "Last changed",
} as const;
export type SortKey = keyof typeof SORT_LABELS;

/** The order of a view without a sort in the URL: the store's (open tasks oldest first). */
export const defaultSort = (view: InboxView): SortKey =>
  view === "decided" || view === "expired" || view === "all" ? "changed" : "age";
