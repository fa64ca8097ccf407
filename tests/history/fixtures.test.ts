// The fixtures must look like what SWF returns, or every other test proves little.
import { describe, expect, it } from "vitest";
import { attributesKey } from "@/lib/history";
import * as F from "../fixtures/histories";

const fixtures = F.NAMED_HISTORIES;

/** Which event type each reference member must point at. */
const REFERENCE_TARGETS: Record<string, (referrer: string) => string[]> = {
  decisionTaskCompletedEventId: () => ["DecisionTaskCompleted"],
  scheduledEventId: (t) =>
    t.startsWith("DecisionTask")
      ? ["DecisionTaskScheduled"]
      : t.startsWith("Activity")
        ? ["ActivityTaskScheduled"]
        : ["LambdaFunctionScheduled"],
  startedEventId: (t) =>
    t.startsWith("DecisionTask")
      ? ["DecisionTaskStarted"]
      : t.startsWith("Activity")
        ? ["ActivityTaskStarted"]
        : t.startsWith("Timer")
          ? ["TimerStarted"]
          : t.startsWith("Child")
            ? ["ChildWorkflowExecutionStarted"]
            : ["LambdaFunctionStarted"],
  initiatedEventId: (t) =>
    t.startsWith("Child") || t.startsWith("StartChild")
      ? ["StartChildWorkflowExecutionInitiated"]
      : t.includes("Signal")
        ? ["SignalExternalWorkflowExecutionInitiated"]
        : ["RequestCancelExternalWorkflowExecutionInitiated"],
  latestCancelRequestedEventId: () => ["ActivityTaskCancelRequested"],
};

describe.each(Object.entries(fixtures))("fixture %s", (_name, make) => {
  const events = make();

  // Problems are collected and compared once: one expect per event would dominate the run time
  // on the 25,000-event fixture.
  it("has contiguous ids from 1 and increasing timestamps", () => {
    const problems: string[] = [];
    events.forEach((e, i) => {
      if (e.eventId !== i + 1) problems.push(`event at index ${i} has id ${e.eventId}`);
      if (i > 0 && e.eventTimestamp!.getTime() < events[i - 1].eventTimestamp!.getTime())
        problems.push(`event ${e.eventId} goes back in time`);
    });
    expect(problems).toEqual([]);
    expect(events[0].eventType).toBe("WorkflowExecutionStarted");
  });

  it("has exactly the one attributes member its type names", () => {
    const problems: string[] = [];
    for (const e of events) {
      const members = Object.keys(e).filter((k) => k.endsWith("EventAttributes"));
      if (members.length !== 1 || members[0] !== attributesKey(e.eventType!))
        problems.push(`event ${e.eventId}: ${members.join(", ")}`);
    }
    expect(problems).toEqual([]);
  });

  it("references earlier events of the right type", () => {
    const typeById = new Map(events.map((e) => [e.eventId!, e.eventType!]));
    const problems: string[] = [];
    for (const e of events) {
      const attrs = (e as unknown as Record<string, Record<string, unknown>>)[
        attributesKey(e.eventType!)
      ];
      for (const [member, targets] of Object.entries(REFERENCE_TARGETS)) {
        const ref = attrs[member];
        if (ref === undefined || ref === 0) continue;
        const ok =
          typeof ref === "number" &&
          ref < e.eventId! &&
          targets(e.eventType!).includes(typeById.get(ref)!);
        if (!ok) problems.push(`event ${e.eventId} (${e.eventType}).${member} = ${String(ref)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("large fixture", () => {
  it("stops at SWF's 25,000-event limit with EVENT_LIMIT_EXCEEDED", () => {
    const { events, stats } = F.largeHistory();
    expect(events).toHaveLength(25_000);
    expect(events[24_999].eventType).toBe("WorkflowExecutionTerminated");
    expect(events[24_999].workflowExecutionTerminatedEventAttributes?.cause).toBe(
      "EVENT_LIMIT_EXCEEDED",
    );
    expect(stats.retries).toBeGreaterThan(50);
    expect(stats.signals).toBeGreaterThan(0);
    expect(events.filter((e) => e.eventType === "DecisionTaskCompleted")).toHaveLength(
      stats.decisions,
    );
  });
});
