import * as swf from "@aws-sdk/client-swf";
import { z } from "zod";

/**
 * The allow-list of SWF actions the browser may ask for through `/api/swf/<Action>`, each with
 * the schema its input must satisfy and the least role that may call it. Anything not listed
 * here is refused, so the console can never become an open proxy to SWF.
 */
export type Role = "viewer" | "approver" | "operator" | "admin";

const name = z.string().min(1).max(256);
const page = {
  nextPageToken: z.string().max(2048).optional(),
  maximumPageSize: z.number().int().min(0).max(1000).optional(),
  reverseOrder: z.boolean().optional(),
};
const registrationStatus = z.enum(["REGISTERED", "DEPRECATED"]);
const typeRef = z.object({ name, version: z.string().min(1).max(64) });
const execution = z.object({ workflowId: name, runId: z.string().min(1).max(64) });
/** The browser sends ISO strings or epoch milliseconds; the SDK wants Dates. */
const date = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) ctx.addIssue({ code: "custom", message: "not a date" });
  return d;
});
const timeFilter = z.object({ oldestDate: date, latestDate: date.optional() });
const filters = {
  executionFilter: z.object({ workflowId: name }).optional(),
  typeFilter: z.object({ name, version: z.string().min(1).max(64).optional() }).optional(),
  tagFilter: z.object({ tag: z.string().max(256) }).optional(),
};
const closedFilters = {
  ...filters,
  startTimeFilter: timeFilter.optional(),
  closeTimeFilter: timeFilter.optional(),
  closeStatusFilter: z
    .object({
      status: z.enum([
        "COMPLETED",
        "FAILED",
        "CANCELED",
        "TERMINATED",
        "CONTINUED_AS_NEW",
        "TIMED_OUT",
      ]),
    })
    .optional(),
};

/**
 * Rules of SWF names (domain, type name/version, task list, workflowId): no `:`, `/`, `|`, no
 * control characters, not the literal `arn`.
 */
export function breaksNamingRule(value: string): boolean {
  if (value === "arn") return true;
  return /[:/|\u0000-\u001f\u007f-\u009f]/.test(value);
}
const swfName = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine(
      (v) => !breaksNamingRule(v),
      "must not contain ':', '/', '|' or control characters, nor be 'arn'",
    );
const strictName = swfName(256);
const version = swfName(64);
const optionalRunId = z.string().max(64).optional();
/** input, result, details: at most 32,768 characters. */
const data = z.string().max(32_768);
const TAG = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const tag = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(TAG, "may contain only letters, digits, spaces and _ . : / = + - @");
const MAX_SECONDS = 31_536_000;
/** Durations are strings of whole seconds (0–31,536,000); `NONE` only where SWF allows it. */
const duration = (allowNone: boolean) =>
  z
    .string()
    .max(8)
    .refine(
      (v) => (allowNone && v === "NONE") || (/^[0-9]+$/.test(v) && Number(v) <= MAX_SECONDS),
      allowNone
        ? `must be NONE or whole seconds 0–${MAX_SECONDS}`
        : `must be whole seconds 0–${MAX_SECONDS}`,
    );
const priority = z
  .string()
  .regex(/^[+-]?[0-9]{1,10}$/, "must be an integer")
  .refine((v) => Number(v) >= -(2 ** 31) && Number(v) < 2 ** 31, "must be a 32-bit integer");
const childPolicy = z.enum(["TERMINATE", "REQUEST_CANCEL", "ABANDON"]);
const taskList = z.strictObject({ name: strictName });
const strictType = z.strictObject({ name: strictName, version });
const description = z.string().max(1024);

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
  DescribeDomain: read(z.object({ name }), swf.DescribeDomainCommand),
  ListTagsForResource: read(
    z.object({ resourceArn: z.string().min(1).max(1600) }),
    swf.ListTagsForResourceCommand,
  ),
  ListWorkflowTypes: read(
    z.object({ domain: name, registrationStatus, name: name.optional(), ...page }),
    swf.ListWorkflowTypesCommand,
  ),
  ListActivityTypes: read(
    z.object({ domain: name, registrationStatus, name: name.optional(), ...page }),
    swf.ListActivityTypesCommand,
  ),
  DescribeWorkflowType: read(
    z.object({ domain: name, workflowType: typeRef }),
    swf.DescribeWorkflowTypeCommand,
  ),
  DescribeActivityType: read(
    z.object({ domain: name, activityType: typeRef }),
    swf.DescribeActivityTypeCommand,
  ),
  ListOpenWorkflowExecutions: read(
    z.object({ domain: name, startTimeFilter: timeFilter, ...filters, ...page }),
    swf.ListOpenWorkflowExecutionsCommand,
  ),
  ListClosedWorkflowExecutions: read(
    z.object({ domain: name, ...closedFilters, ...page }),
    swf.ListClosedWorkflowExecutionsCommand,
  ),
  CountOpenWorkflowExecutions: read(
    z.object({ domain: name, startTimeFilter: timeFilter, ...filters }),
    swf.CountOpenWorkflowExecutionsCommand,
  ),
  CountClosedWorkflowExecutions: read(
    z.object({ domain: name, ...closedFilters }),
    swf.CountClosedWorkflowExecutionsCommand,
  ),
  DescribeWorkflowExecution: read(
    z.object({ domain: name, execution }),
    swf.DescribeWorkflowExecutionCommand,
  ),
  GetWorkflowExecutionHistory: read(
    z.object({ domain: name, execution, ...page }),
    swf.GetWorkflowExecutionHistoryCommand,
  ),
  CountPendingDecisionTasks: read(
    z.object({ domain: name, taskList: z.object({ name }) }),
    swf.CountPendingDecisionTasksCommand,
  ),
  CountPendingActivityTasks: read(
    z.object({ domain: name, taskList: z.object({ name }) }),
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
      tagList: z.array(tag(256)).max(5, "at most 5 tags").optional(),
      taskStartToCloseTimeout: duration(true).optional(),
      childPolicy: childPolicy.optional(),
      lambdaRole: z.string().min(1).max(1600).optional(),
    }),
    swf.StartWorkflowExecutionCommand,
  ),
  SignalWorkflowExecution: write(
    "operator",
    z.strictObject({
      domain: strictName,
      workflowId: strictName,
      runId: optionalRunId,
      signalName: z.string().min(1).max(256),
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
      reason: z.string().max(256).optional(),
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
      workflowExecutionRetentionPeriodInDays: z
        .string()
        .refine(
          (v) => v === "NONE" || (/^[0-9]{1,2}$/.test(v) && Number(v) <= 90),
          "must be NONE or 0–90 days",
        ),
      tags: z
        .array(z.strictObject({ key: tag(128, 1), value: tag(256).optional() }))
        .max(50, "at most 50 tags")
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
      defaultLambdaRole: z.string().min(1).max(1600).optional(),
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
