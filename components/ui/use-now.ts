"use client";

import { useSyncExternalStore } from "react";
import { clockStep, readClock, readClockEvery, subscribeClock, TICK_MS } from "./clock";

// One subscribe/read pair per step, stable across renders (React resubscribes when they change).
const bySteps = new Map<number, { subscribe: (l: () => void) => () => void; read: () => number }>();
function storeOf(step: number) {
  let store = bySteps.get(step);
  if (!store) {
    store = {
      subscribe: (listener) => subscribeClock(step, listener),
      read: () => readClockEvery(step),
    };
    bySteps.set(step, store);
  }
  return store;
}
const idle = () => () => {};

/**
 * The current time (epoch ms) from the console's one clock (clock.ts), re-rendering the caller
 * every `everyMs` (rounded to whole ticks of a second) while `enabled`. Disabled, it still
 * answers the time but does not re-render the caller as it passes.
 */
export function useNow(everyMs: number = TICK_MS, enabled = true): number {
  const store = storeOf(clockStep(everyMs));
  return useSyncExternalStore(enabled ? store.subscribe : idle, store.read, readClock);
}
