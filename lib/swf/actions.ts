import * as swf from "@aws-sdk/client-swf";
import { z } from "zod";
import {
  LIMITS,
  arn,
  childPolicy,
  closeStatus,
  description,
  duration,
  name as strictName,
  payload as data,
  priority,
  reason,
  registrationStatus,
  resourceTag,
  retentionDays,
  runId,
  signalName,
  tagList,
  taskList,
  workflowType as strictType,
  version,
} from "./model";

/**
 * The allow-list of SWF actions the browser may ask for through `/api/swf/<Action>`, each with
 * the schema its input must satisfy and the least role that may call it. Anything not listed
 * here is refused, so the console can never become an open proxy to SWF.
 */
/** Kept here too: the console's configuration checks task-list names with it. */
export { breaksNamingRule } from "./model";

export type Role = "viewer" | "approver" | "operator" | "admin";

const lookupName = z.string().min(1).max(LIMITS.name);
const lookupVersion = z.string().min(1).max(LIMITS.version);
const page = {
  nextPageToken: z.string().max(LIMITS.pageToken).optional(),
  maximumPageSize: z.number().int().min(0).max(LIMITS.pageSize).optional(),
  reverseOrder: z.boolean().optional(),
};
const typeRef = z.object({ name: lookupName, version: lookupVersion });
const execution = z.object({ workflowId: lookupName, runId });
/** The browser sends ISO strings or epoch milliseconds; the SDK wants Dates. */
const date = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) ctx.addIssue({ code: "custom", message: "not a date" });
  return d;
});
const timeFilter = z.object({ oldestDate: date, latestDate: date.optional() });
const filters = {
  executionFilter: z.object({ workflowId: lookupName }).optional(),
  typeFilter: z.object({ name: lookupName, version: lookupVersion.optional() }).optional(),
  tagFilter: z.object({ tag: z.string().max(LIMITS.executionTag) }).optional(),
};
const closedFilters = {
  ...filters,
  startTimeFilter: timeFilter.optional(),
  closeTimeFilter: timeFilter.optional(),
  closeStatusFilter: z.object({ status: closeStatus }).optional(),
};
const optionalRunId = z.string().max(LIMITS.runId).optional();

export interface ActionSpec {
  role: Role;
  /** Changes state in SWF: needs a same-origin request and leaves an audit entry. */
  mutating: boolean;
  input: z.ZodType<object>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  command: new (input: any) => any;
}

const read = (input: z.ZodType<object>, command: ActionSpec["command"]): ActionSpec => ({
  role: "viewer",
  mutating: false,
  input,
  command,
});
const write = (
  role: Role,
  input: z.ZodType<object>,
  command: ActionSpec["command"],
): ActionSpec => ({
  role,
  mutating: true,
  input,
  command,
});
const domainTypeRef = (key: "workflowType" | "activityType") =>
  z.strictObject({ domain: strictName, [key]: strictType });
