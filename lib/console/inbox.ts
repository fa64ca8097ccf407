/**
 * Deciding a human task: claim it in the console database (one decision per task), then answer
 * SWF. Approve and reject both complete the activity, with the result
 * `{decision, comment, by, at}`: what a rejection means is the workflow's business. "Fail" is for
 * tasks that cannot be processed: RespondActivityTaskFailed with a reason.
 */
import {
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { toSwfError } from "@/lib/swf/errors";
import type { Db } from "./db";
import {
  claimTask,
  closeTask,
  completeClaim,
  getTask,
  releaseClaim,
  type Decision,
  type StoredTask,
} from "./inbox-store";

export type SwfSender = Pick<SWFClient, "send">;

export const MAX_COMMENT = 4000;

export interface DecideInput {
  decision: Decision;
  /** Approve/reject: the approver's comment. Fail: the reason (≤ 256 characters). */
  comment?: string;
}

export type DecideOutcome =
  | { status: "ok"; task: StoredTask }
  | { status: "conflict"; task: StoredTask }
  | { status: "not-found" }
  | { status: "expired"; task: StoredTask; message: string }
  | { status: "error"; task: StoredTask; fault: string; message: string; httpStatus: number };

export interface DecisionResult {
  decision: "approve" | "reject";
  comment: string;
  by: string;
  at: string;
}

/** The activity result an approval or rejection sends to SWF. */
export function decisionResult(
  decision: "approve" | "reject",
  comment: string,
  by: string,
  at: number,
): DecisionResult {
  return { decision, comment, by, at: new Date(at).toISOString() };
}

/** Sends the claimed task's decision to SWF. */
async function respond(client: SwfSender, task: StoredTask): Promise<void> {
  const by = task.decidedBy ?? "unknown";
  const at = task.decidedAt ?? Date.now();
  if (task.decision === "fail") {
    await client.send(
      new RespondActivityTaskFailedCommand({
        taskToken: task.taskToken,
        reason: (task.comment ?? "").slice(0, 256),
        details: JSON.stringify({ by, at: new Date(at).toISOString() }),
      }),
    );
  } else {
    const decision = task.decision === "reject" ? "reject" : "approve";
    await client.send(
      new RespondActivityTaskCompletedCommand({
        taskToken: task.taskToken,
        result: JSON.stringify(decisionResult(decision, task.comment ?? "", by, at)),
      }),
    );
  }
}

export async function decideTask(
  db: Db,
  client: SwfSender,
  id: number,
  by: string,
  input: DecideInput,
  now = Date.now(),
): Promise<DecideOutcome> {
  const comment = (input.comment ?? "").slice(0, input.decision === "fail" ? 256 : MAX_COMMENT);
  const claim = claimTask(db, id, { by, decision: input.decision, comment }, now);
  if (!claim.ok) {
    if (!claim.task) return { status: "not-found" };
    if (claim.task.state === "expired" || claim.task.state === "canceled") {
      return {
        status: "expired",
        task: claim.task,
        message: claim.task.closedReason ?? "the task is closed",
      };
    }
    return { status: "conflict", task: claim.task };
  }
  return finishClaim(db, client, claim.task);
}

/** Answers SWF for a claimed task and records the outcome (also used to retry stale claims). */
export async function finishClaim(
  db: Db,
  client: SwfSender,
  task: StoredTask,
): Promise<DecideOutcome> {
  try {
    await respond(client, task);
    completeClaim(db, task.id, task.decision === "fail" ? "failed" : "completed");
    return { status: "ok", task: getTask(db, task.id)! };
  } catch (error) {
    const { status, body } = toSwfError(error);
    if (body.fault === "UnknownResourceFault") {
      const message = `SWF no longer knows this task (timed out, canceled or its execution closed): ${body.message}`;
      closeTask(db, task.id, "expired", message);
      return { status: "expired", task: getTask(db, task.id)!, message };
    }
    // Anything else leaves the task undecided so that someone can try again.
    releaseClaim(db, task.id, task.decidedBy ?? "");
    return {
      status: "error",
      task: getTask(db, task.id)!,
      fault: body.fault,
      message: body.message,
      httpStatus: status,
    };
  }
}
