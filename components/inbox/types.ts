import type { FormSpec } from "@/lib/console/inbox-form";
import type {
  HumanTask,
  InboxView,
  TaskState,
  TaskSummary,
  ViewCounts,
} from "@/lib/console/inbox-store";
import { formatRelative } from "@/components/ui/time";

export type { FormSpec, HumanTask, InboxView, TaskState, TaskSummary, ViewCounts };

export interface InboxResponse {
  tasks: TaskSummary[];
  now: number;
  view: InboxView;
  counts: ViewCounts;
  pendingCount: number;
  facets: { domains: string[]; taskLists: string[]; activityTypes: string[]; assignees: string[] };
  lists: { domain: string; taskList: string; state: string; lastError: string | null }[];
}

export interface TaskResponse {
  task: HumanTask;
  form: FormSpec | null;
  formProblem: string | null;
}

export function inboxQueryString(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
}

export const isOpen = (state: TaskState) => state === "pending" || state === "claimed";

/**
 * When an open task is due, for people: "due in 3 h", "overdue 5 min". Decided and expired tasks
 * have no due time (they never "expire in" anything).
 */
export function dueInfo(
  task: { state: TaskState; deadline: number | null },
  now: number,
): { text: string; overdue: boolean } | null {
  if (!isOpen(task.state) || task.deadline === null) return null;
  if (task.deadline <= now)
    return {
      text: `overdue ${formatRelative(task.deadline, now).replace(" ago", "")}`,
      overdue: true,
    };
  return { text: `due ${formatRelative(task.deadline, now)}`, overdue: false };
}

/** "approved", "rejected", "failed", "expired", "canceled", "waiting", "sending…". */
export function stateLabel(task: {
  state: TaskState;
  decision: string | null;
  outcomeUnknown?: boolean;
}): string {
  if (task.state === "claimed") return task.outcomeUnknown ? "outcome unknown" : "sending…";
  if (task.state === "completed") return task.decision === "reject" ? "rejected" : "approved";
  if (task.state === "pending") return "waiting";
  return task.state;
}
