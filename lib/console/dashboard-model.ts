/**
 * Pure part of the domain dashboard: runs started and closed in a window → per-interval throughput
 * with the close-status breakdown and open executions over time (exact where the lists are
 * complete, marked partial where a list was capped); sampled histories → activity-type
 * latencies (schedule-to-start, start-to-close) and, per task list, when a worker last picked a
 * task up. No I/O; dashboard.ts reads SWF.
 */
import type { CloseStatus, HistoryEvent } from "@aws-sdk/client-swf";

export const DASHBOARD_WINDOWS = {
  "1h": { span: 3_600_000, bucket: 300_000 },
  "24h": { span: 86_400_000, bucket: 3_600_000 },
  "7d": { span: 604_800_000, bucket: 21_600_000 },
} as const;
export type DashboardWindow = keyof typeof DASHBOARD_WINDOWS;

export const CLOSE_STATUSES: readonly CloseStatus[] = [
  "COMPLETED",
  "FAILED",
  "TIMED_OUT",
  "CANCELED",
  "TERMINATED",
  "CONTINUED_AS_NEW",
];

export interface ThroughputBucket {
  /** Bucket start, epoch ms. */
  at: number;
  started: number;
  closed: Record<CloseStatus, number>;
  /** Open executions at the end of the bucket; null where the runs read cannot tell it. */
  open: number | null;
  /** Some runs started or closed in this interval were not read (a list hit its cap). */
  partial: boolean;
}

export interface RunTimes {
  startedAt: number;
  closedAt?: number;
  closeStatus?: CloseStatus;
}

/** One list of the window's runs as read: its runs' times (by the list's own time field). */
export interface ListRead {
  times: readonly number[];
  /** The list had more pages than were read. */
  more: boolean;
  /** Its exact size (a Count… call), when `more`; absent: unknown. */
  total?: number;
}

/**
 * The time from which every list holds all its runs: a capped list (SWF lists newest first) holds
 * everything after its oldest listed run, and nothing sure before. Undefined: the lists hold the
 * whole window. A capped list whose exact count is no more than what was read misses nothing.
 */
export function completeSince(lists: readonly ListRead[]): number | undefined {
  let since: number | undefined;
  for (const l of lists) {
    if (!l.more || (l.total !== undefined && l.total <= l.times.length)) continue;
    const oldestListed = l.times.reduce((a, b) => Math.min(a, b), Infinity);
    since = since === undefined ? oldestListed : Math.max(since, oldestListed);
  }
  return since;
}

/**
 * Open executions at the window's start, exactly: every start in the window added one, every
 * close removed one. Counts, not lists, so no cap bends it.
 */
export const openAtWindowStart = (openNow: number, startedTotal: number, closedTotal: number) =>
  Math.max(0, openNow - startedTotal + closedTotal);

/**
 * Buckets from `oldest` to `latest`. `started` holds runs started in the window, `closed` runs
 * closed in it; `openNow` is the open count now. Open at time t = open now − started after t
 * + closed after t: known only where the lists hold every run after t, i.e. from `since` on
 * (see completeSince); before it the buckets are partial and their open count is null — a count
 * walked back through missing starts would invent a backlog.
 */
export function throughput(
  started: readonly RunTimes[],
  closed: readonly RunTimes[],
  openNow: number,
  oldest: number,
  latest: number,
  bucketMs: number,
  since?: number,
): ThroughputBucket[] {
  const count = Math.max(1, Math.ceil((latest - oldest) / bucketMs));
  const first = latest - count * bucketMs;
  const buckets: ThroughputBucket[] = Array.from({ length: count }, (_, i) => ({
    at: first + i * bucketMs,
    started: 0,
    closed: Object.fromEntries(CLOSE_STATUSES.map((s) => [s, 0])) as Record<CloseStatus, number>,
    open: 0,
    // A run at `since` itself may be one of several at that instant, not all listed.
    partial: since !== undefined && first + i * bucketMs <= since,
  }));
  const index = (t: number) => Math.min(count - 1, Math.max(0, Math.floor((t - first) / bucketMs)));
  for (const r of started) if (r.startedAt >= first) buckets[index(r.startedAt)].started++;
  for (const r of closed)
    if (r.closedAt !== undefined && r.closedAt >= first && r.closeStatus)
      buckets[index(r.closedAt)].closed[r.closeStatus]++;
  // Walk back from now: each bucket's end is "now" minus what happened after it.
  let open = openNow;
  for (let i = count - 1; i >= 0; i--) {
    const end = buckets[i].at + bucketMs;
    buckets[i].open = since === undefined || end > since ? Math.max(0, open) : null;
    const closedHere = CLOSE_STATUSES.reduce((n, s) => n + buckets[i].closed[s], 0);
    open = open - buckets[i].started + closedHere;
  }
  return buckets;
}

