// Time formatting shared by every console view. Pure functions: no React, no Intl state.
// SWF timestamps reach the browser as ISO strings (the route handler serializes Dates).

export type TimeInput = string | number | Date | undefined | null;

/** Milliseconds since epoch, or undefined for absent or unparseable input. */
export function toMs(value: TimeInput): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const ms =
    value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `2024-05-01 13:04:05` in the browser's local time zone (or UTC with `utc`); "—" when absent. */
export function formatTimestamp(
  value: TimeInput,
  options: { utc?: boolean; millis?: boolean } = {},
): string {
  const ms = toMs(value);
  if (ms === undefined) return "—";
  const d = new Date(ms);
  const [y, mo, day, h, mi, s, milli] = options.utc
    ? [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds(),
      ]
    : [
        d.getFullYear(),
        d.getMonth() + 1,
        d.getDate(),
        d.getHours(),
        d.getMinutes(),
        d.getSeconds(),
        d.getMilliseconds(),
      ];
  const base = `${y}-${pad(mo)}-${pad(day)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
  return options.millis ? `${base}.${pad(milli, 3)}` : base;
}

/**
 * A compact duration: `850 ms`, `4.2 s`, `3m 05s`, `2h 07m`, `3d 4h`. Negative or absent → "—".
 */
export function formatDuration(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60)
    return `${totalSeconds < 10 ? totalSeconds.toFixed(1) : Math.floor(totalSeconds)} s`;
  const seconds = Math.floor(totalSeconds);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  return `${minutes}m ${pad(secs)}s`;
}

/** Duration between two timestamps (end defaults to `now`). */
export function durationBetween(
  start: TimeInput,
  end: TimeInput,
  now = Date.now(),
): number | undefined {
  const s = toMs(start);
  if (s === undefined) return undefined;
  const e = toMs(end) ?? now;
  return e - s;
}

/** `5 s ago`, `3 min ago`, `2 h ago`, `4 d ago`; future times read `in …`. */
export function formatRelative(value: TimeInput, now = Date.now()): string {
  const ms = toMs(value);
  if (ms === undefined) return "—";
  const diff = now - ms;
  const abs = Math.abs(diff);
  const [n, unit] =
    abs < 60_000
      ? [Math.floor(abs / 1000), "s"]
      : abs < 3_600_000
        ? [Math.floor(abs / 60_000), "min"]
        : abs < 86_400_000
          ? [Math.floor(abs / 3_600_000), "h"]
          : [Math.floor(abs / 86_400_000), "d"];
  return diff >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/**
 * An SWF duration string (whole seconds, or "NONE") for people: `"3600"` → `1h 00m (3600 s)`,
 * `"NONE"` → `none`, absent → "—".
 */
export function formatSwfDuration(value: string | undefined | null): string {
  if (value === undefined || value === null || value === "") return "—";
  if (value.trim().toUpperCase() === "NONE") return "none";
  if (!/^\d+$/.test(value.trim())) return value;
  const seconds = Number(value.trim());
  if (seconds < 60) return `${seconds} s`;
  return `${formatDuration(seconds * 1000)} (${seconds} s)`;
}

/** A `<input type="datetime-local">` value (local time, seconds precision) for an ISO string. */
export function isoToLocalInput(iso: string | undefined): string {
  const ms = toMs(iso);
  if (ms === undefined) return "";
  return formatTimestamp(ms).replace(" ", "T");
}

/** An ISO string for a `<input type="datetime-local">` value (read as local time); undefined if empty/invalid. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
