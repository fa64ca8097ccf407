/**
 * The live description of a task's execution, read from SWF: one query, shared by the pane's
 * Execution section (what it shows) and its decision controls (which stop once the run is closed),
 * so that the two never disagree.
 */
import { queryOptions } from "@tanstack/react-query";
import { callSwf } from "@/components/api/client";
import { keys, type ExecutionRef } from "@/components/api/keys";

export interface Describe {
  executionInfo?: {
    workflowType?: { name?: string; version?: string };
    startTimestamp?: string;
    closeTimestamp?: string;
    executionStatus?: string;
    closeStatus?: string;
  };
}

export function executionInfoQuery({ domain, workflowId, runId }: ExecutionRef) {
  return queryOptions({
    queryKey: keys.inbox.executionSummary({ domain, workflowId, runId }),
    queryFn: ({ signal }) =>
      callSwf<Describe>(
        "DescribeWorkflowExecution",
        { domain, execution: { workflowId, runId } },
        signal,
      ),
    staleTime: 5_000,
  });
}
