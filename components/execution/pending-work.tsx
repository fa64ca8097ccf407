"use client";
import type { WorkflowExecutionOpenCounts } from "@aws-sdk/client-swf";
import { Fragment, type ReactNode } from "react";
import type { PendingDeadline, PendingWork } from "@/lib/history/pending";
import { StatusBadge } from "@/components/ui/badge";
import type { VisualStatus } from "@/lib/history/status";
import { formatDuration } from "@/components/ui/format";
import { useNow } from "@/components/ui/use-now";
import { ExecutionLink, LINK_CLASS } from "@/components/history/run-link";
import { DeadlineLine, DueTime } from "./due-time";
import { EventButton } from "./event-button";
import { LongId } from "./long-id";
import { TaskListLink } from "./task-list-link";

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
  const eventLink = (id: number | undefined) => (
    <EventButton id={id} onSelectEvent={onSelectEvent} />
  );
  /** How long it has waited or run, and under it the time-outs that apply now. */
  const sinceAndDue = (d: Date | undefined, deadlines: PendingDeadline[]) => (
    <>
      {since(d)}
      {deadlines.map((deadline) => (
        <DeadlineLine key={deadline.kind} deadline={deadline} now={now} />
      ))}
    </>
  );
  const taskList = (name: string | undefined) =>
    name ? (
      <>
        task list <TaskListLink domain={domain} name={name} />
      </>
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
                    when={sinceAndDue(dt.startedAt ?? dt.scheduledAt, dt.deadlines)}
                    details={joinDetails([
                      taskList(dt.taskList),
                      dt.attempt > 1 ? `attempt ${dt.attempt}` : null,
                      pending.queuedDecisionTask ? "another task queued" : null,
                    ])}
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
                        <LongId id={a.activityId} label="activity id" className="font-medium" />{" "}
                        <Muted>
                          {a.activityType?.name}{" "}
                          {a.activityType?.version ? `v${a.activityType.version}` : ""}
                        </Muted>
                      </>
                    }
                    state={inFlight(a.state)}
                    when={sinceAndDue(a.startedAt ?? a.scheduledAt, a.deadlines)}
                    details={joinDetails([
                      taskList(a.taskList),
                      `attempt ${a.attempt}`,
                      a.identity,
                      a.cancelRequested ? "cancel requested" : null,
                    ])}
                    event={eventLink(a.startedEventId ?? a.scheduledEventId)}
                  />
                ))}
                {pending.timers.map((t) => (
                  <Row
                    key={`t${t.startedEventId}`}
                    kind="Timer"
                    testId="pending-timer"
                    name={<LongId id={t.timerId} label="timer id" className="font-medium" />}
                    state={{ status: "running", label: "counting" }}
                    when={
                      <DueTime at={t.fireAt} now={now} label="fires" testId="timer-fire-time" />
                    }
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
                        <LongId id={c.workflowId} label="child workflow id" className="font-medium">
                          {c.runId ? (
                            <ExecutionLink
                              className={LINK_CLASS}
                              domain={domain}
                              run={{ workflowId: c.workflowId, runId: c.runId }}
                            >
                              {c.workflowId}
                            </ExecutionLink>
                          ) : (
                            c.workflowId
                          )}
                        </LongId>{" "}
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
                    name={
                      <>
                        {x.signalName ? `${x.signalName} → ` : "→ "}
                        <LongId id={x.workflowId} label="workflow id" />
                      </>
                    }
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
                        <LongId id={l.id} label="Lambda id" /> <Muted>{l.name}</Muted>
                      </>
                    }
                    state={inFlight(l.state)}
                    when={sinceAndDue(l.startedAt ?? l.scheduledAt, l.deadlines)}
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
      {/* Ids and task lists wrap anywhere, so a 250-character id does not push the other columns
          off the right edge. */}
      <td className="py-1 pr-3 wrap-anywhere">{name}</td>
      <td className="py-1 pr-3">
        <StatusBadge status={state.status} label={state.label} />
      </td>
      <td className="py-1 pr-3">{when}</td>
      <td className="py-1 pr-3 text-slate-600 wrap-anywhere dark:text-slate-300">{details}</td>
      <td className="py-1">{event}</td>
    </tr>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-slate-600 dark:text-slate-400">{children}</span>;
}

/** The present parts of a row's details, separated by " · ". */
function joinDetails(parts: ReactNode[]): ReactNode {
  const present = parts.filter((p) => p !== null && p !== undefined && p !== false && p !== "");
  return present.map((p, i) => (
    <Fragment key={i}>
      {i > 0 ? " · " : null}
      {p}
    </Fragment>
  ));
}

function Count({ n = 0, one, many }: { n?: number; one: string; many: string }) {
  return (
    <li>
      <b>{n}</b> {n === 1 ? one : many}
    </li>
  );
}
