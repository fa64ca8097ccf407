import { describe, expect, it } from "vitest";
import { compareRuns } from "@/lib/history";
import * as F from "../fixtures/histories";

/** The completed order flow with a different charge result and slower shipping. */
function variant(options: {
  input?: string;
  chargeResult?: string;
  shipMs?: number;
  extra?: boolean;
}) {
  const h = F.historyBuilder();
  h.started({ input: options.input ?? '{"orderId":"o-1"}' });
  const d1 = h.decision();
  h.activity(d1, { activityId: "validate", name: "ValidateOrder", result: '{"valid":true}' });
  const d2 = h.decision();
  h.activity(d2, {
    activityId: "charge",
    name: "ChargeCard",
    result: options.chargeResult ?? '{"charged":99.5,"currency":"EUR"}',
  });
  let d3 = h.decision();
  if (options.extra) {
    h.marker(d3, "fraud-check", '{"score":3}');
    h.fireTimer(h.startTimer(d3, "cool-off", 5));
    d3 = h.decision();
  }
  h.activity(d3, {
    activityId: "ship",
    name: "ShipOrder",
    result: '{"tracking":"T-1"}',
    workMs: options.shipMs,
  });
  h.completed(h.decision(), '{"status":"shipped"}');
  return h.events();
}

describe("compareRuns", () => {
  it("a run compared with itself: aligned, no divergence", () => {
    const events = F.completedHistory();
    const c = compareRuns(events, events);
    expect(c.items.map((i) => i.key)).toEqual([
      "activity:validate#1",
      "activity:charge#1",
      "activity:ship#1",
    ]);
    expect(c.firstDivergence).toBeUndefined();
    expect(c.counts).toEqual({ same: 3, different: 0, onlyInA: 0, onlyInB: 0 });
    expect(c.items.every((i) => i.timing.durationDeltaMs === 0)).toBe(true);
  });

  it("payloads compare as JSON: key order and spacing do not count", () => {
    const a = variant({ chargeResult: '{"charged":99.5,"currency":"EUR"}' });
    const b = variant({ chargeResult: '{ "currency": "EUR", "charged": 99.5 }' });
    expect(compareRuns(a, b).firstDivergence).toBeUndefined();
  });

  it("the first divergence is the first work item whose outcome differs", () => {
    const a = variant({});
    const b = variant({ chargeResult: '{"charged":12}', shipMs: 10_000 });
    const c = compareRuns(a, b);
    expect(c.firstDivergence).toEqual({
      index: 1,
      key: "activity:charge#1",
      differences: ["result"],
    });
    const ship = c.items.find((i) => i.key === "activity:ship#1")!;
    expect(ship.differences).toEqual([]);
    expect(ship.timing.durationDeltaMs).toBe(10_000);
    expect(ship.timing.b.offsetMs).toBeGreaterThan(0);
    expect(c.counts).toEqual({ same: 2, different: 1, onlyInA: 0, onlyInB: 0 });
  });

  it("work only one run did sits where it happened", () => {
    const c = compareRuns(variant({}), variant({ extra: true }));
    expect(c.items.map((i) => [i.key, i.differences])).toEqual([
      ["activity:validate#1", []],
      ["activity:charge#1", []],
      ["marker:fraud-check#1", ["onlyInB"]],
      ["timer:cool-off#1", ["onlyInB"]],
      ["activity:ship#1", []],
    ]);
    expect(c.firstDivergence?.key).toBe("marker:fraud-check#1");
    expect(c.counts.onlyInB).toBe(2);
  });

  it("a different input is where the runs diverged", () => {
    const c = compareRuns(variant({}), variant({ input: '{"orderId":"o-2"}' }));
    expect(c.firstDivergence).toEqual({ index: -1, key: "run", differences: ["input"] });
  });

  it("retries align attempt by attempt; outcomes differ", () => {
    const c = compareRuns(F.retriesHistory(), F.failedHistory());
    expect(c.items.slice(0, 4).map((i) => [i.key, i.differences])).toEqual([
      ["activity:charge#1", ["input", "reason", "details"]],
      ["timer:charge-backoff-1#1", ["onlyInA"]],
      ["activity:charge#2", ["onlyInA"]],
      ["timer:charge-backoff-2#1", ["onlyInA"]],
    ]);
    expect(c.run.differences).toEqual(expect.arrayContaining(["state", "result", "reason"]));
    expect(c.run.a?.state).toBe("completed");
    expect(c.run.b?.state).toBe("failed");
  });

  it("signals are aligned by name and count, Lambda functions by id and attempt", () => {
    const c = compareRuns(F.lambdaHistory(), F.lambdaHistory().slice(0, 12));
    expect(c.items.map((i) => [i.key, i.differences[0]])).toEqual([
      ["lambda:quote#1", undefined],
      ["lambda:notify#1", "state"],
      ["lambda:audit#1", undefined],
      ["lambda refused:extra#1", undefined],
      ["lambda:quote#2", "onlyInA"],
    ]);
    const signals = compareRuns(F.signalAndMarkerHistory(), F.openHistory());
    expect(signals.items.map((i) => i.key)).toContain("signal:approve#1");
    expect(signals.items.map((i) => i.key)).toContain("signal:poke#1");
  });
});