export const ACTIONS = {
  ListDomains: read(z.object({ registrationStatus, ...page }), swf.ListDomainsCommand),
  DescribeDomain: read(z.object({ name: lookupName }), swf.DescribeDomainCommand),
  ListTagsForResource: read(z.object({ resourceArn: arn }), swf.ListTagsForResourceCommand),
  ListWorkflowTypes: read(
    z.object({ domain: lookupName, registrationStatus, name: lookupName.optional(), ...page }),
    swf.ListWorkflowTypesCommand,
  ),
  ListActivityTypes: read(
    z.object({ domain: lookupName, registrationStatus, name: lookupName.optional(), ...page }),
    swf.ListActivityTypesCommand,
  ),
  DescribeWorkflowType: read(
    z.object({ domain: lookupName, workflowType: typeRef }),
    swf.DescribeWorkflowTypeCommand,
  ),
  DescribeActivityType: read(
    z.object({ domain: lookupName, activityType: typeRef }),
    swf.DescribeActivityTypeCommand,
  ),
  ListOpenWorkflowExecutions: read(
    z.object({ domain: lookupName, startTimeFilter: timeFilter, ...filters, ...page }),
    swf.ListOpenWorkflowExecutionsCommand,
  ),
  ListClosedWorkflowExecutions: read(
    z.object({ domain: lookupName, ...closedFilters, ...page }),
    swf.ListClosedWorkflowExecutionsCommand,
  ),
  CountOpenWorkflowExecutions: read(
    z.object({ domain: lookupName, startTimeFilter: timeFilter, ...filters }),
    swf.CountOpenWorkflowExecutionsCommand,
  ),
  CountClosedWorkflowExecutions: read(
    z.object({ domain: lookupName, ...closedFilters }),
    swf.CountClosedWorkflowExecutionsCommand,
  ),
  DescribeWorkflowExecution: read(
    z.object({ domain: lookupName, execution }),
    swf.DescribeWorkflowExecutionCommand,
  ),
  GetWorkflowExecutionHistory: read(
    z.object({ domain: lookupName, execution, ...page }),
    swf.GetWorkflowExecutionHistoryCommand,
  ),
  CountPendingDecisionTasks: read(
    z.object({ domain: lookupName, taskList: z.object({ name: lookupName }) }),
    swf.CountPendingDecisionTasksCommand,
  ),
  CountPendingActivityTasks: read(
    z.object({ domain: lookupName, taskList: z.object({ name: lookupName }) }),
    swf.CountPendingActivityTasksCommand,
  ),

  // Execution control: operators.
  StartWorkflowExecution: write(
    "operator",
    z.strictObject({
      domain: strictName,
      workflowId: strictName,
      workflowType: strictType,
      taskList: taskList.optional(),
      taskPriority: priority.optional(),
      input: data.optional(),
      executionStartToCloseTimeout: duration(false).optional(),
      tagList: tagList.optional(),
      taskStartToCloseTimeout: duration(true).optional(),
      childPolicy: childPolicy.optional(),
      lambdaRole: arn.optional(),
    }),
    swf.StartWorkflowExecutionCommand,
  ),
  SignalWorkflowExecution: write(
    "operator",
    z.strictObject({
      domain: strictName,
      workflowId: strictName,
      runId: optionalRunId,
      signalName,
      input: data.optional(),
    }),
    swf.SignalWorkflowExecutionCommand,
  ),
  RequestCancelWorkflowExecution: write(
    "operator",
    z.strictObject({ domain: strictName, workflowId: strictName, runId: optionalRunId }),
    swf.RequestCancelWorkflowExecutionCommand,
  ),
  TerminateWorkflowExecution: write(
    "operator",
    z.strictObject({
      domain: strictName,
      workflowId: strictName,
      runId: optionalRunId,
      reason: reason.optional(),
      details: data.optional(),
      childPolicy: childPolicy.optional(),
    }),
    swf.TerminateWorkflowExecutionCommand,
  ),

  // Registration: admins.
  RegisterDomain: write(
    "admin",
    z.strictObject({
      name: strictName,
      description: description.optional(),
      workflowExecutionRetentionPeriodInDays: retentionDays,
      tags: z
        .array(resourceTag)
        .max(LIMITS.domainTags, `At most ${LIMITS.domainTags} tags`)
        .optional(),
    }),
    swf.RegisterDomainCommand,
  ),
  DeprecateDomain: write("admin", z.strictObject({ name: strictName }), swf.DeprecateDomainCommand),
  UndeprecateDomain: write(
    "admin",
    z.strictObject({ name: strictName }),
    swf.UndeprecateDomainCommand,
  ),
  RegisterWorkflowType: write(
    "admin",
    z.strictObject({
      domain: strictName,
      name: strictName,
      version,
      description: description.optional(),
      defaultTaskStartToCloseTimeout: duration(true).optional(),
      defaultExecutionStartToCloseTimeout: duration(false).optional(),
      defaultTaskList: taskList.optional(),
      defaultTaskPriority: priority.optional(),
      defaultChildPolicy: childPolicy.optional(),
      defaultLambdaRole: arn.optional(),
    }),
    swf.RegisterWorkflowTypeCommand,
  ),
  RegisterActivityType: write(
    "admin",
    z.strictObject({
      domain: strictName,
      name: strictName,
      version,
      description: description.optional(),
      defaultTaskStartToCloseTimeout: duration(true).optional(),
      defaultTaskHeartbeatTimeout: duration(true).optional(),
      defaultTaskList: taskList.optional(),
      defaultTaskPriority: priority.optional(),
      defaultTaskScheduleToStartTimeout: duration(true).optional(),
      defaultTaskScheduleToCloseTimeout: duration(true).optional(),
    }),
    swf.RegisterActivityTypeCommand,
  ),
  DeprecateWorkflowType: write(
    "admin",
    domainTypeRef("workflowType"),
    swf.DeprecateWorkflowTypeCommand,
  ),
  UndeprecateWorkflowType: write(
    "admin",
    domainTypeRef("workflowType"),
    swf.UndeprecateWorkflowTypeCommand,
  ),
  DeprecateActivityType: write(
    "admin",
    domainTypeRef("activityType"),
    swf.DeprecateActivityTypeCommand,
  ),
  UndeprecateActivityType: write(
    "admin",
    domainTypeRef("activityType"),
    swf.UndeprecateActivityTypeCommand,
  ),
} satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;

export function isAction(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}

/** The actions that change state (need operator or admin, a same-origin request, and are audited). */
export const MUTATING_ACTIONS = (Object.keys(ACTIONS) as ActionName[]).filter(
  (a) => ACTIONS[a].mutating,
);
