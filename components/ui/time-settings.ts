// The user's one date setting: local time or UTC, absolute or relative. Remembered per browser
// and read by every date the console shows (format.ts, <Time>); components subscribe through
// useTimeSettings (use-time-settings.ts).
import type { TimeZoneChoice } from "./format-types";
import { storedSetting } from "./stored-setting";

export type TimeStyle = "absolute" | "relative";
export interface TimeSettings {
  zone: TimeZoneChoice;
  style: TimeStyle;
}

export const DEFAULT_TIME_SETTINGS: TimeSettings = { zone: "local", style: "absolute" };

/** Reads a stored value; anything unexpected falls back to the default. */
export function parseTimeSettings(raw: string | null | undefined): TimeSettings {
  try {
    return timeSettingsFrom(JSON.parse(raw ?? "{}"));
  } catch {
    return DEFAULT_TIME_SETTINGS;
  }
}

function timeSettingsFrom(value: unknown): TimeSettings {
  const v = (typeof value === "object" && value !== null ? value : {}) as Partial<TimeSettings>;
  return {
    zone: v.zone === "utc" ? "utc" : "local",
    style: v.style === "relative" ? "relative" : "absolute",
  };
}

export const timeSettings = storedSetting(
  "swf-console.time",
  DEFAULT_TIME_SETTINGS,
  timeSettingsFrom,
);

export const getTimeSettings = timeSettings.get;
export const setTimeSettings = timeSettings.set;
