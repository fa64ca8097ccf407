// Rows for the Gantt view. Each task becomes a row made of segments — "waiting" (scheduled,
// nobody working on it yet) then "running" (a worker, decider, child run or clock is on it) —
// and instantaneous events (markers, signals, cancel requests, refused decisions) become point
// rows. Attempts of one activityId are grouped so that retries read as consecutive rows.
import type { CloseStatus, HistoryEvent } from "@aws-sdk/client-swf";
import { durationSeconds } from "./duration";
import {
  type ActivityOutcome,
  type ChildOutcome,
  type ExternalOutcome,
  type LambdaOutcome,
  attributesAs,
  eventTimeMs,
} from "./events";
import {
  abandonedStatus,
  closeStatusOfEvent,
  outcomeStatusOfEvent,
  statusOfCloseStatus,
  type VisualStatus,
} from "./status";

export type TimelineRowKind =
  | "workflow"
  | "decision"
  | "activity"
  | "lambda"
  | "timer"
  | "child"
  | "external"
  | "marker"
  | "signal"
  | "cancelRequest"
  | "decisionFailure";

/** waiting = scheduled/initiated → started; running = started → closed. */
export type TimelineSegmentKind = "waiting" | "running";

export interface TimelineSegment {
  kind: TimelineSegmentKind;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; undefined while open (draw it to "now"). */
  end?: number;
  status: VisualStatus;
  /** The events at the segment's two ends. */
  eventIds: number[];
}

export interface TimelineRow {
  /** Stable id: `<kind>-<id of the opening event>`. */
  id: string;
  kind: TimelineRowKind;
  /** activityId, timerId, child workflowId, marker or signal name, … */
  label: string;
  /** Secondary text: type name and version, timer duration, signal sender, … */
  detail?: string;
  /** Why it ended badly: failure reason, timeout type, refusal cause (`ACTIVITY_ID_ALREADY_IN_USE`, …). */
  reason?: string;
  /** Rows with the same group (`activity:<activityId>`, `lambda:<id>`) are consecutive, in attempt order. */
  group?: string;
  /** 1-based attempt within the group. */
  attempt?: number;
  /** Number of attempts in the group. */
  attempts?: number;
  start: number;
  /** undefined while open. Work still open when the run closed ends at the close time. */
  end?: number;
  status: VisualStatus;
  /** Empty for point rows. */
  segments: TimelineSegment[];
  /** Every event this row stands for, ascending; selecting the row selects these. */
  eventIds: number[];
  /** Instantaneous event: draw a marker at `start`. */
  point: boolean;
  /** Timers: when the timer is due (start + startToFireTimeout). */
  plannedEnd?: number;
  /** Activities: a cancellation was requested. */
  cancelRequested?: boolean;
  /** end − start, or now − start for an open row when `now` was given. */
  durationMs?: number;
}

export interface TimelineBounds {
  start: number;
  end: number;
}

interface Builder {
  rows: TimelineRow[];
  /** Slots in display order: a row, or the first row of a group standing for the whole group. */
  order: (TimelineRow | TimelineRow[])[];
  groups: Map<string, TimelineRow[]>;
}

function addRow(b: Builder, row: TimelineRow): TimelineRow {
  b.rows.push(row);
  if (row.group === undefined) {
    b.order.push(row);
  } else {
    let members = b.groups.get(row.group);
    if (!members) {
      members = [];
      b.groups.set(row.group, members);
      b.order.push(members);
    }
    members.push(row);
  }
  return row;
}

function openInterval(
  b: Builder,
  init: {
    kind: TimelineRowKind;
    label: string;
    detail?: string;
    group?: string;
    eventId: number;
    t: number;
    segment: TimelineSegmentKind;
    status: VisualStatus;
  },
): TimelineRow {
  return addRow(b, {
    id: `${init.kind}-${init.eventId}`,
    kind: init.kind,
    label: init.label,
    detail: init.detail,
    group: init.group,
    start: init.t,
    status: init.status,
    segments: [
      { kind: init.segment, start: init.t, status: init.status, eventIds: [init.eventId] },
    ],
    eventIds: [init.eventId],
    point: false,
  });
}

