// The console's one ticking clock: everything on a page that counts on by itself (relative dates,
// durations of running work, a live timeline) reads the same `now` from one interval, so that two
// figures on one screen never disagree and a page runs one timer however many of them it shows.
// The interval runs only while something subscribes. No React here: use-now.ts is the hook.
//
// The clock tells the server's time, not the browser's: a browser whose clock is minutes off
// would otherwise say "in 29m" of something that started a second ago. Each answer from the
// console (components/api/client.ts) reports the `Date` it was stamped with; the offset between
// the two clocks is narrowed from those reports (see `narrowOffset`). Until the first report, and
// on the server, the offset is 0.

/** How often the clock ticks; coarser readers take every n-th tick (see `clockStep`). */
export const TICK_MS = 1_000;

/** Where the server's clock stands against the browser's (server − browser, ms), as known so far. */
export interface OffsetBounds {
  low: number;
  high: number;
}

/** One answer from the server: its clock read `serverMs` at some instant between `sentAt` and `receivedAt` (browser clock). */
export interface ServerTimeSample {
  serverMs: number;
  /** How coarse the server's stamp is: an HTTP `Date` has whole seconds (the true time is up to 999 ms later). */
  resolutionMs: number;
  sentAt: number;
  receivedAt: number;
}

/**
 * The offset bounds after one more sample: the intersection of what is known and what the sample
 * allows. When they do not overlap, one of the clocks has been set (or the browser slept through a
 * jump): the old knowledge is stale, the sample alone counts.
 */
export function narrowOffset(known: OffsetBounds | undefined, s: ServerTimeSample): OffsetBounds {
  const sample = {
    low: s.serverMs - s.receivedAt,
    high: s.serverMs + s.resolutionMs - s.sentAt,
  };
  if (!known) return sample;
  const low = Math.max(known.low, sample.low);
  const high = Math.min(known.high, sample.high);
  return low <= high ? { low, high } : sample;
}

/** The offset to apply: the middle of what is known (off by at most half its width). */
export const offsetOf = (b: OffsetBounds | undefined): number =>
  b ? Math.round((b.low + b.high) / 2) : 0;

let bounds: OffsetBounds | undefined;
let offset = 0;
const serverNow = () => Date.now() + offset;

let now = serverNow();
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
  if (timer === undefined && Math.abs(serverNow() - now) >= TICK_MS) now = serverNow();
  return now;
}

/**
 * Notes the server's time from one of its answers (an HTTP `Date` header, whole seconds), sent and
 * received at the given browser times. A correction of a tick or more shows at once.
 */
export function noteServerDate(
  date: string | null,
  sentAt: number,
  receivedAt: number = Date.now(),
): void {
  const serverMs = date ? Date.parse(date) : NaN;
  if (!Number.isFinite(serverMs)) return;
  bounds = narrowOffset(bounds, { serverMs, resolutionMs: 1000, sentAt, receivedAt });
  const next = offsetOf(bounds);
  const moved = Math.abs(next - offset) >= TICK_MS;
  offset = next;
  if (moved) advance(false);
}

/** Whether the page has heard the server's time yet (before that, the clock is the browser's). */
export const serverTimeKnown = (): boolean => bounds !== undefined;

/** The offset in use (server − browser, ms): for tests and diagnostics. */
export function clockOffset(): number {
  return offset;
}

/** Forgets what the server said (tests). */
export function resetServerTime(): void {
  bounds = undefined;
  offset = 0;
  now = serverNow();
}

/** Ticks per step for a reader that needs the time every `everyMs` (at least one tick). */
export const clockStep = (everyMs: number): number => Math.max(1, Math.round(everyMs / TICK_MS));

/** The time as a reader of `step` ticks sees it: it moves on only every `step` ticks. */
export function readClockEvery(step: number): number {
  return steps.get(step)?.now ?? readClock();
}

/** Moves the clock on: a tick (readers of coarser steps in turn), or a correction (every reader). */
function advance(ticked: boolean) {
  now = serverNow();
  if (ticked) tick++;
  for (const [step, s] of steps) if (!ticked || tick % step === 0) s.now = now;
  for (const listener of listeners) listener();
}
const onTick = () => advance(true);

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
