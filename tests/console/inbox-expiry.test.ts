/**
 * The words of an expired task's reason, from the history events SWF records (the same shapes
 * GetWorkflowExecutionHistory returns; the integration suites check them against a real engine).
 */
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import { expiryFromHistory, utcTime } from "@/lib/console/inbox-expiry";

const at = new Date("2026-12-07T14:44:21.345Z");
const ev = (eventType: string, attrs: Record<string, unknown> = {}): HistoryEvent =>
  ({ eventId: 9, eventType, eventTimestamp: at, ...attrs }) as HistoryEvent;

describe("expiryFromHistory", () => {
  it("names the activity's own end first: which timeout, or who closed it", () => {
    const timedOut = ev("ActivityTaskTimedOut", {
      activityTaskTimedOutEventAttributes: { startedEventId: 6, timeoutType: "HEARTBEAT" },
    });
    // Newest first, as the console reads it: the run's close comes after the timeout.
    const closed = ev("WorkflowExecutionFailed", {
      workflowExecutionFailedEventAttributes: { reason: "approval timed out" },
    });
    expect(expiryFromHistory([closed, timedOut], 6)).toEqual({
      state: "expired",
      reason:
        "Timed out at 2026-12-07 14:44:21 UTC: no answer within the activity's heartbeat timeout",
    });
    expect(
      expiryFromHistory(
        [
          ev("ActivityTaskCanceled", {
            activityTaskCanceledEventAttributes: { startedEventId: 6 },
          }),
        ],
        6,
      ),
    ).toEqual({ state: "canceled", reason: "Canceled by the workflow at 2026-12-07 14:44:21 UTC" });
    // Another activity's end says nothing about this one.
    expect(expiryFromHistory([timedOut], 7)).toBeUndefined();
  });

  it("otherwise names how the run closed, when, and why", () => {
    const cases: [HistoryEvent, string][] = [
      [
        ev("WorkflowExecutionTerminated", {
          workflowExecutionTerminatedEventAttributes: {
            reason: "customer withdrew",
            cause: "OPERATOR_INITIATED",
          },
        }),
        "Workflow terminated at 2026-12-07 14:44:21 UTC: customer withdrew",
      ],
      [
        ev("WorkflowExecutionTerminated", {
          workflowExecutionTerminatedEventAttributes: { cause: "CHILD_POLICY_APPLIED" },
        }),
        "Workflow terminated at 2026-12-07 14:44:21 UTC by its parent's child policy",
      ],
      [
        ev("WorkflowExecutionTerminated"),
        "Workflow terminated at 2026-12-07 14:44:21 UTC (no reason given)",
      ],
      [ev("WorkflowExecutionCanceled"), "Workflow canceled at 2026-12-07 14:44:21 UTC"],
      [
        ev("WorkflowExecutionCompleted"),
        "Workflow completed at 2026-12-07 14:44:21 UTC without waiting for this task",
      ],
      [
        ev("WorkflowExecutionTimedOut", {
          workflowExecutionTimedOutEventAttributes: { timeoutType: "START_TO_CLOSE" },
        }),
        "Workflow timed out at 2026-12-07 14:44:21 UTC (its start-to-close timeout)",
      ],
      [
        ev("WorkflowExecutionContinuedAsNew", {
          workflowExecutionContinuedAsNewEventAttributes: { newExecutionRunId: "r-2" },
        }),
        "Workflow continued as new at 2026-12-07 14:44:21 UTC (new run r-2)",
      ],
    ];
    for (const [event, reason] of cases)
      expect(expiryFromHistory([event, ev("DecisionTaskCompleted")], 6)).toEqual({
        state: "expired",
        reason,
      });
    // An open run, with no end of the activity: nothing to say (the caller keeps SWF's refusal).
    expect(expiryFromHistory([ev("DecisionTaskCompleted")], 6)).toBeUndefined();
  });

  it("spells times one way, in UTC", () => {
    expect(utcTime(at)).toBe("2026-12-07 14:44:21 UTC");
    expect(utcTime(undefined)).toBe("an unrecorded time");
  });
});