/** scheduled → started: the waiting segment ends, a running one begins. */
function startInterval(row: TimelineRow, eventId: number, t: number): void {
  const waiting = row.segments[row.segments.length - 1];
  waiting.end = t;
  waiting.eventIds.push(eventId);
  row.segments.push({ kind: "running", start: t, status: "running", eventIds: [eventId] });
  row.status = "running";
  row.eventIds.push(eventId);
}

function closeInterval(row: TimelineRow, eventId: number, t: number, status: VisualStatus): void {
  const last = row.segments[row.segments.length - 1];
  last.end = t;
  last.status = status;
  last.eventIds.push(eventId);
  row.end = t;
  row.status = status;
  row.eventIds.push(eventId);
}

function addPoint(
  b: Builder,
  event: HistoryEvent,
  kind: TimelineRowKind,
  label: string,
  status: VisualStatus,
  extra: { detail?: string; reason?: string } = {},
): void {
  const t = eventTimeMs(event);
  addRow(b, {
    id: `${kind}-${event.eventId}`,
    kind,
    label,
    ...extra,
    start: t,
    end: t,
    status,
    segments: [],
    eventIds: [event.eventId ?? 0],
    point: true,
  });
}

function typeLabel(type: { name?: string; version?: string } | undefined): string | undefined {
  if (!type?.name) return undefined;
  return type.version ? `${type.name} ${type.version}` : type.name;
}

/**
 * Timeline rows in display order: the workflow row first, then rows by the time they opened,
 * with the attempts of one activityId (or Lambda id) kept together in attempt order. `now`
 * (epoch ms or Date) is only used for `durationMs` of open rows.
 */
