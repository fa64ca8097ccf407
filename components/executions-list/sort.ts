// Sorting the loaded page of executions. SWF lists executions newest first (by start or close
// time) and cannot sort by anything else, so other orders apply to the rows on screen only.
import type { ExecutionInfo } from "./queries";

export const SORTABLE = {
  Status: (r: ExecutionInfo) => (r.executionStatus === "OPEN" ? "OPEN" : (r.closeStatus ?? "")),
  "Workflow ID": (r: ExecutionInfo) => r.execution?.workflowId ?? "",
  "Run ID": (r: ExecutionInfo) => r.execution?.runId ?? "",
  Type: (r: ExecutionInfo) => `${r.workflowType?.name ?? ""}:${r.workflowType?.version ?? ""}`,
  Started: (r: ExecutionInfo) => Date.parse(String(r.startTimestamp ?? "")) || 0,
  Closed: (r: ExecutionInfo) => Date.parse(String(r.closeTimestamp ?? "")) || 0,
  Duration: (r: ExecutionInfo, now: number) =>
    (Date.parse(String(r.closeTimestamp ?? "")) || now) -
    (Date.parse(String(r.startTimestamp ?? "")) || now),
} as const;
export type SortColumn = keyof typeof SORTABLE;

export interface RowSort {
  column: SortColumn;
  direction: "asc" | "desc";
}

/** `sort=Started:asc` → a sort; anything else (or absent) → undefined (SWF's own order). */
export function parseRowSort(value: string | null | undefined): RowSort | undefined {
  if (!value) return undefined;
  const i = value.lastIndexOf(":");
  const column = value.slice(0, i) as SortColumn;
  const direction = value.slice(i + 1);
  if (!(column in SORTABLE) || (direction !== "asc" && direction !== "desc")) return undefined;
  return { column, direction };
}

export function rowSortParam(sort: RowSort | undefined): string | undefined {
  return sort ? `${sort.column}:${sort.direction}` : undefined;
}

/** Clicking a header: ascending, then descending, then back to SWF's order. */
export function nextRowSort(current: RowSort | undefined, column: SortColumn): RowSort | undefined {
  if (current?.column !== column) return { column, direction: "asc" };
  return current.direction === "asc" ? { column, direction: "desc" } : undefined;
}

/** The rows in the chosen order (stable: ties keep SWF's order). */
export function sortRows(rows: readonly ExecutionInfo[], sort: RowSort | undefined, now: number) {
  if (!sort) return rows;
  const key = SORTABLE[sort.column];
  const sign = sort.direction === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, k: key(row, now) }))
    .sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : a.i - b.i))
    .map((x) => x.row);
}
