import { describe, expect, it } from "vitest";
import { summarizeExecution } from "@/lib/history";
import * as F from "../fixtures/histories";
import { at } from "./helpers";

describe("summarizeExecution", () => {
  it("completed: result, duration, configuration and counts", () => {
    const s = summarizeExecution(F.completedHistory());
    expect(s).toMatchObject({
      workflowType: { name: "OrderWorkflow", version: "1.0" },
      status: "COMPLETED",
      visualStatus: "completed",
      startedAt: at(0),
      closedAt: at(22),
      durationMs: 22_000,
      input: '{"orderId":"o-1001"}',
      result: '{"status":"shipped"}',
      tagList: ["env:test", "customer:42"],
      taskList: "decisions",
      childPolicy: "TERMINATE",
      executionStartToCloseTimeout: "3600",
      taskStartToCloseTimeout: "30",
      cancelRequested: false,
      lastEventId: 23,
      lastEventAt: at(22),
    });
    expect(s.failure).toBeUndefined();
    expect(s.parent).toBeUndefined();
    expect(s.counts).toMatchObject({
      events: 23,
      decisions: 4,
      activitiesScheduled: 3,
      activitiesCompleted: 3,
      activitiesFailed: 0,
      timersStarted: 0,
    });
  });

  it("failed: reason and details of FailWorkflowExecution", () => {
    const s = summarizeExecution(F.failedHistory());
    expect(s.status).toBe("FAILED");
    expect(s.visualStatus).toBe("failed");
    expect(s.failure).toEqual({
      reason: "PaymentFailed",
      details: "card declined after 1 attempt",
    });
    expect(s.result).toBeUndefined();
    expect(s.durationMs).toBe(10_000);
    expect(s.counts).toMatchObject({
      events: 11,
      decisions: 2,
      activitiesFailed: 1,
      activitiesCompleted: 0,
    });
  });

  it("timed out: timeout type, closed at the execution timeout", () => {
    const s = summarizeExecution(F.timedOutHistory());
    expect(s.status).toBe("TIMED_OUT");
    expect(s.visualStatus).toBe("timedOut");
    expect(s.failure).toEqual({ timeoutType: "START_TO_CLOSE" });
    expect(s.closedAt).toEqual(at(600));
    expect(s.durationMs).toBe(600_000);
    expect(s.executionStartToCloseTimeout).toBe("600");
  });

  it("a cancel request is pending only while the run is open", () => {
    const events = F.canceledHistory();
    const requested = events.findIndex((e) => e.eventType === "WorkflowExecutionCancelRequested");
    const open = summarizeExecution(events.slice(0, requested + 1));
    expect(open).toMatchObject({ status: "OPEN", cancelRequested: true, cancelPending: true });
  });

  it("canceled: cancel requested, details", () => {
    const s = summarizeExecution(F.canceledHistory());
    expect(s.status).toBe("CANCELED");
    expect(s.cancelRequested).toBe(true);
    // Closed: the request was acted on, so nothing announces it as pending any more.
    expect(s.cancelPending).toBe(false);
    expect(s.failure).toEqual({ details: "canceled by operator" });
    expect(s.durationMs).toBe(15_000);
    expect(s.counts.activitiesCanceled).toBe(1);
  });

  it("terminated: reason and cause", () => {
    const s = summarizeExecution(F.terminatedHistory());
    expect(s.status).toBe("TERMINATED");
    expect(s.visualStatus).toBe("terminated");
    expect(s.failure).toEqual({
      reason: "stuck for 2 minutes",
      details: undefined,
      cause: "OPERATOR_INITIATED",
    });
    expect(s.durationMs).toBe(126_000);
  });

  it("continued as new: both runs point at each other", () => {
    const { first, second } = F.continuedAsNewHistories();
    const a = summarizeExecution(first);
    const b = summarizeExecution(second);
    expect(a.status).toBe("CONTINUED_AS_NEW");
    expect(a.visualStatus).toBe("continuedAsNew");
    expect(a.continuedAsNewRunId).toBe(F.CONTINUED_RUN_IDS.second);
    expect(a.failure).toBeUndefined();
    expect(a.durationMs).toBe(68_000);
    expect(a.counts).toMatchObject({ timersStarted: 1, timersFired: 1 });
    expect(b.continuedFromRunId).toBe(F.CONTINUED_RUN_IDS.first);
    expect(b.continuedAsNewRunId).toBeUndefined();
    expect(b.status).toBe("COMPLETED");
    expect(b.startedAt).toEqual(at(69));
    expect(b.input).toBe('{"page":2}');
  });

  it("child run: parent link", () => {
    const s = summarizeExecution(F.childRunHistory());
    expect(s.parent).toEqual({
      workflowId: "order-1001",
      runId: "parent-run-1",
      initiatedEventId: 5,
    });
    expect(s.workflowType).toEqual({ name: "ShipmentWorkflow", version: "1.0" });
    expect(s.durationMs).toBe(4_000);
  });

  it("parent: child counts", () => {
    const s = summarizeExecution(F.childrenHistory());
    expect(s.counts).toMatchObject({
      childrenInitiated: 2,
      childrenCompleted: 1,
      childrenUnsuccessful: 1,
      decisions: 4,
    });
  });

  it("retries, timeouts, signals, markers and refused decisions are counted", () => {
    expect(summarizeExecution(F.retriesHistory()).counts).toMatchObject({
      activitiesScheduled: 3,
      activitiesFailed: 1,
      activitiesTimedOut: 1,
      activitiesCompleted: 1,
      timersStarted: 2,
      timersFired: 2,
      decisions: 6,
    });
    expect(summarizeExecution(F.decisionTimeoutHistory()).counts).toMatchObject({
      decisions: 2,
      decisionTimeouts: 1,
    });
    expect(summarizeExecution(F.signalAndMarkerHistory()).counts).toMatchObject({
      signalsReceived: 1,
      markers: 1,
      timersCanceled: 1,
    });
    expect(summarizeExecution(F.unhandledDecisionHistory()).counts).toMatchObject({
      decisionFailures: 1,
      signalsReceived: 1,
      decisions: 2,
    });
  });

  it("open: no close time, duration or outcome", () => {
    const s = summarizeExecution(F.openHistory());
    expect(s.status).toBe("OPEN");
    expect(s.visualStatus).toBe("running");
    expect(s.closedAt).toBeUndefined();
    expect(s.durationMs).toBeUndefined();
    expect(s.failure).toBeUndefined();
    expect(s.lastEventId).toBe(18);
  });

  it("keeps the latest execution context", () => {
    const h = F.historyBuilder();
    h.started();
    h.decision('{"step":1}');
    h.decision();
    expect(summarizeExecution(h.events()).latestExecutionContext).toBe('{"step":1}');
  });

  it("handles an empty history and a page that does not start at event 1", () => {
    const empty = summarizeExecution([]);
    expect(empty).toMatchObject({ status: "OPEN", tagList: [], cancelRequested: false });
    expect(empty.startedAt).toBeUndefined();
    const page = summarizeExecution(F.completedHistory().slice(10));
    expect(page.startedAt).toEqual(at(10));
    expect(page.workflowType).toBeUndefined();
    expect(page.status).toBe("COMPLETED");
  });

  it("large: terminated at the event limit, counts match the generator", () => {
    const { events, stats } = F.largeHistory();
    const s = summarizeExecution(events);
    expect(s.status).toBe("TERMINATED");
    expect(s.failure?.cause).toBe("EVENT_LIMIT_EXCEEDED");
    expect(s.counts.events).toBe(25_000);
    expect(s.counts.decisions).toBe(stats.decisions);
    expect(s.counts.activitiesFailed).toBe(stats.retries);
    expect(s.counts.activitiesCompleted).toBe(stats.items);
    expect(s.counts.markers).toBe(stats.markers);
    expect(s.counts.signalsReceived).toBe(stats.signals);
  });
});
