"use client";

import { useSyncExternalStore } from "react";

// One interval for every relative time on the page ("5s ago" must keep counting on a page that
// nothing else re-renders), running only while at least one of them is shown.
const TICK_MS = 1_000;
const listeners = new Set<() => void>();
let tick = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(onTick: () => void): () => void {
  listeners.add(onTick);
  timer ??= setInterval(() => {
    tick++;
    for (const listener of listeners) listener();
  }, TICK_MS);
  return () => {
    listeners.delete(onTick);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const idle = () => () => {};
const snapshot = () => tick;

/** Re-renders the caller about once a second while `enabled`; the value is meaningless. */
export function useClockTick(enabled: boolean): number {
  return useSyncExternalStore(enabled ? subscribe : idle, snapshot, () => 0);
}
