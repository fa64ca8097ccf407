/**
 * Deciding a human task: claim it in the console database (one decision per task), then answer
 * SWF. The route wrapper audits each decision (an attempt row before, the outcome after); a bulk
 * decision audits each task the same way through `decideEach`. Approve and reject both complete the
 * activity with the result `{decision, comment, values, by, at}` (values: the typed answer of a
 * form task, see inbox-form.ts; what a rejection means is the workflow's business). "Fail" is for
 * tasks that cannot be processed: RespondActivityTaskFailed with a reason.
 *
 * Never lose or fake an outcome: an answer SWF refused is undone (someone may try again); an
 * answer whose fate is unknown (timeout, reset connection, a 5xx) stays claimed and is settled by
 * `settleClaim`, which reads the execution's history before sending anything again — so a
 * decision SWF took while the console died is recorded as taken, not as expired.
 */
import {
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  type HistoryEvent,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { toSwfError } from "@/lib/swf/errors";
import { auditAround, recordAudit } from "./audit";
import type { Db } from "./db";
import { activityOutcome, expiryFromHistory, goneReason, readUntilExpiry } from "./inbox-expiry";
import { checkValues, defaultAnswer, formOfInput, type FormValues } from "./inbox-form";
import {
  claimTask,
  closeTask,
  completeClaim,
  getTask,
  markOutcomeUnknown,
  releaseClaim,
  type Decision,
  type StoredTask,
} from "./inbox-store";
import type { Role } from "./roles";

export type SwfSender = Pick<SWFClient, "send">;

export const MAX_COMMENT = 4000;

export interface DecideInput {
  decision: Decision;
  /** Approve/reject: the approver's comment. Fail: the reason (≤ 256 characters). */
  comment?: string;
  /** Approve/reject of a form task: the typed answer (checked against the task's form). */
  values?: unknown;
  /**
   * Bulk: approve a form task with its form's defaults (no one typed an answer for it). A task
   * whose form has a required field without a default is refused as needing its own decision.
   */
  formDefaults?: boolean;
}

/** Who decides, for the claim. */
export interface Actor {
  username: string;
  role: Role;
}

export type DecideOutcome =
  | { status: "ok"; task: StoredTask }
  | { status: "conflict"; task: StoredTask }
  | { status: "held"; task: StoredTask; heldBy: string }
  | { status: "not-found" }
  | {
      status: "invalid";
      task: StoredTask;
      message: string;
      fault?: "NeedsOwnDecision" | "MalformedForm";
    }
  | { status: "expired"; task: StoredTask; message: string }
  | { status: "unknown"; task: StoredTask; message: string }
  | { status: "error"; task: StoredTask; fault: string; message: string; httpStatus: number };

export interface DecisionResult {
  decision: "approve" | "reject";
  comment: string;
  values: FormValues;
  by: string;
  at: string;
}

/** The activity result an approval or rejection sends to SWF. */
export function decisionResult(
  decision: "approve" | "reject",
  comment: string,
  by: string,
  at: number,
  values: FormValues = {},
): DecisionResult {
  return { decision, comment, values, by, at: new Date(at).toISOString() };
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
        result: JSON.stringify(
          decisionResult(decision, task.comment ?? "", by, at, task.values ?? {}),
        ),
      }),
    );
  }
}

const AUDIT_ACTIONS: Record<Decision, string> = {
  approve: "Inbox.Approve",
  reject: "Inbox.Reject",
  fail: "Inbox.Fail",
};

/** The audit action of a decision. */
export const decisionAuditAction = (decision: Decision) => AUDIT_ACTIONS[decision];

export function auditTarget(task: StoredTask): string {
  return `${task.domain} / ${task.workflowId} / ${task.runId} · ${task.activityType.name} ${task.activityId}`;
}

/** What the audit log records a task action against (the task's execution, when it exists). */
export async function taskAuditFields(db: Db, id: number) {
  const task = await getTask(db, id);
  if (!task) return { target: `human task ${id}` };
  return {
    target: auditTarget(task),
    domain: task.domain,
    workflowId: task.workflowId,
    runId: task.runId,
  };
}

function alreadyDecided(t: StoredTask): string {
  return `Already decided: ${t.decision ?? "decided"} by ${t.decidedBy ?? "someone"} at ${
    t.decidedAt ? new Date(t.decidedAt).toISOString() : "an earlier time"
  }`;
}

/** The fault a refused or unsettled outcome is reported with (HTTP status, fault, message). */
export function outcomeFault(outcome: Exclude<DecideOutcome, { status: "ok" }>): {
  status: number;
  fault: string;
  message: string;
} {
  switch (outcome.status) {
    case "not-found":
      return { status: 404, fault: "UnknownTask", message: "No such human task" };
    case "conflict":
      return { status: 409, fault: "AlreadyDecided", message: alreadyDecided(outcome.task) };
    case "held":
      return {
        status: 409,
        fault: "HeldBySomeoneElse",
        message: `${outcome.heldBy} holds this task; ask them, or an operator, to release or reassign it`,
      };
    case "invalid":
      return { status: 400, fault: outcome.fault ?? "ValidationError", message: outcome.message };
    case "expired":
      return { status: 410, fault: "TaskExpired", message: outcome.message };
    case "unknown":
      return { status: 202, fault: "OutcomeUnknown", message: outcome.message };
    case "error":
      return { status: outcome.httpStatus, fault: outcome.fault, message: outcome.message };
  }
}