export interface ActivityLatency {
  activityType: string;
  samples: number;
  scheduleToStart: { p50: number; p95: number } | null;
  startToClose: { p50: number; p95: number } | null;
}

export interface TaskListActivity {
  taskList: string;
  kind: "decision" | "activity";
  /** Last time a worker picked a task up from it (seen in the sampled histories); absent: never. */
  lastPickedUpAt?: number;
  identity?: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const time = (e: HistoryEvent | undefined) =>
  e?.eventTimestamp ? new Date(e.eventTimestamp).getTime() : undefined;

/** Latencies per activity type over all histories, slowest (p95 start-to-close) first. */
export function activityLatencies(
  histories: readonly (readonly HistoryEvent[])[],
): ActivityLatency[] {
  const byType = new Map<string, { sts: number[]; stc: number[]; n: number }>();
  for (const events of histories) {
    const byId = new Map(events.map((e) => [e.eventId ?? 0, e]));
    for (const e of events) {
      const closeAttrs =
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes ??
        e.activityTaskCanceledEventAttributes;
      const startedAttrs = e.activityTaskStartedEventAttributes;
      if (!closeAttrs && !startedAttrs) continue;
      const scheduledId = (closeAttrs ?? startedAttrs)!.scheduledEventId;
      const scheduled = byId.get(scheduledId ?? -1);
      const type = scheduled?.activityTaskScheduledEventAttributes?.activityType;
      if (!type) continue;
      const key = `${type.name}@${type.version}`;
      let entry = byType.get(key);
      if (!entry) byType.set(key, (entry = { sts: [], stc: [], n: 0 }));
      if (startedAttrs) {
        const s = time(scheduled);
        const t = time(e);
        if (s !== undefined && t !== undefined) entry.sts.push(t - s);
        entry.n++;
      } else if (closeAttrs && "startedEventId" in closeAttrs && closeAttrs.startedEventId) {
        const started = time(byId.get(closeAttrs.startedEventId));
        const t = time(e);
        if (started !== undefined && t !== undefined) entry.stc.push(t - started);
      }
    }
  }
  const stat = (xs: number[]) => {
    if (xs.length === 0) return null;
    const s = [...xs].sort((a, b) => a - b);
    return { p50: percentile(s, 50), p95: percentile(s, 95) };
  };
  return [...byType.entries()]
    .map(([activityType, v]) => ({
      activityType,
      samples: v.n,
      scheduleToStart: stat(v.sts),
      startToClose: stat(v.stc),
    }))
    .sort(
      (a, b) =>
        (b.startToClose?.p95 ?? 0) - (a.startToClose?.p95 ?? 0) ||
        (b.scheduleToStart?.p95 ?? 0) - (a.scheduleToStart?.p95 ?? 0),
    );
}

/**
 * Task lists the histories schedule work on, each with its latest pick-up (worker identity
 * included); lists never picked up from come first: work waits there with no worker seen.
 */
export function taskListActivity(
  histories: readonly (readonly HistoryEvent[])[],
): TaskListActivity[] {
  const latest = new Map<string, TaskListActivity>();
  const note = (
    kind: "decision" | "activity",
    taskList: string | undefined,
    at?: number,
    identity?: string,
  ) => {
    if (!taskList) return;
    const key = `${kind}\u0000${taskList}`;
    const prev = latest.get(key);
    if (!prev) latest.set(key, { taskList, kind, lastPickedUpAt: at, identity });
    else if (at !== undefined && (prev.lastPickedUpAt ?? -1) < at) {
      prev.lastPickedUpAt = at;
      prev.identity = identity;
    }
  };
  for (const events of histories) {
    const byId = new Map(events.map((e) => [e.eventId ?? 0, e]));
    for (const e of events) {
      note("activity", e.activityTaskScheduledEventAttributes?.taskList?.name);
      note("decision", e.decisionTaskScheduledEventAttributes?.taskList?.name);
      const a = e.activityTaskStartedEventAttributes;
      if (a) {
        const s = byId.get(a.scheduledEventId ?? -1)?.activityTaskScheduledEventAttributes;
        note("activity", s?.taskList?.name, time(e), a.identity);
      }
      const d = e.decisionTaskStartedEventAttributes;
      if (d) {
        const s = byId.get(d.scheduledEventId ?? -1)?.decisionTaskScheduledEventAttributes;
        note("decision", s?.taskList?.name, time(e), d.identity);
      }
    }
  }
  return [...latest.values()].sort(
    (a, b) => (a.lastPickedUpAt ?? -Infinity) - (b.lastPickedUpAt ?? -Infinity) || 0,
  );
}
