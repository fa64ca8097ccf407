"use client";

import { useQuery } from "@tanstack/react-query";
import { callSwf } from "@/components/api/client";
import { keys, type ExecutionRef } from "@/components/api/keys";
import { Time } from "@/components/ui/time";
import { ExecutionLink } from "@/components/history/run-link";

interface Describe {
  executionInfo?: {
    workflowType?: { name?: string; version?: string };
    startTimestamp?: string;
    executionStatus?: string;
    closeStatus?: string;
  };
}
interface HistoryPage {
  events?: { eventId?: number; eventType?: string; eventTimestamp?: string }[];
}

/** A few lines about the task's execution: type, started, status, its latest events, a link. */
export function ExecutionSummary({ domain, workflowId, runId }: ExecutionRef) {
  const execution = { workflowId, runId };
  const { data: info } = useQuery({
    queryKey: keys.inbox.executionSummary({ domain, workflowId, runId }),
    queryFn: ({ signal }) =>
      callSwf<Describe>("DescribeWorkflowExecution", { domain, execution }, signal),
    staleTime: 5_000,
  });
  const { data: recent } = useQuery({
    queryKey: keys.inbox.executionRecent({ domain, workflowId, runId }),
    queryFn: ({ signal }) =>
      callSwf<HistoryPage>(
        "GetWorkflowExecutionHistory",
        { domain, execution, reverseOrder: true, maximumPageSize: 5 },
        signal,
      ),
    staleTime: 5_000,
  });
  const e = info?.executionInfo;
  return (
    <section aria-label="Execution" className="grid gap-1 text-sm" data-testid="inbox-execution">
      <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
        Execution
      </h3>
      <p>
        <ExecutionLink
          domain={domain}
          run={{ workflowId, runId }}
          className="font-mono text-sky-700 underline wrap-anywhere dark:text-sky-400"
          data-testid="inbox-task-execution"
        >
          {domain} / {workflowId}
        </ExecutionLink>
      </p>
      {e ? (
        <p className="text-slate-700 dark:text-slate-300">
          {e.workflowType?.name} {e.workflowType?.version} · started{" "}
          <Time value={e.startTimestamp} /> ·{" "}
          {e.executionStatus === "OPEN" ? "open" : (e.closeStatus ?? "closed").toLowerCase()}
        </p>
      ) : null}
      {recent?.events?.length ? (
        <ol className="text-xs text-slate-600 dark:text-slate-400" aria-label="Latest events">
          {recent.events.map((ev) => (
            <li key={ev.eventId} className="flex gap-2">
              <span className="w-8 text-right tabular-nums">{ev.eventId}</span>
              <span className="font-mono">{ev.eventType}</span>
              <span className="ml-auto">
                <Time value={ev.eventTimestamp} format="time" />
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