/**
 * Decides a task for `actor`: checks a form task's values, claims the task, answers SWF. The
 * caller audits it (the route wrapper, or `decideEach`).
 */
export async function decideTask(
  db: Db,
  client: SwfSender,
  id: number,
  actor: Actor,
  input: DecideInput,
  now = Date.now(),
): Promise<DecideOutcome> {
  const comment = (input.comment ?? "").slice(0, input.decision === "fail" ? 256 : MAX_COMMENT);
  const before = await getTask(db, id);
  if (!before) return { status: "not-found" };
  let values: FormValues | null = null;
  if (input.decision !== "fail") {
    const { form, ...rest } = formOfInput(before.input);
    const problem = "problem" in rest ? rest.problem : undefined;
    // A form the inbox cannot show asked for values nobody can give: approving without them
    // would hand the workflow an approval it cannot use. Rejecting or failing stays possible.
    if (problem && input.decision === "approve")
      return {
        status: "invalid",
        task: before,
        message: `this task's form is malformed (${problem}): reject it or fail it; it cannot be approved without the values its workflow asks for`,
        fault: "MalformedForm",
      };
    // A rejection needs no typed answer; if it brings one, it must fit the form too.
    if (form && input.decision === "approve" && input.formDefaults) {
      const answer = defaultAnswer(form);
      if (!answer.ok)
        return {
          status: "invalid",
          task: before,
          message: answer.message,
          fault: "NeedsOwnDecision",
        };
      values = answer.values;
    } else if (form && (input.decision === "approve" || input.values !== undefined)) {
      const checked = checkValues(form, input.values);
      if (!checked.ok) return { status: "invalid", task: before, message: checked.message };
      values = checked.values;
    } else if (!form && input.values !== undefined && Object.keys(input.values ?? {}).length > 0) {
      const message = problem
        ? `this task's form is malformed (${problem}); answer without values`
        : "this task asks for no values";
      return { status: "invalid", task: before, message };
    }
  }
  const claim = await claimTask(
    db,
    id,
    {
      by: actor.username,
      decision: input.decision,
      comment,
      values,
      overrideHolder: actor.role === "operator" || actor.role === "admin",
    },
    now,
  );
  if (!claim.ok) {
    let outcome: DecideOutcome;
    if (!claim.task) outcome = { status: "not-found" };
    else if (claim.task.state === "expired" || claim.task.state === "canceled")
      outcome = {
        status: "expired",
        task: claim.task,
        message: claim.task.closedReason ?? "the task is closed",
      };
    else if (claim.heldBy) outcome = { status: "held", task: claim.task, heldBy: claim.heldBy };
    else outcome = { status: "conflict", task: claim.task };
    return outcome;
  }
  return finishClaim(db, client, claim.task);
}

/** Who decides in bulk: the actor, with what the audit log records about the request. */
export interface BulkActor extends Actor {
  ip: string | null;
  bulkId: string;
}

/**
 * Decides several tasks one at a time — each claim, SWF answer and audit pair completes before
 * the next begins — and audits each on its own (attempt, then outcome) under the actor's bulk id.
 * A form task is approved with its form's defaults, or left for its own decision without them.
 */
export async function decideEach(
  db: Db,
  client: SwfSender,
  ids: number[],
  actor: BulkActor,
  input: { decision: "approve" | "reject"; comment: string },
): Promise<{ id: number; outcome: DecideOutcome }[]> {
  const results = [];
  for (const id of [...new Set(ids)]) {
    const outcome = await auditAround(
      db,
      {
        username: actor.username,
        role: actor.role,
        action: decisionAuditAction(input.decision),
        ...(await taskAuditFields(db, id)),
        parameters: { taskId: id, ...input },
        ip: actor.ip,
        bulkId: actor.bulkId,
      },
      () => decideTask(db, client, id, actor, { ...input, formDefaults: true }),
      (o) => (o.status === "ok" ? undefined : outcomeFault(o)),
    );
    results.push({ id, outcome });
  }
  return results;
}

/** Faults after which SWF certainly did not take the answer: the claim may be undone. */
function refused(error: unknown): boolean {
  const { status, body } = toSwfError(error);
  if (status >= 400 && status < 500) return true;
  // Never connected: the request cannot have reached SWF.
  const message = (error as { message?: string })?.message ?? "";
  return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(message) && body.fault === "EndpointUnreachable";
}

