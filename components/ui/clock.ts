// The console's one ticking clock: everything on a page that counts on by itself (relative dates,
// durations of running work, a live timeline) reads the same `now` from one interval, so that two
// figures on one screen never disagree and a page runs one timer however many of them it shows.
// The interval runs only while something subscribes. No React here: use-now.ts is the hook.

/** How often the clock ticks; coarser readers take every n-th tick (see `clockStep`). */
export const TICK_MS = 1_000;

let now = Date.now();
let tick = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();
/** For each step (in ticks) someone reads: subscribers, and `now` at its last step. */
const steps = new Map<number, { readers: number; now: number }>();

/**
 * The clock's time (epoch ms). While it ticks, the value of the last tick; while idle, refreshed on
 * read at most once per tick, so that two reads during one render agree.
 */
export function readClock(): number {
  if (timer === undefined && Math.abs(Date.now() - now) >= TICK_MS) now = Date.now();
  return now;
}

/** Ticks per step for a reader that needs the time every `everyMs` (at least one tick). */
export const clockStep = (everyMs: number): number => Math.max(1, Math.round(everyMs / TICK_MS));

/** The time as a reader of `step` ticks sees it: it moves on only every `step` ticks. */
export function readClockEvery(step: number): number {
  return steps.get(step)?.now ?? readClock();
}

function onTick() {
  now = Date.now();
  tick++;
  for (const [step, s] of steps) if (tick % step === 0) s.now = now;
  for (const listener of listeners) listener();
}

/** Subscribes a reader of `step` ticks; returns its unsubscribe. Starts the interval if idle. */
export function subscribeClock(step: number, listener: () => void): () => void {
  const s = steps.get(step) ?? { readers: 0, now: readClock() };
  s.readers++;
  steps.set(step, s);
  listeners.add(listener);
  timer ??= setInterval(onTick, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (--s.readers === 0) steps.delete(step);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
