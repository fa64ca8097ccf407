// Histories reach 25,000 events (SWF's hard limit); the console builds every view of one on each
// load, in the browser. Speed is measured in `npm run bench`; here we check that every view copes
// with the largest history and that the graph stays drawable.
import { describe, expect, it } from "vitest";
import {
  decisionGraph,
  layoutGraph,
  pendingWork,
  reviveEvents,
  summarizeExecution,
  timelineRows,
} from "@/lib/history";
import { largeHistory } from "../fixtures/histories";

describe("25,000-event history", () => {
  const { events } = largeHistory();

  it("is summarized, pending-computed, timeline-built and graphed", () => {
    expect(summarizeExecution(events).counts.events).toBe(25_000);
    expect(pendingWork(events).closed).toBe(true);
    expect(timelineRows(events).length).toBeGreaterThan(9_000);
    expect(decisionGraph(events).nodes.length).toBeLessThanOrEqual(300);
  });

  it("revives from JSON and lays out the collapsed graph", () => {
    const revived = reviveEvents(JSON.parse(JSON.stringify(events)) as unknown[]);
    const laid = layoutGraph(decisionGraph(revived));
    expect(laid.nodes.length).toBeLessThanOrEqual(300);
    expect(laid.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y))).toBe(true);
  });
});
