/**
 * Re-running a failure group: each run starts again under its own workflow id with the same type,
 * task list, tags, timeouts and child policy as it had, and either its own input or one input
 * given for all. A dry run returns the plan without starting anything; a real run starts each
 * plan item and reports each outcome (the caller audits them).
 */
import {
  GetWorkflowExecutionHistoryCommand,
  StartWorkflowExecutionCommand,
  type StartWorkflowExecutionInput,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { toSwfError } from "@/lib/swf/errors";

/** Runs one re-run request may start; a bigger group is re-run in several requests. */
export const MAX_RERUN = 100;

export interface RerunPlanItem {
  from: { workflowId: string; runId: string };
  start?: StartWorkflowExecutionInput;
  /** Why this run cannot be re-run (its history could not be read). */
  problem?: string;
}

export interface RerunResult extends RerunPlanItem {
  /** `skipped`: nothing sent, the run had been re-run by then (another pass, tab or console). */
  outcome: "ok" | "fault" | "skipped";
  runId?: string;
  fault?: string;
  message?: string;
}

export async function planRerun(
  swf: SWFClient,
  domain: string,
  runs: readonly { workflowId: string; runId: string }[],
  input: string | undefined,
): Promise<RerunPlanItem[]> {
  return Promise.all(
    runs.slice(0, MAX_RERUN).map(async ({ workflowId, runId }): Promise<RerunPlanItem> => {
      // Only the keys: a caller's richer run objects must not leak into the plan's shape.
      const from = { workflowId, runId };
      try {
        const page = await swf.send(
          new GetWorkflowExecutionHistoryCommand({ domain, execution: from, maximumPageSize: 1 }),
        );
        const a = page.events?.[0]?.workflowExecutionStartedEventAttributes;
        if (!a?.workflowType) return { from, problem: "its history has no start event" };
        const start: StartWorkflowExecutionInput = {
          domain,
          workflowId: from.workflowId,
          workflowType: a.workflowType,
          ...(a.taskList ? { taskList: a.taskList } : {}),
          ...(a.taskPriority ? { taskPriority: a.taskPriority } : {}),
          ...((input ?? a.input) !== undefined ? { input: input ?? a.input } : {}),
          ...(a.executionStartToCloseTimeout
            ? { executionStartToCloseTimeout: a.executionStartToCloseTimeout }
            : {}),
          ...(a.taskStartToCloseTimeout
            ? { taskStartToCloseTimeout: a.taskStartToCloseTimeout }
            : {}),
          ...(a.tagList?.length ? { tagList: a.tagList } : {}),
          ...(a.childPolicy ? { childPolicy: a.childPolicy } : {}),
          ...(a.lambdaRole ? { lambdaRole: a.lambdaRole } : {}),
        };
        return { from, start };
      } catch (error) {
        return { from, problem: toSwfError(error).body.message };
      }
    }),
  );
}

/**
 * Starts each planned run, one after another (a burst of starts stays inside SWF's throttles).
 * `around` wraps each item's attempt (the caller's audit rows); an item that cannot be re-run
 * goes through it too, its result ready without a call to SWF.
 */
export async function executeRerun(
  swf: SWFClient,
  plan: readonly RerunPlanItem[],
  around: (item: RerunPlanItem, attempt: () => Promise<RerunResult>) => Promise<RerunResult> = (
    _,
    attempt,
  ) => attempt(),
): Promise<RerunResult[]> {
  const results: RerunResult[] = [];
  for (const item of plan) results.push(await around(item, () => startOne(swf, item)));
  return results;
}

async function startOne(swf: SWFClient, item: RerunPlanItem): Promise<RerunResult> {
  if (!item.start)
    return { ...item, outcome: "fault", fault: "NotRerunnable", message: item.problem };
  try {
    const out = await swf.send(new StartWorkflowExecutionCommand(item.start));
    return { ...item, outcome: "ok", runId: out.runId };
  } catch (error) {
    const { body } = toSwfError(error);
    return { ...item, outcome: "fault", fault: body.fault, message: body.message };
  }
}
