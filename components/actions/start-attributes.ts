import type { HistoryEvent, WorkflowExecutionStartedEventAttributes } from "@aws-sdk/client-swf";
import { callSwf } from "@/components/api/client";
import type { StartValues } from "@/components/forms/start-values";
import { jsonProblem } from "@/lib/swf/model";

/** The WorkflowExecutionStarted attributes of a run (its first history event). */
export async function fetchStartAttributes(
  domain: string,
  workflowId: string,
  runId: string,
): Promise<WorkflowExecutionStartedEventAttributes> {
  const out = await callSwf<{ events: HistoryEvent[] }>("GetWorkflowExecutionHistory", {
    domain,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  const attrs = out.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!attrs) throw new Error("The run's history has no WorkflowExecutionStarted event");
  return attrs;
}

/** Start-form values that repeat a run: same type, input, tags and settings. */
export function startValuesFrom(
  attrs: WorkflowExecutionStartedEventAttributes,
  workflowId: string,
): Partial<StartValues> {
  const input = attrs.input ?? "";
  return {
    typeName: attrs.workflowType?.name ?? "",
    typeVersion: attrs.workflowType?.version ?? "",
    workflowId,
    input,
    inputJson: !input || !jsonProblem(input),
    taskList: attrs.taskList?.name ?? "",
    executionStartToCloseTimeout: attrs.executionStartToCloseTimeout ?? "",
    taskStartToCloseTimeout: attrs.taskStartToCloseTimeout ?? "",
    tags: attrs.tagList ?? [],
    childPolicy: attrs.childPolicy ?? "",
    taskPriority: attrs.taskPriority ?? "",
    lambdaRole: attrs.lambdaRole ?? "",
  };
}
