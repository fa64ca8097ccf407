import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/console/audit";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { auditTarget } from "@/lib/console/inbox";
import { AssignBody, issues, taskId } from "@/lib/console/inbox-http";
import { assignTask, getTask, publicTask } from "@/lib/console/inbox-store";
import { roleAtLeast } from "@/lib/console/roles";
import { findUser } from "@/lib/console/users";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/**
 * Who holds a task: `{to: "me-or-someone"}` takes or gives it, `{to: null}` releases it. Approvers
 * take free tasks and let go of their own; operators and admins may also reassign held ones.
 */
export async function POST(request: Request, { params }: Params) {
  const user = guard(request, {
    role: "approver",
    mutating: true,
    action: "Inbox.Assign",
    what: "Claiming and assigning human tasks",
  });
  if (user instanceof Response) return user;
  const id = taskId((await params).id);
  if (id === undefined) return jsonError(404, "UnknownTask", "No such human task");
  const parsed = AssignBody.safeParse(await readJson(request, 10_000));
  if (!parsed.success) return jsonError(400, "ValidationError", issues(parsed.error));
  const db = consoleDb();
  const before = getTask(db, id);
  if (!before) return jsonError(404, "UnknownTask", "No such human task");
  const to = parsed.data.to;
  const audit = (outcome: "ok" | "fault", fault?: string, message?: string) =>
    recordAudit(db, {
      username: user.username,
      role: user.role,
      action: to === null ? "Inbox.Release" : to === user.username ? "Inbox.Claim" : "Inbox.Assign",
      target: auditTarget(before),
      domain: before.domain,
      workflowId: before.workflowId,
      runId: before.runId,
      parameters: { taskId: id, from: before.assignee, to },
      outcome,
      fault,
      message,
      ip: clientIp(request),
    });
  const fail = (status: number, fault: string, message: string) => {
    audit("fault", fault, message);
    return jsonError(status, fault, message, { task: publicTask(before) });
  };
  if (to !== null && to !== user.username) {
    const target = findUser(db, to);
    if (!target || target.disabled) return fail(400, "ValidationError", `to: no such user ${to}`);
    if (!roleAtLeast(target.role, "approver"))
      return fail(
        400,
        "ValidationError",
        `to: ${to} has the ${target.role} role and cannot decide`,
      );
  }
  const out = assignTask(db, id, {
    to,
    by: user.username,
    mayReassign: roleAtLeast(user.role, "operator"),
  });
  switch (out.status) {
    case "ok":
      audit("ok");
      return NextResponse.json({ task: publicTask(out.task) });
    case "not-found":
      return jsonError(404, "UnknownTask", "No such human task");
    case "closed":
      return fail(409, "TaskClosed", `The task is ${out.task.state}; nobody can hold it now`);
    case "held":
      return fail(
        409,
        "HeldBySomeoneElse",
        `${out.task.assignee} holds this task; only they, an operator or an admin can change that`,
      );
  }
}
