import type { Caller } from "../auth";
import type { EngineContext } from "../context";
import type { Input, OperationName } from "../schemas";
import * as activityTasks from "./activity-tasks";
import * as decisionTasks from "./decision-tasks";
import * as domains from "./domains";
import * as executions from "./executions";
import * as tags from "./tags";
import * as types from "./types";
import * as visibility from "./visibility";

type Handler<K extends OperationName> = (
  engine: EngineContext,
  input: Input<K>,
  signal: AbortSignal,
  caller?: Caller,
) => unknown;

/** Every SWF action the engine serves, by its X-Amz-Target name. */
export const handlers: { [K in OperationName]: Handler<K> } = {
  RegisterDomain: domains.RegisterDomain,
  DescribeDomain: domains.DescribeDomain,
  ListDomains: domains.ListDomains,
  DeprecateDomain: domains.DeprecateDomain,
  UndeprecateDomain: domains.UndeprecateDomain,
  ...types,
  StartWorkflowExecution: executions.StartWorkflowExecution,
  SignalWorkflowExecution: executions.SignalWorkflowExecution,
  RequestCancelWorkflowExecution: executions.RequestCancelWorkflowExecution,
  TerminateWorkflowExecution: executions.TerminateWorkflowExecution,
  DescribeWorkflowExecution: executions.DescribeWorkflowExecution,
  GetWorkflowExecutionHistory: executions.GetWorkflowExecutionHistory,
  ...visibility,
  PollForDecisionTask: decisionTasks.PollForDecisionTask,
  RespondDecisionTaskCompleted: decisionTasks.RespondDecisionTaskCompleted,
  PollForActivityTask: activityTasks.PollForActivityTask,
  RecordActivityTaskHeartbeat: activityTasks.RecordActivityTaskHeartbeat,
  RespondActivityTaskCompleted: activityTasks.RespondActivityTaskCompleted,
  RespondActivityTaskFailed: activityTasks.RespondActivityTaskFailed,
  RespondActivityTaskCanceled: activityTasks.RespondActivityTaskCanceled,
  CountPendingActivityTasks: activityTasks.CountPendingActivityTasks,
  CountPendingDecisionTasks: activityTasks.CountPendingDecisionTasks,
  ...tags,
};
