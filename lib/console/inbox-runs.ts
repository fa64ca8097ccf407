/**
 * The inbox's answer to a console action that may have closed a run (Terminate, RequestCancel):
 * the run's pending human tasks are checked against SWF at once, so that they stop showing as
 * pending now rather than at the poller's next probe. Claimed tasks (a decision in flight) are
 * left to the decision's own settling.
 */
import { DescribeWorkflowExecutionCommand } from "@aws-sdk/client-swf";
import { createLogger } from "@/lib/log";
import type { Db } from "./db";
import type { SwfSender } from "./inbox";
import { expiryFromHistory, readUntilExpiry, utcTime } from "./inbox-expiry";
import { closeTask, listTasks } from "./inbox-store";

const log = createLogger("inbox");

/** Actions after which the run they name may be closed. */
const CLOSING_ACTIONS = new Set(["TerminateWorkflowExecution", "RequestCancelWorkflowExecution"]);

export interface RunRef {
  domain: string;
  workflowId: string;
  /** Absent: every run of the workflow id with pending tasks. */
  runId?: string;
}

/** Closes (as expired) the pending tasks of the named run(s) whose execution SWF says is closed. */
export async function recheckRunTasks(db: Db, client: SwfSender, ref: RunRef): Promise<number> {
  const pending = await listTasks(db, { ...ref, states: ["pending"], limit: 10_000 });
  let closed = 0;
  for (const runId of new Set(pending.map((t) => t.runId))) {
    const out = await client.send(
      new DescribeWorkflowExecutionCommand({
        domain: ref.domain,
        execution: { workflowId: ref.workflowId, runId },
      }),
    );
    const info = out.executionInfo;
    if (info?.executionStatus !== "CLOSED") continue;
    const tasks = pending.filter((t) => t.runId === runId);
    // The newest page of a closed run starts with the event that closed it (its reason, its time).
    const events = await readUntilExpiry(client, tasks[0], 1).catch(() => []);
    const fallback = {
      state: "expired" as const,
      reason: `Workflow closed (${(info.closeStatus ?? "closed").toLowerCase()}) at ${utcTime(info.closeTimestamp)}`,
    };
    for (const task of tasks) {
      const { state, reason } = expiryFromHistory(events, task.startedEventId) ?? fallback;
      if (await closeTask(db, task.id, state, reason, Date.now(), { pendingOnly: true })) closed++;
    }
  }
  return closed;
}

/**
 * After a console action succeeded: re-checks the tasks of the run it may have closed. Never
 * fails the action — the poller's own probe closes them later if this cannot.
 */
export async function afterSwfAction(
  db: Db,
  client: SwfSender,
  action: string,
  input: unknown,
): Promise<void> {
  if (!CLOSING_ACTIONS.has(action)) return;
  const i = input as { domain?: unknown; workflowId?: unknown; runId?: unknown };
  if (typeof i.domain !== "string" || typeof i.workflowId !== "string") return;
  try {
    await recheckRunTasks(db, client, {
      domain: i.domain,
      workflowId: i.workflowId,
      runId: typeof i.runId === "string" && i.runId ? i.runId : undefined,
    });
  } catch (err) {
    log.warn({ err, action, workflowId: i.workflowId }, "could not re-check the run's human tasks");
  }
}
