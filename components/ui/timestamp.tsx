"use client";

import { formatRelative, formatTimestamp, toMs, type TimeInput } from "./time";
import { useHydrated } from "./use-hydrated";

/**
 * A timestamp as `<time>`: local `YYYY-MM-DD HH:mm:ss` (or `HH:mm:ss` with `format="time"`),
 * with the UTC ISO value in `dateTime` and the tooltip. Server-rendered HTML shows UTC (the
 * server cannot know the browser's zone); the browser switches to local time once hydrated.
 */
export function Time({
  value,
  relative = false,
  now,
  format = "datetime",
}: {
  value: TimeInput;
  relative?: boolean;
  now?: number;
  format?: "datetime" | "time";
}) {
  const hydrated = useHydrated();
  const ms = toMs(value);
  if (ms === undefined) return <span className="text-slate-400">—</span>;
  const iso = new Date(ms).toISOString();
  let text =
    relative && hydrated ? formatRelative(ms, now) : formatTimestamp(ms, { utc: !hydrated });
  if (format === "time" && !relative) text = text.slice(11);
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {text}
      {hydrated ? null : <span className="sr-only"> UTC</span>}
    </time>
  );
}
