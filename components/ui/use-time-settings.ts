"use client";

import { useSyncExternalStore } from "react";
import {
  DEFAULT_TIME_SETTINGS,
  getTimeSettings,
  subscribeTimeSettings,
  type TimeSettings,
} from "./time-settings";

/** The user's date setting; the server (and hydration) sees the default. */
export function useTimeSettings(): TimeSettings {
  return useSyncExternalStore(subscribeTimeSettings, getTimeSettings, () => DEFAULT_TIME_SETTINGS);
}
