// The executions list's state lives in the URL (deep links, reload, back button). These are the
// pure helpers between URL search params, the list's filters, and the SWF visibility inputs.
// No React, no I/O: unit-tested in tests/components/url-state.test.ts.
import type { CloseStatus } from "@aws-sdk/client-swf";
import { CLOSE_STATUSES } from "@/lib/swf/model";
import { domainHref } from "@/components/links";

export type ExecutionState = "open" | "closed";
/** Which timestamp the time range applies to. Open executions have only a start time. */
export type TimeField = "start" | "close";
export type RangePreset = "15m" | "1h" | "24h" | "7d" | "30d" | "all";
export type RangeChoice = RangePreset | "custom";
export type FilterKind = "workflowId" | "type" | "tag" | "closeStatus";

export const RANGE_PRESETS: readonly { value: RangePreset; label: string; ms: number }[] = [
  { value: "15m", label: "Last 15 minutes", ms: 15 * 60_000 },
  { value: "1h", label: "Last hour", ms: 3_600_000 },
  { value: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
  { value: "all", label: "All time", ms: Number.POSITIVE_INFINITY },
];

export const PAGE_SIZES: readonly number[] = [10, 25, 50, 100, 250, 500, 1000];
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_RANGE: RangePreset = "all";

/** SWF accepts at most one of these per visibility query; the list keeps exactly one or none. */
export type ExclusiveFilter =
  | { kind: "workflowId"; workflowId: string }
  | { kind: "type"; name: string; version?: string }
  | { kind: "tag"; tag: string }
  | { kind: "closeStatus"; status: CloseStatus };

export interface ListFilters {
  state: ExecutionState;
  /** Always "start" when `state` is "open". */
  timeField: TimeField;
  range: RangeChoice;
  /** ISO timestamps; only with `range: "custom"` (`to` optional: no upper bound). */
  from?: string;
  to?: string;
  filter: ExclusiveFilter | null;
  pageSize: number;
}

export interface ParsedListFilters extends ListFilters {
  /**
   * Filters present in the URL but not applied: a second exclusive filter (SWF allows one),
   * or a close-status filter on the open list. The UI says so instead of failing.
   */
  ignored: FilterKind[];
}

/** The search-param keys the list owns (everything else, such as `tab`, is left alone). */
export const LIST_PARAM_KEYS = [
  "state",
  "time",
  "range",
  "from",
  "to",
  "workflowId",
  "type",
  "version",
  "tag",
  "closeStatus",
  "pageSize",
] as const;

export const DEFAULT_FILTERS: ListFilters = {
  state: "open",
  timeField: "start",
  range: DEFAULT_RANGE,
  filter: null,
  pageSize: DEFAULT_PAGE_SIZE,
};

type ParamsLike = { get(name: string): string | null };

const nonEmpty = (v: string | null): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

const validIso = (v: string | null): string | undefined => {
  const t = nonEmpty(v);
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
};

function isCloseStatus(v: string | undefined): v is CloseStatus {
  return v !== undefined && (CLOSE_STATUSES as readonly string[]).includes(v);
}

/** Reads the list's filters from URL search params; unknown or invalid values fall back to defaults. */
export function parseListFilters(params: ParamsLike): ParsedListFilters {
  const state: ExecutionState = params.get("state") === "closed" ? "closed" : "open";
  const timeField: TimeField =
    state === "closed" && params.get("time") === "close" ? "close" : "start";

  const from = validIso(params.get("from"));
  const to = validIso(params.get("to"));
  const rangeParam = params.get("range");
  let range: RangeChoice = DEFAULT_RANGE;
  if (from) range = "custom";
  else if (RANGE_PRESETS.some((p) => p.value === rangeParam)) range = rangeParam as RangePreset;

  const sizeParam = Number(params.get("pageSize"));
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;

  // Candidates in a fixed order; the first present wins, the rest are reported as ignored.
  const candidates: ExclusiveFilter[] = [];
  const ignored: FilterKind[] = [];
  const workflowId = nonEmpty(params.get("workflowId"));
  if (workflowId) candidates.push({ kind: "workflowId", workflowId });
  const typeName = nonEmpty(params.get("type"));
  const version = nonEmpty(params.get("version"));
  if (typeName)
    candidates.push(
      version ? { kind: "type", name: typeName, version } : { kind: "type", name: typeName },
    );
  const tag = params.get("tag");
  // A tag may legitimately be any string; only an absent/empty parameter means "no tag filter".
  if (tag !== null && tag !== "") candidates.push({ kind: "tag", tag });
  const status = nonEmpty(params.get("closeStatus"));
  if (isCloseStatus(status)) {
    if (state === "closed") candidates.push({ kind: "closeStatus", status });
    else ignored.push("closeStatus");
  }
  const [filter = null, ...rest] = candidates;
  ignored.unshift(...rest.map((f) => f.kind));

  return {
    state,
    timeField,
    range,
    ...(range === "custom" ? { from, ...(to ? { to } : {}) } : {}),
    filter,
    pageSize,
    ignored,
  };
}

/**
 * Writes the filters into a copy of `base` (keeping keys the list does not own, such as `tab`).
 * Defaults are omitted so that URLs stay short.
 */
export function listFiltersToParams(
  filters: ListFilters,
  base?: URLSearchParams | string,
): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const key of LIST_PARAM_KEYS) params.delete(key);
  if (filters.state === "closed") {
    params.set("state", "closed");
    if (filters.timeField === "close") params.set("time", "close");
  }
  if (filters.range === "custom" && filters.from) {
    params.set("from", filters.from);
    if (filters.to) params.set("to", filters.to);
  } else if (filters.range !== "custom" && filters.range !== DEFAULT_RANGE) {
    params.set("range", filters.range);
  }
  const f = filters.filter;
  if (f?.kind === "workflowId") params.set("workflowId", f.workflowId);
  if (f?.kind === "type") {
    params.set("type", f.name);
    if (f.version) params.set("version", f.version);
  }
  if (f?.kind === "tag") params.set("tag", f.tag);
  if (f?.kind === "closeStatus" && filters.state === "closed") params.set("closeStatus", f.status);
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(filters.pageSize));
  return params;
}

