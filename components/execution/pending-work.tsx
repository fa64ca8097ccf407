"use client";
import type { WorkflowExecutionOpenCounts } from "@aws-sdk/client-swf";
import type { ReactNode } from "react";
import type { PendingWork } from "@/lib/history/pending";
import { StatusBadge } from "@/components/ui/badge";
import type { VisualStatus } from "@/lib/history/status";
import { formatClock, formatDateTime, formatDuration } from "@/components/ui/format";
import { useTimeSettings } from "@/components/ui/use-time-settings";
import { useNow } from "@/components/ui/use-now";
import { ExecutionLink, LINK_CLASS } from "@/components/history/run-link";
import { TextButton } from "@/components/ui/button";
import { focusEventRow } from "@/components/history/focus-event-row";

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
  const now = useNow();
  const since = (d: Date | undefined) => (d ? formatDuration(Math.max(0, now - d.getTime())) : "—");
  const eventLink = (id: number | undefined) =>
    id ? (
      <TextButton
        className="font-mono"
        onClick={() => {
          onSelectEvent(id);
          focusEventRow(id);
        }}
        aria-label={`Show event ${id}`}
      >
        #{id}
      </TextButton>
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

  const dt = pending?.decisionTask;
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
                  {["Kind", "Name", "State", "Since / due", "Details", "Event"].map((h) => (
                    <th key={h} scope="col" className="py-1 pr-3 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {dt ? (
                  <Row
                    kind="Decision task"
                    testId="pending-decision"
                    name={dt.state === "started" ? "Decider working" : "Waiting for a decider"}
                    state={inFlight(dt.state)}
                    when={since(dt.startedAt ?? dt.scheduledAt)}
                    details={pending.queuedDecisionTask ? "another task queued" : ""}
                    event={eventLink(dt.startedEventId ?? dt.scheduledEventId)}
                  />
                ) : null}
                {pending.activities.map((a) => (
                  <Row
                    key={`a${a.scheduledEventId}`}
                    kind="Activity"
                    testId="pending-activity"
                    name={
                      <>
                        <span className="font-medium">{a.activityId}</span>{" "}
                        <Muted>
                          {a.activityType?.name}{" "}
                          {a.activityType?.version ? `v${a.activityType.version}` : ""}
                        </Muted>
                      </>
                    }
                    state={inFlight(a.state)}
                    when={since(a.startedAt ?? a.scheduledAt)}
                    details={[
                      `attempt ${a.attempt}`,
                      a.identity,
                      a.cancelRequested && "cancel requested",
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                    event={eventLink(a.startedEventId ?? a.scheduledEventId)}
                  />
                ))}
                {pending.timers.map((t) => (
                  <Row
                    key={`t${t.startedEventId}`}
                    kind="Timer"
                    testId="pending-timer"
                    name={<span className="font-medium">{t.timerId}</span>}
                    state={{ status: "running", label: "counting" }}
                    when={<FireTime at={t.fireAt} now={now} />}
                    details={`started ${since(t.startedAt)} ago`}
                    event={eventLink(t.startedEventId)}
                  />
                ))}
                {pending.children.map((c) => (
                  <Row
                    key={`c${c.initiatedEventId}`}
                    kind="Child workflow"
                    testId="pending-child"
                    name={
                      <>
                        {c.runId ? (
                          <ExecutionLink
                            className={`font-medium ${LINK_CLASS}`}
                            domain={domain}
                            run={{ workflowId: c.workflowId, runId: c.runId }}
                          >
                            {c.workflowId}
                          </ExecutionLink>
                        ) : (
                          <span className="font-medium">{c.workflowId}</span>
                        )}{" "}
                        <Muted>{c.workflowType?.name}</Muted>
                      </>
                    }
                    state={inFlight(c.state)}
                    when={since(c.startedAt ?? c.initiatedAt)}
                    event={eventLink(c.startedEventId ?? c.initiatedEventId)}
                  />
                ))}
                {[...pending.externalSignals, ...pending.externalCancels].map((x) => (
                  <Row
                    key={`x${x.initiatedEventId}`}
                    kind={x.kind === "signal" ? "Signal sent" : "Cancel request"}
                    name={`${x.signalName ? `${x.signalName} → ` : "→ "}${x.workflowId}`}
                    state={{ status: "pending", label: "awaiting delivery" }}
                    when={since(x.initiatedAt)}
                    event={eventLink(x.initiatedEventId)}
                  />
                ))}
                {pending.lambdas.map((l) => (
                  <Row
                    key={`l${l.scheduledEventId}`}
                    kind="Lambda"
                    name={
                      <>
                        {l.id} <Muted>{l.name}</Muted>
                      </>
                    }
                    state={inFlight(l.state)}
                    when={since(l.startedAt ?? l.scheduledAt)}
                    event={eventLink(l.startedEventId ?? l.scheduledEventId)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}

type BadgeState = { status: VisualStatus; label: string };

/** Scheduled (waiting for a worker) or started (a worker has it). */
const inFlight = (state: string): BadgeState => ({
  status: state === "started" ? "running" : "scheduled",
  label: state,
});

function Row({
  kind,
  testId,
  name,
  state,
  when,
  details,
  event,
}: {
  kind: string;
  testId?: string;
  name: ReactNode;
  state: BadgeState;
  when: ReactNode;
  details?: ReactNode;
  event: ReactNode;
}) {
  return (
    <tr data-testid={testId}>
      <th
        scope="row"
        className="whitespace-nowrap py-1 pr-3 font-normal text-slate-600 dark:text-slate-400"
      >
        {kind}
      </th>
      <td className="py-1 pr-3">{name}</td>
      <td className="py-1 pr-3">
        <StatusBadge status={state.status} label={state.label} />
      </td>
      <td className="py-1 pr-3">{when}</td>
      <td className="py-1 pr-3 text-slate-600 dark:text-slate-300">{details}</td>
      <td className="py-1">{event}</td>
    </tr>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-slate-600 dark:text-slate-400">{children}</span>;
}

/** When a timer fires: the clock time, and how long until then. */
function FireTime({ at, now }: { at: Date | undefined; now: number }) {
  const { zone } = useTimeSettings();
  if (!at) return "—";
  return (
    <time
      dateTime={at.toISOString()}
      title={formatDateTime(at.getTime(), { zone, millis: true })}
      data-testid="timer-fire-time"
    >
      fires {formatClock(at.getTime(), { zone, millis: false })} (in{" "}
      {formatDuration(Math.max(0, at.getTime() - now))})
    </time>
  );
}

function Count({ n = 0, one, many }: { n?: number; one: string; many: string }) {
  return (
    <li>
      <b>{n}</b> {n === 1 ? one : many}
    </li>
  );
}
