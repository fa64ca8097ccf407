/** SWF duration strings: decimal seconds, or "NONE" (no limit; the one-year ceiling still holds). */
export const ONE_YEAR_SECONDS = 31_536_000;

/** Milliseconds until the deadline, or undefined for NONE. */
export function durationMs(value: string | undefined): number | undefined {
  if (value === undefined || value === "NONE") return undefined;
  return Number(value) * 1000;
}
