// Rows for the Gantt view. Each work item of the history model becomes a row made of segments —
// "waiting" (scheduled, nobody working on it yet) then "running" (a worker, decider, child run or
// clock is on it) — and instantaneous items (markers, signals, cancel requests, refused decisions)
// become point rows. Attempts of one activityId are grouped so that retries read as consecutive rows.
import type { CloseStatus, HistoryEvent } from "@aws-sdk/client-swf";
import { durationSeconds } from "./duration";
import type { VisualStatus } from "./status";
import { historyModel, itemStatus, type HistoryModel, type WorkItem } from "./work-items";
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

const typeLabel = (type: WorkItem["type"]): string | undefined =>
  type?.name ? (type.version ? `${type.name} ${type.version}` : type.name) : undefined;

/** Label of a point row for a decision SWF refused, by the event that reports it. */
const REFUSAL_LABEL: Record<string, (item: WorkItem) => string> = {
  ScheduleActivityTaskFailed: (i) => `Schedule ${i.id}`,
  RequestCancelActivityTaskFailed: (i) => `Cancel ${i.id}`,
  StartTimerFailed: (i) => `Start timer ${i.id}`,
  CancelTimerFailed: (i) => `Cancel timer ${i.id}`,
  ScheduleLambdaFunctionFailed: (i) => `Schedule Lambda ${i.id}`,
  StartChildWorkflowExecutionFailed: (i) => `Start child ${i.id}`,
  CompleteWorkflowExecutionFailed: () => "Complete workflow",
  FailWorkflowExecutionFailed: () => "Fail workflow",
  CancelWorkflowExecutionFailed: () => "Cancel workflow",
  ContinueAsNewWorkflowExecutionFailed: () => "Continue as new",
};

/** How an interval item is drawn: its row kind, label, detail and first segment. */
function intervalOf(
  item: WorkItem,
): { kind: TimelineRowKind; label: string; detail?: string; group?: string } | undefined {
  switch (item.kind) {
    case "run":
      return item.events[0]?.eventType === "WorkflowExecutionStarted"
        ? { kind: "workflow", label: item.type?.name ?? "Workflow", detail: typeLabel(item.type) }
        : undefined;
    case "decision":
      return { kind: "decision", label: `Decision ${item.id}` };
    case "activity":
      return {
        kind: "activity",
        label: item.id,
        detail: typeLabel(item.type),
        group: `activity:${item.id}`,
      };
    case "lambda":
      return {
        kind: "lambda",
        label: item.id,
        detail: item.type?.name,
        group: `lambda:${item.id}`,
      };
    case "timer": {
      const seconds = durationSeconds(item.startToFireTimeout);
      return {
        kind: "timer",
        label: item.id,
        detail: seconds === undefined ? item.startToFireTimeout : `${seconds}s`,
      };
    }
    case "child":
      return { kind: "child", label: item.id, detail: typeLabel(item.type) };
    case "signalExternal":
      return { kind: "external", label: `Signal ${item.signalName ?? ""} → ${item.id}` };
    case "cancelExternal":
      return { kind: "external", label: `Cancel → ${item.id}` };
    default:
      return undefined;
  }
}

/** Why an item ended badly, as the timeline shows it. */
function reasonOf(item: WorkItem): string | undefined {
  if (item.kind === "decision") return item.timeoutType;
  if (item.kind === "run") return undefined;
  if (item.state === "completed" || item.state === "canceled" || item.open) return undefined;
  return item.reason ?? item.timeoutType ?? item.cause;
}

