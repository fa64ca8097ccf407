"use client";
// The "needs attention" notice of an open run: the facts `needsAttention` (lib/history) reads off
// the history model, each worded in one line with a link to its event. Nothing for a healthy run.
import type { ReactNode } from "react";
import type { AttentionFact } from "@/lib/history/attention";
import type { WorkItemKind } from "@/lib/history/work-items";
import { formatDuration } from "@/components/ui/format";
import { useNow } from "@/components/ui/use-now";
import { DEADLINE_LABEL, DueTime } from "./due-time";
import { EventButton } from "./event-button";
import { LongId } from "./long-id";
import { TaskListLink } from "./task-list-link";
import { DataText } from "@/components/ui/data-text";

/** More than this and the rest are counted, not listed. */
const SHOWN = 5;
/** Failure details are often stack traces: their first characters say enough here. */
const DETAILS_CHARS = 160;

const NOUN: Partial<Record<WorkItemKind, string>> = {
  activity: "Activity",
  lambda: "Lambda function",
  child: "Child workflow",
  timer: "Timer",
  marker: "Marker",
  signalExternal: "Signal to",
  cancelExternal: "Cancel request to",
  decision: "Decision task",
};

/** What the id is, for its copy button. */
const ID_LABEL: Partial<Record<WorkItemKind, string>> = {
  activity: "activity id",
  lambda: "Lambda id",
  child: "child workflow id",
  timer: "timer id",
  marker: "marker name",
  signalExternal: "workflow id",
  cancelExternal: "workflow id",
};

/** The verb SWF's refusal stands for, per kind. */
const REFUSED: Partial<Record<WorkItemKind, string>> = {
  activity: "Could not schedule activity",
  lambda: "Could not schedule Lambda function",
  child: "Could not start child workflow",
  timer: "Could not start timer",
  marker: "Could not record marker",
};

const CLOSE_REFUSED: Record<string, string> = {
  CompleteWorkflowExecutionFailed: "SWF refused to complete the run",
  FailWorkflowExecutionFailed: "SWF refused to fail the run",
  CancelWorkflowExecutionFailed: "SWF refused to cancel the run",
  ContinueAsNewWorkflowExecutionFailed: "SWF refused to continue the run as new",
};

export function NeedsAttention({
  domain,
  facts,
  onSelectEvent,
}: {
  domain: string;
  facts: readonly AttentionFact[];
  onSelectEvent(eventId: number): void;
}) {
  const now = useNow();
  if (facts.length === 0) return null;
  const shown = facts.slice(0, SHOWN);
  return (
    <section
      aria-labelledby="attention-heading"
      className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
      data-testid="needs-attention"
    >
      <h2 id="attention-heading" className="mb-1 text-sm font-semibold">
        Needs attention
      </h2>
      <ul className="space-y-1">
        {shown.map((fact) => (
          <li
            key={`${fact.kind}-${fact.eventId}`}
            className="flex min-w-0 flex-wrap items-baseline gap-x-2"
            data-testid="attention-fact"
            data-kind={fact.kind}
            data-event-type={fact.eventType}
          >
            <span className="min-w-0 wrap-anywhere">
              <FactText fact={fact} domain={domain} now={now} />
            </span>
            <EventButton id={fact.eventId || undefined} onSelectEvent={onSelectEvent} />
          </li>
        ))}
      </ul>
      {facts.length > SHOWN ? (
        <p className="mt-1 text-xs">and {facts.length - SHOWN} more (see the History tab)</p>
      ) : null}
    </section>
  );
}

function Name({ fact }: { fact: AttentionFact }) {
  if (!fact.id) return null;
  const type = fact.typeName
    ? ` (${fact.typeName}${fact.typeVersion ? ` v${fact.typeVersion}` : ""})`
    : "";
  return (
    <>
      <LongId id={fact.id} label={ID_LABEL[fact.itemKind!] ?? "id"} className="font-medium" />
      {type}
    </>
  );
}

/** "CardDeclined — insufficient funds", shortened; the cause or time-out type if no reason. */
function why(fact: AttentionFact): string | undefined {
  const first = fact.reason ?? fact.cause ?? fact.timeoutType;
  const details = fact.details?.trim();
  if (!details) return first;
  const short = details.length > DETAILS_CHARS ? `${details.slice(0, DETAILS_CHARS)}…` : details;
  return first ? `${first} — ${short}` : short;
}

function FactText({
  fact,
  domain,
  now,
}: {
  fact: AttentionFact;
  domain: string;
  now: number;
}): ReactNode {
  const reason = why(fact);
  const because = reason ? (
    <>
      : <DataText text={reason} />
    </>
  ) : null;
  const attempt = fact.attempt && fact.attempt > 1 ? `, attempt ${fact.attempt}` : "";
  switch (fact.kind) {
    case "failed": {
      const kind = fact.itemKind!;
      if (kind === "refusal")
        return (
          <>
            {CLOSE_REFUSED[fact.eventType] ?? fact.eventType}
            {because}
          </>
        );
      if (fact.refused)
        return (
          <>
            {REFUSED[kind] ?? NOUN[kind]} <Name fact={fact} />
            {because}
          </>
        );
      const how =
        fact.eventType === "StartChildWorkflowExecutionFailed" ||
        fact.eventType === "StartLambdaFunctionFailed"
          ? "could not start"
          : fact.eventType.endsWith("TimedOut")
            ? "timed out"
            : "failed";
      return (
        <>
          {NOUN[kind]} <Name fact={fact} /> {how}
          {attempt}
          {because}
        </>
      );
    }
    case "decisionTimedOut":
      return (
        <>
          Decision task timed out
          {fact.count && fact.count > 1 ? ` ${fact.count} times in a row` : ""}
          {fact.timeoutType ? ` (${fact.timeoutType})` : ""}: no decider has completed one since
        </>
      );
    case "notPickedUp": {
      const waited = formatDuration(Math.max(0, now - fact.at));
      const list = fact.taskList ? (
        <>
          {" "}
          on task list <TaskListLink domain={domain} name={fact.taskList} />
        </>
      ) : null;
      const deadline = fact.deadline?.dueAt ? (
        <>
          {" "}
          ·{" "}
          <DueTime
            at={fact.deadline.dueAt}
            now={now}
            label={`${DEADLINE_LABEL[fact.deadline.kind]} time-out`}
          />
        </>
      ) : null;
      return fact.itemKind === "decision" ? (
        <>
          No decider has picked up the decision task for {waited}
          {list}
          {deadline}
        </>
      ) : (
        <>
          Activity <Name fact={fact} /> has waited {waited} for a worker{list}
          {deadline}
        </>
      );
    }
    case "idle":
      return (
        <>
          Nothing is scheduled
          {fact.issuedNothing ? ": the last decision issued no decisions and no work is open" : ""}.
          The run moves on only with a signal
          {fact.runDueAt !== undefined ? (
            <>
              , a cancel request or its time-out (
              <DueTime at={fact.runDueAt} now={now} label="due" />)
            </>
          ) : (
            " or a cancel request"
          )}
          .
        </>
      );
  }
}
