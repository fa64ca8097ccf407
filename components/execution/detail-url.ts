// The execution page's URL state: `?tab=history&event=42` (and `node=` / `row=` when a graph
// node or a timeline row is the selection). Parsing and building are pure, for unit tests; the
// hook in use-detail-url.ts binds them to the address bar.

export const DETAIL_TABS = ["history", "timeline", "graph", "json"] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

export interface DetailUrlState {
  tab: DetailTab;
  /** The selected (primary) event. */
  event?: number;
  /** A selected graph node id: its events are selected too. */
  node?: string;
  /** A selected timeline row id: its events are selected too. */
  row?: string;
}

export function parseDetailUrl(params: URLSearchParams): DetailUrlState {
  const tabParam = params.get("tab");
  const tab = (DETAIL_TABS as readonly string[]).includes(tabParam ?? "")
    ? (tabParam as DetailTab)
    : "history";
  const eventParam = params.get("event");
  const event =
    eventParam && /^\d+$/.test(eventParam) && Number(eventParam) > 0
      ? Number(eventParam)
      : undefined;
  const node = params.get("node") || undefined;
  const row = params.get("row") || undefined;
  return { tab, event, node, row };
}

/** The query string for `state`, keeping unrelated parameters of `current`. */
export function buildDetailSearch(current: URLSearchParams, state: DetailUrlState): string {
  const next = new URLSearchParams(current);
  next.set("tab", state.tab);
  for (const key of ["event", "node", "row"] as const) {
    const value = state[key];
    if (value === undefined || value === "") next.delete(key);
    else next.set(key, String(value));
  }
  const s = next.toString();
  return s ? `?${s}` : "";
}
