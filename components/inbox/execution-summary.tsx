"use client";

import { useQuery } from "@tanstack/react-query";
import { callSwf } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { FaultAlert } from "@/components/ui/alert";
import { Time } from "@/components/ui/time";
import { ExecutionLink } from "@/components/history/run-link";
import type { ReactNode } from "react";
import { executionInfoQuery } from "./execution-info";
import type { HumanTask } from "./types";

interface HistoryPage {
  events?: { eventId?: number; eventType?: string; eventTimestamp?: string }[];
}

/** What the console stored of a task when it arrived: enough to say whose task it is without SWF. */
export type KnownTask = Pick<
  HumanTask,
  | "domain"
  | "taskList"
  | "workflowId"
  | "runId"
  | "activityType"
  | "activityId"
  | "scheduledAt"
  | "receivedAt"
>;

/**
 * A few lines about the task's execution: type, started, status, its latest events, a link. When
 * SWF does not answer, the fault says why, and what the console itself stored of the task stands
 * in for the live details.
 */
export function ExecutionSummary({ task }: { task: KnownTask }) {
  const { domain, workflowId, runId } = task;
  const execution = { workflowId, runId };
  const { data: info, error: infoError } = useQuery(
    executionInfoQuery({ domain, workflowId, runId }),
  );
  const { data: recent, error: recentError } = useQuery({
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
  const fault = infoError ?? recentError;
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
      {fault ? (
        <FaultAlert
          error={fault}
          title="No live details from SWF: the execution's status and latest events are missing."
        />
      ) : null}
      {fault && !e ? <Known task={task} /> : null}
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

/** The task as the console stored it when it arrived (its question and data show above). */
function Known({ task }: { task: KnownTask }) {
  const rows: [string, ReactNode][] = [
    ["Workflow ID", task.workflowId],
    ["Run ID", task.runId],
    ["Domain / task list", `${task.domain} / ${task.taskList}`],
    ["Activity", `${task.activityType.name} ${task.activityType.version} · ${task.activityId}`],
  ];
  if (task.scheduledAt !== null)
    rows.push(["Asked", <Time key="asked" value={task.scheduledAt} />]);
  rows.push(["Received", <Time key="received" value={task.receivedAt} />]);
  return (
    <div className="grid gap-1" data-testid="inbox-execution-known">
      <p className="text-xs text-slate-600 dark:text-slate-400">
        What the console stored when the task arrived (the question and its data are above):
      </p>
      <dl className="grid grid-cols-[minmax(5rem,max-content)_1fr] gap-x-4 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="min-w-0 font-mono wrap-anywhere">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
