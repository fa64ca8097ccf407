// SWF durations are strings of whole seconds, or "NONE" for "no limit".

/** Seconds in an SWF duration string; undefined for "NONE", absent or malformed values. */
export function durationSeconds(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
