/**
 * Pure part of the failures view: closed runs with their close reasons → groups by workflow type,
 * close status and reason, each with its count, first and last seen, a trend over the window and a
 * few sample runs. No I/O; the SWF reading lives in failures.ts.
 */
import type { CloseReason } from "@/lib/history/close-reason";

export const FAILURE_STATUSES = ["FAILED", "TIMED_OUT", "TERMINATED", "CANCELED"] as const;
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

export const FAILURE_WINDOWS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000 } as const;
export type FailureWindowName = keyof typeof FAILURE_WINDOWS | "custom";

export interface FailureWindow {
  /** Epoch ms, inclusive. */
  oldest: number;
  /** Epoch ms, inclusive. */
  latest: number;
}

/** A failed run as the re-run ledger and SWF's later runs know it. */
export interface RunRef {
  workflowId: string;
  runId: string;
  /** Epoch ms the run closed (SWF's clock). */
  closedAt: number;
}

export interface FailedRun {
  workflowId: string;
  runId: string;
  workflowType: { name: string; version: string };
  closeStatus: FailureStatus;
  startedAt: number;
  closedAt: number;
  tags: string[];
  /** Undefined while its history has not been read (the read budget ran out). */
  reason?: CloseReason;
}

/**
 * What a group stands for, which orders the list: `failure` — the run broke by itself (failed,
 * timed out, or was terminated by SWF for too many events); `operator` — someone ended it
 * (terminated by an operator or a parent's child policy, canceled); `pending` — runs whose reason
 * is still being read, a progress state rather than a cause.
 */
export type FailureKind = "failure" | "operator" | "pending";

export interface FailureGroup {
  /** Opaque, URL-safe: identifies the group within a domain across windows. */
  key: string;
  /** Key of the group's runbook note: type name, status and reason (not the version). */
  runbookKey: string;
  workflowType: { name: string; version: string };
  closeStatus: FailureStatus;
  kind: FailureKind;
  /** One line; "(reason being read)" for runs whose history was not read yet. */
  reason: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Runs closed per bucket, oldest first (`bucketMs` wide, the last bucket ends at the window's end). */
  trend: number[];
  samples: FailedRun[];
}

export const UNREAD_REASON = "(reason being read)";
const SAMPLES = 3;

export function groupText(run: FailedRun): string {
  return run.reason ? run.reason.summary : UNREAD_REASON;
}

export function groupKey(run: FailedRun): string {
  const parts = [run.workflowType.name, run.workflowType.version, run.closeStatus, groupText(run)];
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

export function runbookKeyOf(run: FailedRun): string {
  return JSON.stringify([run.workflowType.name, run.closeStatus, groupText(run)]);
}

export function kindOf(run: FailedRun): FailureKind {
  if (!run.reason) return "pending";
  if (run.closeStatus === "FAILED" || run.closeStatus === "TIMED_OUT") return "failure";
  // SWF ends a run whose history grew past its limit: nobody chose that.
  if (run.closeStatus === "TERMINATED" && run.reason.cause === "EVENT_LIMIT_EXCEEDED")
    return "failure";
  return "operator";
}

const KIND_RANK: Record<FailureKind, number> = { failure: 0, operator: 1, pending: 2 };

/** Bucket width for a window: about 24 buckets, a whole number of minutes. */
export function bucketMsFor(window: FailureWindow): number {
  const span = Math.max(60_000, window.latest - window.oldest);
  return Math.max(60_000, Math.ceil(span / 24 / 60_000) * 60_000);
}

/**
 * Groups: failures first, then what operators ended, then runs whose reason is being read; within
 * each, largest first (then most recent). A thousand deliberate terminations must not push ten
 * real failures off the screen.
 */
export function groupFailures(runs: readonly FailedRun[], window: FailureWindow): FailureGroup[] {
  const bucketMs = bucketMsFor(window);
  const buckets = Math.max(1, Math.ceil((window.latest - window.oldest) / bucketMs));
  const groups = new Map<string, FailureGroup>();
  const sorted = [...runs].sort((a, b) => b.closedAt - a.closedAt);
  for (const run of sorted) {
    const key = groupKey(run);
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        runbookKey: runbookKeyOf(run),
        workflowType: run.workflowType,
        closeStatus: run.closeStatus,
        kind: kindOf(run),
        reason: groupText(run),
        count: 0,
        firstSeen: run.closedAt,
        lastSeen: run.closedAt,
        trend: new Array<number>(buckets).fill(0),
        samples: [],
      };
      groups.set(key, g);
    }
    g.count++;
    g.firstSeen = Math.min(g.firstSeen, run.closedAt);
    g.lastSeen = Math.max(g.lastSeen, run.closedAt);
    const fromEnd = Math.floor((window.latest - run.closedAt) / bucketMs);
    const index = buckets - 1 - Math.min(buckets - 1, Math.max(0, fromEnd));
    g.trend[index]++;
    if (g.samples.length < SAMPLES) g.samples.push(run);
  }
  return [...groups.values()].sort(
    (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.count - a.count || b.lastSeen - a.lastSeen,
  );
}

/** The runs of one group, most recent first. */
export function runsOfGroup(runs: readonly FailedRun[], key: string): FailedRun[] {
  return runs.filter((r) => groupKey(r) === key).sort((a, b) => b.closedAt - a.closedAt);
}

/**
 * The window a request names: `1h`, `24h`, `7d` ending now, or `custom` with `from`/`to`
 * (ISO dates or epoch ms). Returns an error message for anything else.
 */
export function parseFailureWindow(
  name: string | null,
  from: string | null,
  to: string | null,
  now: number,
): { window: FailureWindow; name: FailureWindowName } | { error: string } {
  const n = name ?? "24h";
  // Own keys only: `in` also finds "toString", "constructor" and "__proto__".
  if (Object.hasOwn(FAILURE_WINDOWS, n)) {
    const span = FAILURE_WINDOWS[n as keyof typeof FAILURE_WINDOWS];
    return { window: { oldest: now - span, latest: now }, name: n as FailureWindowName };
  }
  if (n !== "custom") return { error: `window must be one of 1h, 24h, 7d, custom (got ${n})` };
  const oldest = parseInstant(from);
  const latest = to ? parseInstant(to) : now;
  if (oldest === undefined) return { error: "a custom window needs from= (an ISO date)" };
  if (latest === undefined) return { error: "to= must be an ISO date" };
  if (latest <= oldest) return { error: "from must be before to" };
  if (latest - oldest > 366 * 86_400_000) return { error: "a window is at most a year long" };
  return { window: { oldest, latest }, name: "custom" };
}

function parseInstant(value: string | null): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
