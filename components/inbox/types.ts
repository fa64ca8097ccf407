import type { FormSpec } from "@/lib/console/inbox-form";
import type {
  HumanTask,
  InboxView,
  TaskState,
  TaskSummary,
  ViewCounts,
} from "@/lib/console/inbox-store";
import { formatRelative } from "@/components/ui/format";
import { matchesWords, searchWords } from "@/lib/console/inbox-search";

export type { FormSpec, HumanTask, InboxView, TaskState, TaskSummary, ViewCounts };

/** What the signed-in user may do with one task (the server checks the same again). */
export interface TaskRights {
  me: string | undefined;
  /** The user's role may decide tasks (approver and up). */
  canDecide: boolean;
  /** The task is held, by this user. */
  mine: boolean;
  /** Operators and admins may take or reassign a task someone else holds. */
  mayReassign: boolean;
  /** Held by someone else, and this user may not take it over. */
  lockedOut: boolean;
}

export function taskRights(
  session:
    { user: { username: string; role: string }; can: { decide?: boolean } } | null | undefined,
  task: Pick<HumanTask, "assignee">,
): TaskRights {
  const me = session?.user.username;
  const mine = task.assignee !== null && task.assignee === me;
  const mayReassign = session?.user.role === "operator" || session?.user.role === "admin";
  return {
    me,
    canDecide: Boolean(session?.can.decide),
    mine,
    mayReassign,
    lockedOut: Boolean(task.assignee) && !mine && !mayReassign,
  };
}

export type Decision = "approve" | "reject";

/** How each decision reads and looks, wherever a person makes it (one task or many). */
export const DECISIONS: Record<
  Decision,
  { verb: string; doing: string; done: string; variant: "primary" | "danger"; key: string }
> = {
  approve: { verb: "Approve", doing: "Approving…", done: "approved", variant: "primary", key: "a" },
  reject: { verb: "Reject", doing: "Rejecting…", done: "rejected", variant: "danger", key: "r" },
};

export interface InboxResponse {
  tasks: TaskSummary[];
  version: string;
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

/** What the list API answers when nothing changed since the caller's version. */
export interface InboxUnchanged {
  unchanged: true;
  version: string;
  now: number;
  counts: ViewCounts;
  pendingCount: number;
}

/**
 * The filters applied to rows already in the browser, so that a changed filter shows at once
 * while the server's answer is on its way (each word of the free text in the question, workflow
 * id, type or decider; the server also searches the input and the decision's comment).
 */
export function filterLocally(
  tasks: TaskSummary[],
  f: { domain?: string; taskList?: string; type?: string; assignee?: string; q?: string },
  me: string | undefined,
): TaskSummary[] {
  const words = searchWords(f.q);
  const assignee = f.assignee === "-" ? null : f.assignee;
  return tasks.filter(
    (t) =>
      (!f.domain || t.domain === f.domain) &&
      (!f.taskList || t.taskList === f.taskList) &&
      (!f.type || t.activityType.name === f.type) &&
      (f.assignee === undefined || t.assignee === (assignee === "me" ? me : assignee)) &&
      matchesWords(words, [t.question, t.workflowId, t.activityType.name, t.decidedBy]),
  );
}
