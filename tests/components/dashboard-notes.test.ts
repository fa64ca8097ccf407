// The dashboard's captions: exact totals always; where a list was capped, the charts say that
// their shape comes from the latest runs only, and from when.
import { describe, expect, it } from "vitest";
import { dashboardNotes } from "@/components/dashboard/notes";

const report = {
  startedTotal: 3015,
  closedTotal: 1015,
  totalsTruncated: false,
  openNow: 2000,
  openAtStart: 0,
  maxListed: 2000,
};
const at = (ms: number) => `t${ms}`;

describe("dashboardNotes", () => {
  it("words exact totals and both ends of the open count", () => {
    expect(dashboardNotes(report, at)).toEqual({
      throughput: "3,015 started, 1,015 closed",
      open: "2,000 open now · 0 at the window's start",
    });
  });

  it("says which part of the charts comes from the latest runs only", () => {
    const notes = dashboardNotes({ ...report, completeSince: 42 }, at);
    expect(notes.partialLabel).toBe("from the latest 2,000 runs of each list only");
    expect(notes.throughput).toBe(
      "3,015 started, 1,015 closed (exact counts). Before t42 the bars come from the latest 2,000 runs of each list only: they show part of what happened.",
    );
    expect(notes.open).toBe(
      "2,000 open now · 0 at the window's start. Before t42 the latest 2,000 runs of each list cannot tell the open count, so the line starts there.",
    );
  });

  it("marks truncated counts as lower bounds and drops the start it cannot tell", () => {
    const notes = dashboardNotes({ ...report, totalsTruncated: true, openAtStart: null }, at);
    expect(notes).toEqual({
      throughput: "≥ 3,015 started, ≥ 1,015 closed",
      open: "2,000 open now",
    });
  });
});
