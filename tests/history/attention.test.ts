import { describe, expect, it } from "vitest";
import { needsAttention, type AttentionFact } from "@/lib/history";
import * as F from "../fixtures/histories";
import { at, ms } from "./helpers";

const MINUTE = 60_000;
/** Kind, event type and event id of each fact: what the notice lists and links to. */
const brief = (facts: AttentionFact[]) => facts.map((f) => [f.kind, f.eventType, f.eventId]);

describe("needsAttention", () => {
  it("says nothing of a healthy open run, nor of a closed one", () => {
    const open = F.openHistory();
    // Ten seconds after its last event: the scheduled work has not waited a minute yet.
    expect(needsAttention(open, ms(17) + 10_000)).toEqual([]);
    for (const closed of [F.completedHistory(), F.failedHistory(), F.lambdaHistory()])
      expect(needsAttention(closed, ms(10_000))).toEqual([]);
  });

  it("names work nobody picked up for a minute, with its task list and the time-out that ends the wait", () => {
    // openHistory: a2 scheduled at 5 s (schedule-to-start 300 s), the decision task at 17 s.
    const facts = needsAttention(F.openHistory(), ms(17) + MINUTE);
    expect(facts).toEqual([
      {
        kind: "notPickedUp",
        eventId: 18,
        eventType: "DecisionTaskScheduled",
        at: ms(17),
        itemKind: "decision",
        attempt: 1,
        taskList: "decisions",
        waitedMs: MINUTE,
        deadline: undefined,
      },
      {
        kind: "notPickedUp",
        eventId: 6,
        eventType: "ActivityTaskScheduled",
        at: ms(5),
        itemKind: "activity",
        id: "a2",
        typeName: "Resize",
        typeVersion: "1.0",
        attempt: 1,
        taskList: "activities",
        waitedMs: ms(17) + MINUTE - ms(5),
        deadline: { kind: "scheduleToStart", seconds: 300, dueAt: at(305) },
      },
    ]);
    // The threshold is a choice: with 5 minutes, nothing yet.
    expect(
      needsAttention(F.openHistory(), ms(17) + MINUTE, { waitingAfterMs: 5 * MINUTE }),
    ).toEqual([]);
    // Started work is not waiting for a worker (a1 has been running since 10 s).
    expect(facts.some((f) => f.id === "a1")).toBe(false);
  });

  it("a decision task queued behind a started one waits for that one, not for a decider", () => {
    const events = F.unhandledDecisionHistory().slice(0, 5); // task 2 started, task 5 queued
    expect(needsAttention(events, ms(4) + 10 * MINUTE)).toEqual([]);
  });

  it("a refused ScheduleActivityTask, with its cause, until the activity is scheduled", () => {
    const h = F.historyBuilder();
    h.started(); // 1
    const d1 = h.decision(); // 2-4
    h.add("ScheduleActivityTaskFailed", {
      activityType: { name: "ChargePayment", version: "1.0" },
      activityId: "c",
      cause: "ACTIVITY_TYPE_DOES_NOT_EXIST",
      decisionTaskCompletedEventId: d1,
    }); // 5
    h.decisionScheduled(); // 6
    const bad = h.events();
    expect(needsAttention(bad, h.now + 1000)).toEqual([
      {
        kind: "failed",
        eventId: 5,
        eventType: "ScheduleActivityTaskFailed",
        at: ms(4),
        itemKind: "activity",
        id: "c",
        typeName: "ChargePayment",
        typeVersion: "1.0",
        attempt: 1,
        refused: true,
        reason: undefined,
        details: undefined,
        cause: "ACTIVITY_TYPE_DOES_NOT_EXIST",
        timeoutType: undefined,
      },
    ]);
    // Nobody decides for a minute: that is said too, after the failure.
    expect(brief(needsAttention(bad, h.now + MINUTE))).toEqual([
      ["failed", "ScheduleActivityTaskFailed", 5],
      ["notPickedUp", "DecisionTaskScheduled", 6],
    ]);
    // The decider fixes the type: the refusal is history.
    const d2 = h.decisionCompleted(6, h.decisionStarted(6)); // 7-8
    h.scheduleActivity(d2, { activityId: "c", name: "ChargePayment" }); // 9
    expect(needsAttention(h.events(), h.now + 1000)).toEqual([]);
  });

  it("a refusal because the id is in use lasts until that activity's own outcome", () => {
    const h = F.historyBuilder();
    h.started(); // 1
    const d1 = h.decision(); // 2-4
    const s = h.scheduleActivity(d1, { activityId: "c", name: "ChargePayment" }); // 5
    const t = h.startActivity(s); // 6
    h.add("SignalExternalWorkflowExecutionInitiated", {
      workflowId: "other",
      signalName: "x",
      decisionTaskCompletedEventId: d1,
    }); // 7 (keeps the run from looking idle later)
    const d2 = h.decision(); // 8-10
    h.add("ScheduleActivityTaskFailed", {
      activityType: { name: "ChargePayment", version: "1.0" },
      activityId: "c",
      cause: "ACTIVITY_ID_ALREADY_IN_USE",
      decisionTaskCompletedEventId: d2,
    }); // 11
    expect(brief(needsAttention(h.events(), h.now))).toEqual([
      ["failed", "ScheduleActivityTaskFailed", 11],
    ]);
    h.completeActivity(s, t, "ok"); // 12
    expect(needsAttention(h.events(), h.now)).toEqual([]);
  });

  it("decision tasks timing out in a row, counted, until one completes", () => {
    const h = F.historyBuilder();
    h.started(); // 1
    for (let i = 0; i < 6; i++) h.timedOutDecision(); // 2-19
    h.decisionScheduled(); // 20
    const facts = needsAttention(h.events(), h.now + 1000);
    expect(facts).toEqual([
      {
        kind: "decisionTimedOut",
        eventId: 19,
        eventType: "DecisionTaskTimedOut",
        at: h.now - 1000,
        itemKind: "decision",
        timeoutType: "START_TO_CLOSE",
        count: 6,
      },
    ]);
    const d = h.decisionCompleted(20, h.decisionStarted(20)); // 21-22
    h.startTimer(d, "later", 60); // 23
    expect(needsAttention(h.events(), h.now + 1000)).toEqual([]);
  });

  it("an activity failure counts until a later attempt of the same id completes; a retry in flight is the decider handling it", () => {
    const events = F.retriesHistory();
    // After event 7 (charge failed, attempt 1) and its decision scheduling a back-off timer.
    expect(needsAttention(events.slice(0, 11), ms(10))).toEqual([
      expect.objectContaining({
        kind: "failed",
        eventType: "ActivityTaskFailed",
        eventId: 7,
        id: "charge",
        typeName: "ChargeCard",
        attempt: 1,
        reason: "GatewayError",
        refused: false,
      }),
    ]);
    // Attempt 2 scheduled and running: nothing to say.
    expect(needsAttention(events.slice(0, 17), ms(17))).toEqual([]);
    // Attempt 2 timed out (and SWF scheduled a decision task, 19): that is the latest failure
    // (attempt 1's is made moot by it).
    expect(brief(needsAttention(events.slice(0, 19), ms(18)))).toEqual([
      ["failed", "ActivityTaskTimedOut", 18],
    ]);
    expect(needsAttention(events.slice(0, 19), ms(18))[0]).toMatchObject({
      attempt: 2,
      timeoutType: "START_TO_CLOSE",
    });
    // Attempt 3 completed: made good.
    expect(needsAttention(events.slice(0, 30), ms(30))).toEqual([]);
  });

  it("failed Lambda functions, children, timers, markers and requests to other runs, newest first", () => {
    const h = F.historyBuilder();
    h.started(); // 1
    const d1 = h.decision(); // 2-4
    const l = h.scheduleLambda(d1, "quote", "PriceQuote"); // 5
    h.timeOutLambda(l, h.startLambda(l)); // 6-7
    const c = h.startChild(d1, { workflowId: "ship-1", name: "Ship" }); // 8
    h.childFailed(c, h.childStarted(c), "NoCarrier", "none"); // 9-10
    h.add("StartTimerFailed", {
      timerId: "t",
      cause: "TIMER_ID_ALREADY_IN_USE",
      decisionTaskCompletedEventId: d1,
    }); // 11
    h.add("RecordMarkerFailed", {
      markerName: "m",
      cause: "OPERATION_NOT_PERMITTED",
      decisionTaskCompletedEventId: d1,
    }); // 12
    const sig = h.signalExternal(d1, { workflowId: "gone", signalName: "hi" }); // 13
    h.signalExternalFailed(d1, sig); // 14
    h.add("StartChildWorkflowExecutionFailed", {
      workflowId: "dup",
      workflowType: { name: "Ship", version: "1.0" },
      cause: "WORKFLOW_ALREADY_RUNNING",
      initiatedEventId: 0,
      decisionTaskCompletedEventId: d1,
    }); // 15
    h.decisionScheduled(); // 16
    expect(
      needsAttention(h.events(), h.now).map((f) => [f.eventType, f.id, f.reason ?? f.cause]),
    ).toEqual([
      ["StartChildWorkflowExecutionFailed", "dup", "WORKFLOW_ALREADY_RUNNING"],
      ["SignalExternalWorkflowExecutionFailed", "gone", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"],
      ["RecordMarkerFailed", "m", "OPERATION_NOT_PERMITTED"],
      ["StartTimerFailed", "t", "TIMER_ID_ALREADY_IN_USE"],
      ["ChildWorkflowExecutionFailed", "ship-1", "NoCarrier"],
      ["LambdaFunctionTimedOut", "quote", undefined],
    ]);
    // Recording the marker again and starting the timer make those two good.
    const d2 = h.decisionCompleted(16, h.decisionStarted(16)); // 17-18
    h.marker(d2, "m"); // 19
    h.startTimer(d2, "t", 60); // 20
    expect(needsAttention(h.events(), h.now).map((f) => f.eventType)).toEqual([
      "StartChildWorkflowExecutionFailed",
      "SignalExternalWorkflowExecutionFailed",
      "ChildWorkflowExecutionFailed",
      "LambdaFunctionTimedOut",
    ]);
  });

  it("a refused close, until a later decision completes", () => {
    const events = F.unhandledDecisionHistory();
    // 7: CompleteWorkflowExecutionFailed (UNHANDLED_DECISION); the next task is started at 8.
    expect(needsAttention(events.slice(0, 8), ms(7))).toEqual([
      expect.objectContaining({
        kind: "failed",
        eventType: "CompleteWorkflowExecutionFailed",
        eventId: 7,
        itemKind: "refusal",
        cause: "UNHANDLED_DECISION",
      }),
    ]);
    // 9: the next decision completed (and 10 closes the run).
    expect(needsAttention(events.slice(0, 9), ms(8))).toEqual([
      expect.objectContaining({ kind: "idle" }),
    ]);
    expect(needsAttention(events, ms(9))).toEqual([]);
  });

  it("a run with nothing scheduled: the last decision, whether it issued anything, and the run's own time-out", () => {
    const h = F.historyBuilder();
    h.started(); // 1, executionStartToCloseTimeout 3600
    const d1 = h.decision(); // 2-4
    expect(needsAttention(h.events(), h.now)).toEqual([
      {
        kind: "idle",
        eventId: d1,
        eventType: "DecisionTaskCompleted",
        at: ms(3),
        itemKind: "decision",
        issuedNothing: true,
        runDueAt: ms(0) + 3_600_000,
      },
    ]);
    // A decision that only recorded a marker leaves the run just as still.
    h.signaled("poke"); // 5
    const d2 = h.decision(); // 6-8
    h.marker(d2, "seen"); // 9
    expect(needsAttention(h.events(), h.now)).toEqual([
      expect.objectContaining({ kind: "idle", eventId: d2, issuedNothing: false }),
    ]);
    // A timer counting is something scheduled.
    h.signaled("poke"); // 10
    const d3 = h.decision(); // 11-13
    h.startTimer(d3, "wake", 60); // 14
    expect(needsAttention(h.events(), h.now)).toEqual([]);
  });
});
