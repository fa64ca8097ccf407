// Property tests: every view of a history (timeline, decision graph, pending work, summary
// counts, the worker SDK's view) is derived from one model, so they must agree with it and with
// each other — on every named fixture (the 25,000-event one included), on every prefix of them
// (a run seen while still open), and on randomly generated runs with fan-out, retries, timers,
// children, Lambda functions and signals.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildHistoryModel,
  decisionGraph,
  openItems,
  pendingWork,
  summarizeExecution,
  timelineRows,
  type HistoryModel,
  type WorkItem,
} from "@/lib/history";
import { buildDecisionGraph } from "@/lib/history/graph";
import { WorkflowHistory } from "@/lib/worker/history";
import * as F from "../fixtures/histories";

/** Every invariant that ties the views to the model; returns the problems found. */
function disagreements(events: readonly HistoryEvent[]): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const model: HistoryModel = buildHistoryModel(events);
  const correlated = model.items.filter((i) => i.kind !== "orphan");

  // Every event belongs to exactly one item, and each item's events ascend.
  const owners = new Map<number, number>();
  for (const item of model.items) {
    item.events.forEach((e, i) => {
      owners.set(e.eventId!, (owners.get(e.eventId!) ?? 0) + 1);
      if (i > 0)
        check(e.eventId! > item.events[i - 1].eventId!, `${item.key}: events not ascending`);
    });
  }
  check(owners.size === events.length, `${events.length - owners.size} events without an item`);
  for (const [id, n] of owners) check(n === 1, `event ${id} in ${n} items`);
  check(model.itemOfEvent.size === events.length, "itemOfEvent misses events");

  // Timeline: one row per correlated item, standing for exactly that item's events.
  const rows = timelineRows(events);
  check(rows.length === correlated.length, `${rows.length} rows for ${correlated.length} items`);
  const rowByFirst = new Map(rows.map((r) => [r.eventIds[0], r]));
  for (const item of correlated) {
    const row = rowByFirst.get(item.firstEventId);
    check(!!row, `${item.key} has no timeline row`);
    if (!row) continue;
    const ids = item.events.map((e) => e.eventId!);
    check(
      JSON.stringify(row.eventIds) === JSON.stringify(ids),
      `${item.key}: row events ${row.eventIds.join(",")} ≠ item events ${ids.join(",")}`,
    );
  }

  // Graph: every activity/Lambda/timer/child item is one node of its own (before collapsing),
  // each event is in exactly one node before and after collapsing, and the node's status is the
  // timeline row's status.
  const base = buildDecisionGraph(events);
  const nodeOfEvent = new Map<number, string>();
  for (const node of base.nodes.values())
    for (const id of node.eventIds) {
      check(!nodeOfEvent.has(id), `event ${id} in two graph nodes`);
      nodeOfEvent.set(id, node.id);
    }
  for (const item of correlated) {
    if (!["activity", "lambda", "timer", "child"].includes(item.kind) || item.refused) continue;
    const node = base.nodes.get(`${item.kind}-${item.firstEventId}`);
    check(!!node, `${item.key} has no graph node`);
    const row = rowByFirst.get(item.firstEventId);
    if (node && row)
      check(
        node.status === row.status,
        `${item.key}: graph ${node.status} ≠ timeline ${row.status}`,
      );
  }
  const collapsed = decisionGraph(events, { maxNodes: 60 });
  const seen = new Set<number>();
  for (const node of collapsed.nodes)
    for (const id of node.eventIds) {
      check(!seen.has(id), `event ${id} in two collapsed nodes`);
      seen.add(id);
    }
  check(seen.size === nodeOfEvent.size, "collapsing lost events");
  const ids = new Set(collapsed.nodes.map((n) => n.id));
  for (const e of collapsed.edges)
    check(ids.has(e.source) && ids.has(e.target), `dangling edge ${e.id}`);

  // Pending work is exactly the open items; nothing is pending once the run closed.
  const pending = pendingWork(events);
  const open = openItems(model);
  const openOf = (kind: WorkItem["kind"]) => open.filter((i) => i.kind === kind).length;
  check(pending.closed === (model.closeStatus !== undefined), "closed flags disagree");
  check(pending.activities.length === openOf("activity"), "pending activities");
  check(pending.timers.length === openOf("timer"), "pending timers");
  check(pending.children.length === (pending.closed ? 0 : openOf("child")), "pending children");
  check(pending.lambdas.length === openOf("lambda"), "pending Lambda functions");
  check(
    pending.externalSignals.length + pending.externalCancels.length ===
      openOf("signalExternal") + openOf("cancelExternal"),
    "pending external requests",
  );
  const openTasks = open.filter((i) => i.kind === "decision").length;
  check(
    (pending.decisionTask ? 1 : 0) + (pending.queuedDecisionTask ? 1 : 0) ===
      Math.min(openTasks, 2),
    "pending decision tasks",
  );
  for (const row of rows)
    if (model.closeStatus !== undefined) check(row.end !== undefined, `${row.id} open after close`);

  // Summary counters count the same items.
  const counts = summarizeExecution(events).counts;
  const n = (kind: WorkItem["kind"], f: (i: WorkItem) => boolean = () => true) =>
    model.items.filter((i) => i.kind === kind && f(i)).length;
  check(counts.events === events.length, "event count");
  check(counts.activitiesScheduled === n("activity", (i) => !i.refused), "activities scheduled");
  check(counts.activitiesCompleted === n("activity", (i) => i.state === "completed"), "completed");
  check(
    counts.activitiesFailed === n("activity", (i) => i.state === "failed" && !i.refused),
    "failed",
  );
  check(counts.timersStarted === n("timer", (i) => !i.refused), "timers");
  check(counts.timersFired === n("timer", (i) => i.state === "completed"), "timers fired");
  check(counts.signalsReceived === n("signal"), "signals");
  check(counts.markers === n("marker", (i) => !i.refused), "markers");
  check(counts.lambdasScheduled === n("lambda", (i) => !i.refused), "Lambda functions");
  check(counts.decisions === n("decision", (i) => i.state === "completed"), "decisions");
  check(counts.childrenInitiated === n("child", (i) => !i.refused), "children");

  // The worker SDK's view sees the same activities, Lambda functions, signals and open work.
  const view = new WorkflowHistory(events);
  const activityIds = new Set(model.items.filter((i) => i.kind === "activity").map((i) => i.id));
  check(view.activities().length === activityIds.size, "worker: activity ids");
  for (const id of activityIds) {
    const items = model.items.filter((i) => i.kind === "activity" && i.id === id && !i.refused);
    const attempts = view.activityAttempts(id).filter((a) => a.status !== "scheduleFailed");
    check(
      JSON.stringify(attempts.map((a) => a.scheduledEventId)) ===
        JSON.stringify(items.map((i) => i.firstEventId)),
      `worker: attempts of ${id}`,
    );
  }
  const lambdaIds = new Set(model.items.filter((i) => i.kind === "lambda").map((i) => i.id));
  check(view.lambdas().length === lambdaIds.size, "worker: Lambda ids");
  check(view.signals().length === n("signal"), "worker: signals");
  if (!pending.closed) {
    check(view.openActivities().length === pending.activities.length, "worker: open activities");
    check(view.openLambdas().length === pending.lambdas.length, "worker: open Lambda functions");
    check(view.openTimers().length === pending.timers.length, "worker: open timers");
  }
  check((view.closed?.status ?? "OPEN") === (model.closeStatus ?? "OPEN"), "worker: close status");
  return problems;
}

