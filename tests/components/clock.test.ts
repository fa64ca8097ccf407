// The console's one clock (components/ui/clock.ts): one interval however many readers, readers of
// a coarser step see the time move on less often, an idle clock still answers the time, and the
// time it answers is the server's, learnt from the Date of the console's answers.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  clockOffset,
  clockStep,
  narrowOffset,
  noteServerDate,
  offsetOf,
  readClock,
  readClockEvery,
  resetServerTime,
  subscribeClock,
  TICK_MS,
} from "@/components/ui/clock";

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2026-12-07T10:00:00Z") });
  resetServerTime();
});
afterEach(() => {
  resetServerTime();
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

describe("the server's time", () => {
  const T = Date.parse("2026-12-07T10:00:00Z");

  it("one answer bounds the offset by its round trip and the Date's whole second", () => {
    // Sent at T, answered at T + 200 ms (browser clock), stamped 10:30:00 by the server: the
    // server read 10:30:00.000–.999 somewhere in those 200 ms.
    const b = narrowOffset(undefined, {
      serverMs: T + 30 * 60_000,
      resolutionMs: 1000,
      sentAt: T,
      receivedAt: T + 200,
    });
    expect(b).toEqual({ low: 30 * 60_000 - 200, high: 30 * 60_000 + 1000 });
    expect(offsetOf(b)).toBe(30 * 60_000 + 400);
    expect(offsetOf(undefined)).toBe(0);
  });

  it("more answers narrow it; answers that contradict what is known start over (a clock was set)", () => {
    const at = (serverMs: number, sentAt: number, receivedAt: number) => ({
      serverMs,
      resolutionMs: 1000,
      sentAt,
      receivedAt,
    });
    // The server is 5 minutes and 300 ms ahead. Stamps are whole seconds of its clock.
    const ahead = 300_300;
    const stamp = (browserMs: number) => Math.floor((browserMs + ahead) / 1000) * 1000;
    let b = narrowOffset(undefined, at(stamp(T + 50), T, T + 100));
    for (const t of [T + 1_400, T + 2_750, T + 5_990, T + 9_020]) {
      const next = narrowOffset(b, at(stamp(t + 50), t, t + 100));
      expect(next.high - next.low).toBeLessThanOrEqual(b.high - b.low);
      b = next;
    }
    expect(b.low).toBeLessThanOrEqual(ahead);
    expect(b.high).toBeGreaterThanOrEqual(ahead);
    expect(Math.abs(offsetOf(b) - ahead)).toBeLessThan(600);
    // The browser's clock jumps an hour on: its old knowledge cannot hold, the new sample counts.
    const jumped = narrowOffset(b, at(stamp(T + 20_000), T + 20_000 + 3_600_000, T + 3_620_100));
    expect(offsetOf(jumped)).toBeLessThan(-3_000_000);
  });

  it("readClock answers the server's time once an answer has said it, and ticking readers hear of it at once", () => {
    const heard: number[] = [];
    const stop = subscribeClock(1, () => heard.push(readClock()));
    expect(readClock()).toBe(Date.now());
    // The browser's clock is 30 minutes slow: the server stamped 10:30:00.
    const sentAt = Date.now();
    vi.advanceTimersByTime(100);
    noteServerDate(new Date(T + 30 * 60_000).toUTCString(), sentAt);
    expect(Math.abs(clockOffset() - 30 * 60_000)).toBeLessThan(1000);
    expect(heard).toHaveLength(1);
    expect(Math.abs(heard[0] - (T + 30 * 60_000))).toBeLessThan(1000);
    expect(readClockEvery(1)).toBe(readClock());
    vi.advanceTimersByTime(TICK_MS);
    expect(Math.abs(readClock() - (Date.now() + 30 * 60_000))).toBeLessThan(1000);
    stop();
  });

  it("an answer without a usable Date changes nothing", () => {
    noteServerDate(null, Date.now());
    noteServerDate("not a date", Date.now());
    expect(clockOffset()).toBe(0);
    expect(readClock()).toBe(Date.now());
  });
});
