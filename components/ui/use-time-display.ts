"use client";

import type { TimeDisplay } from "./format";
import { useHydrated } from "./use-hydrated";
import { useNow } from "./use-now";
import { useTimeSettings } from "./use-time-settings";

/**
 * How dates show on this render (for `formatTimestamp`): UTC and absolute in the server's HTML and
 * while hydrating (the server cannot know the browser's zone or setting), then the user's setting.
 * Relative dates count on with the page's one clock, unless the caller gives its own `now`;
 * `ticking` keeps the caller re-rendering with the clock for something else that counts on (a
 * running duration).
 */
export function useTimeDisplay(
  options: { relative?: boolean; now?: number; ticking?: boolean } = {},
): TimeDisplay {
  const hydrated = useHydrated();
  const settings = useTimeSettings();
  const relative = hydrated && (options.relative ?? settings.style === "relative");
  const clock = useNow(undefined, (relative && options.now === undefined) || !!options.ticking);
  return { zone: hydrated ? settings.zone : "utc", relative, now: options.now ?? clock };
}