/** Answers SWF for a claimed task and records the outcome. */
export async function finishClaim(
  db: Db,
  client: SwfSender,
  task: StoredTask,
): Promise<DecideOutcome> {
  try {
    await respond(client, task);
    await completeClaim(db, task.id, task.decision === "fail" ? "failed" : "completed");
    return { status: "ok", task: (await getTask(db, task.id))! };
  } catch (error) {
    const { status, body } = toSwfError(error);
    if (body.fault === "UnknownResourceFault") {
      // SWF no longer takes this token — maybe because it already took this very answer.
      return settleFromHistory(db, client, task, body.message);
    }
    if (refused(error)) {
      await releaseClaim(db, task.id, task.decidedBy ?? "");
      return {
        status: "error",
        task: (await getTask(db, task.id))!,
        fault: body.fault,
        message: body.message,
        httpStatus: status,
      };
    }
    await markOutcomeUnknown(db, task.id);
    return {
      status: "unknown",
      task: (await getTask(db, task.id))!,
      message: `The decision was sent but SWF's answer did not come back (${body.fault}: ${body.message}); the console is checking with SWF whether it was taken. Nobody else can decide this task meanwhile.`,
    };
  }
}

/**
 * Settles a claimed task from the execution's history: the answer recorded there (ours: by the
 * decider of the claim) closes the task as decided; a timeout, a cancellation or someone else's
 * answer closes it as expired. When the history cannot be read the task stays claimed and unknown.
 */
async function settleFromHistory(
  db: Db,
  client: SwfSender,
  task: StoredTask,
  why: string,
): Promise<DecideOutcome> {
  let events: HistoryEvent[];
  try {
    events = await readUntilExpiry(client, task);
  } catch (error) {
    const { body } = toSwfError(error);
    if (body.fault === "UnknownResourceFault") {
      const message = `${sentence(goneReason(body.message))} ${tooLate(task)}`;
      await closeTask(db, task.id, "expired", message);
      return { status: "expired", task: (await getTask(db, task.id))!, message };
    }
    await markOutcomeUnknown(db, task.id);
    return {
      status: "unknown",
      task: (await getTask(db, task.id))!,
      message: `SWF refused the answer (${why}) and its history cannot be read now (${body.fault}); the console will check again.`,
    };
  }
  const closed = activityOutcome(events, task.startedEventId);
  const ours = (() => {
    if (closed?.eventType === "ActivityTaskCompleted" && task.decision !== "fail") {
      try {
        const r = JSON.parse(closed.activityTaskCompletedEventAttributes?.result ?? "") as {
          by?: string;
          decision?: string;
        };
        return r.by === task.decidedBy && r.decision === task.decision;
      } catch {
        return false;
      }
    }
    if (closed?.eventType === "ActivityTaskFailed" && task.decision === "fail") return true;
    return false;
  })();
  if (ours) {
    await completeClaim(db, task.id, task.decision === "fail" ? "failed" : "completed");
    return { status: "ok", task: (await getTask(db, task.id))! };
  }
  const expiry = expiryFromHistory(events, task.startedEventId) ?? {
    state: "expired" as const,
    reason: `SWF no longer knows this task (timed out, canceled or its execution closed): ${why}`,
  };
  const message = `${sentence(expiry.reason)} ${tooLate(task)}`;
  await closeTask(db, task.id, expiry.state, message);
  return { status: "expired", task: (await getTask(db, task.id))!, message };
}

/** Ends `text` as a sentence (a terminate reason may already). */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The claim's answer, which SWF did not take: said in the reason, because the closed task keeps
 * no decision or decider (nothing was decided; the audit log keeps the attempt and its fault).
 */
function tooLate(task: StoredTask): string {
  return `${task.decidedBy ?? "someone"}'s answer (${task.decision ?? "a decision"}) came too late and was not taken.`;
}

/**
 * For the poller: a claim left unknown, or stale (the console died between claim and answer), is
 * settled — by the history when SWF already closed the activity, else by sending the answer
 * again (a token takes one answer, so a resend can never decide twice). How it ended goes into
 * the audit log, whose row for the decision itself said only that its outcome was unknown.
 */
export async function settleClaim(
  db: Db,
  client: SwfSender,
  task: StoredTask,
): Promise<DecideOutcome> {
  let events: HistoryEvent[] | undefined;
  try {
    events = await readUntilExpiry(client, task);
  } catch {
    // History unreadable: the resend below either works or tells us what SWF thinks.
  }
  const outcome =
    events && activityOutcome(events, task.startedEventId)
      ? await settleFromHistory(db, client, task, "the activity is already closed")
      : await finishClaim(db, client, task);
  if (outcome.status !== "unknown" && task.decision)
    await recordAudit(db, {
      username: task.decidedBy ?? "",
      action: decisionAuditAction(task.decision),
      target: auditTarget(task),
      domain: task.domain,
      workflowId: task.workflowId,
      runId: task.runId,
      parameters: { taskId: task.id, settledByConsole: true },
      ...(outcome.status === "ok"
        ? { outcome: "ok", message: "Settled by the console: SWF has the decision" }
        : outcomeAuditFault(outcome)),
    });
  return outcome;
}

/** The audit fields of a settlement that did not take effect. */
function outcomeAuditFault(outcome: Exclude<DecideOutcome, { status: "ok" }>) {
  const { fault, message } = outcomeFault(outcome);
  return { outcome: "fault" as const, fault, message: `Settled by the console: ${message}` };
}
