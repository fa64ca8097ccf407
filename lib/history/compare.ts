// Two runs side by side: their work items aligned by what the workflow calls them (activity id,
// Lambda id, timer id, child workflow id, signal or marker name) and attempt, with the payloads
// and outcomes that differ, the timing of each, and the first point where the runs diverged.
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { historyModel, type HistoryModel, type WorkItem, type WorkItemKind } from "./work-items";

/** What can differ between two aligned items (timing always does, so it is reported apart). */
export type ItemDifference =
  | "onlyInA"
  | "onlyInB"
  | "type"
  | "state"
  | "input"
  | "result"
  | "reason"
  | "details"
  | "timeoutType"
  | "cause"
  | "startToFireTimeout";

export interface ItemTiming {
  /** From the start of its run to the item's first event, ms. */
  offsetMs?: number;
  /** Scheduled → closed (or undefined while open), ms. */
  durationMs?: number;
  /** Scheduled → started, ms. */
  waitMs?: number;
}

export interface AlignedItem {
  /** `<kind>:<id>#<attempt>`: the same in both runs for the same piece of work. */
  key: string;
  kind: WorkItemKind;
  id: string;
  attempt: number;
  a?: WorkItem;
  b?: WorkItem;
  differences: ItemDifference[];
  timing: {
    a: ItemTiming;
    b: ItemTiming;
    /** b − a, when both closed. */ durationDeltaMs?: number;
  };
}

export interface RunComparison {
  /** The runs themselves: type, input, close status and result. */
  run: AlignedItem;
  /** Aligned work in the order it happened: A's order, with B's extra items after what preceded them in B. */
  items: AlignedItem[];
  /**
   * The first place the runs differ: the first aligned item that differs (its index in `items`),
   * else the runs' own input or outcome (index -1, key "run"). Undefined when the runs did the
   * same work with the same payloads and outcomes.
   */
  firstDivergence?: { index: number; key: string; differences: ItemDifference[] };
  counts: { same: number; different: number; onlyInA: number; onlyInB: number };
}

/** Work compared between runs; decision tasks and unreadable events are bookkeeping. */
const COMPARED = new Set<WorkItemKind>([
  "activity",
  "lambda",
  "timer",
  "child",
  "signalExternal",
  "cancelExternal",
  "marker",
  "signal",
  "cancelRequest",
  "refusal",
]);

/** Payloads are compared as JSON when both parse, so key order and spacing do not count. */
function samePayload(x: string | undefined, y: string | undefined): boolean {
  if (x === y) return true;
  if (x === undefined || y === undefined) return false;
  try {
    return canonical(JSON.parse(x)) === canonical(JSON.parse(y));
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([p], [q]) =>
      p < q ? -1 : p > q ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const PAYLOADS = ["input", "result", "reason", "details"] as const;
const SCALARS = ["state", "timeoutType", "cause", "startToFireTimeout"] as const;

function differencesOf(a: WorkItem | undefined, b: WorkItem | undefined): ItemDifference[] {
  if (!a) return ["onlyInB"];
  if (!b) return ["onlyInA"];
  const out: ItemDifference[] = [];
  if (a.type?.name !== b.type?.name || a.type?.version !== b.type?.version) out.push("type");
  for (const field of SCALARS) if (a[field] !== b[field]) out.push(field);
  for (const field of PAYLOADS) if (!samePayload(a[field], b[field])) out.push(field);
  return out;
}

function timingOf(item: WorkItem | undefined, runStart: number | undefined): ItemTiming {
  if (!item) return {};
  return {
    offsetMs: runStart === undefined ? undefined : item.scheduledAt - runStart,
    durationMs: item.durationMs,
    waitMs: item.waitMs,
  };
}

function align(
  kind: WorkItemKind,
  id: string,
  attempt: number,
  key: string,
  a: WorkItem | undefined,
  b: WorkItem | undefined,
  startA: number | undefined,
  startB: number | undefined,
): AlignedItem {
  const timing = { a: timingOf(a, startA), b: timingOf(b, startB) } as AlignedItem["timing"];
  if (timing.a.durationMs !== undefined && timing.b.durationMs !== undefined)
    timing.durationDeltaMs = timing.b.durationMs - timing.a.durationMs;
  return { key, kind, id, attempt, a, b, differences: differencesOf(a, b), timing };
}

interface Keyed {
  kind: WorkItemKind;
  id: string;
  attempt: number;
  item: WorkItem;
}

/** Items keyed for alignment, in the order they happened. */
function keyed(model: HistoryModel): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  // Counted here rather than taken from the item: refusals and point items (signals, markers)
  // number their repetitions the same way.
  const seen = new Map<string, number>();
  for (const item of model.items) {
    if (!COMPARED.has(item.kind)) continue;
    const id = item.kind === "signalExternal" ? `${item.id} ${item.signalName ?? ""}` : item.id;
    const base = `${item.kind}${item.refused ? " refused" : ""}:${id}`;
    const attempt = (seen.get(base) ?? 0) + 1;
    seen.set(base, attempt);
    out.set(`${base}#${attempt}`, { kind: item.kind, id, attempt, item });
  }
  return out;
}

/** Compares run B with run A (the reference). Pure; either may be open. */
export function compareRuns(
  sourceA: readonly HistoryEvent[] | HistoryModel,
  sourceB: readonly HistoryEvent[] | HistoryModel,
): RunComparison {
  const a = historyModel(sourceA);
  const b = historyModel(sourceB);
  const startA = a.run?.scheduledAt;
  const startB = b.run?.scheduledAt;
  const itemsA = keyed(a);
  const itemsB = keyed(b);

  // B's extra items go after the last item, in B's order, that both runs have.
  const extrasAfter = new Map<string | undefined, string[]>();
  let anchor: string | undefined;
  for (const key of itemsB.keys()) {
    if (itemsA.has(key)) anchor = key;
    else {
      const list = extrasAfter.get(anchor) ?? [];
      list.push(key);
      extrasAfter.set(anchor, list);
    }
  }
  const order: string[] = [...(extrasAfter.get(undefined) ?? [])];
  for (const key of itemsA.keys()) order.push(key, ...(extrasAfter.get(key) ?? []));

  const items = order.map((key) => {
    const x = itemsA.get(key);
    const y = itemsB.get(key);
    const { kind, id, attempt } = (x ?? y)!;
    return align(kind, id, attempt, key, x?.item, y?.item, startA, startB);
  });
  const run = align("run", a.run?.id ?? "", 1, "run", a.run, b.run, startA, startB);
  if (a.closeStatus !== b.closeStatus && !run.differences.includes("state"))
    run.differences.push("state");

  const counts = { same: 0, different: 0, onlyInA: 0, onlyInB: 0 };
  for (const item of items) {
    if (!item.a) counts.onlyInB++;
    else if (!item.b) counts.onlyInA++;
    else if (item.differences.length > 0) counts.different++;
    else counts.same++;
  }

  // The first work that differs; the run's own differences (input, outcome) only when all work
  // agrees. A different input is reported on `run` either way, and usually shows in the work.
  let firstDivergence: RunComparison["firstDivergence"];
  const index = items.findIndex((i) => i.differences.length > 0);
  if (index >= 0)
    firstDivergence = { index, key: items[index].key, differences: items[index].differences };
  else if (run.differences.length > 0)
    firstDivergence = { index: -1, key: "run", differences: run.differences };
  return { run, items, firstDivergence, counts };
}
