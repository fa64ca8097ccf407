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
        // Started: start-to-close (600 s) from the start, schedule-to-close (900 s) from the
        // scheduling; no heartbeat time-out ("NONE").
        deadlines: [
          { kind: "startToClose", seconds: 600, dueAt: at(610) },
          { kind: "scheduleToClose", seconds: 900, dueAt: at(904) },
        ],
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
        // Scheduled: schedule-to-start (300 s) and schedule-to-close (900 s).
        deadlines: [
          { kind: "scheduleToStart", seconds: 300, dueAt: at(305) },
          { kind: "scheduleToClose", seconds: 900, dueAt: at(905) },
        ],
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
      taskList: "decisions",
      attempt: 1,
      // A decision task has no time-out before it starts.
      deadlines: [],
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
      taskList: "decisions",
      attempt: 1,
      deadlines: [],
    });
    const busy = pendingWork(events.slice(0, 5));
    expect(busy.decisionTask).toEqual({
      scheduledEventId: 2,
      startedEventId: 3,
      state: "started",
      scheduledAt: at(1),
      startedAt: at(2),
      taskList: "decisions",
      attempt: 1,
      // Started: its start-to-close (30 s) counts from the start.
      deadlines: [{ kind: "startToClose", seconds: 30, dueAt: at(32) }],
    });
    expect(busy.queuedDecisionTask).toEqual({
      scheduledEventId: 5,
      state: "scheduled",
      scheduledAt: at(4),
      taskList: "decisions",
      attempt: 1,
      deadlines: [],
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

  it("a decision-task timeout leaves nothing open; the rescheduled task is, as attempt 2", () => {
    const events = F.decisionTimeoutHistory();
    expect(pendingWork(events.slice(0, 4)).decisionTask).toBeUndefined();
    expect(pendingWork(events.slice(0, 5)).decisionTask).toMatchObject({
      scheduledEventId: 5,
      state: "scheduled",
      attempt: 2,
    });
  });

  it("a decision task without its own task list and time-out takes the run's", () => {
    const h = F.historyBuilder();
    h.started({ taskList: { name: "deciders" }, taskStartToCloseTimeout: "45" }); // 1
    // Hand-made histories (and imports) may leave out what SWF would record.
    const s = h.add("DecisionTaskScheduled", {} as never); // 2
    h.decisionStarted(s); // 3
    expect(pendingWork(h.events()).decisionTask).toMatchObject({
      taskList: "deciders",
      deadlines: [{ kind: "startToClose", seconds: 45, dueAt: at(47) }],
    });
  });

  it("a started activity's heartbeat has a limit but no due time (SWF records no heartbeats)", () => {
    const h = F.historyBuilder();
    h.started(); // 1
    const d = h.decision(); // 2-4
    const s = h.add("ActivityTaskScheduled", {
      activityType: { name: "Encode", version: "1" },
      activityId: "enc",
      scheduleToStartTimeout: "NONE",
      scheduleToCloseTimeout: "NONE",
      startToCloseTimeout: "3600",
      heartbeatTimeout: "30",
      taskList: { name: "media" },
      decisionTaskCompletedEventId: d,
    }); // 5
    // Scheduled without limits: no deadline at all.
    expect(pendingWork(h.events()).activities[0].deadlines).toEqual([]);
    h.startActivity(s); // 6
    expect(pendingWork(h.events()).activities[0].deadlines).toEqual([
      { kind: "startToClose", seconds: 3600, dueAt: at(3605) },
      { kind: "heartbeat", seconds: 30, dueAt: undefined },
    ]);
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
