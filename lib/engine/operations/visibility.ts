import type { EngineContext } from "../context";
import { executionInfo } from "../core/shape";
import type { Input } from "../schemas";
import type { ExecutionQuery } from "../store";
import { requireDomain } from "./domains";
import { pageOf, pageSize } from "./paging";

interface TimeFilter {
  oldestDate: number;
  latestDate?: number;
}

interface VisibilityInput {
  domain: string;
  startTimeFilter?: TimeFilter;
  closeTimeFilter?: TimeFilter;
  executionFilter?: { workflowId: string };
  typeFilter?: { name: string; version?: string };
  tagFilter?: { tag: string };
  closeStatusFilter?: { status: string };
}

/** The schema has already enforced SWF's exclusivity rules; this maps the filters to a query. */
function toQuery(input: VisibilityInput, open: boolean): ExecutionQuery {
  const byClose = !open && input.closeTimeFilter !== undefined;
  const time = (byClose ? input.closeTimeFilter : input.startTimeFilter)!;
  return {
    domain: input.domain,
    open,
    timeField: byClose ? "closed_at" : "started_at",
    oldest: time.oldestDate,
    latest: time.latestDate,
    workflowId: input.executionFilter?.workflowId,
    typeName: input.typeFilter?.name,
    typeVersion: input.typeFilter?.version,
    tag: input.tagFilter?.tag,
    closeStatus: input.closeStatusFilter?.status,
  };
}

function list(
  engine: EngineContext,
  input: VisibilityInput & {
    nextPageToken?: string;
    maximumPageSize?: number;
    reverseOrder?: boolean;
  },
  open: boolean,
) {
  requireDomain(engine, input.domain);
  const query = toQuery(input, open);
  const reverse = input.reverseOrder ?? false;
  const scope = `executions|${JSON.stringify(query)}|${reverse}`;
  const after = input.nextPageToken
    ? engine.pageTokens.decode<[number, number]>(scope, input.nextPageToken)
    : undefined;
  const rows = engine.store.executions.list(
    query,
    after,
    reverse,
    pageSize(input.maximumPageSize) + 1,
  );
  const page = pageOf(rows, input.maximumPageSize);
  const key = (r: (typeof rows)[number]) => [
    query.timeField === "closed_at" ? r.closed_at! : r.started_at,
    r.id,
  ];
  return {
    executionInfos: page.items.map(executionInfo),
    ...(page.last ? { nextPageToken: engine.pageTokens.encode(scope, key(page.last)) } : {}),
  };
}

function count(engine: EngineContext, input: VisibilityInput, open: boolean) {
  requireDomain(engine, input.domain);
  return { count: engine.store.executions.count(toQuery(input, open)), truncated: false };
}

export const ListOpenWorkflowExecutions = (
  e: EngineContext,
  i: Input<"ListOpenWorkflowExecutions">,
) => list(e, i, true);
export const ListClosedWorkflowExecutions = (
  e: EngineContext,
  i: Input<"ListClosedWorkflowExecutions">,
) => list(e, i, false);
export const CountOpenWorkflowExecutions = (
  e: EngineContext,
  i: Input<"CountOpenWorkflowExecutions">,
) => count(e, i, true);
export const CountClosedWorkflowExecutions = (
  e: EngineContext,
  i: Input<"CountClosedWorkflowExecutions">,
) => count(e, i, false);