export function timelineRows(events: readonly HistoryEvent[], now?: number | Date): TimelineRow[] {
  const b: Builder = { rows: [], order: [], groups: new Map() };
  // Open rows keyed by the id of the event that opened them.
  const decisions = new Map<number, TimelineRow>();
  const activities = new Map<number, TimelineRow>();
  const openActivityByActivityId = new Map<string, TimelineRow>();
  const lambdas = new Map<number, TimelineRow>();
  const timers = new Map<number, TimelineRow>();
  const children = new Map<number, TimelineRow>();
  const externals = new Map<number, TimelineRow>();
  let workflow: TimelineRow | undefined;
  let decisionCount = 0;
  let closeStatus: CloseStatus | undefined;
  let closedAt: number | undefined;

  for (const event of events) {
    const id = event.eventId ?? 0;
    const t = eventTimeMs(event);
    switch (event.eventType) {
      case "WorkflowExecutionStarted": {
        const a = event.workflowExecutionStartedEventAttributes;
        workflow = openInterval(b, {
          kind: "workflow",
          label: a?.workflowType?.name ?? "Workflow",
          detail: typeLabel(a?.workflowType),
          eventId: id,
          t,
          segment: "running",
          status: "running",
        });
        break;
      }
      case "WorkflowExecutionSignaled": {
        const a = event.workflowExecutionSignaledEventAttributes;
        addPoint(b, event, "signal", a?.signalName ?? "signal", "completed", {
          detail: a?.externalWorkflowExecution?.workflowId,
        });
        break;
      }
      case "WorkflowExecutionCancelRequested":
        addPoint(b, event, "cancelRequest", "Cancel requested", "canceled", {
          reason: event.workflowExecutionCancelRequestedEventAttributes?.cause,
        });
        break;

      case "DecisionTaskScheduled":
        decisionCount++;
        decisions.set(
          id,
          openInterval(b, {
            kind: "decision",
            label: `Decision ${decisionCount}`,
            eventId: id,
            t,
            segment: "waiting",
            status: "scheduled",
          }),
        );
        break;
      case "DecisionTaskStarted": {
        const row = decisions.get(event.decisionTaskStartedEventAttributes?.scheduledEventId ?? -1);
        if (row) startInterval(row, id, t);
        break;
      }
      case "DecisionTaskCompleted":
      case "DecisionTaskTimedOut": {
        const a =
          event.decisionTaskCompletedEventAttributes ?? event.decisionTaskTimedOutEventAttributes;
        const scheduledId = a?.scheduledEventId ?? -1;
        const row = decisions.get(scheduledId);
        if (!row) break;
        decisions.delete(scheduledId);
        closeInterval(
          row,
          id,
          t,
          event.eventType === "DecisionTaskCompleted" ? "completed" : "timedOut",
        );
        if (event.decisionTaskTimedOutEventAttributes)
          row.reason = event.decisionTaskTimedOutEventAttributes.timeoutType;
        break;
      }

      case "ActivityTaskScheduled": {
        const a = event.activityTaskScheduledEventAttributes;
        const activityId = a?.activityId ?? "";
        const row = openInterval(b, {
          kind: "activity",
          label: activityId,
          detail: typeLabel(a?.activityType),
          group: `activity:${activityId}`,
          eventId: id,
          t,
          segment: "waiting",
          status: "scheduled",
        });
        activities.set(id, row);
        openActivityByActivityId.set(activityId, row);
        break;
      }
      case "ActivityTaskStarted": {
        const row = activities.get(
          event.activityTaskStartedEventAttributes?.scheduledEventId ?? -1,
        );
        if (row) startInterval(row, id, t);
        break;
      }
      case "ActivityTaskCancelRequested": {
        const row = openActivityByActivityId.get(
          event.activityTaskCancelRequestedEventAttributes?.activityId ?? "",
        );
        if (row && row.end === undefined) {
          row.cancelRequested = true;
          row.eventIds.push(id);
        }
        break;
      }
      case "ActivityTaskCompleted":
      case "ActivityTaskFailed":
      case "ActivityTaskTimedOut":
      case "ActivityTaskCanceled": {
        const a = attributesAs<ActivityOutcome>(event);
        const scheduledId = a?.scheduledEventId ?? -1;
        const row = activities.get(scheduledId);
        if (!row) break;
        activities.delete(scheduledId);
        closeInterval(row, id, t, outcomeStatusOfEvent(event.eventType) ?? "completed");
        if (event.activityTaskFailedEventAttributes)
          row.reason = event.activityTaskFailedEventAttributes.reason;
        if (event.activityTaskTimedOutEventAttributes)
          row.reason = event.activityTaskTimedOutEventAttributes.timeoutType;
        break;
      }

      case "LambdaFunctionScheduled": {
        const a = event.lambdaFunctionScheduledEventAttributes;
        const lambdaId = a?.id ?? "";
        lambdas.set(
          id,
          openInterval(b, {
            kind: "lambda",
            label: lambdaId,
            detail: a?.name,
            group: `lambda:${lambdaId}`,
            eventId: id,
            t,
            segment: "waiting",
            status: "scheduled",
          }),
        );
        break;
      }
      case "LambdaFunctionStarted": {
        const row = lambdas.get(event.lambdaFunctionStartedEventAttributes?.scheduledEventId ?? -1);
        if (row) startInterval(row, id, t);
        break;
      }
      case "LambdaFunctionCompleted":
      case "LambdaFunctionFailed":
      case "LambdaFunctionTimedOut":
      case "StartLambdaFunctionFailed": {
        const a = attributesAs<LambdaOutcome>(event);
        const scheduledId = a?.scheduledEventId ?? -1;
        const row = lambdas.get(scheduledId);
        if (!row) break;
        lambdas.delete(scheduledId);
        closeInterval(row, id, t, outcomeStatusOfEvent(event.eventType) ?? "completed");
        row.reason =
          event.lambdaFunctionFailedEventAttributes?.reason ??
          event.lambdaFunctionTimedOutEventAttributes?.timeoutType ??
          event.startLambdaFunctionFailedEventAttributes?.cause;
        break;
      }

      case "TimerStarted": {
        const a = event.timerStartedEventAttributes;
        const seconds = durationSeconds(a?.startToFireTimeout);
        const row = openInterval(b, {
          kind: "timer",
          label: a?.timerId ?? "",
          detail: seconds === undefined ? a?.startToFireTimeout : `${seconds}s`,
          eventId: id,
          t,
          segment: "running",
          status: "running",
        });
        if (seconds !== undefined) row.plannedEnd = t + seconds * 1000;
        timers.set(id, row);
        break;
      }
      case "TimerFired":
      case "TimerCanceled": {
        const startedId =
          (event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes)?.startedEventId ??
          -1;
        const row = timers.get(startedId);
        if (!row) break;
        timers.delete(startedId);
        closeInterval(row, id, t, event.eventType === "TimerFired" ? "completed" : "canceled");
        break;
      }

      case "StartChildWorkflowExecutionInitiated": {
        const a = event.startChildWorkflowExecutionInitiatedEventAttributes;
        children.set(
          id,
          openInterval(b, {
            kind: "child",
            label: a?.workflowId ?? "",
            detail: typeLabel(a?.workflowType),
            eventId: id,
            t,
            segment: "waiting",
            status: "scheduled",
          }),
        );
        break;
      }
      case "ChildWorkflowExecutionStarted": {
        const row = children.get(
          event.childWorkflowExecutionStartedEventAttributes?.initiatedEventId ?? -1,
        );
        if (row) startInterval(row, id, t);
        break;
      }
      case "ChildWorkflowExecutionCompleted":
      case "ChildWorkflowExecutionFailed":
      case "ChildWorkflowExecutionTimedOut":
      case "ChildWorkflowExecutionCanceled":
      case "ChildWorkflowExecutionTerminated": {
        const a = attributesAs<ChildOutcome>(event);
        const initiatedId = a?.initiatedEventId ?? -1;
        const row = children.get(initiatedId);
        if (!row) break;
        children.delete(initiatedId);
        closeInterval(row, id, t, outcomeStatusOfEvent(event.eventType) ?? "completed");
        row.reason =
          event.childWorkflowExecutionFailedEventAttributes?.reason ??
          event.childWorkflowExecutionTimedOutEventAttributes?.timeoutType;
        break;
      }
      case "StartChildWorkflowExecutionFailed": {
        const a = event.startChildWorkflowExecutionFailedEventAttributes;
        const row = children.get(a?.initiatedEventId ?? -1);
        if (row) {
          // WORKFLOW_ALREADY_RUNNING: the initiated row ends in failure.
          children.delete(a?.initiatedEventId ?? -1);
          closeInterval(row, id, t, "failed");
          row.reason = a?.cause;
        } else {
          addPoint(b, event, "decisionFailure", `Start child ${a?.workflowId ?? ""}`, "failed", {
            reason: a?.cause,
          });
        }
        break;
      }

      case "SignalExternalWorkflowExecutionInitiated": {
        const a = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
        externals.set(
          id,
          openInterval(b, {
            kind: "external",
            label: `Signal ${a?.signalName ?? ""} → ${a?.workflowId ?? ""}`,
            eventId: id,
            t,
            segment: "waiting",
            status: "pending",
          }),
        );
        break;
      }
      case "RequestCancelExternalWorkflowExecutionInitiated": {
        const a = event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
        externals.set(
          id,
          openInterval(b, {
            kind: "external",
            label: `Cancel → ${a?.workflowId ?? ""}`,
            eventId: id,
            t,
            segment: "waiting",
            status: "pending",
          }),
        );
        break;
      }
      case "ExternalWorkflowExecutionSignaled":
      case "ExternalWorkflowExecutionCancelRequested":
      case "SignalExternalWorkflowExecutionFailed":
      case "RequestCancelExternalWorkflowExecutionFailed": {
        const a = attributesAs<ExternalOutcome>(event);
        const initiatedId = a?.initiatedEventId ?? -1;
        const row = externals.get(initiatedId);
        if (!row) break;
        externals.delete(initiatedId);
        closeInterval(row, id, t, outcomeStatusOfEvent(event.eventType) ?? "completed");
        if (a && "cause" in a) row.reason = a.cause;
        break;
      }

      case "MarkerRecorded":
        addPoint(
          b,
          event,
          "marker",
          event.markerRecordedEventAttributes?.markerName ?? "marker",
          "completed",
        );
        break;
      case "RecordMarkerFailed": {
        const a = event.recordMarkerFailedEventAttributes;
        addPoint(b, event, "marker", a?.markerName ?? "marker", "failed", { reason: a?.cause });
        break;
      }

      // Decisions SWF refused at once: nothing ran, so they are points.
      case "ScheduleActivityTaskFailed": {
        const a = event.scheduleActivityTaskFailedEventAttributes;
        addPoint(b, event, "decisionFailure", `Schedule ${a?.activityId ?? ""}`, "failed", {
          reason: a?.cause,
        });
        break;
      }
      case "RequestCancelActivityTaskFailed": {
        const a = event.requestCancelActivityTaskFailedEventAttributes;
        addPoint(b, event, "decisionFailure", `Cancel ${a?.activityId ?? ""}`, "failed", {
          reason: a?.cause,
        });
        break;
      }
      case "StartTimerFailed": {
        const a = event.startTimerFailedEventAttributes;
        addPoint(b, event, "decisionFailure", `Start timer ${a?.timerId ?? ""}`, "failed", {
          reason: a?.cause,
        });
        break;
      }
      case "CancelTimerFailed": {
        const a = event.cancelTimerFailedEventAttributes;
        addPoint(b, event, "decisionFailure", `Cancel timer ${a?.timerId ?? ""}`, "failed", {
          reason: a?.cause,
        });
        break;
      }
      case "ScheduleLambdaFunctionFailed": {
        const a = event.scheduleLambdaFunctionFailedEventAttributes;
        addPoint(b, event, "decisionFailure", `Schedule Lambda ${a?.id ?? ""}`, "failed", {
          reason: a?.cause,
        });
        break;
      }
      case "CompleteWorkflowExecutionFailed":
        addPoint(b, event, "decisionFailure", "Complete workflow", "failed", {
          reason: event.completeWorkflowExecutionFailedEventAttributes?.cause,
        });
        break;
      case "FailWorkflowExecutionFailed":
        addPoint(b, event, "decisionFailure", "Fail workflow", "failed", {
          reason: event.failWorkflowExecutionFailedEventAttributes?.cause,
        });
        break;
      case "CancelWorkflowExecutionFailed":
        addPoint(b, event, "decisionFailure", "Cancel workflow", "failed", {
          reason: event.cancelWorkflowExecutionFailedEventAttributes?.cause,
        });
        break;
      case "ContinueAsNewWorkflowExecutionFailed":
        addPoint(b, event, "decisionFailure", "Continue as new", "failed", {
          reason: event.continueAsNewWorkflowExecutionFailedEventAttributes?.cause,
        });
        break;
    }

    const closing = closeStatusOfEvent(event.eventType);
    if (closing) {
      closeStatus = closing;
      closedAt = t;
      if (workflow) closeInterval(workflow, id, t, statusOfCloseStatus(closing));
    }
  }

  // SWF drops open work silently at close: end it at the close time. Children are
  // independent runs, so their fate is unknown here ("pending").
  if (closeStatus !== undefined && closedAt !== undefined) {
    const cutOff = abandonedStatus(closeStatus);
    for (const open of [decisions, activities, lambdas, timers, externals]) {
      for (const row of open.values()) endAtClose(row, closedAt, cutOff);
    }
    for (const row of children.values()) endAtClose(row, closedAt, "pending");
  }

  const nowMs = now instanceof Date ? now.getTime() : now;
  const ordered: TimelineRow[] = [];
  for (const slot of b.order) {
    if (Array.isArray(slot)) {
      slot.forEach((row, i) => {
        row.attempt = i + 1;
        row.attempts = slot.length;
        ordered.push(row);
      });
    } else {
      ordered.push(slot);
    }
  }
  for (const row of ordered) {
    if (row.end !== undefined) row.durationMs = row.end - row.start;
    else if (nowMs !== undefined) row.durationMs = Math.max(0, nowMs - row.start);
  }
  return ordered;
}

function endAtClose(row: TimelineRow, closedAt: number, status: VisualStatus): void {
  const last = row.segments[row.segments.length - 1];
  last.end = closedAt;
  last.status = status;
  row.end = closedAt;
  row.status = status;
}

/**
 * Time span covering all rows. Open rows reach `now` when given, else the latest time seen.
 * Undefined when there are no rows.
 */
export function timelineBounds(
  rows: readonly TimelineRow[],
  now?: number | Date,
): TimelineBounds | undefined {
  if (rows.length === 0) return undefined;
  const nowMs = now instanceof Date ? now.getTime() : now;
  let start = Infinity;
  let end = -Infinity;
  let anyOpen = false;
  for (const row of rows) {
    if (row.start < start) start = row.start;
    const rowEnd = row.end ?? row.start;
    if (rowEnd > end) end = rowEnd;
    if (row.plannedEnd !== undefined && row.end === undefined && row.plannedEnd > end)
      end = row.plannedEnd;
    if (row.end === undefined) anyOpen = true;
  }
  if (anyOpen && nowMs !== undefined && nowMs > end) end = nowMs;
  return { start, end };
}
