import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { MAX_COMMENT, decideTask } from "@/lib/console/inbox";
import { getTask, publicTask } from "@/lib/console/inbox-store";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

const Decide = z.discriminatedUnion("decision", [
  z.strictObject({
    decision: z.enum(["approve", "reject"]),
    comment: z.string().max(MAX_COMMENT).optional(),
  }),
  z.strictObject({
    decision: z.literal("fail"),
    reason: z.string().trim().min(1, "a reason is required").max(256),
  }),
]);

function taskId(text: string): number | undefined {
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
}

export async function GET(request: Request, { params }: Params) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Inbox.Read" });
  if (user instanceof Response) return user;
  const id = taskId((await params).id);
  const task = id === undefined ? undefined : getTask(consoleDb(), id);
  if (!task) return jsonError(404, "UnknownTask", "No such human task");
  return NextResponse.json({ task: publicTask(task) });
}

/**
 * Decides a human task (approver): `{decision: "approve"|"reject", comment}` completes the
 * activity with `{decision, comment, by, at}`; `{decision: "fail", reason}` fails it. One decision
 * per task: a late second decider gets 409 with who decided and when.
 */
export async function POST(request: Request, { params }: Params) {
  const user = guard(request, {
    role: "approver",
    mutating: true,
    action: "Inbox.Decide",
    what: "Deciding human tasks",
  });
  if (user instanceof Response) return user;
  const id = taskId((await params).id);
  if (id === undefined) return jsonError(404, "UnknownTask", "No such human task");
  const parsed = Decide.safeParse(await readJson(request, 100_000));
  if (!parsed.success) {
    return jsonError(
      400,
      "ValidationError",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  }
  const input = parsed.data;
  const comment = input.decision === "fail" ? input.reason : (input.comment ?? "");
  const db = consoleDb();
  const before = getTask(db, id);
  const outcome = await decideTask(db, swfClient(), id, user.username, {
    decision: input.decision,
    comment,
  });
  const action = `Inbox.${input.decision === "approve" ? "Approve" : input.decision === "reject" ? "Reject" : "Fail"}`;
  const audit = (result: "ok" | "fault", fault?: string, message?: string) =>
    recordAudit(db, {
      username: user.username,
      role: user.role,
      action,
      target: before
        ? `${before.domain} / ${before.workflowId} / ${before.runId} · ${before.activityType.name} ${before.activityId}`
        : `task ${id}`,
      domain: before?.domain,
      workflowId: before?.workflowId,
      runId: before?.runId,
      parameters: {
        taskId: id,
        decision: input.decision,
        [input.decision === "fail" ? "reason" : "comment"]: comment,
      },
      outcome: result,
      fault,
      message,
      ip: clientIp(request),
    });
  switch (outcome.status) {
    case "ok":
      audit("ok");
      return NextResponse.json({ task: publicTask(outcome.task) });
    case "not-found":
      return jsonError(404, "UnknownTask", "No such human task");
    case "conflict": {
      const t = outcome.task;
      const message = `Already decided: ${t.decision ?? "decided"} by ${t.decidedBy ?? "someone"} at ${
        t.decidedAt ? new Date(t.decidedAt).toISOString() : "an earlier time"
      }`;
      audit("fault", "AlreadyDecided", message);
      return jsonError(409, "AlreadyDecided", message, { task: publicTask(t) });
    }
    case "expired":
      audit("fault", "TaskExpired", outcome.message);
      return jsonError(410, "TaskExpired", outcome.message, { task: publicTask(outcome.task) });
    case "error":
      audit("fault", outcome.fault, outcome.message);
      return jsonError(outcome.httpStatus, outcome.fault, outcome.message, {
        task: publicTask(outcome.task),
      });
  }
}
