/**
 * For the role matrices (tests/console/routes.test.ts over the route handlers, e2e/roles.spec.ts
 * over HTTP): one target of its own for a mutating SWF action, made through the SDK just for one
 * call, with the input that acts on it and a check whether the call took effect. An allowed
 * caller must change its target; a refused one must leave it as it was.
 */
import {
  CountOpenWorkflowExecutionsCommand,
  DeprecateActivityTypeCommand,
  DeprecateDomainCommand,
  DeprecateWorkflowTypeCommand,
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowTypeCommand,
  GetWorkflowExecutionHistoryCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  StartWorkflowExecutionCommand,
  type SWFClient,
} from "@aws-sdk/client-swf";
import type { ActionName } from "@/lib/swf/actions";

export interface SwfTarget {
  input: Record<string, unknown>;
  applied(): Promise<boolean>;
}

type TypeRef = { name: string; version: string };

export interface TargetContext {
  swf: SWFClient;
  /** A registered domain, and a workflow type registered in it. */
  domain: string;
  workflowType: TypeRef;
  /** A name no other target uses. */
  unique(prefix: string): string;
}

const unknownResource = (e: unknown) => {
  if ((e as Error).name !== "UnknownResourceFault") throw e;
  return undefined;
};

export async function swfTarget(ctx: TargetContext, action: ActionName): Promise<SwfTarget> {
  const { swf, domain, workflowType, unique } = ctx;
  const startInput = (workflowId: string) => ({
    domain,
    workflowId,
    workflowType,
    taskList: { name: "matrix" },
    executionStartToCloseTimeout: "600",
    taskStartToCloseTimeout: "60",
    childPolicy: "TERMINATE" as const,
  });
  const freshRun = async (then: string) => {
    const workflowId = unique("wf");
    const { runId } = await swf.send(new StartWorkflowExecutionCommand(startInput(workflowId)));
    const execution = { workflowId, runId: runId! };
    return {
      input: { domain, ...execution },
      applied: async () =>
        (
          await swf.send(new GetWorkflowExecutionHistoryCommand({ domain, execution }))
        ).events!.some((e) => e.eventType === then),
    };
  };
  const domainStatus = async (name: string) =>
    (await swf.send(new DescribeDomainCommand({ name })).catch(unknownResource))?.domainInfo
      ?.status;
  const typeStatus = async (kind: "workflow" | "activity", ref: TypeRef) =>
    (kind === "workflow"
      ? await swf
          .send(new DescribeWorkflowTypeCommand({ domain, workflowType: ref }))
          .catch(unknownResource)
      : await swf
          .send(new DescribeActivityTypeCommand({ domain, activityType: ref }))
          .catch(unknownResource)
    )?.typeInfo?.status;

  switch (action) {
    case "StartWorkflowExecution": {
      const workflowId = unique("wf");
      return {
        input: startInput(workflowId),
        applied: async () =>
          (
            await swf.send(
              new CountOpenWorkflowExecutionsCommand({
                domain,
                startTimeFilter: { oldestDate: new Date(0) },
                executionFilter: { workflowId },
              }),
            )
          ).count === 1,
      };
    }
    case "SignalWorkflowExecution": {
      const run = await freshRun("WorkflowExecutionSignaled");
      return { ...run, input: { ...run.input, signalName: "s" } };
    }
    case "RequestCancelWorkflowExecution":
      return freshRun("WorkflowExecutionCancelRequested");
    case "TerminateWorkflowExecution":
      return freshRun("WorkflowExecutionTerminated");
    case "RegisterDomain": {
      const name = unique("d");
      return {
        input: { name, workflowExecutionRetentionPeriodInDays: "1" },
        applied: async () => (await domainStatus(name)) === "REGISTERED",
      };
    }
    case "DeprecateDomain":
    case "UndeprecateDomain": {
      const deprecate = action === "DeprecateDomain";
      const name = unique("d");
      await swf.send(
        new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: "1" }),
      );
      if (!deprecate) await swf.send(new DeprecateDomainCommand({ name }));
      return {
        input: { name },
        applied: async () =>
          (await domainStatus(name)) === (deprecate ? "DEPRECATED" : "REGISTERED"),
      };
    }
    case "RegisterWorkflowType":
    case "RegisterActivityType": {
      const kind = action === "RegisterWorkflowType" ? "workflow" : "activity";
      const ref = { name: unique("t"), version: "1" };
      return {
        input: { domain, ...ref },
        applied: async () => (await typeStatus(kind, ref)) === "REGISTERED",
      };
    }
    case "DeprecateWorkflowType":
    case "UndeprecateWorkflowType":
    case "DeprecateActivityType":
    case "UndeprecateActivityType": {
      const kind = action.endsWith("WorkflowType") ? "workflow" : "activity";
      const deprecate = action.startsWith("Deprecate");
      const ref = { name: unique("t"), version: "1" };
      if (kind === "workflow") {
        await swf.send(new RegisterWorkflowTypeCommand({ domain, ...ref }));
        if (!deprecate)
          await swf.send(new DeprecateWorkflowTypeCommand({ domain, workflowType: ref }));
      } else {
        await swf.send(new RegisterActivityTypeCommand({ domain, ...ref }));
        if (!deprecate)
          await swf.send(new DeprecateActivityTypeCommand({ domain, activityType: ref }));
      }
      return {
        input: { domain, [`${kind}Type`]: ref },
        applied: async () =>
          (await typeStatus(kind, ref)) === (deprecate ? "DEPRECATED" : "REGISTERED"),
      };
    }
    default:
      throw new Error(`no matrix target for ${action}`);
  }
}
