// closeReason: one groupable line per closed run, from its closing events (whole or last page).
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import { closeReason, closeReasonText } from "@/lib/history/close-reason";

const ev = (eventId: number, eventType: string, attrs: object = {}): HistoryEvent =>
  ({
    eventId,
    eventType,
    eventTimestamp: new Date(eventId * 1000),
    [`${eventType[0].toLowerCase()}${eventType.slice(1)}EventAttributes`]: attrs,
  }) as HistoryEvent;

describe("closeReason", () => {
  it("is undefined for an open run", () => {
    expect(closeReason([ev(1, "WorkflowExecutionStarted")])).toBeUndefined();
  });

  it("names the timeout type, the termination cause and reason, the cancellation", () => {
    expect(
      closeReason([ev(5, "WorkflowExecutionTimedOut", { timeoutType: "START_TO_CLOSE" })]),
    ).toEqual({ status: "TIMED_OUT", reason: "START_TO_CLOSE" });
    expect(
      closeReason([
        ev(3, "WorkflowExecutionTerminated", { cause: "OPERATOR_INITIATED", reason: "stuck" }),
      ])?.reason,
    ).toBe("OPERATOR_INITIATED: stuck");
    expect(closeReason([ev(3, "WorkflowExecutionTerminated", {})])?.reason).toBe(
      "(no reason given)",
    );
    expect(closeReason([ev(9, "WorkflowExecutionCanceled", {})])).toMatchObject({
      status: "CANCELED",
      reason: "canceled",
    });
  });

  it("adds the last failed activity before a failure, read from a reverse page", () => {
    const events = [
      ev(12, "WorkflowExecutionFailed", { reason: "PaymentFailed" }),
      ev(11, "DecisionTaskCompleted"),
      ev(8, "ActivityTaskFailed", { scheduledEventId: 6, reason: "CardDeclined" }),
      ev(6, "ActivityTaskScheduled", { activityType: { name: "Charge", version: "1" } }),
      ev(4, "ActivityTaskTimedOut", { scheduledEventId: 2, timeoutType: "HEARTBEAT" }),
    ];
    const r = closeReason(events)!;
    expect(r.cause).toEqual({ kind: "activity", name: "Charge", reason: "CardDeclined" });
    expect(closeReasonText(r)).toBe("PaymentFailed — after activity Charge failed: CardDeclined");
  });

  it("names a failed child, or an activity whose scheduling event is not in the page", () => {
    const child = closeReason([
      ev(7, "ChildWorkflowExecutionFailed", {
        workflowType: { name: "Ship", version: "1" },
        reason: "OutOfStock",
      }),
      ev(9, "WorkflowExecutionFailed", { reason: "Shipping failed" }),
    ]);
    expect(closeReasonText(child!)).toBe("Shipping failed — after child Ship failed: OutOfStock");
    const unknown = closeReason([
      ev(40, "ActivityTaskTimedOut", { scheduledEventId: 3, timeoutType: "START_TO_CLOSE" }),
      ev(42, "WorkflowExecutionFailed", {}),
    ]);
    expect(closeReasonText(unknown!)).toBe(
      "(no reason given) — after activity activity #3 failed: timed out (START_TO_CLOSE)",
    );
  });
});
