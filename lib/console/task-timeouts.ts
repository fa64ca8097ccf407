/**
 * Deadlines of an activity task, computed from its ActivityTaskScheduled event (timeouts as SWF
 * duration strings, "NONE" disables one) and its ActivityTaskStarted time. Pure.
 */
import type { TaskTimeouts } from "./inbox-store";

function seconds(value: string | undefined | null): number | null {
  if (value === undefined || value === null || value === "NONE" || !/^[0-9]+$/.test(value))
    return null;
  return Number(value);
}

export interface ScheduledInfo {
  scheduledAt: number;
  startedAt: number;
  scheduleToCloseTimeout?: string;
  startToCloseTimeout?: string;
  heartbeatTimeout?: string;
}

export function computeTimeouts(info: ScheduledInfo): TaskTimeouts {
  const s2c = seconds(info.scheduleToCloseTimeout);
  const st2c = seconds(info.startToCloseTimeout);
  const hb = seconds(info.heartbeatTimeout);
  return {
    scheduledAt: info.scheduledAt,
    heartbeatTimeoutSeconds: hb && hb > 0 ? hb : null,
    scheduleToCloseDeadline: s2c !== null ? info.scheduledAt + s2c * 1000 : null,
    startToCloseDeadline: st2c !== null ? info.startedAt + st2c * 1000 : null,
  };
}

/** Minimal view of an SWF history event (the SDK's HistoryEvent fits). */
export interface EventLike {
  eventId?: number;
  eventType?: string;
  eventTimestamp?: Date | number | string;
  activityTaskScheduledEventAttributes?: {
    scheduleToCloseTimeout?: string;
    startToCloseTimeout?: string;
    heartbeatTimeout?: string;
    activityId?: string;
  };
  activityTaskStartedEventAttributes?: { scheduledEventId?: number };
}

const ms = (t: EventLike["eventTimestamp"]) =>
  t instanceof Date ? t.getTime() : typeof t === "string" ? Date.parse(t) : t;

/**
 * Finds the Started event `startedEventId` and its Scheduled event among `events` (any order) and
 * computes the deadlines; undefined when either is missing (fetch more history).
 */
export function timeoutsFromEvents(
  events: EventLike[],
  startedEventId: number,
): TaskTimeouts | undefined {
  const started = events.find(
    (e) => e.eventId === startedEventId && e.eventType === "ActivityTaskStarted",
  );
  const scheduledId = started?.activityTaskStartedEventAttributes?.scheduledEventId;
  if (!started || scheduledId === undefined) return undefined;
  const scheduled = events.find(
    (e) => e.eventId === scheduledId && e.eventType === "ActivityTaskScheduled",
  );
  const attrs = scheduled?.activityTaskScheduledEventAttributes;
  if (!scheduled || !attrs) return undefined;
  return computeTimeouts({
    scheduledAt: ms(scheduled.eventTimestamp) ?? Date.now(),
    startedAt: ms(started.eventTimestamp) ?? Date.now(),
    scheduleToCloseTimeout: attrs.scheduleToCloseTimeout,
    startToCloseTimeout: attrs.startToCloseTimeout,
    heartbeatTimeout: attrs.heartbeatTimeout,
  });
}
