/**
 * What the inbox's route handlers declare: request shapes (zod), task ids from the path, the list
 * and detail answers, and how a decision's outcome becomes an HTTP answer or fault. Task tokens
 * never leave the server.
 */
import { z } from "zod";
import { consoleDb, type Db } from "./db";
import { ConsoleFault, validationFault, zodMessage } from "./faults";
import { lackingRole, unauthenticated } from "./http";
import { MAX_COMMENT, outcomeFault, type DecideOutcome } from "./inbox";
import { formOfInput } from "./inbox-form";
import {
  INBOX_VIEWS,
  SORT_ORDERS,
  countPending,
  countViews,
  getTask,
  listTaskSummaries,
  publicTask,
  taskFacets,
  tasksVersion,
  viewQuery,
  type InboxView,
  type SortOrder,
  type TaskQuery,
} from "./inbox-store";
import { boundedSearch } from "./inbox-search";
import { listPollerStates } from "./inbox-metrics";
import type { Role } from "./roles";
import type { SessionUser } from "./sessions";

/** The least role that reads the inbox (its list and one task): routes and pages alike. */
export const INBOX_READ_ROLE: Role = "viewer";

export const DecideBody = z.discriminatedUnion("decision", [
  z.strictObject({
    decision: z.enum(["approve", "reject"]),
    comment: z.string().max(MAX_COMMENT).optional(),
    values: z.record(z.string(), z.unknown()).optional(),
  }),
  z.strictObject({
    decision: z.literal("fail"),
    reason: z.string().trim().min(1, "a reason is required").max(256),
  }),
]);

export const BulkBody = z.strictObject({
  ids: z.array(z.number().int().positive()).min(1, "select at least one task").max(1000),
  decision: z.enum(["approve", "reject"]),
  comment: z.string().max(MAX_COMMENT).optional(),
});

export const AssignBody = z.strictObject({
  /** The user who should hold the task; null releases it. */
  to: z.string().trim().min(1).max(200).nullable(),
});

export const unknownTask = () => new ConsoleFault(404, "UnknownTask", "No such human task");

/** A task id from the URL; anything but digits names no task (404). */
export function taskId(text: string): number {
  if (!/^[0-9]{1,15}$/.test(text)) throw unknownTask();
  return Number(text);
}

/** The `[id]` segment of an inbox route. */
export const taskParams = (raw: Record<string, string>) => ({ id: taskId(raw.id ?? "") });

const ListQuery = z.object({
  view: z.enum(INBOX_VIEWS as [InboxView, ...InboxView[]]).default("pending"),
  domain: z.string().max(256).optional(),
  taskList: z.string().max(256).optional(),
  type: z.string().max(256).optional(),
  assignee: z.string().max(200).optional(),
  // A longer search (pasted, or a long URL) is cut rather than refused: the view and its counts
  // stay, and the search box says that it was cut (inbox-url.ts cuts the same way).
  q: z
    .string()
    .transform((q) => boundedSearch(q).q)
    .optional(),
  sort: z.enum(SORT_ORDERS as [SortOrder, ...SortOrder[]]).optional(),
  workflowId: z.string().max(256).optional(),
  runId: z.string().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(20_000).optional(),
  /** The version the caller already has (see tasksVersion). */
  since: z.string().max(100).optional(),
});

/** The list's query string → the view and its filters; empty parameters mean "any". */
export function parseListQuery(
  params: URLSearchParams,
):
  | { ok: true; view: InboxView; filters: TaskQuery; since: string | undefined }
  | { ok: false; message: string } {
  const raw = Object.fromEntries([...params].filter(([, v]) => v !== ""));
  const parsed = ListQuery.safeParse(raw);
  if (!parsed.success) return { ok: false, message: zodMessage(parsed.error) };
  const q = parsed.data;
  return {
    ok: true,
    view: q.view,
    since: q.since,
    filters: {
      domain: q.domain,
      taskList: q.taskList,
      activityType: q.type,
      // "-" names tasks nobody holds.
      assignee: q.assignee === "-" ? "" : q.assignee,
      text: q.q,
      sort: q.sort,
      workflowId: q.workflowId,
      runId: q.runId,
      limit: q.limit ?? 10_000,
    },
  };
}

/** The answer to one decision: `{task}`, or the fault (with the task, e.g. who decided it). */
export function decisionAnswer(outcome: DecideOutcome): { task: ReturnType<typeof publicTask> } {
  if (outcome.status === "ok") return { task: publicTask(outcome.task) };
  const { status, fault, message } = outcomeFault(outcome);
  throw new ConsoleFault(
    status,
    fault,
    message,
    "task" in outcome ? { task: publicTask(outcome.task) } : {},
  );
}

/**
 * A view of the inbox for `username` (see `GET /api/inbox`): its tasks, the counts of every view
 * under the same filters and each served task list's poller state. With `since` equal to the
 * current version the rows are left out (`unchanged: true`).
 */
export async function inboxPage(
  db: Db,
  username: string,
  params: URLSearchParams,
  now = Date.now(),
) {
  const query = parseListQuery(params);
  if (!query.ok) throw validationFault(query.message);
  const [version, counts, pendingCount] = await Promise.all([
    tasksVersion(db),
    countViews(db, username, { ...query.filters, limit: undefined }, now),
    countPending(db),
  ]);
  if (query.since === version) return { unchanged: true, version, now, counts, pendingCount };
  const [tasks, facets, lists] = await Promise.all([
    listTaskSummaries(db, { ...viewQuery(query.view, username, query.filters), now }),
    taskFacets(db),
    listPollerStates(db),
  ]);
  return {
    tasks,
    version,
    now,
    view: query.view,
    counts,
    pendingCount,
    facets,
    lists: lists.map(({ domain, taskList, state, holder, lastError }) => ({
      domain,
      taskList,
      state,
      holder,
      lastError,
    })),
  };
}

/** One task with, for form tasks, the parsed form (or what is wrong with it). */
export async function taskDetail(db: Db, id: number) {
  const task = await getTask(db, id);
  if (!task) throw unknownTask();
  const form = formOfInput(task.input);
  return {
    task: publicTask(task),
    form: form.form,
    formProblem: "problem" in form ? form.problem : null,
  };
}

/**
 * The inbox's reads for a server render (the inbox page's first view), as `user`: the same role
 * check and the same answers as `GET /api/inbox?<query>` and `GET /api/inbox/<id>`, as JSON
 * would carry them to the browser. A refusal throws the route's fault.
 */
export function serverInbox(user: SessionUser | undefined) {
  const read = async <T>(answer: (db: Db, user: SessionUser) => Promise<T>): Promise<T> => {
    if (!user) throw unauthenticated();
    const lacking = lackingRole(user, INBOX_READ_ROLE, "Inbox.Read");
    if (lacking) throw lacking;
    return JSON.parse(JSON.stringify(await answer(await consoleDb(), user))) as T;
  };
  return {
    list: (query: string) =>
      read((db, { username }) => inboxPage(db, username, new URLSearchParams(query))),
    task: (id: number) => read((db) => taskDetail(db, id)),
  };
}
