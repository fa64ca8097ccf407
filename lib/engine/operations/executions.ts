import type { EngineContext } from "../context";
import { closeRun } from "../core/close";
import { executionInfo, toEpochSeconds, wireEvent } from "../core/shape";
import { resolveRunConfig, startRun } from "../core/start";
import { openDecisionTasks, type Run, type Tx } from "../core/run";
import {
  DefaultUndefinedFault,
  LimitExceededFault,
  TypeDeprecatedFault,
  UnknownResourceFault,
  WorkflowExecutionAlreadyStartedFault,
} from "../faults";
import type { Input } from "../schemas";
import type { ExecutionRow } from "../store";
import { requireDomain } from "./domains";
import { pageOf, pageSize } from "./paging";
import { findType, typeLabel } from "./types";

export function StartWorkflowExecution(
  engine: EngineContext,
  input: Input<"StartWorkflowExecution">,
) {
  return engine.transact((tx) => {
    const domain = requireDomain(engine, input.domain);
    const type = findType(engine, input.domain, "workflow", input.workflowType);
    if (!type)
      throw UnknownResourceFault(`Unknown type: ${typeLabel("workflow", input.workflowType)}`);
    if (type.status === "DEPRECATED" || domain.status === "DEPRECATED") {
      throw TypeDeprecatedFault(typeLabel("workflow", input.workflowType));
    }
    if (tx.store.executions.openByWorkflow(input.domain, input.workflowId)) {
      throw WorkflowExecutionAlreadyStartedFault("Already Started");
    }
    const limit = engine.settings.maxOpenExecutions;
    if (tx.store.openCounts.get(input.domain) >= limit) {
      throw LimitExceededFault(
        `Limit of ${limit} open executions in domain ${input.domain} reached`,
      );
    }
    const config = resolveRunConfig(type, input);
    if ("missing" in config) {
      throw DefaultUndefinedFault(
        `No ${config.missing} was given and the workflow type has no default for it`,
      );
    }
    const run = startRun(tx, input.domain, input.workflowId, type, config, input);
    return { runId: run.row.run_id };
  });
}

/** The open run with this runId, or the open run of workflowId; else UnknownResourceFault. */
export function requireOpenRun(tx: Tx, domain: string, workflowId: string, runId?: string): Run {
  const run = tx.find(domain, workflowId, runId || undefined);
  if (!run?.isOpen) throw unknownExecution(workflowId, runId);
  return run;
}

function unknownExecution(workflowId: string, runId?: string) {
  return UnknownResourceFault(
    runId
      ? `Unknown execution: WorkflowExecution=[workflowId=${workflowId}, runId=${runId}]`
      : `Unknown execution, workflowId = ${workflowId}`,
  );
}

/** An operator's action on the open run it names, in one transaction; SWF answers `{}`. */
function actOnOpenRun(
  engine: EngineContext,
  input: { domain: string; workflowId: string; runId?: string },
  act: (run: Run) => void,
) {
  engine.transact((tx) => {
    requireDomain(engine, input.domain);
    act(requireOpenRun(tx, input.domain, input.workflowId, input.runId));
  });
  return {};
}

export function SignalWorkflowExecution(
  engine: EngineContext,
  input: Input<"SignalWorkflowExecution">,
) {
  return actOnOpenRun(engine, input, (run) => {
    run.append("WorkflowExecutionSignaled", { signalName: input.signalName, input: input.input });
  });
}

export function RequestCancelWorkflowExecution(
  engine: EngineContext,
  input: Input<"RequestCancelWorkflowExecution">,
) {
  return actOnOpenRun(engine, input, (run) => {
    // Each request is recorded (SWF leaves repeats open; recording each is simplest to reason about).
    run.row.cancel_requested = 1;
    run.append("WorkflowExecutionCancelRequested", {});
  });
}

export function TerminateWorkflowExecution(
  engine: EngineContext,
  input: Input<"TerminateWorkflowExecution">,
) {
  return actOnOpenRun(engine, input, (run) => {
    closeRun(run, "TERMINATED", "WorkflowExecutionTerminated", {
      reason: input.reason,
      details: input.details,
      childPolicy: input.childPolicy ?? run.config.childPolicy,
      cause: "OPERATOR_INITIATED",
    });
  });
}

/** Any run (open or closed) still retained; else UnknownResourceFault. */
export function requireRun(
  engine: EngineContext,
  domain: string,
  execution: { workflowId: string; runId: string },
): ExecutionRow {
  requireDomain(engine, domain);
  const row = engine.store.executions.byRun(domain, execution.workflowId, execution.runId);
  if (!row) throw unknownExecution(execution.workflowId, execution.runId);
  return row;
}

export function DescribeWorkflowExecution(
  engine: EngineContext,
  input: Input<"DescribeWorkflowExecution">,
) {
  const row = requireRun(engine, input.domain, input.execution);
  const { store } = engine;
  const config = JSON.parse(row.config);
  return {
    executionInfo: executionInfo(row),
    executionConfiguration: {
      taskStartToCloseTimeout: config.taskStartToCloseTimeout,
      executionStartToCloseTimeout: config.executionStartToCloseTimeout,
      taskList: { name: config.taskList },
      ...(config.taskPriority !== "0" ? { taskPriority: config.taskPriority } : {}),
      childPolicy: config.childPolicy,
      ...(config.lambdaRole ? { lambdaRole: config.lambdaRole } : {}),
    },
    openCounts: {
      openActivityTasks: store.activities.countOpen(row.id),
      openDecisionTasks: openDecisionTasks(row),
      openTimers: store.timers.count(row.id),
      openChildWorkflowExecutions: store.children.count(row.id),
      openLambdaFunctions: store.lambdas.countOpen(row.id),
    },
    ...(row.latest_activity_at !== null
      ? { latestActivityTaskTimestamp: toEpochSeconds(row.latest_activity_at) }
      : {}),
    ...(row.latest_execution_context !== null
      ? { latestExecutionContext: row.latest_execution_context }
      : {}),
  };
}

/**
 * A page of events of one run. `upTo` bounds the history (a decision task's snapshot);
 * `cursor` is the last event id already returned.
 */
export function historyPage(
  engine: EngineContext,
  executionId: number,
  upTo: number,
  cursor: number | undefined,
  reverse: boolean,
  requested: number | undefined,
  first = 1,
) {
  const size = pageSize(requested);
  const rows = reverse
    ? engine.store.events.pageDesc(executionId, first, cursor ?? upTo + 1, size + 1)
    : engine.store.events.pageAsc(executionId, cursor ?? 0, upTo, size + 1);
  const page = pageOf(rows, requested);
  return { events: page.items.map(wireEvent), nextCursor: page.last?.event_id };
}

export function GetWorkflowExecutionHistory(
  engine: EngineContext,
  input: Input<"GetWorkflowExecutionHistory">,
) {
  const row = requireRun(engine, input.domain, input.execution);
  const reverse = input.reverseOrder ?? false;
  const scope = `history|${input.domain}|${row.run_id}|${reverse}`;
  const cursor = input.nextPageToken
    ? engine.pageTokens.decode<number>(scope, input.nextPageToken)
    : undefined;
  const page = historyPage(
    engine,
    row.id,
    row.next_event_id - 1,
    cursor,
    reverse,
    input.maximumPageSize,
  );
  return {
    events: page.events,
    ...(page.nextCursor !== undefined
      ? { nextPageToken: engine.pageTokens.encode(scope, page.nextCursor) }
      : {}),
  };
}
