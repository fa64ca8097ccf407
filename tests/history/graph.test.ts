import type { EventType, HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import {
  decisionGraph,
  layoutGraph,
  NODE_SIZE,
  summarizeExecution,
  type DecisionGraph,
  type GraphNode,
} from "@/lib/history";
import { findRuns } from "@/lib/history/graph-collapse";
import * as F from "../fixtures/histories";

const nodeRow = (n: GraphNode) => [n.id, n.kind, n.label, n.status, n.eventIds];
const edgeIds = (g: DecisionGraph) =>
  g.edges.map(
    (e) =>
      `${e.id}${e.label ? ` ${e.label}` : ""}${e.count > 1 ? ` ×${e.count}` : ""}${e.loop ? " loop" : ""}`,
  );

/** Every event of the history belongs to exactly one node. */
function expectEventsCovered(graph: DecisionGraph, events: readonly HistoryEvent[]) {
  const seen = new Uint8Array(events.length + 1);
  for (const node of graph.nodes) for (const id of node.eventIds) seen[id]++;
  const missing = [];
  const doubled = [];
  for (let id = 1; id <= events.length; id++) {
    if (seen[id] === 0) missing.push(id);
    if (seen[id] > 1) doubled.push(id);
  }
  expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
}

/** `iterations` × (decision → activity, decision → 1 s timer), then complete. */
function loopHistory(iterations: number): HistoryEvent[] {
  const h = F.historyBuilder();
  h.started();
  for (let i = 0; i < iterations; i++) {
    h.activity(h.decision(), { activityId: `step-${i}`, name: "Step" });
    h.fireTimer(h.startTimer(h.decision(), `pause-${i}`, 1));
  }
  h.completed(h.decision(), "done");
  return h.events();
}

/** One decision schedules `width` activities that all complete before the next decision. */
function fanOutHistory(width: number): HistoryEvent[] {
  const h = F.historyBuilder();
  h.started();
  const d = h.decision();
  const scheduled = Array.from({ length: width }, (_, i) =>
    h.scheduleActivity(d, { activityId: `part-${i}`, name: "Part" }),
  );
  const started = scheduled.map((s) => h.startActivity(s));
  scheduled.forEach((s, i) => h.completeActivity(s, started[i]));
  h.completed(h.decision());
  return h.events();
}

describe("decisionGraph", () => {
  it("signal, marker and a cancelled timer", () => {
    const g = decisionGraph(F.signalAndMarkerHistory());
    expect(g.nodes.map(nodeRow)).toEqual([
      ["start", "start", "Start", "completed", [1]],
      ["decision-2", "decision", "Decision", "completed", [2, 3, 4]],
      ["marker-5", "marker", "checkpoint", "completed", [5]],
      ["timer-6", "timer", "Timer 3600s", "canceled", [6, 11]],
      ["decision-8", "decision", "Decision", "completed", [8, 9, 10]],
      ["signal-7", "signal", "Signal approve", "completed", [7]],
      ["end", "end", "Completed", "completed", [12]],
    ]);
    expect(edgeIds(g)).toEqual([
      "start->decision-2:outcome started",
      "decision-2->marker-5:issued",
      "decision-2->timer-6:issued",
      "signal-7->decision-8:outcome signal",
      "decision-8->timer-6:cancel",
      "decision-8->end:issued",
    ]);
    expect(g.collapse).toEqual({ level: 0, originalNodeCount: 7, hiddenDecisions: 0 });
    expect(g.nodes.every((n) => n.count === 1)).toBe(true);
  });

  it("retries: each attempt is a node with its outcome; outcomes lead to the next decision", () => {
    const g = decisionGraph(F.retriesHistory());
    expect(g.nodes.map((n) => [n.id, n.kind, n.status, n.subtitle])).toEqual([
      ["start", "start", "completed", "OrderWorkflow"],
      ["decision-2", "decision", "completed", undefined],
      ["activity-5", "activity", "failed", "charge"],
      ["decision-8", "decision", "completed", undefined],
      ["timer-11", "timer", "completed", "charge-backoff-1"],
      ["decision-13", "decision", "completed", undefined],
      ["activity-16", "activity", "timedOut", "charge"],
      ["decision-19", "decision", "completed", undefined],
      ["timer-22", "timer", "completed", "charge-backoff-2"],
      ["decision-24", "decision", "completed", undefined],
      ["activity-27", "activity", "completed", "charge"],
      ["decision-30", "decision", "completed", undefined],
      ["end", "end", "completed", undefined],
    ]);
    expect(edgeIds(g)).toEqual([
      "start->decision-2:outcome started",
      "decision-2->activity-5:issued",
      "activity-5->decision-8:outcome failed",
      "decision-8->timer-11:issued",
      "timer-11->decision-13:outcome fired",
      "decision-13->activity-16:issued",
      "activity-16->decision-19:outcome timed out",
      "decision-19->timer-22:issued",
      "timer-22->decision-24:outcome fired",
      "decision-24->activity-27:issued",
      "activity-27->decision-30:outcome completed",
      "decision-30->end:issued",
    ]);
  });

  it("an outcome goes to the first decision task that started after it (UNHANDLED_DECISION)", () => {
    const g = decisionGraph(F.unhandledDecisionHistory());
    expect(g.nodes.map(nodeRow)).toEqual([
      ["start", "start", "Start", "completed", [1]],
      ["decision-2", "decision", "Decision", "completed", [2, 3, 6]],
      ["closeDecision-7", "closeDecision", "Complete workflow", "failed", [7]],
      ["decision-5", "decision", "Decision", "completed", [5, 8, 9]],
      ["signal-4", "signal", "Signal update", "completed", [4]],
      ["end", "end", "Completed", "completed", [10]],
    ]);
    expect(g.nodes[2].subtitle).toBe("UNHANDLED_DECISION");
    expect(edgeIds(g)).toEqual([
      "start->decision-2:outcome started",
      "decision-2->closeDecision-7:issued",
      "signal-4->decision-5:outcome signal",
      "closeDecision-7->decision-5:outcome failed",
      "decision-5->end:issued",
    ]);
  });

  it("children: started and closed both lead to decisions", () => {
    const g = decisionGraph(F.childrenHistory());
    expect(g.nodes.filter((n) => n.kind === "child").map(nodeRow)).toEqual([
      ["child-5", "child", "ShipmentWorkflow", "completed", [5, 7, 12]],
      ["child-6", "child", "InvoiceWorkflow", "failed", [6, 9, 16]],
    ]);
    expect(edgeIds(g)).toEqual([
      "start->decision-2:outcome started",
      "decision-2->child-5:issued",
      "decision-2->child-6:issued",
      "child-5->decision-8:outcome started",
      "child-6->decision-8:outcome started",
      "child-5->decision-13:outcome completed",
      "child-6->decision-17:outcome failed",
      "decision-17->end:issued",
      // Decisions 8 and 13 only waited: their branches join the decision that acted.
      "decision-8->decision-17:join",
      "decision-13->decision-17:join",
    ]);
  });

  it("fan-in: the decision after the last of several completions joins their branches", () => {
    const h = F.historyBuilder();
    h.started();
    const d = h.decision();
    const parts = ["a", "b", "c"].map((id) =>
      h.scheduleActivity(d, { activityId: id, name: "Part" }),
    );
    // Each completion wakes the decider; only the one after the last completion acts.
    const decisions = parts.map((s) => {
      h.completeActivity(s, h.startActivity(s));
      return h.decision();
    });
    h.completed(decisions[2], "joined");
    const g = decisionGraph(h.events());
    const node = (completedId: number) => g.nodes.find((n) => n.eventIds.includes(completedId))!.id;
    const [waitedA, waitedB, acted] = decisions.map(node);
    const into = g.edges.filter((e) => e.target === acted).map((e) => `${e.source} ${e.kind}`);
    expect(into).toEqual([`activity-${parts[2]} outcome`, `${waitedA} join`, `${waitedB} join`]);
    expect(g.edges.filter((e) => e.kind === "join")).toHaveLength(2);
  });

  it("cancellation: cancel request input, cancel edge, canceled activity, canceled end", () => {
    const g = decisionGraph(F.canceledHistory());
    expect(g.nodes.map((n) => [n.id, n.status])).toEqual([
      ["start", "completed"],
      ["decision-2", "completed"],
      ["activity-5", "canceled"],
      ["decision-8", "completed"],
      ["cancelRequest-7", "canceled"],
      ["decision-13", "completed"],
      ["end", "canceled"],
    ]);
    expect(g.nodes[2].eventIds).toEqual([5, 6, 11, 12]);
    expect(edgeIds(g)).toContain("decision-8->activity-5:cancel");
    expect(edgeIds(g)).toContain("cancelRequest-7->decision-8:outcome cancel requested");
    expect(edgeIds(g)).toContain("activity-5->decision-13:outcome canceled");
  });

  it("terminated: open work takes the run's fate; the end hangs off the last decision", () => {
    const g = decisionGraph(F.terminatedHistory());
    expect(g.nodes.map((n) => [n.id, n.status, n.label])).toEqual([
      ["start", "completed", "Start"],
      ["decision-2", "completed", "Decision"],
      ["activity-5", "terminated", "CallPartner"],
      ["end", "terminated", "Terminated"],
    ]);
    expect(g.nodes[3].subtitle).toBe("stuck for 2 minutes");
    expect(edgeIds(g)).toEqual([
      "start->decision-2:outcome started",
      "decision-2->activity-5:issued",
      "decision-2->end:close",
    ]);
  });

  it("timed out / continued as new / failed end nodes", () => {
    expect(decisionGraph(F.timedOutHistory()).nodes.map((n) => [n.id, n.status])).toEqual([
      ["start", "completed"],
      ["decision-2", "completed"],
      ["timer-5", "timedOut"],
      ["end", "timedOut"],
    ]);
    const continued = decisionGraph(F.continuedAsNewHistories().first);
    expect(continued.nodes.at(-1)).toMatchObject({
      id: "end",
      label: "Continued as new",
      status: "continuedAsNew",
    });
    expect(edgeIds(continued).at(-1)).toBe("decision-7->end:issued");
    const failed = decisionGraph(F.failedHistory());
    expect(failed.nodes.at(-1)).toMatchObject({
      id: "end",
      label: "Failed",
      status: "failed",
      subtitle: "PaymentFailed",
    });
    expect(failed.nodes.find((n) => n.kind === "activity")?.status).toBe("failed");
  });

  it("decision task timeout: the timed-out task feeds the next decision", () => {
    const g = decisionGraph(F.decisionTimeoutHistory());
    expect(g.nodes.map(nodeRow)).toEqual([
      ["start", "start", "Start", "completed", [1]],
      ["decision-5", "decision", "Decision", "completed", [5, 6, 7]],
      ["decision-2", "decision", "Decision", "timedOut", [2, 3, 4]],
      ["activity-8", "activity", "DoWork", "completed", [8, 9, 10]],
      ["decision-11", "decision", "Decision", "completed", [11, 12, 13]],
      ["end", "end", "Completed", "completed", [14]],
    ]);
    expect(g.nodes[2].subtitle).toBe("START_TO_CLOSE");
    expect(edgeIds(g).slice(0, 2)).toEqual([
      "start->decision-5:outcome started",
      "decision-2->decision-5:outcome timed out",
    ]);
  });

  it("open: statuses of open work and the decision task waiting for a decider", () => {
    const g = decisionGraph(F.openHistory());
    expect(g.nodes.map((n) => [n.id, n.status])).toEqual([
      ["start", "completed"],
      ["decision-2", "completed"],
      ["activity-5", "running"],
      ["activity-6", "scheduled"],
      ["timer-7", "running"],
      ["child-8", "running"],
      ["child-9", "scheduled"],
      ["signalExternal-10", "pending"],
      ["decision-13", "completed"],
      ["decision-18", "scheduled"],
      ["signal-17", "completed"],
    ]);
    expect(g.nodes.find((n) => n.id === "decision-18")?.subtitle).toBe("waiting for a decider");
    expect(edgeIds(g)).toEqual([
      "start->decision-2:outcome started",
      "decision-2->activity-5:issued",
      "decision-2->activity-6:issued",
      "decision-2->timer-7:issued",
      "decision-2->child-8:issued",
      "decision-2->child-9:issued",
      "decision-2->signalExternal-10:issued",
      "child-8->decision-13:outcome started",
      "decision-13->activity-5:cancel",
      "signal-17->decision-18:outcome signal",
    ]);
  });

  it("every event id is in exactly one node, for every fixture", () => {
    for (const events of [
      F.completedHistory(),
      F.failedHistory(),
      F.timedOutHistory(),
      F.canceledHistory(),
      F.terminatedHistory(),
      F.childrenHistory(),
      F.retriesHistory(),
      F.signalAndMarkerHistory(),
      F.decisionTimeoutHistory(),
      F.unhandledDecisionHistory(),
      F.openHistory(),
    ]) {
      expectEventsCovered(decisionGraph(events), events);
      expectEventsCovered(decisionGraph(events, { maxNodes: 10 }), events);
    }
  });
});

describe("collapsing", () => {
  it("level 1: a loop of identical iterations becomes one node per position, ×N", () => {
    const events = loopHistory(200);
    const g = decisionGraph(events);
    expect(g.collapse).toEqual({ level: 1, originalNodeCount: 803, hiddenDecisions: 0 });
    expect(g.nodes.map((n) => [n.id, n.label, n.count, n.status])).toEqual([
      ["start", "Start", 1, "completed"],
      ["decision-2", "Decision ×200", 200, "completed"],
      ["activity-5", "Step ×200", 200, "completed"],
      ["decision-8", "Decision ×200", 200, "completed"],
      ["timer-11", "Timer 1s ×200", 200, "completed"],
      ["decision-2202", "Decision", 1, "completed"],
      ["end", "Completed", 1, "completed"],
    ]);
    expect(g.nodes[2].statusCounts).toEqual({ completed: 200 });
    expect(edgeIds(g)).toEqual([
      "start->decision-2:outcome started",
      "decision-2->activity-5:issued ×200",
      "activity-5->decision-8:outcome completed ×200",
      "decision-8->timer-11:issued ×200",
      "timer-11->decision-2:outcome fired ×199 loop",
      "timer-11->decision-2202:outcome fired",
      "decision-2202->end:issued",
    ]);
    expectEventsCovered(g, events);
  });

  it("level 1: a fan-out of identical commands is one node", () => {
    const events = fanOutHistory(400);
    const g = decisionGraph(events);
    expect(g.collapse.level).toBe(1);
    expect(g.nodes.map((n) => [n.kind, n.count])).toEqual([
      ["start", 1],
      ["decision", 1],
      ["activity", 400],
      ["decision", 1],
      ["end", 1],
    ]);
    expect(g.edges.map((e) => [e.kind, e.count])).toEqual([
      ["outcome", 1],
      ["issued", 400],
      ["outcome", 400],
      ["issued", 1],
    ]);
    expectEventsCovered(g, events);
  });

  it("small graphs are left alone", () => {
    const g = decisionGraph(loopHistory(3));
    expect(g.collapse.level).toBe(0);
    expect(g.nodes).toHaveLength(g.collapse.originalNodeCount);
  });

  it("25,000 events: at most maxNodes nodes, and the counts add up", () => {
    const { events, stats } = F.largeHistory();
    const summary = summarizeExecution(events);
    for (const maxNodes of [300, 100, 20]) {
      const g = decisionGraph(events, { maxNodes });
      expect(g.nodes.length).toBeLessThanOrEqual(maxNodes);
      expect(g.collapse.originalNodeCount).toBeGreaterThan(9000);
      expectEventsCovered(g, events);

      const total = (kind: GraphNode["kind"]) =>
        g.nodes.filter((n) => n.kind === kind).reduce((sum, n) => sum + n.count, 0);
      const collapsed = g.nodes.find((n) => n.kind === "collapsed");
      const hidden = (eventType: EventType) =>
        collapsed
          ? collapsed.eventIds.filter((id) => events[id - 1].eventType === eventType).length
          : 0;
      expect(total("decision") + g.collapse.hiddenDecisions).toBe(stats.decisions);
      expect(total("activity") + hidden("ActivityTaskScheduled")).toBe(
        summary.counts.activitiesScheduled,
      );
      expect(total("timer") + hidden("TimerStarted")).toBe(summary.counts.timersStarted);
      expect(total("signal") + hidden("WorkflowExecutionSignaled")).toBe(stats.signals);
      expect(total("marker") + hidden("MarkerRecorded")).toBe(stats.markers);
      // Failed attempts stay visible: merged nodes report them in statusCounts.
      const failedAttempts = g.nodes
        .filter((n) => n.kind === "activity")
        .reduce((sum, n) => sum + (n.statusCounts?.failed ?? (n.status === "failed" ? 1 : 0)), 0);
      expect(failedAttempts + (collapsed?.statusCounts?.failed ?? 0)).toBe(stats.retries);
      expect(g.nodes[0].id).toBe("start");
      expect(g.nodes.at(-1)).toMatchObject({ id: "end", status: "terminated" });
      const ids = new Set(g.nodes.map((n) => n.id));
      expect(ids.size).toBe(g.nodes.length);
      for (const e of g.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    }
    expect(decisionGraph(events).collapse.level).toBe(2);
    const tiny = decisionGraph(events, { maxNodes: 20 });
    expect(tiny.collapse.level).toBe(3);
    expect(tiny.collapse.hiddenDecisions).toBeGreaterThan(0);
    expect(tiny.nodes.filter((n) => n.kind === "collapsed")).toHaveLength(1);
  });

  it("findRuns takes the longest repetition at each position", () => {
    expect(findRuns([0, 1, 0, 1, 0, 1, 2, 2, 2, 3], 8)).toEqual([
      { start: 0, period: 2, reps: 3 },
      { start: 6, period: 1, reps: 3 },
      { start: 9, period: 1, reps: 1 },
    ]);
    expect(findRuns([], 8)).toEqual([]);
    expect(findRuns([5, 5], 8)).toEqual([{ start: 0, period: 1, reps: 2 }]);
  });
});

describe("layoutGraph", () => {
  const finite = (n: number) => Number.isFinite(n);

  it("places every node, with its kind's size, without overlaps", () => {
    for (const events of [
      F.completedHistory(),
      F.openHistory(),
      F.childrenHistory(),
      F.canceledHistory(),
      F.decisionTimeoutHistory(),
    ]) {
      const graph = decisionGraph(events);
      const laid = layoutGraph(graph);
      expect(laid.nodes).toHaveLength(graph.nodes.length);
      for (const n of laid.nodes) {
        expect([n.x, n.y].every(finite)).toBe(true);
        expect({ width: n.width, height: n.height }).toEqual(NODE_SIZE[n.kind]);
        expect(n.x).toBeGreaterThanOrEqual(0);
        expect(n.y).toBeGreaterThanOrEqual(0);
      }
      for (let i = 0; i < laid.nodes.length; i++) {
        for (let j = i + 1; j < laid.nodes.length; j++) {
          const a = laid.nodes[i];
          const b = laid.nodes[j];
          const overlap =
            a.x < b.x + b.width &&
            b.x < a.x + a.width &&
            a.y < b.y + b.height &&
            b.y < a.y + a.height;
          expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
        }
      }
      for (const e of laid.edges)
        expect(e.points.every((p) => finite(p.x) && finite(p.y))).toBe(true);
      expect(laid.width).toBeGreaterThan(0);
      expect(laid.height).toBeGreaterThan(0);
    }
  });

  it("flows top to bottom or left to right", () => {
    const graph = decisionGraph(F.retriesHistory());
    const tb = layoutGraph(graph, { direction: "TB" });
    const lr = layoutGraph(graph, { direction: "LR" });
    const pos = (l: typeof tb, id: string) => l.nodes.find((n) => n.id === id)!;
    expect(pos(tb, "start").y).toBeLessThan(pos(tb, "end").y);
    expect(pos(lr, "start").x).toBeLessThan(pos(lr, "end").x);
    expect(lr.direction).toBe("LR");
  });

  it("lays out the collapsed 25,000-event graph, loops included", () => {
    const graph = decisionGraph(F.largeHistory().events);
    expect(graph.edges.some((e) => e.loop)).toBe(true);
    const laid = layoutGraph(graph, { direction: "LR" });
    expect(laid.nodes.every((n) => finite(n.x) && finite(n.y))).toBe(true);
  });
});
