import { describe, expect, it } from "vitest";
import {
  EXECUTION_COLUMNS,
  gridTemplate,
  parseHiddenColumns,
  visibleColumns,
} from "@/components/executions-list/columns";

describe("executions list columns", () => {
  it("keeps only hideable, known columns from what is stored", () => {
    expect(parseHiddenColumns(["Tags", "Run ID"])).toEqual(["Tags", "Run ID"]);
    expect(parseHiddenColumns(["Status", "Workflow ID", "Nope", 3])).toEqual([]);
    expect(parseHiddenColumns({ Tags: true })).toEqual([]);
    expect(parseHiddenColumns(null)).toEqual([]);
  });

  it("shows the others in table order, with their grid tracks", () => {
    const shown = visibleColumns(["Tags", "Run ID", "Closed"]);
    expect(shown).toEqual(["Status", "Workflow ID", "Type", "Started", "Duration"]);
    expect(gridTemplate(shown)).toBe("9.5rem minmax(11rem,2fr) minmax(9rem,1.3fr) 9.5rem 6rem");
    expect(gridTemplate(visibleColumns([])).split(" ")).toHaveLength(EXECUTION_COLUMNS.length);
  });
});
