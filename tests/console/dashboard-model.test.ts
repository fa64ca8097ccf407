// The dashboard's pure part: throughput buckets and open executions walked back from now;
// activity latencies and task-list pick-ups from histories.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import {
  activityLatencies,
  completeSince,
  openAtWindowStart,
  taskListActivity,
  throughput,
} from "@/lib/console/dashboard-model";

const ev = (eventId: number, atMs: number, eventType: string, attrs: object): HistoryEvent =>
  ({
    eventId,
    eventType,
    eventTimestamp: new Date(atMs),
    [`${eventType[0].toLowerCase()}${eventType.slice(1)}EventAttributes`]: attrs,
  }) as HistoryEvent;

describe("throughput", () => {
  it("buckets starts and closes and walks the open count back", () => {
    // Window 0..300, buckets of 100. One run started at 50 and closed at 250 (failed); one
    // started at 150, still open; open now = 1.
    const b = throughput(
      [{ startedAt: 50 }, { startedAt: 150 }],
      [{ startedAt: 50, closedAt: 250, closeStatus: "FAILED" }],
      1,
      0,
      300,
      100,
    );
    expect(b.map((x) => x.at)).toEqual([0, 100, 200]);
    expect(b.map((x) => x.started)).toEqual([1, 1, 0]);
    expect(b.map((x) => x.closed.FAILED)).toEqual([0, 0, 1]);
    expect(b.map((x) => x.open)).toEqual([1, 2, 1]);
  });

  it("leaves the open count unknown before the lists are complete", () => {
    // Only runs from 150 on were read: the walk stops there rather than start from a guess.
    const b = throughput([{ startedAt: 150 }, { startedAt: 250 }], [], 5, 0, 300, 100, 150);
    expect(b.map((x) => x.open)).toEqual([null, 4, 5]);
    expect(b.map((x) => x.partial)).toEqual([true, true, false]);
  });
});

describe("completeSince", () => {
  it("is the newest of the capped lists' oldest listed runs", () => {
    expect(
      completeSince([
        { times: [300, 200], more: true, total: 5 },
        { times: [290, 250], more: true },
        { times: [100], more: false },
      ]),
    ).toBe(250);
  });

  it("counts a list as complete when it was not capped or its count shows nothing missing", () => {
    expect(completeSince([{ times: [3, 2], more: false }])).toBeUndefined();
    expect(completeSince([{ times: [3, 2], more: true, total: 2 }])).toBeUndefined();
  });

  it("takes the open count at the window's start from exact counts", () => {
    // 2,000 open now, 3,015 started in the window, 1,015 closed in it: none open at the start.
    expect(openAtWindowStart(2000, 3015, 1015)).toBe(0);
    expect(openAtWindowStart(10, 4, 1)).toBe(7);
  });
});

describe("histories", () => {
  const events = [
    ev(1, 0, "DecisionTaskScheduled", { taskList: { name: "deciders" } }),
    ev(2, 10, "DecisionTaskStarted", { scheduledEventId: 1, identity: "decider-1" }),
    ev(3, 20, "ActivityTaskScheduled", {
      activityType: { name: "Pack", version: "1" },
      taskList: { name: "packers" },
    }),
    ev(4, 120, "ActivityTaskStarted", { scheduledEventId: 3, identity: "packer-7" }),
    ev(5, 1120, "ActivityTaskCompleted", { scheduledEventId: 3, startedEventId: 4 }),
    ev(6, 1130, "ActivityTaskScheduled", {
      activityType: { name: "Ship", version: "1" },
      taskList: { name: "shippers" },
    }),
  ];

  it("measures schedule-to-start and start-to-close per activity type", () => {
    const [pack] = activityLatencies([events]);
    expect(pack).toEqual({
      activityType: "Pack@1",
      samples: 1,
      scheduleToStart: { p50: 100, p95: 100 },
      startToClose: { p50: 1000, p95: 1000 },
    });
  });

  it("lists task lists with their last pick-up, never-picked first", () => {
    expect(taskListActivity([events])).toEqual([
      { taskList: "shippers", kind: "activity", lastPickedUpAt: undefined, identity: undefined },
      { taskList: "deciders", kind: "decision", lastPickedUpAt: 10, identity: "decider-1" },
      { taskList: "packers", kind: "activity", lastPickedUpAt: 120, identity: "packer-7" },
    ]);
  });
});
