// Time-axis ticks for the timeline: a "nice" step (1, 2, 5 × 10^n ms, then seconds, minutes,
// hours, days) so that labels are at least `minPx` apart. Pure, unit-tested.

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000,
  300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000, 172_800_000, 604_800_000,
];

export function tickStep(spanMs: number, widthPx: number, minPx = 90): number {
  if (spanMs <= 0 || widthPx <= 0) return 1000;
  const wanted = (spanMs * minPx) / widthPx;
  for (const step of STEPS_MS) if (step >= wanted) return step;
  return Math.ceil(wanted / 604_800_000) * 604_800_000;
}

/** Offsets from the start (ms) at which to draw ticks, 0 included. */
export function ticks(spanMs: number, widthPx: number, minPx = 90): number[] {
  const step = tickStep(spanMs, widthPx, minPx);
  const out: number[] = [];
  for (let t = 0; t <= spanMs + 1e-9 && out.length < 1000; t += step) out.push(t);
  return out;
}
