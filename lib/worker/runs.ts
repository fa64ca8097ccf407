/**
 * A run from outside it — a program that starts an execution and wants its outcome, a script that
 * inspects one — with the options of the decision builders and the typed view deciders get.
 */
import {
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  type HistoryEvent,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import { runAttributes, type ExecutionOptions, type TypeRef } from "./decisions";
import { toPayload } from "./payload";
import { WorkflowHistory, type CloseInfo } from "./history";
import { sleep } from "./sleep";

/**
 * StartWorkflowExecution with the options `startChildWorkflow` takes: `input` a string or anything
 * JSON-able, durations in seconds, options left out to the type's registered defaults.
 */
export async function startWorkflow(
  swf: SWFClient,
  domain: string,
  workflowId: string,
  workflowType: TypeRef,
  options: ExecutionOptions = {},
): Promise<WorkflowExecution> {
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({
      domain,
      workflowId,
      workflowType: { name: workflowType.name, version: workflowType.version },
      ...runAttributes(options),
    }),
  );
  return { workflowId, runId: runId! };
}

/**
 * SignalWorkflowExecution, as `signalExternalWorkflow` takes it: `input` a string or anything
 * JSON-able; without `runId`, the workflow's open run.
 */
export async function signalWorkflow(
  swf: SWFClient,
  domain: string,
  workflowId: string,
  signalName: string,
  options: { runId?: string; input?: unknown } = {},
): Promise<void> {
  await swf.send(
    new SignalWorkflowExecutionCommand({
      domain,
      workflowId,
      signalName,
      runId: options.runId,
      input: toPayload(options.input),
    }),
  );
}

/** The run's whole history (every page), as a `WorkflowHistory`. */
export async function fetchHistory(
  swf: SWFClient,
  domain: string,
  execution: WorkflowExecution,
): Promise<WorkflowHistory> {
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await swf.send(
      new GetWorkflowExecutionHistoryCommand({ domain, execution, nextPageToken }),
    );
    events.push(...(page.events ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return new WorkflowHistory(events);
}

export interface WaitForCloseOptions {
  /** How often to ask whether it closed (DescribeWorkflowExecution; default 1,000 ms). */
  intervalMs?: number;
  /** Stops waiting: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Waits until the run is closed and resolves with how it closed: `status` (`COMPLETED`, `FAILED`,
 * `CANCELED`, `TERMINATED`, `TIMED_OUT`, `CONTINUED_AS_NEW`), `result`, `reason`, `details`. SWF
 * has no call that waits for a close, so this asks every `intervalMs`.
 */
export async function waitForClose(
  swf: SWFClient,
  domain: string,
  execution: WorkflowExecution,
  options: WaitForCloseOptions = {},
): Promise<CloseInfo> {
  const { intervalMs = 1_000, signal } = options;
  for (;;) {
    signal?.throwIfAborted();
    const { executionInfo } = await swf
      .send(new DescribeWorkflowExecutionCommand({ domain, execution }), { abortSignal: signal })
      // The SDK's own "Request aborted" would hide why the caller stopped waiting.
      .catch((error: unknown) => {
        throw signal?.aborted ? signal.reason : error;
      });
    if (executionInfo?.executionStatus === "CLOSED") {
      const closed = (await fetchHistory(swf, domain, execution)).closed;
      if (closed) return closed;
    }
    await sleep(intervalMs, signal);
  }
}
