import type { HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import { buildHistoryModel, historyModel, itemsOfKind, openItems } from "@/lib/history";
import * as F from "../fixtures/histories";
import { ms } from "./helpers";

const row = (i: { key: string; id: string; attempt: number; state: string; refused: boolean }) => [
  i.key,
  i.id,
  i.attempt,
  i.state,
  i.refused,
];

describe("buildHistoryModel", () => {
  it("retries: one item per scheduling, numbered by activityId, with timing and payloads", () => {
    const model = buildHistoryModel(F.retriesHistory());
    const charges = itemsOfKind(model, "activity");
    expect(charges.map(row)).toEqual([
      ["activity-5", "charge", 1, "failed", false],
      ["activity-16", "charge", 2, "timedOut", false],
      ["activity-27", "charge", 3, "completed", false],
    ]);
    expect(charges[0]).toMatchObject({
      type: { name: "ChargeCard", version: "1.0" },
      input: '{"attempt":1}',
      reason: "GatewayError",
      firstEventId: 5,
      startedEventId: 6,
      closedEventId: 7,
      decisionEventId: 4,
      open: false,
      abandoned: false,
    });
    expect(charges[1]).toMatchObject({ timeoutType: "START_TO_CLOSE" });
    expect(charges[1].runMs).toBe(600_000); // 599 s of work + the builder's 1 s step
    expect(charges[2].result).toBe('{"charged":true}');
    for (const c of charges) {
      expect(c.durationMs).toBe(c.closedAt! - c.scheduledAt);
      expect(c.waitMs! + c.runMs!).toBe(c.durationMs);
    }
    expect(
      itemsOfKind(model, "timer").map((t) => [t.id, t.state, t.fireAt === t.closedAt]),
    ).toEqual([
      ["charge-backoff-1", "completed", true],
      ["charge-backoff-2", "completed", true],
    ]);
    expect(model.run).toMatchObject({ state: "completed", result: '{"charged":true}' });
    expect(model.closeStatus).toBe("COMPLETED");
  });

  it("Lambda functions: retries, time-outs, start and schedule failures", () => {
    const model = buildHistoryModel(F.lambdaHistory());
    const lambdas = itemsOfKind(model, "lambda");
    expect(lambdas.map(row)).toEqual([
      ["lambda-5", "quote", 1, "failed", false],
      ["lambda-6", "notify", 1, "timedOut", false],
      ["lambda-7", "audit", 1, "failed", false],
      ["lambda-8", "extra", 1, "failed", true],
      ["lambda-15", "quote", 2, "completed", false],
    ]);
    expect(lambdas[0]).toMatchObject({ type: { name: "PriceQuote" }, reason: "QuoteServiceDown" });
    expect(lambdas[2]).toMatchObject({ cause: "ASSUME_ROLE_FAILED", details: "role missing" });
    expect(lambdas[3]).toMatchObject({ cause: "OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED" });
    expect(lambdas[4]).toMatchObject({ input: '{"sku":"A"}', result: '{"price":42}' });
    expect(model.run).toMatchObject({ state: "failed", reason: "NotifyTimedOut" });
  });

  it("decisions: attempts restart after a completed task and count time-outs", () => {
    const model = buildHistoryModel(F.decisionTimeoutHistory());
    expect(itemsOfKind(model, "decision").map(row)).toEqual([
      ["decision-2", "1", 1, "timedOut", false],
      ["decision-5", "2", 2, "completed", false],
      ["decision-11", "3", 1, "completed", false],
    ]);
    expect(model.decisionByCompletedId.get(7)?.key).toBe("decision-5");
    expect(model.commandsByDecision.get(7)?.map((e) => e.eventType)).toEqual([
      "ActivityTaskScheduled",
    ]);
  });

  it("signals, markers, cancelled timers and the close of the run", () => {
    const model = buildHistoryModel(F.signalAndMarkerHistory());
    expect(model.items.map((i) => i.key)).toEqual([
      "run-1",
      "decision-2",
      "marker-5",
      "timer-6",
      "signal-7",
      "decision-8",
    ]);
    const timer = itemsOfKind(model, "timer")[0];
    expect(timer).toMatchObject({
      state: "canceled",
      cancelDecisionEventId: 10,
      closedEventId: 11,
    });
    expect(itemsOfKind(model, "signal")[0]).toMatchObject({
      id: "approve",
      input: '{"by":"alice"}',
    });
    expect(itemsOfKind(model, "marker")[0]).toMatchObject({
      id: "checkpoint",
      details: '{"step":1}',
    });
    expect(model.run?.events.map((e) => e.eventId)).toEqual([1, 12]);
  });

  it("open work: open items; at the close, everything but children is abandoned", () => {
    const open = buildHistoryModel(F.openHistory());
    expect(openItems(open).map((i) => i.key)).toEqual([
      "activity-5",
      "activity-6",
      "timer-7",
      "child-8",
      "child-9",
      "signalExternal-10",
      "decision-18",
    ]);
    expect(open.items.find((i) => i.key === "activity-5")?.cancelRequested).toBe(true);

    const terminated = buildHistoryModel(F.terminatedHistory());
    expect(openItems(terminated)).toEqual([]);
    expect(terminated.items.filter((i) => i.abandoned).length).toBeGreaterThan(0);
    expect(terminated.items.every((i) => !(i.abandoned && i.kind === "child"))).toBe(true);
  });

  it("a refusal for an id in use is not a new attempt", () => {
    const h = F.historyBuilder();
    h.started();
    const d1 = h.decision();
    const s = h.scheduleActivity(d1, { activityId: "a", name: "Work" });
    const d2 = h.decision();
    h.add("ScheduleActivityTaskFailed", {
      activityId: "a",
      activityType: { name: "Work", version: "1.0" },
      cause: "ACTIVITY_ID_ALREADY_IN_USE",
      decisionTaskCompletedEventId: d2,
    });
    h.completeActivity(s, h.startActivity(s));
    const d3 = h.decision();
    h.scheduleActivity(d3, { activityId: "a", name: "Work" });
    const items = itemsOfKind(buildHistoryModel(h.events()), "activity");
    expect(items.map(row)).toEqual([
      ["activity-5", "a", 1, "completed", false],
      ["activity-9", "a", 1, "failed", true],
      ["activity-15", "a", 2, "scheduled", false],
    ]);
  });

  it("events it cannot correlate become orphans, so every event still has one item", () => {
    const events: HistoryEvent[] = [
      {
        eventId: 40,
        eventType: "ActivityTaskCompleted",
        eventTimestamp: new Date(ms(0)),
        activityTaskCompletedEventAttributes: { scheduledEventId: 12, startedEventId: 13 },
      },
    ];
    const model = buildHistoryModel(events);
    expect(model.items.map((i) => [i.kind, i.id, i.open])).toEqual([
      ["orphan", "ActivityTaskCompleted", false],
    ]);
    expect(model.itemOfEvent.get(40)?.kind).toBe("orphan");
  });

  it("historyModel builds once per event array and again when it grew", () => {
    const events = F.openHistory();
    const first = historyModel(events);
    expect(historyModel(events)).toBe(first);
    events.push({ ...events[events.length - 1], eventId: events.length + 1 });
    expect(historyModel(events)).not.toBe(first);
    expect(historyModel(first)).toBe(first);
  });
});
