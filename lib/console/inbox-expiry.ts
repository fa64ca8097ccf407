/**
 * Why a human task can no longer be answered, in words taken from SWF's own record: the event
 * that closed the activity (a timeout, a cancellation, an answer that was not this console's) or,
 * when the activity has none, the event that closed the run (terminated, canceled, completed,
 * failed, timed out, continued as new). SWF's refusal of a token ("Unknown activity, …") says only
 * that the token is unknown; the history says what happened and when.
 */
import {
  GetWorkflowExecutionHistoryCommand,
  type HistoryEvent,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { toSwfError } from "@/lib/swf/errors";

type Sender = Pick<SWFClient, "send">;

/** The task's identity as the history knows it. */
export interface ExpiringTask {
  domain: string;
  workflowId: string;
  runId: string;
  startedEventId: number;
}

/** What SWF's history says ended the task, and the state the console gives it. */
export interface Expiry {
  state: "expired" | "canceled";
  reason: string;
}

/** "2026-12-07 14:44:21 UTC": one spelling for the database, the audit log and every reader. */
export function utcTime(at: Date | string | number | undefined): string {
  if (at === undefined) return "an unrecorded time";
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return "an unrecorded time";
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const TIMEOUTS: Record<string, string> = {
  START_TO_CLOSE: "start-to-close timeout",
  SCHEDULE_TO_CLOSE: "schedule-to-close timeout",
  SCHEDULE_TO_START: "schedule-to-start timeout",
  HEARTBEAT: "heartbeat timeout",
};

const timeoutWords = (type: string | undefined) =>
  (type && TIMEOUTS[type]) ?? `${(type ?? "unknown").toLowerCase()} timeout`;

/** `: text` when SWF recorded some text, else nothing. */
const colon = (text: string | undefined) => (text?.trim() ? `: ${text.trim()}` : "");

/** The event that closed the activity of `startedEventId`, if any. */
export function activityOutcome(
  events: HistoryEvent[],
  startedEventId: number,
): HistoryEvent | undefined {
  return events.find((e) => {
    const attrs =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes ??
      e.activityTaskCanceledEventAttributes;
    return attrs?.startedEventId === startedEventId;
  });
}

const RUN_CLOSED = new Set([
  "WorkflowExecutionCompleted",
  "WorkflowExecutionFailed",
  "WorkflowExecutionTimedOut",
  "WorkflowExecutionCanceled",
  "WorkflowExecutionTerminated",
  "WorkflowExecutionContinuedAsNew",
]);

/** The event that closed the run, if it is closed (any order of events). */
export function runClosedEvent(events: HistoryEvent[]): HistoryEvent | undefined {
  return events.find((e) => e.eventType && RUN_CLOSED.has(e.eventType));
}

/** The words for the event that closed the run. */
function runClosedWords(e: HistoryEvent): string {
  const at = utcTime(e.eventTimestamp);
  switch (e.eventType) {
    case "WorkflowExecutionTerminated": {
      const a = e.workflowExecutionTerminatedEventAttributes;
      const cause =
        a?.cause === "CHILD_POLICY_APPLIED"
          ? " by its parent's child policy"
          : a?.cause === "EVENT_LIMIT_EXCEEDED"
            ? " because its history reached SWF's event limit"
            : "";
      return `Workflow terminated at ${at}${cause}${colon(a?.reason) || (cause ? "" : " (no reason given)")}`;
    }
    case "WorkflowExecutionCanceled":
      return `Workflow canceled at ${at}${colon(e.workflowExecutionCanceledEventAttributes?.details)}`;
    case "WorkflowExecutionCompleted":
      return `Workflow completed at ${at} without waiting for this task`;
    case "WorkflowExecutionFailed":
      return `Workflow failed at ${at}${colon(e.workflowExecutionFailedEventAttributes?.reason)}`;
    case "WorkflowExecutionTimedOut":
      return `Workflow timed out at ${at} (its ${timeoutWords(
        e.workflowExecutionTimedOutEventAttributes?.timeoutType,
      )})`;
    case "WorkflowExecutionContinuedAsNew": {
      const next = e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      return `Workflow continued as new at ${at}${next ? ` (new run ${next})` : ""}`;
    }
    default:
      return `Workflow closed at ${at}`;
  }
}

/**
 * What ended the task, from the run's history (any order, enough of it to hold the activity's
 * closing event or the run's). `undefined` when the history shows neither: the caller falls back
 * to SWF's own refusal.
 */
export function expiryFromHistory(
  events: HistoryEvent[],
  startedEventId: number,
): Expiry | undefined {
  const closed = activityOutcome(events, startedEventId);
  if (closed) {
    const at = utcTime(closed.eventTimestamp);
    switch (closed.eventType) {
      case "ActivityTaskTimedOut":
        return {
          state: "expired",
          reason: `Timed out at ${at}: no answer within the activity's ${timeoutWords(
            closed.activityTaskTimedOutEventAttributes?.timeoutType,
          )}`,
        };
      case "ActivityTaskCanceled":
        return { state: "canceled", reason: `Canceled by the workflow at ${at}` };
      case "ActivityTaskCompleted":
        return { state: "expired", reason: `Answered at ${at} by something other than this inbox` };
      case "ActivityTaskFailed":
        return {
          state: "expired",
          reason: `Failed at ${at} by something other than this inbox${colon(
            closed.activityTaskFailedEventAttributes?.reason,
          )}`,
        };
    }
  }
  const run = runClosedEvent(events);
  return run ? { state: "expired", reason: runClosedWords(run) } : undefined;
}

/** A run SWF no longer has at all (its retention period passed): `message` is SWF's. */
export const goneReason = (message: string) =>
  `The execution is gone from SWF (past its retention period?): ${message}`;

/**
 * A task's run's history, newest first, read page by page until `enough` says what was read
 * answers the question (or the history or `maxPages` ends).
 */
export async function readNewestFirst(
  client: Sender,
  task: Pick<ExpiringTask, "domain" | "workflowId" | "runId">,
  enough: (events: HistoryEvent[]) => boolean,
  { maxPages, pageSize }: { maxPages: number; pageSize: number },
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const out = await client.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: task.domain,
        execution: { workflowId: task.workflowId, runId: task.runId },
        reverseOrder: true,
        maximumPageSize: pageSize,
        nextPageToken,
      }),
    );
    events.push(...(out.events ?? []));
    if (enough(events)) break;
    nextPageToken = out.nextPageToken;
    if (!nextPageToken) break;
  }
  return events;
}

/**
 * Reads the run's history, newest first, until it holds what ended the task: the activity's
 * closing event, or the run's (the first event of a closed run, newest first).
 */
export const readUntilExpiry = (client: Sender, task: ExpiringTask, maxPages = 200) =>
  readNewestFirst(client, task, (events) => !!activityOutcome(events, task.startedEventId), {
    maxPages,
    pageSize: 1000,
  });

/**
 * Why SWF refused the task's token (`refusal`: its message), in SWF's own facts when the history
 * can be read; SWF's refusal as it stands when it cannot.
 */
export async function explainExpiry(
  client: Sender,
  task: ExpiringTask,
  refusal: string,
): Promise<Expiry> {
  try {
    const found = expiryFromHistory(await readUntilExpiry(client, task), task.startedEventId);
    if (found) return found;
  } catch (error) {
    const { body } = toSwfError(error);
    if (body.fault === "UnknownResourceFault")
      return { state: "expired", reason: goneReason(body.message) };
  }
  return {
    state: "expired",
    reason: `SWF no longer knows this task (timed out, canceled or its execution closed): ${refusal}`,
  };
}