/** `?a=b` or "" — for building hrefs. */
export function toQueryString(params: URLSearchParams): string {
  const s = params.toString();
  return s ? `?${s}` : "";
}

/**
 * A change of filters, normalized: switching to "open" drops the close-status filter and the
 * close-time field (SWF has neither for open executions).
 */
export function withChanges(filters: ListFilters, changes: Partial<ListFilters>): ListFilters {
  const next: ListFilters = { ...filters, ...changes };
  if (next.state === "open") {
    next.timeField = "start";
    if (next.filter?.kind === "closeStatus") next.filter = null;
  }
  if (next.range !== "custom") {
    delete next.from;
    delete next.to;
  }
  return next;
}

/**
 * The same filters on the other state (open ↔ closed), as the state switch gives them: what an
 * empty list checks before it says "nothing" (an id pasted from an alert may name a closed run).
 * Null for a close-status filter, which open executions do not have.
 */
export function otherStateFilters(filters: ListFilters): ListFilters | null {
  if (filters.filter?.kind === "closeStatus") return null;
  return withChanges(filters, { state: filters.state === "open" ? "closed" : "open" });
}

/** "1 closed execution matches" / "3 open executions match" (what the other state holds). */
export function otherStateWords(state: ExecutionState, count: number, truncated = false): string {
  const n = `${truncated ? "≥ " : ""}${count.toLocaleString("en-US")}`;
  return count === 1 && !truncated
    ? `1 ${state} execution matches`
    : `${n} ${state} executions match`;
}

/** A stable string naming the query (everything but paging): when it changes, paging restarts. */
export function filtersKey(filters: ListFilters): string {
  const { state, timeField, range, from, to, filter, pageSize } = filters;
  return JSON.stringify([state, timeField, range, from ?? null, to ?? null, filter, pageSize]);
}

export interface TimeFilter {
  oldestDate: string;
  latestDate?: string;
}

/** The time filter for "now": presets are relative to `nowMs`; "all" starts at the epoch. */
export function resolveTimeFilter(filters: ListFilters, nowMs: number): TimeFilter {
  if (filters.range === "custom") {
    return {
      oldestDate: filters.from ?? new Date(0).toISOString(),
      ...(filters.to ? { latestDate: filters.to } : {}),
    };
  }
  const preset = RANGE_PRESETS.find((p) => p.value === filters.range)!;
  const oldest = Number.isFinite(preset.ms) ? Math.max(0, nowMs - preset.ms) : 0;
  return { oldestDate: new Date(oldest).toISOString() };
}

export type VisibilityAction = "ListOpenWorkflowExecutions" | "ListClosedWorkflowExecutions";
export type CountAction = "CountOpenWorkflowExecutions" | "CountClosedWorkflowExecutions";

