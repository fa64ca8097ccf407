/**
 * Visibility: List/Count Open/Closed WorkflowExecutions, with their filters and the rules on which
 * filters may be combined (checked once every member is valid).
 */
import { z } from "zod";
import { messageIssue } from "./constraints";
import {
  closeStatus,
  domainName,
  executionTag,
  pageSize,
  pageToken,
  reverseOrder,
  timestamp,
  typeName,
  versionOptional,
  workflowId,
} from "./common";

/** Inclusive range, in epoch milliseconds; no `latestDate` means no upper bound. */
export const executionTimeFilter = z.object({
  oldestDate: timestamp,
  latestDate: timestamp.optional(),
});
export const workflowExecutionFilter = z.object({ workflowId });
/** `version` omitted matches every version. */
export const workflowTypeFilter = z.object({ name: typeName, version: versionOptional.optional() });
export const tagFilter = z.object({ tag: executionTag });
export const closeStatusFilter = z.object({ status: closeStatus });

export const BOTH_TIME_FILTERS = "Cannot specify both a startTimeFilter and a closeTimeFilter";
export const NO_TIME_FILTER = "Must specify at least one of startTimeFilter or closeTimeFilter";
export const EXCLUSIVE_FILTERS = "Cannot specify more than one exclusive filters in the same query";

type Filters = Partial<Record<string, unknown>>;

function checkExclusive(input: Filters, ctx: z.RefinementCtx, keys: readonly string[]) {
  if (keys.filter((k) => input[k] !== undefined).length > 1)
    ctx.addIssue(messageIssue(EXCLUSIVE_FILTERS));
}

const openExclusive = ["executionFilter", "typeFilter", "tagFilter"] as const;
const closedExclusive = [
  "closeStatusFilter",
  "executionFilter",
  "typeFilter",
  "tagFilter",
] as const;

function checkOpen(input: Filters, ctx: z.RefinementCtx) {
  checkExclusive(input, ctx, openExclusive);
}

function checkClosed(input: Filters, ctx: z.RefinementCtx) {
  const start = input.startTimeFilter !== undefined;
  const close = input.closeTimeFilter !== undefined;
  if (start && close) ctx.addIssue(messageIssue(BOTH_TIME_FILTERS));
  else if (!start && !close) ctx.addIssue(messageIssue(NO_TIME_FILTER));
  else checkExclusive(input, ctx, closedExclusive);
}

const paging = {
  nextPageToken: pageToken.optional(),
  maximumPageSize: pageSize.optional(),
  reverseOrder: reverseOrder.optional(),
};

const countOpen = z.object({
  domain: domainName,
  startTimeFilter: executionTimeFilter,
  typeFilter: workflowTypeFilter.optional(),
  tagFilter: tagFilter.optional(),
  executionFilter: workflowExecutionFilter.optional(),
});

const countClosed = z.object({
  domain: domainName,
  startTimeFilter: executionTimeFilter.optional(),
  closeTimeFilter: executionTimeFilter.optional(),
  executionFilter: workflowExecutionFilter.optional(),
  typeFilter: workflowTypeFilter.optional(),
  tagFilter: tagFilter.optional(),
  closeStatusFilter: closeStatusFilter.optional(),
});

export const visibilitySchemas = {
  ListOpenWorkflowExecutions: countOpen.extend(paging).superRefine(checkOpen),
  ListClosedWorkflowExecutions: countClosed.extend(paging).superRefine(checkClosed),
  CountOpenWorkflowExecutions: countOpen.superRefine(checkOpen),
  CountClosedWorkflowExecutions: countClosed.superRefine(checkClosed),
};