const small = Object.entries(F.NAMED_HISTORIES).filter(([name]) => name !== "large");

/** A run generated step by step: each decision fans out work whose outcomes arrive in any order. */
const work = fc.record({
  kind: fc.constantFrom("activity", "lambda", "timer", "child", "marker", "signal", "external"),
  outcome: fc.constantFrom("ok", "fail", "timeout", "open"),
  id: fc.constantFrom("a", "b", "c"),
});
const runArb = fc.record({
  steps: fc.array(fc.array(work, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
  order: fc.array(fc.nat(), { maxLength: 40 }),
  end: fc.constantFrom("completed", "failed", "terminated", "canceled", "open"),
});

function buildRun({
  steps,
  order,
  end,
}: {
  steps: { kind: string; outcome: string; id: string }[][];
  order: number[];
  end: string;
}): HistoryEvent[] {
  const h = F.historyBuilder();
  h.started();
  let d = h.decision();
  let k = 0;
  const openIds = new Set<string>();
  for (const batch of steps) {
    // Schedule the batch, then settle it in a generated order, a decision after each outcome.
    const settle: (() => void)[] = [];
    for (const w of batch) {
      // Ids repeat (retries) but, as SWF requires, never while one with the same id is open.
      let id = `${w.id}-${k++ % 2}`;
      if (openIds.has(`${w.kind}:${id}`)) id = `${id}-${k}`;
      const key = `${w.kind}:${id}`;
      openIds.add(key);
      const push = (f: () => void) =>
        settle.push(() => {
          openIds.delete(key);
          f();
        });
      switch (w.kind) {
        case "activity": {
          const s = h.scheduleActivity(d, { activityId: id, name: "Work" });
          if (w.outcome === "open") break;
          push(() => {
            const started = h.startActivity(s);
            if (w.outcome === "ok") h.completeActivity(s, started, `"${id}"`);
            else if (w.outcome === "fail") h.failActivity(s, started, "Boom", id);
            else h.timeOutActivity(s, started);
          });
          break;
        }
        case "lambda": {
          const s = h.scheduleLambda(d, id, "Fn", `"${id}"`);
          if (w.outcome === "open") break;
          push(() => {
            const started = h.startLambda(s);
            if (w.outcome === "ok") h.completeLambda(s, started, "1");
            else if (w.outcome === "fail") h.failLambda(s, started, "LambdaBoom");
            else h.timeOutLambda(s, started);
          });
          break;
        }
        case "timer": {
          const s = h.startTimer(d, `t-${k}`, 5);
          if (w.outcome === "open") break;
          if (w.outcome === "ok") push(() => h.fireTimer(s));
          else push(() => h.cancelTimer(h.decision(), s));
          break;
        }
        case "child": {
          const s = h.startChild(d, { workflowId: `child-${k}`, name: "Child" });
          if (w.outcome === "open") break;
          push(() => {
            const started = h.childStarted(s);
            if (w.outcome === "ok") h.childCompleted(s, started, "{}");
            else if (w.outcome === "fail") h.childTimedOut(s, started);
            else h.childTerminated(s, started);
          });
          break;
        }
        case "marker":
          h.marker(d, `m-${w.id}`);
          break;
        case "signal":
          push(() => h.signaled(`sig-${w.id}`, "{}"));
          break;
        case "external": {
          const s = h.signalExternal(d, { workflowId: `peer-${w.id}`, signalName: "ping" });
          if (w.outcome === "ok") push(() => h.externalSignaled(s));
          else if (w.outcome === "fail") push(() => h.signalExternalFailed(d, s));
          break;
        }
      }
    }
    while (settle.length > 0) {
      const [next] = settle.splice(
        (order[k++ % Math.max(order.length, 1)] ?? 0) % settle.length,
        1,
      );
      next();
      d = h.decision();
    }
  }
  if (end === "completed") h.completed(d, "done");
  else if (end === "failed") h.failed(d, "Failed", "generated");
  else if (end === "terminated") h.terminated("generated", "OPERATOR_INITIATED");
  else if (end === "canceled") {
    h.cancelRequested();
    h.canceled(h.decision(), "generated");
  }
  return h.events();
}

describe("all views agree with the history model", () => {
  it.each(Object.keys(F.NAMED_HISTORIES))("on the whole %s fixture", (name) => {
    expect(disagreements(F.NAMED_HISTORIES[name]())).toEqual([]);
  });

  it("on every prefix of the fixtures (runs seen while open)", () => {
    const fixtures = small.map(([name, make]) => [name, make()] as const);
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([name, events], cut) => {
          const prefix = events.slice(0, 1 + Math.floor(cut * (events.length - 1)));
          expect({ name, length: prefix.length, problems: disagreements(prefix) }).toEqual({
            name,
            length: prefix.length,
            problems: [],
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("on prefixes of the 25,000-event history", () => {
    const events = F.largeHistory().events;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: events.length }), (length) => {
        expect(disagreements(events.slice(0, length))).toEqual([]);
      }),
      { numRuns: 2 },
    );
  });

  it("on generated runs with fan-out, retries, Lambda functions, children and signals", () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const events = buildRun(run);
        expect(disagreements(events)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it("the graph joins the branches of every fan-out at the decision that moves on", () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const events = buildRun(run);
        const graph = buildDecisionGraph(events);
        const acting = new Set(
          graph.edges
            .filter((e) => e.kind === "issued" || e.kind === "cancel")
            .map((e) => e.source),
        );
        const decisions = graph.steps.map((s) => s.nodeIds[0]);
        const joins = graph.edges.filter((e) => e.kind === "join");
        // A decision that issued nothing joins the next decision that acted, if one exists.
        for (const [i, id] of decisions.entries()) {
          if (acting.has(id)) continue;
          const next = decisions.slice(i + 1).find((d) => acting.has(d));
          expect(joins.filter((e) => e.source === id).map((e) => e.target)).toEqual(
            next ? [next] : [],
          );
        }
      }),
      { numRuns: 80 },
    );
  });
});
