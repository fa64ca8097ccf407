"use client";

import { timeSettings, type TimeSettings } from "./time-settings";
import { useStoredSetting } from "./use-stored-setting";

/** The user's date setting; the server (and hydration) sees the default. */
export function useTimeSettings(): TimeSettings {
  return useStoredSetting(timeSettings);
}
