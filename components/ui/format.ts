// The console's one formatting module: dates (through Intl), durations, counts, payloads. Pure
// functions, no React. Dates honour the user's zone choice (local time or UTC, see
// time-settings.ts); every date reads `2026-12-06 15:30:12`, every duration `850ms`, `4.2s`,
// `42s`, `2m 23s`, `1h 05m`, `3d 4h`. Unit-tested in tests/components/format.test.ts.

import type { TimeZoneChoice } from "./format-types";
import { getTimeSettings } from "./time-settings";

export type { TimeZoneChoice };
export type TimeInput = string | number | Date | undefined | null;

/** Milliseconds since epoch, or undefined for absent or unparseable input. */
export function toMs(value: TimeInput): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const ms =
    value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsOf(ms: number, zone: TimeZoneChoice): Record<string, string> {
  const key = zone;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone === "utc" ? "UTC" : undefined,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      fractionalSecondDigits: 3,
      hourCycle: "h23",
    });
    formatters.set(key, f);
  }
  return Object.fromEntries(f.formatToParts(ms).map((p) => [p.type, p.value]));
}

export interface DateOptions {
  /** Default: the user's setting (time-settings.ts). */
  zone?: TimeZoneChoice;
  millis?: boolean;
}
/** `true`/`false` is shorthand for `{ millis }`. */
type DateArg = DateOptions | boolean;
const optionsOf = (arg: DateArg | undefined, millis: boolean): Required<DateOptions> => {
  const o = typeof arg === "boolean" ? { millis: arg } : (arg ?? {});
  return { zone: o.zone ?? getTimeSettings().zone, millis: o.millis ?? millis };
};

/** `2026-12-06 15:30:12` (`.123` with `millis`); "—" when absent. */
export function formatDateTime(value: TimeInput, arg?: DateArg): string {
  const ms = toMs(value);
  if (ms === undefined) return "—";
  const o = optionsOf(arg, false);
  const p = partsOf(ms, o.zone);
  return `${p.year}-${p.month}-${p.day} ${formatClock(ms, o)}`;
}

/** `15:30:12.123` (without `.123` when `millis` is false): event times, where ms matter. */
export function formatClock(value: TimeInput, arg?: DateArg): string {
  const ms = toMs(value);
  if (ms === undefined) return "—";
  const o = optionsOf(arg, true);
  const p = partsOf(ms, o.zone);
  const base = `${p.hour}:${p.minute}:${p.second}`;
  return o.millis ? `${base}.${p.fractionalSecond}` : base;
}

/** True when two times fall on different days in the chosen zone. */
export function differentDay(a: number, b: number, zone?: TimeZoneChoice): boolean {
  return formatDateTime(a, { zone }).slice(0, 10) !== formatDateTime(b, { zone }).slice(0, 10);
}

const RELATIVE = new Intl.RelativeTimeFormat("en", { style: "narrow" });
/**
 * `5s ago`, `3m ago`, `2h ago`, `4d ago`; future times read `in …`. `now` has no default: it comes
 * from the page's clock (clock.ts, the server's time), never from the browser's.
 */
export function formatRelative(value: TimeInput, now: number): string {
  const ms = toMs(value);
  if (ms === undefined) return "—";
  const diff = ms - now;
  const abs = Math.abs(diff);
  const sign = diff < 0 ? -1 : 1;
  if (abs < 60_000) return RELATIVE.format(sign * Math.floor(abs / 1000), "second");
  if (abs < 3_600_000) return RELATIVE.format(sign * Math.floor(abs / 60_000), "minute");
  if (abs < 86_400_000) return RELATIVE.format(sign * Math.floor(abs / 3_600_000), "hour");
  return RELATIVE.format(sign * Math.floor(abs / 86_400_000), "day");
}

/** How a page shows dates now: the user's setting, with the clock relative dates count from. */
export interface TimeDisplay {
  zone: TimeZoneChoice;
  relative: boolean;
  /** The clock relative dates count from. */
  now: number;
}

