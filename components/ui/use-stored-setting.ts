"use client";

import { useSyncExternalStore } from "react";
import type { StoredSetting } from "./stored-setting";

/** A remembered setting's value; the server (and hydration) sees its default. */
export function useStoredSetting<T>(setting: StoredSetting<T>): T {
  return useSyncExternalStore(setting.subscribe, setting.get, () => setting.defaultValue);
}
