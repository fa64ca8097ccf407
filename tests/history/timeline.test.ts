import { describe, expect, it } from "vitest";
import { timelineBounds, timelineRows, type TimelineRow } from "@/lib/history";
import * as F from "../fixtures/histories";
import { ms } from "./helpers";

/** Compact view of a row: [id, status, start s, end s | "open"]. */
const brief = (r: TimelineRow) => [
  r.id,
  r.status,
  (r.start - ms(0)) / 1000,
  r.end === undefined ? "open" : (r.end - ms(0)) / 1000,
];

describe("timelineRows", () => {
  it("completed: workflow row, one row per decision task and per activity, in time order", () => {
    const rows = timelineRows(F.completedHistory());
    expect(rows.map(brief)).toEqual([
      ["workflow-1", "completed", 0, 22],
      ["decision-2", "completed", 1, 3],
      ["activity-5", "completed", 4, 6],
      ["decision-8", "completed", 7, 9],
      ["activity-11", "completed", 10, 12],
      ["decision-14", "completed", 13, 15],
      ["activity-17", "completed", 16, 18],
      ["decision-20", "completed", 19, 21],
    ]);
    const validate = rows[2];
    expect(validate).toMatchObject({
      kind: "activity",
      label: "validate",
      detail: "ValidateOrder 1.0",
      group: "activity:validate",
      attempt: 1,
      attempts: 1,
      eventIds: [5, 6, 7],
      point: false,
      durationMs: 2000,
    });
    expect(validate.segments).toEqual([
      { kind: "waiting", start: ms(4), end: ms(5), status: "scheduled", eventIds: [5, 6] },
      { kind: "running", start: ms(5), end: ms(6), status: "completed", eventIds: [6, 7] },
    ]);
    expect(rows[1]).toMatchObject({ kind: "decision", label: "Decision 1", eventIds: [2, 3, 4] });
    expect(rows[0]).toMatchObject({ kind: "workflow", label: "OrderWorkflow", eventIds: [1, 23] });
  });

  it("retries: attempts of one activityId are consecutive rows of one group", () => {
    const rows = timelineRows(F.retriesHistory());
    const charge = rows.filter((r) => r.group === "activity:charge");
    expect(charge.map((r) => [r.attempt, r.attempts, r.status, r.reason, r.eventIds])).toEqual([
      [1, 3, "failed", "GatewayError", [5, 6, 7]],
      [2, 3, "timedOut", "START_TO_CLOSE", [16, 17, 18]],
      [3, 3, "completed", undefined, [27, 28, 29]],
    ]);
    // The group sits where its first attempt started, its rows back to back.
    const first = rows.indexOf(charge[0]);
    expect(rows.slice(first, first + 3)).toEqual(charge);
    expect(rows.slice(0, first).map((r) => r.id)).toEqual(["workflow-1", "decision-2"]);
    // The second attempt waited 1 s for a worker, then ran 600 s until START_TO_CLOSE.
    expect(
      charge[1].segments.map((s) => [
        s.kind,
        s.status,
        (s.start - ms(0)) / 1000,
        (s.end! - ms(0)) / 1000,
      ]),
    ).toEqual([
      ["waiting", "scheduled", 19, 20],
      ["running", "timedOut", 20, 620],
    ]);
    const timers = rows.filter((r) => r.kind === "timer");
    expect(
      timers.map((r) => [r.label, r.detail, r.status, r.durationMs, r.plannedEnd === r.end]),
    ).toEqual([
      ["charge-backoff-1", "5s", "completed", 5000, true],
      ["charge-backoff-2", "10s", "completed", 10000, true],
    ]);
    expect(rows).toHaveLength(1 + 6 + 3 + 2);
  });

  it("open: open rows have no end; durations count to now", () => {
    const now = ms(30);
    const rows = timelineRows(F.openHistory(), now);
    expect(rows.map(brief)).toEqual([
      ["workflow-1", "running", 0, "open"],
      ["decision-2", "completed", 1, 3],
      ["activity-5", "running", 4, "open"],
      ["activity-6", "scheduled", 5, "open"],
      ["timer-7", "running", 6, "open"],
      ["child-8", "running", 7, "open"],
      ["child-9", "scheduled", 8, "open"],
      ["external-10", "pending", 9, "open"],
      ["decision-13", "completed", 12, 14],
      ["signal-17", "completed", 16, 16],
      ["decision-18", "scheduled", 17, "open"],
    ]);
    const a1 = rows[2];
    expect(a1.cancelRequested).toBe(true);
    expect(a1.eventIds).toEqual([5, 11, 16]);
    expect(a1.durationMs).toBe(26_000);
    expect(a1.segments).toEqual([
      { kind: "waiting", start: ms(4), end: ms(10), status: "scheduled", eventIds: [5, 11] },
      { kind: "running", start: ms(10), status: "running", eventIds: [11] },
    ]);
    expect(rows[4].plannedEnd).toBe(ms(66));
    expect(rows[5].segments.map((s) => s.kind)).toEqual(["waiting", "running"]);
    expect(rows[7].label).toBe("Signal progress → monitor");
    expect(rows[9]).toMatchObject({
      kind: "signal",
      label: "poke",
      point: true,
      segments: [],
      eventIds: [17],
    });
    expect(timelineRows(F.openHistory())[2].durationMs).toBeUndefined();
  });

  it("terminated: work open at close ends at the close time, as terminated", () => {
    const rows = timelineRows(F.terminatedHistory());
    expect(rows.map(brief)).toEqual([
      ["workflow-1", "terminated", 0, 126],
      ["decision-2", "completed", 1, 3],
      ["activity-5", "terminated", 4, 126],
    ]);
    expect(rows[2].segments.at(-1)).toMatchObject({
      kind: "running",
      status: "terminated",
      end: ms(126),
    });
  });

  it("timed out: the open timer is cut at the execution timeout", () => {
    const rows = timelineRows(F.timedOutHistory());
    expect(rows.map(brief)).toEqual([
      ["workflow-1", "timedOut", 0, 600],
      ["decision-2", "completed", 1, 3],
      ["timer-5", "timedOut", 4, 600],
    ]);
    expect(rows[2].plannedEnd).toBe(ms(3604));
  });

  it("children: initiated → started → closed", () => {
    const rows = timelineRows(F.childrenHistory()).filter((r) => r.kind === "child");
    expect(
      rows.map((r) => [
        r.label,
        r.detail,
        r.status,
        r.reason,
        r.eventIds,
        r.segments.map((s) => s.status),
      ]),
    ).toEqual([
      [
        "order-1001-ship",
        "ShipmentWorkflow 1.0",
        "completed",
        undefined,
        [5, 7, 12],
        ["scheduled", "completed"],
      ],
      [
        "order-1001-invoice",
        "InvoiceWorkflow 1.0",
        "failed",
        "InvoiceRejected",
        [6, 9, 16],
        ["scheduled", "failed"],
      ],
    ]);
  });

  it("canceled: the cancel request is a point; the activity ends canceled", () => {
    const rows = timelineRows(F.canceledHistory());
    const activity = rows.find((r) => r.kind === "activity")!;
    expect(activity).toMatchObject({
      status: "canceled",
      cancelRequested: true,
      eventIds: [5, 6, 11, 12],
      end: ms(11),
    });
    expect(rows.find((r) => r.kind === "cancelRequest")).toMatchObject({
      id: "cancelRequest-7",
      point: true,
      start: ms(6),
      end: ms(6),
      status: "canceled",
    });
    expect(rows[0].status).toBe("canceled");
  });

  it("signal and marker are points; a cancelled timer ends canceled", () => {
    const rows = timelineRows(F.signalAndMarkerHistory());
    expect(rows.map((r) => [r.id, r.kind, r.label, r.status, r.point])).toEqual([
      ["workflow-1", "workflow", "OrderWorkflow", "completed", false],
      ["decision-2", "decision", "Decision 1", "completed", false],
      ["marker-5", "marker", "checkpoint", "completed", true],
      ["timer-6", "timer", "reminder", "canceled", false],
      ["signal-7", "signal", "approve", "completed", true],
      ["decision-8", "decision", "Decision 2", "completed", false],
    ]);
    expect(rows[3]).toMatchObject({ end: ms(10), eventIds: [6, 11] });
  });

  it("decision task timeout: the timed-out task is its own row", () => {
    const rows = timelineRows(F.decisionTimeoutHistory()).filter((r) => r.kind === "decision");
    expect(
      rows.map((r) => [
        r.label,
        r.status,
        r.reason,
        (r.start - ms(0)) / 1000,
        (r.end! - ms(0)) / 1000,
      ]),
    ).toEqual([
      ["Decision 1", "timedOut", "START_TO_CLOSE", 1, 32],
      ["Decision 2", "completed", undefined, 33, 35],
      ["Decision 3", "completed", undefined, 39, 41],
    ]);
  });

  it("refused decisions are failed points", () => {
    const rows = timelineRows(F.unhandledDecisionHistory());
    expect(rows.find((r) => r.kind === "decisionFailure")).toMatchObject({
      id: "decisionFailure-7",
      label: "Complete workflow",
      reason: "UNHANDLED_DECISION",
      status: "failed",
      point: true,
    });
    // Two decision tasks overlap: the second was scheduled while the first was started.
    expect(rows.filter((r) => r.kind === "decision").map(brief)).toEqual([
      ["decision-2", "completed", 1, 5],
      ["decision-5", "completed", 4, 8],
    ]);
  });

  it("large history: one row per attempt and per decision task, valid event ids", () => {
    const { events, stats } = F.largeHistory();
    const rows = timelineRows(events);
    const activities = rows.filter((r) => r.kind === "activity");
    expect(activities).toHaveLength(stats.items + stats.retries);
    expect(activities.filter((r) => r.attempts === 2)).toHaveLength(2 * stats.retries);
    expect(rows.filter((r) => r.kind === "decision")).toHaveLength(stats.decisions);
    expect(rows.flatMap((r) => r.eventIds).filter((id) => !(id >= 1 && id <= 25_000))).toEqual([]);
  });
});

describe("timelineBounds", () => {
  it("spans the rows; open rows reach now, open timers their fire time", () => {
    expect(timelineBounds(timelineRows(F.completedHistory()))).toEqual({
      start: ms(0),
      end: ms(22),
    });
    const open = timelineRows(F.openHistory());
    expect(timelineBounds(open, ms(30))).toEqual({ start: ms(0), end: ms(66) });
    expect(timelineBounds(open, ms(300))).toEqual({ start: ms(0), end: ms(300) });
    expect(timelineBounds(open)).toEqual({ start: ms(0), end: ms(66) });
    expect(timelineBounds([])).toBeUndefined();
  });
});