/**
 * A timestamp as the user's setting shows it — `3m ago`, or `2026-12-06 15:30:12` in their zone
 * (`format: "time"` drops the date of an absolute one); "—" when absent. The one wording of a
 * date: `<Time>` and the places that cannot hold it (an `<option>`'s text) both use it.
 */
export function formatTimestamp(
  value: TimeInput,
  display: TimeDisplay,
  format: "datetime" | "time" = "datetime",
): string {
  const ms = toMs(value);
  if (ms === undefined) return "—";
  if (display.relative) return formatRelative(ms, display.now);
  const text = formatDateTime(ms, { zone: display.zone });
  return format === "time" ? text.slice(11) : text;
}

const pad = (n: number) => String(Math.trunc(n)).padStart(2, "0");

/** A duration for people, two units at most: `850ms`, `4.2s`, `42s`, `3m 05s`, `2h 10m`, `3d 4h`. */
export function formatDuration(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return "—";
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 10_000) return `${sign}${(Math.floor(abs / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(abs / 1000);
  if (totalSeconds < 60) return `${sign}${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${sign}${minutes}m ${pad(totalSeconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${sign}${hours}h ${pad(minutes % 60)}m`;
  return `${sign}${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** Duration between two timestamps (an open end counts to `now`, the page's clock). */
export function durationBetween(start: TimeInput, end: TimeInput, now: number): number | undefined {
  const s = toMs(start);
  if (s === undefined) return undefined;
  return (toMs(end) ?? now) - s;
}

/** Offset from the run's start: `+0ms`, `+1.2s`, `+3m 05s`. */
export function formatOffset(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  return ms < 0 ? formatDuration(ms) : `+${formatDuration(ms)}`;
}

/**
 * An SWF duration string (whole seconds, or "NONE"): `"3600"` → `1h 00m (3600s)`, `"42"` → `42s`,
 * `"NONE"` → `none`, absent → "—".
 */
export function formatSwfDuration(value: string | undefined | null): string {
  if (value === undefined || value === null || value.trim() === "") return "—";
  const v = value.trim();
  if (v.toUpperCase() === "NONE") return "none";
  if (!/^\d+$/.test(v)) return value;
  const seconds = Number(v);
  return seconds < 60 ? `${seconds}s` : `${formatDuration(seconds * 1000)} (${seconds}s)`;
}

const NUMBER = new Intl.NumberFormat("en-US");
/** `25,000`. */
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/**
 * Payloads (input, result, details…) are free text; when a payload is JSON, pretty-print it.
 * Large payloads are returned untouched: parsing megabytes on every render is not worth it.
 */
export function prettyPayload(value: string, maxParse = 200_000): string {
  const trimmed = value.trim();
  if (trimmed.length > maxParse || !(trimmed.startsWith("{") || trimmed.startsWith("[")))
    return value;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return value;
  }
}

/** One line of a payload, for table cells: whitespace collapsed, cut at `max` characters. */
export function oneLine(value: string, max = 160): string {
  const flat = value.length > max * 4 ? value.slice(0, max * 4) : value;
  const collapsed = flat.replace(/\s+/g, " ").trim();
  return collapsed.length > max ? `${collapsed.slice(0, max - 1)}…` : collapsed;
}

/** A `<input type="datetime-local">` value (local time, seconds precision) for an ISO string. */
export function isoToLocalInput(iso: string | undefined): string {
  const ms = toMs(iso);
  return ms === undefined ? "" : formatDateTime(ms, { zone: "local" }).replace(" ", "T");
}

/** An ISO string for a `<input type="datetime-local">` value (read as local time). */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** The first characters of a run id, for dense tables (the full id goes in a tooltip). */
export function shortRunId(runId: string, length = 8): string {
  return runId.length <= length ? runId : `${runId.slice(0, length)}…`;
}
