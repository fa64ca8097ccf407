// The user's one date setting: local time or UTC, absolute or relative. Kept in localStorage and
// read by every date the console shows (format.ts, <Time>). A plain store, no React: components
// subscribe through useTimeSettings (use-time-settings.ts).
import type { TimeZoneChoice } from "./format-types";

export type TimeStyle = "absolute" | "relative";
export interface TimeSettings {
  zone: TimeZoneChoice;
  style: TimeStyle;
}

export const DEFAULT_TIME_SETTINGS: TimeSettings = { zone: "local", style: "absolute" };
const STORAGE_KEY = "swf-console.time";

/** Reads a stored value; anything unexpected falls back to the default. */
export function parseTimeSettings(raw: string | null | undefined): TimeSettings {
  try {
    const v = JSON.parse(raw ?? "{}") as Partial<TimeSettings>;
    return {
      zone: v.zone === "utc" ? "utc" : "local",
      style: v.style === "relative" ? "relative" : "absolute",
    };
  } catch {
    return DEFAULT_TIME_SETTINGS;
  }
}

let current: TimeSettings | undefined;
const listeners = new Set<() => void>();

export function getTimeSettings(): TimeSettings {
  if (current) return current;
  if (typeof window === "undefined") return DEFAULT_TIME_SETTINGS;
  try {
    current = parseTimeSettings(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    current = DEFAULT_TIME_SETTINGS;
  }
  return current;
}

export function setTimeSettings(next: TimeSettings) {
  current = next;
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // private mode: the choice lasts for this tab
  }
  for (const listener of listeners) listener();
}

export function subscribeTimeSettings(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
