import { EventType, type HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import {
  attributesKey,
  eventAttributes,
  eventCategory,
  EVENT_CATEGORIES,
  isCloseEvent,
  isFailureEvent,
  type EventCategory,
} from "@/lib/history";
import { completedHistory } from "../fixtures/histories";

const ALL_TYPES = Object.values(EventType);

describe("attributesKey", () => {
  it("names the attributes member of each of the 54 event types", () => {
    expect(ALL_TYPES).toHaveLength(54);
    // Compile-time check too: every key must be a member of the SDK's HistoryEvent.
    const keys: (keyof HistoryEvent)[] = ALL_TYPES.map((t) => attributesKey(t));
    expect(new Set(keys).size).toBe(54);
    expect(attributesKey("WorkflowExecutionStarted")).toBe(
      "workflowExecutionStartedEventAttributes",
    );
    expect(attributesKey("StartLambdaFunctionFailed")).toBe(
      "startLambdaFunctionFailedEventAttributes",
    );
    expect(attributesKey("RequestCancelExternalWorkflowExecutionInitiated")).toBe(
      "requestCancelExternalWorkflowExecutionInitiatedEventAttributes",
    );
  });
});

describe("eventAttributes", () => {
  it("returns the event's attributes object", () => {
    const events = completedHistory();
    expect(eventAttributes(events[4])).toMatchObject({
      activityId: "validate",
      activityType: { name: "ValidateOrder", version: "1.0" },
    });
    expect(eventAttributes(events[22])).toEqual({
      result: '{"status":"shipped"}',
      decisionTaskCompletedEventId: 22,
    });
  });

  it("falls back to any attributes member, and to undefined", () => {
    const future = {
      eventId: 1,
      eventType: "SomethingNew",
      eventTimestamp: new Date(),
      somethingNewEventAttributes: { x: 1 },
    } as unknown as HistoryEvent;
    expect(eventAttributes(future)).toEqual({ x: 1 });
    expect(
      eventAttributes({
        eventId: 1,
        eventType: "WorkflowExecutionCancelRequested",
        eventTimestamp: new Date(),
      }),
    ).toBeUndefined();
  });
});

describe("eventCategory", () => {
  it("puts every one of the 54 event types in a category", () => {
    const byCategory = new Map<EventCategory, string[]>();
    for (const type of ALL_TYPES) {
      const category = eventCategory(type);
      expect(EVENT_CATEGORIES).toContain(category);
      byCategory.set(category, [...(byCategory.get(category) ?? []), type]);
    }
    const sizes = Object.fromEntries([...byCategory].map(([c, types]) => [c, types.length]));
    expect(sizes).toEqual({
      workflow: 12,
      decision: 4,
      activity: 9,
      timer: 5,
      signal: 1,
      marker: 2,
      child: 8,
      external: 6,
      lambda: 7,
    });
  });

  it("classifies by family", () => {
    expect(eventCategory("WorkflowExecutionStarted")).toBe("workflow");
    expect(eventCategory("CompleteWorkflowExecutionFailed")).toBe("workflow");
    expect(eventCategory("WorkflowExecutionCancelRequested")).toBe("workflow");
    expect(eventCategory("DecisionTaskTimedOut")).toBe("decision");
    expect(eventCategory("ScheduleActivityTaskFailed")).toBe("activity");
    expect(eventCategory("ActivityTaskCancelRequested")).toBe("activity");
    expect(eventCategory("CancelTimerFailed")).toBe("timer");
    expect(eventCategory("WorkflowExecutionSignaled")).toBe("signal");
    expect(eventCategory("RecordMarkerFailed")).toBe("marker");
    expect(eventCategory("StartChildWorkflowExecutionFailed")).toBe("child");
    expect(eventCategory("ExternalWorkflowExecutionSignaled")).toBe("external");
    expect(eventCategory("RequestCancelExternalWorkflowExecutionFailed")).toBe("external");
    expect(eventCategory("StartLambdaFunctionFailed")).toBe("lambda");
  });

  it("guesses unknown types from their name", () => {
    expect(eventCategory("ActivityTaskPaused")).toBe("activity");
    expect(eventCategory("SomethingElse")).toBe("workflow");
    expect(eventCategory(undefined)).toBe("workflow");
  });
});

describe("isFailureEvent / isCloseEvent", () => {
  it("flags every …Failed and …TimedOut type and nothing else", () => {
    const failures = ALL_TYPES.filter((t) => isFailureEvent(t));
    expect(failures).toHaveLength(
      ALL_TYPES.filter((t) => t.endsWith("Failed") || t.endsWith("TimedOut")).length,
    );
    expect(isFailureEvent("ActivityTaskFailed")).toBe(true);
    expect(isFailureEvent("ScheduleActivityTaskFailed")).toBe(true);
    expect(isFailureEvent("DecisionTaskTimedOut")).toBe(true);
    expect(isFailureEvent("WorkflowExecutionTimedOut")).toBe(true);
    expect(isFailureEvent("WorkflowExecutionTerminated")).toBe(false);
    expect(isFailureEvent("ActivityTaskCanceled")).toBe(false);
    expect(isFailureEvent("ActivityTaskCompleted")).toBe(false);
  });

  it("knows the six close events", () => {
    expect(ALL_TYPES.filter((t) => isCloseEvent(t)).sort()).toEqual([
      "WorkflowExecutionCanceled",
      "WorkflowExecutionCompleted",
      "WorkflowExecutionContinuedAsNew",
      "WorkflowExecutionFailed",
      "WorkflowExecutionTerminated",
      "WorkflowExecutionTimedOut",
    ]);
  });
});
