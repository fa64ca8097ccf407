import {
  DescribeWorkflowExecutionCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  type HistoryEvent,
  type SWFClient,
  type WorkflowExecution,
  type WorkflowExecutionInfo,
} from "@aws-sdk/client-swf";
import { fetchHistory, type ErrorContext } from "../../lib/worker";

/**
 * Retries `probe` until it returns something other than undefined/false. Bounded by a number of
 * tries, not by a wall-clock deadline; the default (600 × 50 ms) is generous.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { tries?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const tries = options.tries ?? 600;
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
  throw new Error(
    `gave up waiting for ${options.what ?? "a condition"} after ${tries} tries${last ? `: ${last}` : ""}`,
  );
}

/** Every event of a run, following nextPageToken. */
export async function fullHistory(
  swf: SWFClient,
  domain: string,
  execution: WorkflowExecution,
): Promise<HistoryEvent[]> {
  return [...(await fetchHistory(swf, domain, execution)).events];
}

export async function describe(
  swf: SWFClient,
  domain: string,
  execution: WorkflowExecution,
): Promise<WorkflowExecutionInfo> {
  const out = await swf.send(new DescribeWorkflowExecutionCommand({ domain, execution }));
  return out.executionInfo!;
}

/** Waits until the run is closed; returns its info and history. */
export async function waitForClose(
  swf: SWFClient,
  domain: string,
  execution: WorkflowExecution,
  tries = 600,
): Promise<{ info: WorkflowExecutionInfo; events: HistoryEvent[] }> {
  const info = await eventually(
    async () => {
      const i = await describe(swf, domain, execution);
      return i.executionStatus === "CLOSED" ? i : undefined;
    },
    { tries, what: `${execution.workflowId} to close` },
  );
  return { info, events: await fullHistory(swf, domain, execution) };
}

/** Waits until the run's history holds an event matching `match`. */
export async function waitForEvent(
  swf: SWFClient,
  domain: string,
  execution: WorkflowExecution,
  match: (e: HistoryEvent) => boolean,
  what = "an event",
): Promise<HistoryEvent> {
  return eventually(async () => (await fullHistory(swf, domain, execution)).find(match), { what });
}

export const types = (events: HistoryEvent[]) => events.map((e) => e.eventType);

/** A domain with one workflow type and the given activity types, with every default set. */
export async function registerTestDomain(
  swf: SWFClient,
  domain: string,
  options: {
    workflow?: string;
    decisionList?: string;
    activities?: string[];
    activityList?: string;
    heartbeatTimeout?: string;
  } = {},
): Promise<void> {
  await swf.send(
    new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: "1" }),
  );
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain,
      name: options.workflow ?? "Flow",
      version: "1",
      defaultTaskList: { name: options.decisionList ?? "decisions" },
      defaultExecutionStartToCloseTimeout: "3600",
      defaultTaskStartToCloseTimeout: "60",
      defaultChildPolicy: "TERMINATE",
    }),
  );
  for (const name of options.activities ?? []) {
    await swf.send(
      new RegisterActivityTypeCommand({
        domain,
        name,
        version: "1",
        defaultTaskList: { name: options.activityList ?? "work" },
        defaultTaskScheduleToStartTimeout: "600",
        defaultTaskStartToCloseTimeout: "600",
        defaultTaskScheduleToCloseTimeout: "1200",
        defaultTaskHeartbeatTimeout: options.heartbeatTimeout ?? "NONE",
      }),
    );
  }
}

/** An ErrorHandler that keeps what it receives (tests assert on it). */
export function collectErrors() {
  const errors: { error: unknown; phase: string; context?: ErrorContext }[] = [];
  return {
    errors,
    onError: (error: unknown, phase: string, context?: ErrorContext) =>
      void errors.push({ error, phase, context }),
  };
}
