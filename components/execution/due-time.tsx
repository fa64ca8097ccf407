"use client";
import type { DeadlineKind, PendingDeadline } from "@/lib/history/pending";
import { formatClock, formatDateTime, formatDuration } from "@/components/ui/format";
import { useTimeSettings } from "@/components/ui/use-time-settings";

/** SWF's names for its time-outs, as the forms and the types' defaults call them. */
export const DEADLINE_LABEL: Record<DeadlineKind, string> = {
  scheduleToStart: "schedule-to-start",
  scheduleToClose: "schedule-to-close",
  startToClose: "start-to-close",
  heartbeat: "heartbeat",
};

/** "fires 12:04:05 (in 4m 50s)": the clock time a thing is due and how soon, from `now`. */
export function DueTime({
  at,
  now,
  label,
  testId,
}: {
  at: Date | number | undefined;
  now: number;
  label: string;
  testId?: string;
}) {
  const { zone } = useTimeSettings();
  if (at === undefined) return "—";
  const ms = typeof at === "number" ? at : at.getTime();
  const left = ms - now;
  return (
    <time
      dateTime={new Date(ms).toISOString()}
      title={formatDateTime(ms, { zone, millis: true })}
      data-testid={testId}
    >
      {label} {formatClock(ms, { zone, millis: false })} (
      {left >= 0 ? `in ${formatDuration(left)}` : `${formatDuration(-left)} ago`})
    </time>
  );
}

/**
 * One deadline of a pending task: "start-to-close 12:04:05 (in 4m 50s)"; a heartbeat, whose due
 * time SWF does not tell (it records no heartbeats), as the most it may be apart.
 */
export function DeadlineLine({ deadline, now }: { deadline: PendingDeadline; now: number }) {
  const label = DEADLINE_LABEL[deadline.kind];
  return (
    <span
      className="block text-xs text-slate-600 dark:text-slate-400"
      data-testid="pending-deadline"
      data-deadline={deadline.kind}
    >
      {deadline.dueAt ? (
        <DueTime at={deadline.dueAt} now={now} label={label} />
      ) : deadline.kind === "heartbeat" ? (
        `${label} at least every ${formatDuration(deadline.seconds * 1000)}`
      ) : (
        `${label} ${formatDuration(deadline.seconds * 1000)}`
      )}
    </span>
  );
}
