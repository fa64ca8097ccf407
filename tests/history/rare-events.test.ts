// Lambda tasks, refused decisions, external cancel/signal outcomes and a child that could not
// start: rarer events, through every view.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import { decisionGraph, pendingWork, summarizeExecution, timelineRows } from "@/lib/history";
import { historyBuilder } from "../fixtures/histories";

function rareHistory(): HistoryEvent[] {
  const h = historyBuilder();
  h.started(); // 1
  const d = h.decision(); // 2-4
  h.add("LambdaFunctionScheduled", {
    id: "l1",
    name: "resize",
    startToCloseTimeout: "300",
    decisionTaskCompletedEventId: d,
  }); // 5
  h.add("LambdaFunctionStarted", { scheduledEventId: 5 }); // 6
  h.add("ScheduleActivityTaskFailed", {
    activityType: { name: "Charge", version: "1.0" },
    activityId: "dup",
    cause: "ACTIVITY_ID_ALREADY_IN_USE",
    decisionTaskCompletedEventId: d,
  }); // 7
  h.add("StartTimerFailed", {
    timerId: "t",
    cause: "TIMER_ID_ALREADY_IN_USE",
    decisionTaskCompletedEventId: d,
  }); // 8
  h.add("StartChildWorkflowExecutionFailed", {
    workflowType: { name: "Missing", version: "9" },
    workflowId: "c0",
    cause: "WORKFLOW_TYPE_DOES_NOT_EXIST",
    initiatedEventId: 0,
    decisionTaskCompletedEventId: d,
  }); // 9
  h.add("RequestCancelExternalWorkflowExecutionInitiated", {
    workflowId: "other",
    decisionTaskCompletedEventId: d,
  }); // 10
  const signal = h.signalExternal(d, { workflowId: "ghost", signalName: "hi" }); // 11
  const busy = h.startChild(d, { workflowId: "busy", name: "ShipmentWorkflow" }); // 12
  const s = h.decisionScheduled(); // 13
  h.add("LambdaFunctionFailed", { scheduledEventId: 5, startedEventId: 6, reason: "OOM" }); // 14
  h.add("ExternalWorkflowExecutionCancelRequested", {
    workflowExecution: { workflowId: "other", runId: "r-9" },
    initiatedEventId: 10,
  }); // 15
  h.signalExternalFailed(d, signal); // 16
  h.add("StartChildWorkflowExecutionFailed", {
    workflowType: { name: "ShipmentWorkflow", version: "1.0" },
    workflowId: "busy",
    cause: "WORKFLOW_ALREADY_RUNNING",
    initiatedEventId: busy,
    decisionTaskCompletedEventId: d,
  }); // 17
  const t = h.decisionStarted(s); // 18
  h.completed(h.decisionCompleted(s, t)); // 19, 20
  return h.events();
}

describe("rare events", () => {
  const events = rareHistory();

  it("summary counts refused decisions and Lambda tasks", () => {
    expect(summarizeExecution(events).counts).toMatchObject({
      events: 20,
      decisionFailures: 5,
      lambdasScheduled: 1,
      lambdasFailed: 1,
    });
  });

  it("pending work includes Lambda tasks and external requests", () => {
    const p = pendingWork(events.slice(0, 13));
    expect(p.lambdas).toEqual([
      {
        id: "l1",
        name: "resize",
        scheduledEventId: 5,
        startedEventId: 6,
        state: "started",
        scheduledAt: expect.any(Date),
        startedAt: expect.any(Date),
        // Started: its start-to-close counts from the start.
        deadlines: [
          {
            kind: "startToClose",
            seconds: 300,
            dueAt: new Date(p.lambdas[0].startedAt!.getTime() + 300_000),
          },
        ],
      },
    ]);
    expect(p.externalCancels.map((e) => [e.kind, e.workflowId, e.initiatedEventId])).toEqual([
      ["cancel", "other", 10],
    ]);
    expect(
      p.externalSignals.map((e) => [e.kind, e.workflowId, e.signalName, e.initiatedEventId]),
    ).toEqual([["signal", "ghost", "hi", 11]]);
    expect(p.children.map((c) => [c.workflowId, c.state])).toEqual([["busy", "initiated"]]);
    const after = pendingWork(events.slice(0, 17));
    expect(
      [after.lambdas, after.externalCancels, after.externalSignals, after.children].flat(),
    ).toEqual([]);
  });

  it("timeline: refused decisions are points, the others end with their outcome", () => {
    const rows = timelineRows(events);
    expect(rows.map((r) => [r.id, r.status, r.reason ?? null])).toEqual([
      ["workflow-1", "completed", null],
      ["decision-2", "completed", null],
      ["lambda-5", "failed", "OOM"],
      ["decisionFailure-7", "failed", "ACTIVITY_ID_ALREADY_IN_USE"],
      ["decisionFailure-8", "failed", "TIMER_ID_ALREADY_IN_USE"],
      ["decisionFailure-9", "failed", "WORKFLOW_TYPE_DOES_NOT_EXIST"],
      ["external-10", "completed", null],
      ["external-11", "failed", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"],
      ["child-12", "failed", "WORKFLOW_ALREADY_RUNNING"],
      ["decision-13", "completed", null],
    ]);
  });

  it("graph: every command of the decision, each leading to the next decision", () => {
    const g = decisionGraph(events);
    expect(g.nodes.map((n) => [n.id, n.kind, n.label, n.status])).toEqual([
      ["start", "start", "Start", "completed"],
      ["decision-2", "decision", "Decision", "completed"],
      ["lambda-5", "lambda", "resize", "failed"],
      ["activity-7", "activity", "Charge", "failed"],
      ["timer-8", "timer", "Start timer", "failed"],
      ["child-9", "child", "Missing", "failed"],
      ["cancelExternal-10", "cancelExternal", "Request cancel", "completed"],
      ["signalExternal-11", "signalExternal", "Signal hi", "failed"],
      ["child-12", "child", "ShipmentWorkflow", "failed"],
      ["decision-13", "decision", "Decision", "completed"],
      ["end", "end", "Completed", "completed"],
    ]);
    const outcomes = g.edges
      .filter((e) => e.kind === "outcome" && e.target === "decision-13")
      .map((e) => e.source);
    expect(outcomes.sort()).toEqual([
      "activity-7",
      "cancelExternal-10",
      "child-12",
      "child-9",
      "lambda-5",
      "signalExternal-11",
      "timer-8",
    ]);
    expect(g.edges.filter((e) => e.kind === "issued" && e.source === "decision-2")).toHaveLength(7);
  });
});
