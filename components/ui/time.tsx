"use client";

import { formatTimestamp, toMs, type TimeInput } from "./format";
import { useTimeDisplay } from "./use-time-display";

/**
 * A timestamp as `<time>`, in the user's setting (local or UTC, absolute or relative), with the
 * UTC ISO value in `dateTime` and the tooltip. Server-rendered HTML shows UTC (the server cannot
 * know the browser's zone); the browser switches once hydrated. `format="time"` drops the date.
 */
export function Time({
  value,
  relative,
  now,
  format = "datetime",
}: {
  value: TimeInput;
  /** Force relative (or absolute) whatever the setting. */
  relative?: boolean;
  now?: number;
  format?: "datetime" | "time";
}) {
  // Without a `now` from the caller, a relative time counts on by itself (the page's one clock).
  const display = useTimeDisplay({ relative, now });
  const ms = toMs(value);
  if (ms === undefined) return <span className="text-slate-400">—</span>;
  const iso = new Date(ms).toISOString();
  const text = formatTimestamp(ms, display, format);
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {text}
      {display.zone === "utc" && !display.relative ? <span className="sr-only"> UTC</span> : null}
    </time>
  );
}
