"use client";

import { liveMode } from "./live-client";
import { useLiveStatus, useLiveSwf } from "./use-live";

/**
 * A small indicator: changes pushed live, or (stream down) the page polls, or (stream up, SWF
 * not answering the console) nothing can change until SWF is back.
 */
export function LiveStatusBadge() {
  const stream = useLiveStatus();
  const swf = useLiveSwf();
  const mode = liveMode();
  const status = stream === "live" && !swf.reachable ? "unreachable" : stream;
  const text = {
    live: "Live",
    polling: "Polling",
    connecting: "Connecting…",
    unreachable: "SWF unreachable",
  }[status];
  const title = {
    live:
      mode === "push"
        ? "Changes are pushed as they happen"
        : "Changes are pushed; the console checks SWF every few seconds for all viewers",
    polling: "The live stream is down: this page refreshes every few seconds instead",
    connecting: "Opening the live stream",
    unreachable: `The console cannot reach SWF (${swf.message ?? swf.fault}): this page shows what it last read, and goes live again once SWF answers`,
  }[status];
  const dot = {
    live: "bg-emerald-500",
    polling: "bg-amber-500",
    connecting: "bg-slate-400",
    unreachable: "bg-rose-500",
  }[status];
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
