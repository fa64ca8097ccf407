// Formatting shared by the execution views: absolute times, times relative to the run's start,
// durations, counts. Pure functions (no React), unit-tested in tests/components.

const pad = (n: number, width = 2) => String(Math.trunc(n)).padStart(width, "0");

/** `2024-01-15 10:00:01` in local time (`.123` with `ms`). */
export function formatDateTime(ms: number | undefined, withMs = false): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  const d = new Date(ms);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${formatClock(ms, withMs)}`;
}

/** `10:00:01.123` in local time. */
export function formatClock(ms: number, withMs = true): string {
  const d = new Date(ms);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** True when two epoch-ms times fall on different local days. */
export function differentDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return (
    x.getFullYear() !== y.getFullYear() ||
    x.getMonth() !== y.getMonth() ||
    x.getDate() !== y.getDate()
  );
}

/**
 * A duration for humans, two units at most: `850ms`, `1.25s`, `42s`, `3m 05s`, `2h 10m`, `3d 4h`.
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 10_000) return `${sign}${(Math.floor(abs / 10) / 100).toFixed(2)}s`;
  const totalSeconds = Math.floor(abs / 1000);
  if (totalSeconds < 60) return `${sign}${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${sign}${minutes}m ${pad(totalSeconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${sign}${hours}h ${pad(minutes % 60)}m`;
  return `${sign}${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** Offset from the run's start: `+0ms`, `+1.25s`, `+3m 05s`. */
export function formatOffset(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  return ms < 0 ? formatDuration(ms) : `+${formatDuration(ms)}`;
}

const NUMBER = new Intl.NumberFormat("en-US");
/** `25,000`. */
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/** SWF duration strings are whole seconds or "NONE". */
export function formatSwfDuration(value: string | undefined): string {
  if (value === undefined || value === "") return "—";
  if (value === "NONE") return "none";
  const n = Number(value);
  return Number.isFinite(n) ? formatDuration(n * 1000) : value;
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
