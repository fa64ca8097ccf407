"use client";

import { liveMode } from "./live-client";
import { useLiveStatus } from "./use-live";

/** A small indicator: changes pushed live, or (stream down) the page polls. */
export function LiveStatusBadge() {
  const status = useLiveStatus();
  const mode = liveMode();
  const text = status === "live" ? "Live" : status === "polling" ? "Polling" : "Connecting…";
  const title =
    status === "live"
      ? mode === "push"
        ? "Changes are pushed as they happen"
        : "Changes are pushed; the console checks SWF every few seconds for all viewers"
      : status === "polling"
        ? "The live stream is down: this page refreshes every few seconds instead"
        : "Opening the live stream";
  const dot =
    status === "live" ? "bg-emerald-500" : status === "polling" ? "bg-amber-500" : "bg-slate-400";
  return (
    <span
      role="status"
      data-testid="live-status"
      data-status={status}
      title={title}
      className="inline-flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400"
    >
      <span aria-hidden="true" className={`inline-block size-2 rounded-full ${dot}`} />
      {text}
    </span>
  );
}
