// Sorting the loaded page of executions (components/executions-list/sort.ts).
import { describe, expect, it } from "vitest";
import type { ExecutionInfo } from "@/components/executions-list/queries";
import {
  nextRowSort,
  parseRowSort,
  rowSortParam,
  sortRows,
} from "@/components/executions-list/sort";

const row = (workflowId: string, start: string, close?: string) =>
  ({
    execution: { workflowId, runId: `r-${workflowId}` },
    workflowType: { name: "T", version: "1" },
    startTimestamp: start,
    closeTimestamp: close,
    executionStatus: close ? "CLOSED" : "OPEN",
  }) as unknown as ExecutionInfo;

const rows = [
  row("b", "2026-12-06T10:00:00Z", "2026-12-06T10:05:00Z"),
  row("a", "2026-12-06T11:00:00Z"),
  row("c", "2026-12-06T09:00:00Z", "2026-12-06T09:00:10Z"),
];
const ids = (xs: readonly ExecutionInfo[]) => xs.map((r) => r.execution?.workflowId);

describe("row sort", () => {
  it("sorts by a column both ways and keeps SWF's order without one", () => {
    expect(ids(sortRows(rows, undefined, 0))).toEqual(["b", "a", "c"]);
    expect(ids(sortRows(rows, { column: "Workflow ID", direction: "asc" }, 0))).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(ids(sortRows(rows, { column: "Started", direction: "desc" }, 0))).toEqual([
      "a",
      "b",
      "c",
    ]);
    const now = Date.parse("2026-12-06T11:01:00Z");
    expect(ids(sortRows(rows, { column: "Duration", direction: "asc" }, now))).toEqual([
      "c",
      "a",
      "b",
    ]);
  });

  it("cycles ascending → descending → none, and round-trips the URL param", () => {
    const a = nextRowSort(undefined, "Type");
    expect(a).toEqual({ column: "Type", direction: "asc" });
    const d = nextRowSort(a, "Type");
    expect(d).toEqual({ column: "Type", direction: "desc" });
    expect(nextRowSort(d, "Type")).toBeUndefined();
    expect(parseRowSort(rowSortParam(d))).toEqual(d);
    expect(parseRowSort("Workflow ID:asc")).toEqual({ column: "Workflow ID", direction: "asc" });
    expect(parseRowSort("Tags:asc")).toBeUndefined();
    expect(parseRowSort("Started:sideways")).toBeUndefined();
  });
});