export interface VisibilityQuery {
  listAction: VisibilityAction;
  countAction: CountAction;
  /** The input shared by List and Count (no paging fields). */
  input: Record<string, unknown>;
}

/**
 * The SWF visibility query for the filters, with SWF's rules applied by construction: one time
 * filter (start, or close for closed executions), at most one exclusive filter, and a close-status
 * filter only for closed executions.
 */
export function buildVisibilityQuery(
  domain: string,
  filters: ListFilters,
  nowMs: number,
): VisibilityQuery {
  const open = filters.state === "open";
  const time = resolveTimeFilter(filters, nowMs);
  const input: Record<string, unknown> = { domain };
  if (!open && filters.timeField === "close") input.closeTimeFilter = time;
  else input.startTimeFilter = time;
  const f = filters.filter;
  if (f?.kind === "workflowId") input.executionFilter = { workflowId: f.workflowId };
  if (f?.kind === "type")
    input.typeFilter = f.version ? { name: f.name, version: f.version } : { name: f.name };
  if (f?.kind === "tag") input.tagFilter = { tag: f.tag };
  if (f?.kind === "closeStatus" && !open) input.closeStatusFilter = { status: f.status };
  return open
    ? {
        listAction: "ListOpenWorkflowExecutions",
        countAction: "CountOpenWorkflowExecutions",
        input,
      }
    : {
        listAction: "ListClosedWorkflowExecutions",
        countAction: "CountClosedWorkflowExecutions",
        input,
      };
}

/** Draft values of the filter form (text boxes), before they are applied. */
export interface FilterDraft {
  workflowId: string;
  typeName: string;
  typeVersion: string;
  tag: string;
  closeStatus: string;
}

export const EMPTY_DRAFT: FilterDraft = {
  workflowId: "",
  typeName: "",
  typeVersion: "",
  tag: "",
  closeStatus: "",
};

export function draftOf(filter: ExclusiveFilter | null): FilterDraft {
  switch (filter?.kind) {
    case "workflowId":
      return { ...EMPTY_DRAFT, workflowId: filter.workflowId };
    case "type":
      return { ...EMPTY_DRAFT, typeName: filter.name, typeVersion: filter.version ?? "" };
    case "tag":
      return { ...EMPTY_DRAFT, tag: filter.tag };
    case "closeStatus":
      return { ...EMPTY_DRAFT, closeStatus: filter.status };
    default:
      return EMPTY_DRAFT;
  }
}

/** Which exclusive filter the draft is using (the first with a value), or null. */
export function activeDraftKind(draft: FilterDraft): FilterKind | null {
  if (draft.workflowId.trim()) return "workflowId";
  if (draft.typeName.trim() || draft.typeVersion.trim()) return "type";
  if (draft.tag !== "") return "tag";
  if (draft.closeStatus) return "closeStatus";
  return null;
}

/** The filter a draft stands for; a version without a type name is incomplete (null + reason). */
export function filterOfDraft(draft: FilterDraft): {
  filter: ExclusiveFilter | null;
  problem?: string;
} {
  switch (activeDraftKind(draft)) {
    case "workflowId":
      return { filter: { kind: "workflowId", workflowId: draft.workflowId.trim() } };
    case "type": {
      const name = draft.typeName.trim();
      const version = draft.typeVersion.trim();
      if (!name) return { filter: null, problem: "A type version needs a type name." };
      return { filter: version ? { kind: "type", name, version } : { kind: "type", name } };
    }
    case "tag":
      return { filter: { kind: "tag", tag: draft.tag } };
    case "closeStatus":
      return isCloseStatus(draft.closeStatus)
        ? { filter: { kind: "closeStatus", status: draft.closeStatus } }
        : { filter: null, problem: `Unknown close status ${draft.closeStatus}` };
    default:
      return { filter: null };
  }
}

export const FILTER_LABELS: Record<FilterKind, string> = {
  workflowId: "Workflow ID",
  type: "Workflow type",
  tag: "Tag",
  closeStatus: "Close status",
};

export const CLOSE_STATUS_LABELS: Record<CloseStatus, string> = {
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELED: "Canceled",
  TERMINATED: "Terminated",
  CONTINUED_AS_NEW: "Continued as new",
  TIMED_OUT: "Timed out",
};

/** The executions-tab URL of a domain with the given filters (for links from other views). */
export function executionsListHref(domain: string, filters: Partial<ListFilters> = {}): string {
  const params = listFiltersToParams(withChanges(DEFAULT_FILTERS, filters));
  return `${domainHref(domain)}${toQueryString(params)}`;
}
