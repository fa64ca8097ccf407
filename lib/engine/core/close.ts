import type { Run } from "./run";

export type CloseStatus =
  "COMPLETED" | "FAILED" | "CANCELED" | "TERMINATED" | "CONTINUED_AS_NEW" | "TIMED_OUT";

const DAY_MS = 86_400_000;

/**
 * Appends the close event and closes the run: its decision task, activities, timers and Lambda
 * functions are discarded without events (a late answer of a function is ignored), the parent
 * hears of it, and the child policy reaches the open children (unless the run continues as new).
 */
export function closeRun(
  run: Run,
  status: CloseStatus,
  eventType: string,
  attributes: Record<string, unknown>,
  /** When the run closed: now, or for a time-out its deadline (processed late after a restart). */
  at = run.tx.now,
) {
  const { tx, row } = run;
  const store = tx.store;
  run.append(eventType, attributes, at);

  row.open = 0;
  row.close_status = status;
  row.closed_at = at;
  run.discardDecisionTask();
  store.activities.removeAll(row.id);
  store.timers.removeAll(row.id);
  store.lambdas.removeAll(row.id);
  store.deadlines.removeAll(row.id);
  run.saveClosed();
  store.openCounts.add(row.domain, -1);

  const retentionDays = store.domains.get(row.domain)?.retention ?? "0";
  const keepMs = retentionDays === "NONE" ? 0 : Number(retentionDays) * DAY_MS;
  tx.addDeadline("RETENTION", at + keepMs, row.id);

  notifyParent(run, status, attributes);
  // SWF applies the child policy whenever the parent closes, not only on termination and
  // time-out: a parent that completes with open children terminates them under TERMINATE.
  // A run continued as new hands its children to nobody; they keep running.
  if (status !== "CONTINUED_AS_NEW")
    applyChildPolicy(run, String(attributes.childPolicy ?? run.config.childPolicy));
  store.children.removeAll(row.id);
}

function notifyParent(child: Run, status: CloseStatus, attributes: Record<string, unknown>) {
  const link = child.tx.store.children.byChild(child.id);
  if (!link || status === "CONTINUED_AS_NEW") return; // a continued child lives on in its new run
  child.tx.store.children.remove(link.parent_execution_id, link.initiated_event_id);
  const parent = child.tx.run(link.parent_execution_id);
  if (!parent?.isOpen) return;
  const common = {
    workflowExecution: child.execution,
    workflowType: child.workflowType,
    initiatedEventId: link.initiated_event_id,
    startedEventId: link.started_event_id,
  };
  switch (status) {
    case "COMPLETED":
      return parent.append("ChildWorkflowExecutionCompleted", {
        ...common,
        result: attributes.result,
      });
    case "FAILED":
      return parent.append("ChildWorkflowExecutionFailed", {
        ...common,
        reason: attributes.reason,
        details: attributes.details,
      });
    case "CANCELED":
      return parent.append("ChildWorkflowExecutionCanceled", {
        ...common,
        details: attributes.details,
      });
    case "TERMINATED":
      return parent.append("ChildWorkflowExecutionTerminated", common);
    case "TIMED_OUT":
      return parent.append("ChildWorkflowExecutionTimedOut", {
        ...common,
        timeoutType: "START_TO_CLOSE",
      });
  }
}

function applyChildPolicy(parent: Run, policy: string) {
  if (policy === "ABANDON") return;
  for (const link of parent.tx.store.children.ofParent(parent.id)) {
    const child =
      link.child_execution_id !== null ? parent.tx.run(link.child_execution_id) : undefined;
    if (!child?.isOpen) continue;
    if (policy === "TERMINATE") {
      closeRun(child, "TERMINATED", "WorkflowExecutionTerminated", {
        childPolicy: child.config.childPolicy,
        cause: "CHILD_POLICY_APPLIED",
      });
    } else if (policy === "REQUEST_CANCEL") {
      child.row.cancel_requested = 1;
      child.append("WorkflowExecutionCancelRequested", {
        externalWorkflowExecution: parent.execution,
        cause: "CHILD_POLICY_APPLIED",
      });
    }
  }
}
