"use client";

import { liveIndicator, type LiveIndicatorStatus } from "./indicator";
import { liveMode } from "./live-client";
import { useLivePaused, useLiveStatus, useLiveSwf } from "./use-live";

const DOT: Record<LiveIndicatorStatus, string> = {
  live: "animate-pulse bg-emerald-500",
  paused: "bg-slate-400",
  reconnecting: "bg-amber-500",
  connecting: "bg-slate-400",
  unreachable: "bg-rose-500",
  "signed-out": "bg-slate-400",
};

/**
 * The page's one live indicator: changes pushed live, paused by the person, the stream down (the
 * page polls while it reconnects), or SWF not answering the console (nothing can change until it
 * is back). Each page shows it once, where its other status is.
 */
export function LiveStatusBadge() {
  const indicator = liveIndicator({
    stream: useLiveStatus(),
    swf: useLiveSwf(),
    paused: useLivePaused(),
    mode: liveMode(),
  });
  return (
    <span
      role="status"
      data-testid="live-status"
      data-status={indicator.status}
      title={indicator.title}
      className="inline-flex items-center gap-1 whitespace-nowrap text-xs text-slate-600 dark:text-slate-400"
    >
      <span
        aria-hidden="true"
        className={`inline-block size-2 rounded-full ${DOT[indicator.status]}`}
      />
      {indicator.text}
    </span>
  );
}
