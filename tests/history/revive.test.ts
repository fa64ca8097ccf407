import { describe, expect, it } from "vitest";
import { reviveEvents } from "@/lib/history";
import { completedHistory } from "../fixtures/histories";

describe("reviveEvents", () => {
  it("restores what JSON.stringify produced (ISO timestamps)", () => {
    const events = completedHistory();
    const json = JSON.parse(JSON.stringify(events)) as unknown[];
    expect(typeof (json[0] as { eventTimestamp: unknown }).eventTimestamp).toBe("string");
    const revived = reviveEvents(json);
    expect(revived).toEqual(events);
    expect(revived[0].eventTimestamp).toBeInstanceOf(Date);
  });

  it("reads SWF wire timestamps (epoch seconds), epoch milliseconds and numeric strings", () => {
    const revived = reviveEvents([
      { eventId: 1, eventType: "WorkflowExecutionStarted", eventTimestamp: 1705312800.474 },
      { eventId: 2, eventType: "DecisionTaskScheduled", eventTimestamp: 1705312801000 },
      { eventId: "3", eventType: "DecisionTaskStarted", eventTimestamp: "1705312802" },
    ]);
    expect(revived.map((e) => e.eventTimestamp!.toISOString())).toEqual([
      "2024-01-15T10:00:00.474Z",
      "2024-01-15T10:00:01.000Z",
      "2024-01-15T10:00:02.000Z",
    ]);
    expect(revived[2].eventId).toBe(3);
  });

  it("keeps attributes and does not touch its input", () => {
    const input = [
      {
        eventId: 7,
        eventType: "TimerFired",
        eventTimestamp: "2024-01-15T10:00:00Z",
        timerFiredEventAttributes: { timerId: "t", startedEventId: 5 },
      },
    ];
    const [event] = reviveEvents(input);
    expect(event.timerFiredEventAttributes).toEqual({ timerId: "t", startedEventId: 5 });
    expect(input[0].eventTimestamp).toBe("2024-01-15T10:00:00Z");
  });

  it("refuses entries it cannot read, naming them", () => {
    expect(() => reviveEvents([null])).toThrow(/entry 0/);
    expect(() => reviveEvents([{ eventType: "TimerFired", eventTimestamp: 1 }])).toThrow(/eventId/);
    expect(() =>
      reviveEvents([{ eventId: 4, eventType: "TimerFired", eventTimestamp: "yesterday" }]),
    ).toThrow(/event 4/);
    expect(() => reviveEvents([{ eventId: 5, eventType: "TimerFired" }])).toThrow(/event 5/);
  });
});
