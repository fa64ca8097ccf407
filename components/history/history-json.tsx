"use client";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { useMemo } from "react";
import { formatCount } from "@/components/ui/format";
import { Button } from "@/components/ui/button";

/** Shown inline; the download always holds every event. */
const INLINE_EVENTS = 500;

export function historyFileName(workflowId: string, runId: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
  return `${safe(workflowId)}_${safe(runId)}.json`;
}

/** The history in GetWorkflowExecutionHistory's own shape, `{ "events": [...] }`, timestamps as ISO strings. */
export function historyJson(events: readonly HistoryEvent[], space?: number): string {
  return JSON.stringify({ events }, null, space);
}

interface Props {
  events: HistoryEvent[];
  workflowId: string;
  runId: string;
  /** Every page is loaded. */
  complete: boolean;
  total: number;
}

/** The raw history: a download of all pages, and the first events as inert text. */
export function HistoryJson({ events, workflowId, runId, complete, total }: Props) {
  const text = useMemo(() => historyJson(events.slice(0, INLINE_EVENTS), 2), [events]);
  const download = () => {
    const blob = new Blob([historyJson(events, 2)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = historyFileName(workflowId, runId);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div className="flex flex-col gap-2" data-testid="history-json">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Button variant="primary" onClick={download} disabled={!complete}>
          {complete
            ? `Download JSON (${formatCount(events.length)} events)`
            : `Loading ${formatCount(events.length)} / ${formatCount(total)} events…`}
        </Button>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {events.length > INLINE_EVENTS
            ? `Showing the first ${formatCount(INLINE_EVENTS)} of ${formatCount(events.length)} events; the download has them all.`
            : "Same shape as GetWorkflowExecutionHistory's output."}
        </span>
      </div>
      <pre
        tabIndex={0}
        aria-label="History as JSON"
        className="max-h-[calc(100vh-19rem)] min-h-[16rem] overflow-auto rounded-lg border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-800 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-200"
      >
        {text}
      </pre>
    </div>
  );
}
