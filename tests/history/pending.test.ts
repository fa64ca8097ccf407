import { describe, expect, it } from "vitest";
import { pendingWork } from "@/lib/history";
import * as F from "../fixtures/histories";
import { at } from "./helpers";

describe("pendingWork", () => {
  it("lists everything open in a running execution", () => {
    const p = pendingWork(F.openHistory());
    expect(p.closed).toBe(false);
    expect(p.activities).toEqual([
      {
        activityId: "a1",
        activityType: { name: "Resize", version: "1.0" },
        scheduledEventId: 5,
        startedEventId: 11,
        state: "started",
        scheduledAt: at(4),
        startedAt: at(10),
        identity: "worker@host-2",
        cancelRequested: true,
        attempt: 1,
        input: "img-1",
        taskList: "activities",
      },
      {
        activityId: "a2",
        activityType: { name: "Resize", version: "1.0" },
        scheduledEventId: 6,
        state: "scheduled",
        scheduledAt: at(5),
        cancelRequested: false,
        attempt: 1,
        input: "img-2",
        taskList: "activities",
      },
    ]);
    expect(p.timers).toEqual([
      {
        timerId: "t1",
        startedEventId: 7,
        startedAt: at(6),
        startToFireTimeout: "60",
        fireAt: at(66),
      },
    ]);
    expect(p.children).toEqual([
      {
        workflowId: "child-1",
        runId: "child-run-1",
        workflowType: { name: "ThumbnailWorkflow", version: "1.0" },
        initiatedEventId: 8,
        startedEventId: 12,
        state: "started",
        initiatedAt: at(7),
        startedAt: at(11),
      },
      {
        workflowId: "child-2",
        workflowType: { name: "ThumbnailWorkflow", version: "1.0" },
        initiatedEventId: 9,
        state: "initiated",
        initiatedAt: at(8),
      },
    ]);
    expect(p.decisionTask).toEqual({
      scheduledEventId: 18,
      state: "scheduled",
      scheduledAt: at(17),
    });
    expect(p.queuedDecisionTask).toBeUndefined();
    expect(p.externalSignals).toEqual([
      {
        kind: "signal",
        workflowId: "monitor",
        signalName: "progress",
        initiatedEventId: 10,
        initiatedAt: at(9),
      },
    ]);
    expect(p.externalCancels).toEqual([]);
    expect(p.lambdas).toEqual([]);
  });

  it("counts attempts per activityId across retries", () => {
    const events = F.retriesHistory();
    // After event 17 the second attempt of "charge" is running.
    const second = pendingWork(events.slice(0, 17));
    expect(second.activities).toHaveLength(1);
    expect(second.activities[0]).toMatchObject({
      activityId: "charge",
      attempt: 2,
      state: "started",
      scheduledEventId: 16,
      startedEventId: 17,
      input: '{"attempt":2}',
    });
    // After event 27 the third is scheduled.
    expect(pendingWork(events.slice(0, 27)).activities[0]).toMatchObject({
      attempt: 3,
      state: "scheduled",
      scheduledEventId: 27,
    });
  });

  it("computes when an open timer fires", () => {
    const p = pendingWork(F.retriesHistory().slice(0, 11));
    expect(p.timers).toEqual([
      {
        timerId: "charge-backoff-1",
        startedEventId: 11,
        startedAt: at(10),
        startToFireTimeout: "5",
        fireAt: at(15),
      },
    ]);
    expect(p.activities).toEqual([]);
    expect(pendingWork(F.retriesHistory().slice(0, 12)).timers).toEqual([]);
  });

  it("tracks the decision task and the one queued behind it", () => {
    const events = F.unhandledDecisionHistory();
    expect(pendingWork(events.slice(0, 2)).decisionTask).toEqual({
      scheduledEventId: 2,
      state: "scheduled",
      scheduledAt: at(1),
    });
    const busy = pendingWork(events.slice(0, 5));
    expect(busy.decisionTask).toEqual({
      scheduledEventId: 2,
      startedEventId: 3,
      state: "started",
      scheduledAt: at(1),
      startedAt: at(2),
    });
    expect(busy.queuedDecisionTask).toEqual({
      scheduledEventId: 5,
      state: "scheduled",
      scheduledAt: at(4),
    });
    const next = pendingWork(events.slice(0, 7));
    expect(next.decisionTask).toMatchObject({ scheduledEventId: 5, state: "scheduled" });
    expect(next.queuedDecisionTask).toBeUndefined();
  });

  it("follows children from initiated to started to closed", () => {
    const events = F.childrenHistory();
    expect(
      pendingWork(events.slice(0, 8)).children.map((c) => [c.workflowId, c.state, c.runId]),
    ).toEqual([
      ["order-1001-ship", "started", "child-run-a"],
      ["order-1001-invoice", "initiated", undefined],
    ]);
    expect(pendingWork(events.slice(0, 12)).children.map((c) => c.workflowId)).toEqual([
      "order-1001-invoice",
    ]);
    expect(pendingWork(events.slice(0, 16)).children).toEqual([]);
  });

  it("a decision-task timeout leaves nothing open; the rescheduled task is", () => {
    const events = F.decisionTimeoutHistory();
    expect(pendingWork(events.slice(0, 4)).decisionTask).toBeUndefined();
    expect(pendingWork(events.slice(0, 5)).decisionTask).toMatchObject({
      scheduledEventId: 5,
      state: "scheduled",
    });
  });

  it("a closed execution has nothing pending, even work that was open at close", () => {
    for (const events of [
      F.terminatedHistory(),
      F.timedOutHistory(),
      F.completedHistory(),
      F.largeHistory().events,
    ]) {
      const p = pendingWork(events);
      expect(p.closed).toBe(true);
      expect(
        [
          p.activities,
          p.timers,
          p.children,
          p.externalSignals,
          p.externalCancels,
          p.lambdas,
        ].flat(),
      ).toEqual([]);
      expect(p.decisionTask).toBeUndefined();
    }
  });
});
