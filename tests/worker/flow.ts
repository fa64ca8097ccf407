/** A small workflow for worker tests: schedules the activities its input lists, completes when all closed. */
import {
  StartWorkflowExecutionCommand,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import {
  Decider,
  completeWorkflow,
  requestCancelActivity,
  scheduleActivity,
  type DecisionContext,
  type ErrorHandler,
} from "../../lib/worker";

export interface FlowInput {
  activities: {
    id: string;
    type: string;
    input?: string;
    heartbeatTimeout?: number;
    startToCloseTimeout?: number;
  }[];
}

/** Signal `cancel` with an activity id as input to request that activity's cancellation. */
export function decideFlow(ctx: DecisionContext) {
  const input = ctx.inputJson<FlowInput>()!;
  const decisions = ctx
    .newSignals("cancel")
    .filter((s) => ctx.activity(s.input!)?.open)
    .map((s) => requestCancelActivity(s.input!));
  for (const a of input.activities) {
    if (!ctx.activity(a.id)) {
      decisions.push(
        scheduleActivity(
          a.id,
          { name: a.type, version: "1" },
          {
            input: a.input,
            heartbeatTimeout: a.heartbeatTimeout,
            startToCloseTimeout: a.startToCloseTimeout,
          },
        ),
      );
    }
  }
  const states = input.activities.map((a) => ctx.activity(a.id));
  if (decisions.length === 0 && states.every((s) => s && !s.open)) {
    decisions.push(
      completeWorkflow(Object.fromEntries(states.map((s) => [s!.activityId, s!.status]))),
    );
  }
  return decisions;
}

export function flowDecider(swf: SWFClient, domain: string, onError?: ErrorHandler): Decider {
  return new Decider({ swf, domain, taskList: "decisions", decide: decideFlow, onError });
}

let n = 0;
export async function startFlow(
  swf: SWFClient,
  domain: string,
  input: FlowInput,
  workflowId = `flow-${++n}`,
): Promise<WorkflowExecution> {
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({
      domain,
      workflowId,
      workflowType: { name: "Flow", version: "1" },
      input: JSON.stringify(input),
    }),
  );
  return { workflowId, runId };
}
