"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and during hydration, true afterwards. Use it for output that depends on
 * the browser (local time zone, locale) so that the server's HTML and the
 * first client render agree: React does not patch attributes that differ at hydration (a button
 * rendered disabled on the server would stay disabled).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
