/**
 * Which cached queries an SWF action makes stale: only those, so that an action on a run with a
 * 25,000-event history refetches its summary and the tail, not every history page.
 */
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { ActionName } from "@/lib/swf/actions";
import { keys } from "./keys";

interface Target {
  domain?: string;
  name?: string;
  workflowId?: string;
  runId?: string;
}

/** The runs an execution action touches: one run when its id is known, else the workflowId's. */
function runKeys(t: Target): QueryKey[] {
  if (!t.domain || !t.workflowId) return [];
  if (!t.runId) return [keys.execution.workflow(t.domain, t.workflowId)];
  const ref = { domain: t.domain, workflowId: t.workflowId, runId: t.runId };
  return [keys.execution.describe(ref), keys.execution.tail(ref)];
}

export function keysTouchedBy(action: ActionName, input: object): QueryKey[] {
  const t = input as Target;
  switch (action) {
    case "SignalWorkflowExecution":
    case "RequestCancelWorkflowExecution":
      return runKeys(t);
    case "TerminateWorkflowExecution":
      // Closing a run changes its page, the domain's lists and counts, and any human task of it.
      return [...runKeys(t), keys.executions.all(t.domain!), keys.inbox.all()];
    case "StartWorkflowExecution":
      return [keys.executions.all(t.domain!)];
    case "RegisterDomain":
    case "DeprecateDomain":
    case "UndeprecateDomain":
      return [keys.domains.all(), keys.domain.describe(t.name!)];
    case "RegisterWorkflowType":
    case "RegisterActivityType":
    case "DeprecateWorkflowType":
    case "UndeprecateWorkflowType":
    case "DeprecateActivityType":
    case "UndeprecateActivityType":
      return [keys.types.all(t.domain!)];
    default:
      return [];
  }
}

/** Marks stale what `action` with `input` changed (the active queries refetch). */
export function invalidateAfter(client: QueryClient, action: ActionName, input: object) {
  return Promise.all(
    keysTouchedBy(action, input).map((queryKey) => client.invalidateQueries({ queryKey })),
  );
}
