"use client";
import type { WorkflowExecutionOpenCounts } from "@aws-sdk/client-swf";
import Link from "next/link";
import type { ReactNode } from "react";
import type { PendingWork } from "@/lib/history/pending";
import { StatusBadge } from "@/components/ui/badge";
import { formatClock, formatDateTime, formatDuration } from "@/components/ui/format";
import { executionHref } from "@/components/links";
import { useNow } from "./use-now";

interface Props {
  domain: string;
  pending?: PendingWork;
  openCounts?: WorkflowExecutionOpenCounts;
  /** False while the history is still loading: `pending` is not final yet. */
  complete: boolean;
  onSelectEvent(eventId: number): void;
}

/** What an open run is waiting for: the decision task, activities, timers, children, requests. */
export function PendingWorkPanel({ domain, pending, openCounts, complete, onSelectEvent }: Props) {
  const now = useNow(1000);
  const since = (d: Date | undefined) => (d ? formatDuration(Math.max(0, now - d.getTime())) : "—");
  const eventLink = (id: number | undefined) =>
    id ? (
      <button
        type="button"
        className="font-mono text-sky-700 hover:underline dark:text-sky-400"
        onClick={() => onSelectEvent(id)}
        aria-label={`Show event ${id}`}
      >
        #{id}
      </button>
    ) : null;

  const counts = openCounts ? (
    <ul
      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300"
      aria-label="Open counts"
      data-testid="open-counts"
    >
      <Count n={openCounts.openDecisionTasks} one="decision task" many="decision tasks" />
      <Count n={openCounts.openActivityTasks} one="activity" many="activities" />
      <Count n={openCounts.openTimers} one="timer" many="timers" />
      <Count
        n={openCounts.openChildWorkflowExecutions}
        one="child execution"
        many="child executions"
      />
      {openCounts.openLambdaFunctions ? (
        <Count n={openCounts.openLambdaFunctions} one="Lambda function" many="Lambda functions" />
      ) : null}
    </ul>
  ) : null;

  const empty =
    pending &&
    !pending.decisionTask &&
    pending.activities.length === 0 &&
    pending.timers.length === 0 &&
    pending.children.length === 0 &&
    pending.externalSignals.length === 0 &&
    pending.externalCancels.length === 0 &&
    pending.lambdas.length === 0;

  return (
    <section
      aria-labelledby="pending-heading"
      className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
      data-testid="pending-work"
    >
      <div className="mb-2 flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 id="pending-heading" className="text-sm font-semibold">
          Pending work
        </h2>
        {counts}
        {!complete ? (
          <span className="text-xs text-slate-600 dark:text-slate-400">
            (details after the history has loaded)
          </span>
        ) : null}
      </div>
      {pending && complete ? (
        empty ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Nothing open.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-600 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Kind
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Name
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    State
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Since / due
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Details
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    Event
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {pending.decisionTask ? (
                  <Row kind="Decision task" testId="pending-decision">
                    <td className="py-1 pr-3">
                      {pending.decisionTask.state === "started"
                        ? "Decider working"
                        : "Waiting for a decider"}
                    </td>
                    <td className="py-1 pr-3">
                      <StatusBadge
                        status={pending.decisionTask.state === "started" ? "running" : "scheduled"}
                        label={pending.decisionTask.state}
                      />
                    </td>
                    <td className="py-1 pr-3">
                      {since(pending.decisionTask.startedAt ?? pending.decisionTask.scheduledAt)}
                    </td>
                    <td className="py-1 pr-3 text-slate-600 dark:text-slate-400">
                      {pending.queuedDecisionTask ? "another task queued" : ""}
                    </td>
                    <td className="py-1">
                      {eventLink(
                        pending.decisionTask.startedEventId ??
                          pending.decisionTask.scheduledEventId,
                      )}
                    </td>
                  </Row>
                ) : null}
                {pending.activities.map((a) => (
                  <Row key={`a${a.scheduledEventId}`} kind="Activity" testId="pending-activity">
                    <td className="py-1 pr-3">
                      <span className="font-medium">{a.activityId}</span>{" "}
                      <span className="text-slate-600 dark:text-slate-400">
                        {a.activityType?.name}{" "}
                        {a.activityType?.version ? `v${a.activityType.version}` : ""}
                      </span>
                    </td>
                    <td className="py-1 pr-3">
                      <StatusBadge
                        status={a.state === "started" ? "running" : "scheduled"}
                        label={a.state}
                      />
                    </td>
                    <td className="py-1 pr-3">{since(a.startedAt ?? a.scheduledAt)}</td>
                    <td className="py-1 pr-3 text-slate-600 dark:text-slate-300">
                      attempt {a.attempt}
                      {a.identity ? ` · ${a.identity}` : ""}
                      {a.cancelRequested ? " · cancel requested" : ""}
                    </td>
                    <td className="py-1">{eventLink(a.startedEventId ?? a.scheduledEventId)}</td>
                  </Row>
                ))}
                {pending.timers.map((t) => (
                  <Row key={`t${t.startedEventId}`} kind="Timer" testId="pending-timer">
                    <td className="py-1 pr-3 font-medium">{t.timerId}</td>
                    <td className="py-1 pr-3">
                      <StatusBadge status="running" label="counting" />
                    </td>
                    <td className="py-1 pr-3" data-testid="timer-fire-time">
                      {t.fireAt ? (
                        <time
                          dateTime={t.fireAt.toISOString()}
                          title={formatDateTime(t.fireAt.getTime(), true)}
                        >
                          fires {formatClock(t.fireAt.getTime(), false)} (in{" "}
                          {formatDuration(Math.max(0, t.fireAt.getTime() - now))})
                        </time>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="py-1 pr-3 text-slate-600 dark:text-slate-300">
                      started {since(t.startedAt)} ago
                    </td>
                    <td className="py-1">{eventLink(t.startedEventId)}</td>
                  </Row>
                ))}
                {pending.children.map((c) => (
                  <Row key={`c${c.initiatedEventId}`} kind="Child workflow" testId="pending-child">
                    <td className="py-1 pr-3">
                      {c.runId ? (
                        <Link
                          className="font-medium text-sky-700 hover:underline dark:text-sky-400"
                          href={executionHref(domain, c.workflowId, c.runId)}
                        >
                          {c.workflowId}
                        </Link>
                      ) : (
                        <span className="font-medium">{c.workflowId}</span>
                      )}{" "}
                      <span className="text-slate-600 dark:text-slate-400">
                        {c.workflowType?.name}
                      </span>
                    </td>
                    <td className="py-1 pr-3">
                      <StatusBadge
                        status={c.state === "started" ? "running" : "scheduled"}
                        label={c.state}
                      />
                    </td>
                    <td className="py-1 pr-3">{since(c.startedAt ?? c.initiatedAt)}</td>
                    <td className="py-1 pr-3" />
                    <td className="py-1">{eventLink(c.startedEventId ?? c.initiatedEventId)}</td>
                  </Row>
                ))}
                {[...pending.externalSignals, ...pending.externalCancels].map((x) => (
                  <Row
                    key={`x${x.initiatedEventId}`}
                    kind={x.kind === "signal" ? "Signal sent" : "Cancel request"}
                  >
                    <td className="py-1 pr-3">
                      {x.signalName ? `${x.signalName} → ` : "→ "}
                      {x.workflowId}
                    </td>
                    <td className="py-1 pr-3">
                      <StatusBadge status="pending" label="awaiting delivery" />
                    </td>
                    <td className="py-1 pr-3">{since(x.initiatedAt)}</td>
                    <td className="py-1 pr-3" />
                    <td className="py-1">{eventLink(x.initiatedEventId)}</td>
                  </Row>
                ))}
                {pending.lambdas.map((l) => (
                  <Row key={`l${l.scheduledEventId}`} kind="Lambda">
                    <td className="py-1 pr-3">
                      {l.id} <span className="text-slate-600 dark:text-slate-400">{l.name}</span>
                    </td>
                    <td className="py-1 pr-3">
                      <StatusBadge
                        status={l.state === "started" ? "running" : "scheduled"}
                        label={l.state}
                      />
                    </td>
                    <td className="py-1 pr-3">{since(l.startedAt ?? l.scheduledAt)}</td>
                    <td className="py-1 pr-3" />
                    <td className="py-1">{eventLink(l.startedEventId ?? l.scheduledEventId)}</td>
                  </Row>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}

function Row({ kind, children, testId }: { kind: string; children: ReactNode; testId?: string }) {
  return (
    <tr data-testid={testId}>
      <th
        scope="row"
        className="whitespace-nowrap py-1 pr-3 font-normal text-slate-600 dark:text-slate-400"
      >
        {kind}
      </th>
      {children}
    </tr>
  );
}

function Count({ n = 0, one, many }: { n?: number; one: string; many: string }) {
  return (
    <li>
      <b>{n}</b> {n === 1 ? one : many}
    </li>
  );
}
