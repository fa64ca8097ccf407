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
    .object({ status: z.enum(["COMPLETED", "FAILED", "CANCELED", "TERMINATED", "CONTINUED_AS_NEW", "TIMED_OUT"]) })
    .optional(),
};

interface ActionSpec {
  role: Role;
  input: z.ZodType<object>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  command: new (input: any) => any;
}

const read = (input: z.ZodType<object>, command: ActionSpec["command"]): ActionSpec => ({ role: "viewer", input, command });

export const ACTIONS = {
  ListDomains: read(z.object({ registrationStatus, ...page }), swf.ListDomainsCommand),
  DescribeDomain: read(z.object({ name }), swf.DescribeDomainCommand),
  ListTagsForResource: read(z.object({ resourceArn: z.string().min(1).max(1600) }), swf.ListTagsForResourceCommand),
  ListWorkflowTypes: read(
    z.object({ domain: name, registrationStatus, name: name.optional(), ...page }),
    swf.ListWorkflowTypesCommand,
  ),
  ListActivityTypes: read(
    z.object({ domain: name, registrationStatus, name: name.optional(), ...page }),
    swf.ListActivityTypesCommand,
  ),
  DescribeWorkflowType: read(z.object({ domain: name, workflowType: typeRef }), swf.DescribeWorkflowTypeCommand),
  DescribeActivityType: read(z.object({ domain: name, activityType: typeRef }), swf.DescribeActivityTypeCommand),
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
  CountClosedWorkflowExecutions: read(z.object({ domain: name, ...closedFilters }), swf.CountClosedWorkflowExecutionsCommand),
  DescribeWorkflowExecution: read(z.object({ domain: name, execution }), swf.DescribeWorkflowExecutionCommand),
  GetWorkflowExecutionHistory: read(
    z.object({ domain: name, execution, ...page }),
    swf.GetWorkflowExecutionHistoryCommand,
  ),
  CountPendingDecisionTasks: read(z.object({ domain: name, taskList: z.object({ name }) }), swf.CountPendingDecisionTasksCommand),
  CountPendingActivityTasks: read(z.object({ domain: name, taskList: z.object({ name }) }), swf.CountPendingActivityTasksCommand),
} satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;

export function isAction(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}