function pointRow(item: WorkItem): TimelineRow | undefined {
  const base = { start: item.scheduledAt, end: item.scheduledAt, segments: [], point: true };
  const eventIds = item.events.map((e) => e.eventId ?? 0);
  const id = (kind: TimelineRowKind) => `${kind}-${item.firstEventId}`;
  switch (item.kind) {
    case "signal":
      return {
        ...base,
        id: id("signal"),
        kind: "signal",
        label: item.id || "signal",
        detail: item.execution?.workflowId,
        status: "completed",
        eventIds,
      };
    case "cancelRequest":
      return {
        ...base,
        id: id("cancelRequest"),
        kind: "cancelRequest",
        label: "Cancel requested",
        reason: item.cause,
        status: "canceled",
        eventIds,
      };
    case "marker":
      return {
        ...base,
        id: id("marker"),
        kind: "marker",
        label: item.id || "marker",
        reason: item.refused ? item.cause : undefined,
        status: item.refused ? "failed" : "completed",
        eventIds,
      };
    default: {
      const label = REFUSAL_LABEL[item.events[0]?.eventType ?? ""];
      if (!item.refused || !label) return undefined;
      return {
        ...base,
        id: id("decisionFailure"),
        kind: "decisionFailure",
        label: label(item),
        reason: item.cause,
        status: "failed",
        eventIds,
      };
    }
  }
}

function intervalRow(item: WorkItem, closeStatus: CloseStatus | undefined, closedAt?: number) {
  const shape = intervalOf(item);
  if (!shape) return undefined;
  const runningFromStart = item.kind === "run" || item.kind === "timer";
  const segments: TimelineSegment[] = [];
  if (!runningFromStart) {
    segments.push({
      kind: "waiting",
      start: item.scheduledAt,
      end: item.startedAt,
      status: itemStatus({ ...item, open: true, state: "scheduled" }),
      eventIds: [item.firstEventId],
    });
  }
  if (runningFromStart || item.startedAt !== undefined) {
    const waiting = segments[0];
    if (waiting && item.startedEventId !== undefined) waiting.eventIds.push(item.startedEventId);
    segments.push({
      kind: "running",
      start: item.startedAt ?? item.scheduledAt,
      status: "running",
      eventIds: [item.startedEventId ?? item.firstEventId],
    });
  }
  const last = segments[segments.length - 1];
  const status = itemStatus(item, closeStatus);
  let end: number | undefined;
  if (!item.open) {
    end = item.closedAt;
    if (item.closedEventId !== undefined) last.eventIds.push(item.closedEventId);
  } else if (closeStatus !== undefined && closedAt !== undefined) {
    // SWF drops open work silently at close: end it at the close time (see itemStatus).
    end = closedAt;
  }
  last.end = end ?? last.end;
  if (end !== undefined) last.status = status;
  const row: TimelineRow = {
    id: `${shape.kind}-${item.firstEventId}`,
    kind: shape.kind,
    label: shape.label,
    detail: shape.detail,
    group: shape.group,
    reason: reasonOf(item),
    start: item.scheduledAt,
    end,
    status,
    segments,
    eventIds: item.events.map((e) => e.eventId ?? 0),
    point: false,
  };
  if (item.kind === "timer" && item.fireAt !== undefined) row.plannedEnd = item.fireAt;
  if (item.cancelRequested) row.cancelRequested = true;
  if (row.reason === undefined) delete row.reason;
  return row;
}

/**
 * Timeline rows in display order: the workflow row first, then rows by the time they opened,
 * with the attempts of one activityId (or Lambda id) kept together in attempt order. `now`
 * (epoch ms or Date) is only used for `durationMs` of open rows.
 */
export function timelineRows(
  source: readonly HistoryEvent[] | HistoryModel,
  now?: number | Date,
): TimelineRow[] {
  const model = historyModel(source);
  /** Slots in display order: a row, or the rows of a group at the place of its first member. */
  const order: (TimelineRow | TimelineRow[])[] = [];
  const groups = new Map<string, TimelineRow[]>();
  for (const item of model.items) {
    const row = item.refused
      ? pointRow(item)
      : (intervalRow(item, model.closeStatus, model.closedAt) ?? pointRow(item));
    if (!row) continue;
    if (row.group === undefined) {
      order.push(row);
      continue;
    }
    let members = groups.get(row.group);
    if (!members) {
      groups.set(row.group, (members = []));
      order.push(members);
    }
    members.push(row);
  }

  const nowMs = now instanceof Date ? now.getTime() : now;
  const ordered: TimelineRow[] = [];
  for (const slot of order) {
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
