"use client";

import { formatDateTime, formatRelative, toMs, type TimeInput } from "./format";
import { useHydrated } from "./use-hydrated";
import { useNow } from "./use-now";
import { useTimeSettings } from "./use-time-settings";

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
  const hydrated = useHydrated();
  const settings = useTimeSettings();
  const asRelative = hydrated && (relative ?? settings.style === "relative");
  // Without a `now` from the caller, a relative time counts on by itself (the page's one clock).
  const clock = useNow(undefined, asRelative && now === undefined);
  const ms = toMs(value);
  if (ms === undefined) return <span className="text-slate-400">—</span>;
  const iso = new Date(ms).toISOString();
  const zone = hydrated ? settings.zone : "utc";
  let text = asRelative ? formatRelative(ms, now ?? clock) : formatDateTime(ms, { zone });
  if (format === "time" && !asRelative) text = text.slice(11);
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {text}
      {zone === "utc" && !asRelative ? <span className="sr-only"> UTC</span> : null}
    </time>
  );
}
