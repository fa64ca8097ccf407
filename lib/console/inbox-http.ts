/**
 * What the inbox's route handlers share: request shapes (zod), task ids from the path, and how a
 * decision's outcome becomes an HTTP answer. Task tokens never leave the server.
 */
import { z } from "zod";
import { MAX_COMMENT, outcomeFault, type DecideOutcome } from "./inbox";
import { INBOX_VIEWS, publicTask, type InboxView, type TaskQuery } from "./inbox-store";

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

export function taskId(text: string): number | undefined {
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
}

export function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
}

const ListQuery = z.object({
  view: z.enum(INBOX_VIEWS as [InboxView, ...InboxView[]]).default("pending"),
  domain: z.string().max(256).optional(),
  taskList: z.string().max(256).optional(),
  type: z.string().max(256).optional(),
  assignee: z.string().max(200).optional(),
  q: z.string().max(500).optional(),
  sort: z.enum(["age", "due", "recent"]).optional(),
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
  if (!parsed.success) return { ok: false, message: issues(parsed.error) };
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

/** The HTTP answer to one decision. */
export function outcomeResponse(outcome: DecideOutcome): Response {
  if (outcome.status === "ok") return Response.json({ task: publicTask(outcome.task) });
  const { status, fault, message } = outcomeFault(outcome);
  return Response.json(
    { fault, message, ...("task" in outcome ? { task: publicTask(outcome.task) } : {}) },
    { status },
  );
}
