/**
 * Who holds a task: approvers take free tasks and let go of their own; operators and admins may
 * also reassign held ones. Refusals are ConsoleFaults that carry the task as it stands.
 */
import type { Db } from "./db";
import { ConsoleFault } from "./faults";
import { assignTask, getTask, publicTask } from "./inbox-store";
import { roleAtLeast } from "./roles";
import type { SessionUser } from "./sessions";
import { sameUsername } from "./usernames";
import { findUser } from "./users";

/** The audit action of an assignment: taking, letting go, or giving to someone else. */
export function assignAuditAction(to: string | null, by: string): string {
  return to === null ? "Inbox.Release" : sameUsername(to, by) ? "Inbox.Claim" : "Inbox.Assign";
}

/** Gives task `id` to `requested` (null: releases it) on behalf of `user`. */
export async function assignAs(db: Db, user: SessionUser, id: number, requested: string | null) {
  const before = await getTask(db, id);
  if (!before) throw new ConsoleFault(404, "UnknownTask", "No such human task");
  const refuse = (status: number, fault: string, message: string) =>
    new ConsoleFault(status, fault, message, { task: publicTask(before) });
  // The holder is stored as the user's own name: deciding, releasing and the "mine" view compare
  // it exactly with the session's user name.
  // The checks here give the refusals their words; assignTask checks again, in the change itself,
  // that the new holder is an enabled user who may decide (an admin may change them meanwhile).
  let to = requested;
  if (to !== null && to !== user.username) {
    const target = await findUser(db, to);
    if (!target || target.disabled) throw refuse(400, "ValidationError", `to: no such user ${to}`);
    // One's own name in another case is a claim. Identity decides, not the fold: two users whose
    // names fold alike, kept apart from before names were folded, are each reached by their own.
    if (target.id === user.userId) to = user.username;
    else if (!roleAtLeast(target.role, "approver"))
      throw refuse(
        400,
        "ValidationError",
        `to: ${target.username} has the ${target.role} role and cannot decide`,
      );
    else to = target.username;
  }
  const out = await assignTask(db, id, {
    to,
    by: user.username,
    mayReassign: roleAtLeast(user.role, "operator"),
  });
  switch (out.status) {
    case "ok":
      return { task: publicTask(out.task) };
    case "not-found":
      throw new ConsoleFault(404, "UnknownTask", "No such human task");
    case "closed":
      throw refuse(409, "TaskClosed", `The task is ${out.task.state}; nobody can hold it now`);
    case "held":
      throw refuse(
        409,
        "HeldBySomeoneElse",
        // No holder left: it changed hands between the change and this answer.
        out.task.assignee
          ? `${out.task.assignee} holds this task; only they, an operator or an admin can change that`
          : "Someone else held this task a moment ago; try again",
      );
    case "cannot-hold":
      // They passed the check above, then were disabled, deleted or demoted before the change:
      // the change's own condition (assignTask) refused them.
      throw refuse(
        400,
        "ValidationError",
        `to: ${to} was disabled, deleted or given a role that cannot decide just now; they cannot hold the task`,
      );
  }
}
