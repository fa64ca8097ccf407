// The console's one clock (components/ui/clock.ts): one interval however many readers, readers of
// a coarser step see the time move on less often, and an idle clock still answers the time.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  clockStep,
  readClock,
  readClockEvery,
  subscribeClock,
  TICK_MS,
} from "@/components/ui/clock";

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2026-12-07T10:00:00Z") });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the shared clock", () => {
  it("runs one interval for every reader, and none once the last one leaves", () => {
    const calls = [0, 0, 0];
    const stops = calls.map((_, i) => subscribeClock(1, () => calls[i]++));
    const coarse = subscribeClock(2, () => {});
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(3 * TICK_MS);
    expect(calls).toEqual([3, 3, 3]);
    for (const stop of [...stops, coarse]) stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(3 * TICK_MS);
    expect(calls).toEqual([3, 3, 3]);
  });

  it("moves on once a tick, and every reader reads the same time in between", () => {
    const stop = subscribeClock(1, () => {});
    const start = readClock();
    vi.advanceTimersByTime(TICK_MS - 1);
    expect(readClock()).toBe(start);
    vi.advanceTimersByTime(1);
    expect(readClock()).toBe(start + TICK_MS);
    expect(readClockEvery(1)).toBe(readClock());
    stop();
  });

  it("a reader of two-second steps sees the time every other tick", () => {
    const stop = subscribeClock(clockStep(2_000), () => {});
    expect(clockStep(2_000)).toBe(2);
    const seen = [readClockEvery(2)];
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(TICK_MS);
      seen.push(readClockEvery(2));
    }
    expect(new Set(seen).size).toBe(3);
    expect(seen[4] - seen[0]).toBe(4 * TICK_MS);
    stop();
  });

  it("idle, it answers the current time to within a tick, and the same on reads close together", () => {
    vi.advanceTimersByTime(60_000);
    const first = readClock();
    expect(Date.now() - first).toBeLessThan(TICK_MS);
    vi.advanceTimersByTime(TICK_MS / 2);
    expect(readClock()).toBe(first);
    vi.advanceTimersByTime(TICK_MS);
    expect(readClock()).toBe(Date.now());
  });
});
