// The dashboard's data (lib/console/dashboard.ts) against a real engine on a fake clock: the open
// count at the window's start and the totals are exact even when a list hits its cap, and the
// buckets the capped lists cannot tell are marked partial instead of walked back through missing
// starts (which invented a backlog).
import { TerminateWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "@/lib/engine/clock";
import { dashboardReport } from "@/lib/console/dashboard";
import { setup, start, type Setup } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";

const MIN = 60_000;
const T = Date.UTC(2026, 0, 1, 12);
const clock = new FakeClock(T - 120 * MIN);
let engine: TestEngine;
/** The same runs in two domains: one read with a cap of 3 runs per list, one without. */
let capped: Setup;
let whole: Setup;

/** Runs at `T - minutes` (the clock only moves forward). */
function at(minutes: number) {
  clock.advance(T - minutes * MIN - clock.now());
}

async function seed(runs: Map<Setup, Record<string, { workflowId: string; runId: string }>>) {
  const each = async (
    fn: (s: Setup, r: Record<string, { workflowId: string; runId: string }>) => Promise<unknown>,
  ) => {
    for (const [s, r] of runs) await fn(s, r);
  };
  const terminate = (s: Setup, run: { workflowId: string; runId: string }) =>
    s.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...run }));
  at(120);
  await each(async (s, r) => {
    r.x = await start(s);
    r.y = await start(s);
  });
  at(50);
  await each((s, r) => terminate(s, r.x));
  at(40);
  await each(async (s, r) => {
    r.a = await start(s);
    r.b = await start(s);
    r.c = await start(s);
  });
  at(30);
  await each((s, r) => terminate(s, r.c));
  for (const [name, minutes] of [
    ["d", 20],
    ["e", 15],
    ["f", 10],
  ] as const) {
    at(minutes);
    await each(async (s, r) => void (r[name] = await start(s)));
  }
  at(0);
}

beforeAll(async () => {
  engine = await startTestEngine({ clock });
  const options = { workflowDefaults: { defaultExecutionStartToCloseTimeout: "86400" } };
  capped = await setup(engine.swf, options);
  whole = await setup(engine.swf, options);
  await seed(
    new Map([
      [capped, {}],
      [whole, {}],
    ]),
  );
});
afterAll(() => engine.close());

describe("dashboard report", () => {
  // Open before the window: x (closes at −50) and y. In it: a, b, c (c closes at −30), d, e, f.
  it("reads every run when the lists hold them all", async () => {
    const r = await dashboardReport(whole.swf, whole.domain, "1h", T);
    expect(r.completeSince).toBeUndefined();
    expect([r.openNow, r.openAtStart, r.startedTotal, r.closedTotal]).toEqual([6, 2, 6, 2]);
    expect(r.buckets.map((b) => b.open)).toEqual([2, 2, 1, 1, 4, 4, 3, 3, 4, 5, 6, 6]);
    expect(r.buckets.some((b) => b.partial)).toBe(false);
  });

  it("keeps the totals and the open count at the start exact when a list is capped", async () => {
    const r = await dashboardReport(capped.swf, capped.domain, "1h", T, 3);
    // 5 runs started in the window are open; the list read only the latest 3 (f, e, d).
    expect([r.openNow, r.openAtStart, r.startedTotal, r.closedTotal]).toEqual([6, 2, 6, 2]);
    expect(r.completeSince).toBe(T - 20 * MIN);
    // From d's start on every run was read; before it the open count is not made up.
    expect(r.buckets.map((b) => b.open)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      4,
      5,
      6,
      6,
    ]);
    expect(r.buckets.map((b) => b.partial)).toEqual([...Array(9).fill(true), false, false, false]);
  });
});
