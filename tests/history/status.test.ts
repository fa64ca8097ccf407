import { describe, expect, it } from "vitest";
import { CloseStatus } from "@aws-sdk/client-swf";
import {
  abandonedStatus,
  closeStatusOfEvent,
  outcomeStatusOfEvent,
  STATUS_STYLE,
  statusOfCloseStatus,
  VISUAL_STATUSES,
  worstStatus,
} from "@/lib/history";

describe("statusOfCloseStatus", () => {
  it("maps every close status and OPEN", () => {
    const mapped = Object.values(CloseStatus).map((s) => [s, statusOfCloseStatus(s)]);
    expect(Object.fromEntries(mapped)).toEqual({
      CANCELED: "canceled",
      COMPLETED: "completed",
      CONTINUED_AS_NEW: "continuedAsNew",
      FAILED: "failed",
      TERMINATED: "terminated",
      TIMED_OUT: "timedOut",
    });
    expect(statusOfCloseStatus("OPEN")).toBe("running");
    expect(statusOfCloseStatus(undefined)).toBe("running");
  });

  it("round-trips through the close events", () => {
    expect(closeStatusOfEvent("WorkflowExecutionContinuedAsNew")).toBe("CONTINUED_AS_NEW");
    expect(closeStatusOfEvent("WorkflowExecutionTimedOut")).toBe("TIMED_OUT");
    expect(closeStatusOfEvent("ActivityTaskCompleted")).toBeUndefined();
  });
});

describe("outcome statuses", () => {
  it("reads the outcome from the event type", () => {
    expect(outcomeStatusOfEvent("ActivityTaskCompleted")).toBe("completed");
    expect(outcomeStatusOfEvent("TimerFired")).toBe("completed");
    expect(outcomeStatusOfEvent("ExternalWorkflowExecutionSignaled")).toBe("completed");
    expect(outcomeStatusOfEvent("ChildWorkflowExecutionTerminated")).toBe("terminated");
    expect(outcomeStatusOfEvent("ActivityTaskTimedOut")).toBe("timedOut");
    expect(outcomeStatusOfEvent("ActivityTaskCanceled")).toBe("canceled");
    expect(outcomeStatusOfEvent("ActivityTaskStarted")).toBeUndefined();
  });

  it("shows work dropped at close as terminated, timed out or canceled", () => {
    expect(abandonedStatus("TERMINATED")).toBe("terminated");
    expect(abandonedStatus("TIMED_OUT")).toBe("timedOut");
    expect(abandonedStatus("COMPLETED")).toBe("canceled");
  });

  it("orders severity for merged nodes", () => {
    expect(worstStatus("completed", "failed")).toBe("failed");
    expect(worstStatus("failed", "timedOut")).toBe("failed");
    expect(worstStatus("completed", "running")).toBe("running");
  });
});

describe("STATUS_STYLE", () => {
  it("has a label and light and dark classes for every status", () => {
    expect(Object.keys(STATUS_STYLE).sort()).toEqual([...VISUAL_STATUSES].sort());
    for (const style of Object.values(STATUS_STYLE)) {
      expect(style.label).not.toBe("");
      for (const [prefix, classes] of [
        ["bg-", style.bg],
        ["text-", style.text],
        ["border-", style.border],
        ["bg-", style.solid],
        ["stroke-", style.stroke],
      ] as const) {
        expect(classes).toMatch(new RegExp(`(^| )${prefix}`));
        expect(classes).toMatch(new RegExp(`dark:${prefix}`));
      }
    }
  });

  it("gives each status its own colour", () => {
    expect(new Set(Object.values(STATUS_STYLE).map((s) => s.solid)).size).toBe(
      VISUAL_STATUSES.length,
    );
  });
});
