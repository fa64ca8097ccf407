// Bench: the pure history views on the 25,000-event fixture, in Node (the browser runs the same
// code). Run alone with `npx tsx bench/history-views.ts`, or as the first part of
// bench/console-history.ts. Figures are printed against their targets, never asserted.
import { performance } from "node:perf_hooks";
import { issuedByDecision } from "../components/history/event-summary";
import { mergeHistory, type HistoryPage } from "../components/execution/history-merge";
import {
  buildHistoryModel,
  decisionGraph,
  pendingWork,
  summarizeExecution,
  timelineRows,
} from "../lib/history";
import { largeHistory } from "../tests/fixtures/histories";

/** Targets per view over 25,000 events: each must leave the page responsive. */
const TARGETS_MS = { merge: 200, model: 150, views: 600 };

function best(runs: number, f: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

export function benchHistoryViews(runs = 5): void {
  const { events } = largeHistory();
  const pages: HistoryPage[] = [];
  for (let i = 0; i < events.length; i += 1000)
    pages.push({ events: events.slice(i, i + 1000), nextPageToken: undefined });
  const rows: [string, number, number][] = [
    [
      "merge 25 pages + issued by decision",
      best(runs, () => issuedByDecision(mergeHistory(pages, undefined))),
      TARGETS_MS.merge,
    ],
    ["history model (work items)", best(runs, () => buildHistoryModel(events)), TARGETS_MS.model],
    [
      "model + summary, pending, timeline, graph",
      best(runs, () => {
        const model = buildHistoryModel(events);
        summarizeExecution(events);
        pendingWork(model);
        timelineRows(model);
        decisionGraph(model);
      }),
      TARGETS_MS.views,
    ],
  ];
  console.log(
    `history views over ${events.length.toLocaleString("en-US")} events (best of ${runs})`,
  );
  for (const [name, ms, target] of rows)
    console.log(
      `  ${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   target ≤ ${target} ms   ${ms <= target ? "ok" : "over target"}`,
    );
}

if (process.argv[1]?.endsWith("history-views.ts")) benchHistoryViews();
