import type { RunConfig, TypeRow } from "../store";
import type { Run, Tx } from "./run";
import { randomText } from "../tokens";

/** What a caller may say explicitly when starting a run; the rest comes from the type's defaults. */
export interface StartSettings {
  input?: string;
  tagList?: string[];
  taskList?: { name: string };
  taskPriority?: string;
  executionStartToCloseTimeout?: string;
  taskStartToCloseTimeout?: string;
  childPolicy?: string;
  lambdaRole?: string;
}

export type MissingDefault =
  "executionStartToCloseTimeout" | "taskList" | "taskStartToCloseTimeout" | "childPolicy";

interface WorkflowTypeDefaults {
  defaultExecutionStartToCloseTimeout?: string;
  defaultTaskStartToCloseTimeout?: string;
  defaultTaskList?: { name: string };
  defaultTaskPriority?: string;
  defaultChildPolicy?: string;
  defaultLambdaRole?: string;
}

/** Explicit value, else the type's default, else the first missing field. */
export function resolveRunConfig(
  type: TypeRow,
  s: StartSettings,
): RunConfig | { missing: MissingDefault } {
  const d = JSON.parse(type.config) as WorkflowTypeDefaults;
  const executionStartToCloseTimeout =
    s.executionStartToCloseTimeout ?? d.defaultExecutionStartToCloseTimeout;
  if (executionStartToCloseTimeout === undefined)
    return { missing: "executionStartToCloseTimeout" };
  const taskList = s.taskList?.name ?? d.defaultTaskList?.name;
  if (taskList === undefined) return { missing: "taskList" };
  const taskStartToCloseTimeout = s.taskStartToCloseTimeout ?? d.defaultTaskStartToCloseTimeout;
  if (taskStartToCloseTimeout === undefined) return { missing: "taskStartToCloseTimeout" };
  const childPolicy = s.childPolicy ?? d.defaultChildPolicy;
  if (childPolicy === undefined) return { missing: "childPolicy" };
  const lambdaRole = s.lambdaRole ?? d.defaultLambdaRole;
  return {
    taskList,
    taskPriority: String(Number(s.taskPriority ?? d.defaultTaskPriority ?? "0")),
    executionStartToCloseTimeout,
    taskStartToCloseTimeout,
    childPolicy,
    ...(lambdaRole !== undefined ? { lambdaRole } : {}),
  };
}

/** Run ids look like the service's: opaque base64, so consumers must URL-encode them. */
export const newRunId = () => randomText(33, "base64");

export interface RunOrigin {
  parent?: { run: Run; initiatedEventId: number };
  continuedExecutionRunId?: string;
  /** Chosen up front when the previous run must name it (continue-as-new). */
  runId?: string;
}

/** Creates the run and appends WorkflowExecutionStarted (its decision task follows on flush). */
export function startRun(
  tx: Tx,
  domain: string,
  workflowId: string,
  type: TypeRow,
  config: RunConfig,
  settings: Pick<StartSettings, "input" | "tagList">,
  origin: RunOrigin = {},
): Run {
  const tags = settings.tagList ?? [];
  const row = tx.store.executions.insert(
    {
      domain,
      workflow_id: workflowId,
      run_id: origin.runId ?? newRunId(),
      type_name: type.name,
      type_version: type.version,
      started_at: tx.now,
      tags: JSON.stringify(tags),
      parent_workflow_id: origin.parent?.run.row.workflow_id ?? null,
      parent_run_id: origin.parent?.run.row.run_id ?? null,
      parent_initiated_event_id: origin.parent?.initiatedEventId ?? null,
      config: JSON.stringify(config),
      decision_task_list: config.taskList,
    },
    tags,
  );
  tx.store.openCounts.add(domain, 1);
  const run = tx.adoptNew(row);
  run.append("WorkflowExecutionStarted", {
    input: settings.input,
    executionStartToCloseTimeout: config.executionStartToCloseTimeout,
    taskStartToCloseTimeout: config.taskStartToCloseTimeout,
    childPolicy: config.childPolicy,
    taskList: { name: config.taskList },
    ...(config.taskPriority !== "0" ? { taskPriority: config.taskPriority } : {}),
    workflowType: { name: type.name, version: type.version },
    tagList: tags.length ? tags : undefined,
    lambdaRole: config.lambdaRole,
    continuedExecutionRunId: origin.continuedExecutionRunId,
    ...(origin.parent
      ? {
          parentWorkflowExecution: origin.parent.run.execution,
          parentInitiatedEventId: origin.parent.initiatedEventId,
        }
      : {}),
  });
  run.addDeadline("EXECUTION_START_TO_CLOSE", config.executionStartToCloseTimeout);
  return run;
}
