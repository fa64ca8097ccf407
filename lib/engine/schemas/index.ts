/**
 * Input validation for the 39 SWF operations (API 2012-01-25). The engine calls `parseInput` on
 * every request body before doing anything else; it throws the SwfFault the service would send.
 */
import type { z } from "zod";
import { SerializationException } from "../faults";
import { domainSchemas } from "./domains";
import { issuesToFault } from "./errors";
import { executionSchemas } from "./executions";
import { stripNulls } from "./json";
import { tagSchemas } from "./tags";
import { taskSchemas } from "./tasks";
import { typeSchemas } from "./types";
import { visibilitySchemas } from "./visibility";

export {
  CLOSE_DECISION_TYPES,
  DECISION_TYPES,
  attributesKey,
  decisionSchema,
  type AttributesKey,
  type Decision,
  type DecisionAttributes,
  type DecisionOf,
  type DecisionType,
} from "./decisions";
export { MAX_DURATION_SECONDS } from "./common";

export const OPERATIONS = [
  "RegisterDomain",
  "DescribeDomain",
  "ListDomains",
  "DeprecateDomain",
  "UndeprecateDomain",
  "RegisterWorkflowType",
  "DescribeWorkflowType",
  "ListWorkflowTypes",
  "DeprecateWorkflowType",
  "UndeprecateWorkflowType",
  "DeleteWorkflowType",
  "RegisterActivityType",
  "DescribeActivityType",
  "ListActivityTypes",
  "DeprecateActivityType",
  "UndeprecateActivityType",
  "DeleteActivityType",
  "StartWorkflowExecution",
  "SignalWorkflowExecution",
  "RequestCancelWorkflowExecution",
  "TerminateWorkflowExecution",
  "DescribeWorkflowExecution",
  "GetWorkflowExecutionHistory",
  "ListOpenWorkflowExecutions",
  "ListClosedWorkflowExecutions",
  "CountOpenWorkflowExecutions",
  "CountClosedWorkflowExecutions",
  "PollForDecisionTask",
  "RespondDecisionTaskCompleted",
  "PollForActivityTask",
  "RecordActivityTaskHeartbeat",
  "RespondActivityTaskCompleted",
  "RespondActivityTaskFailed",
  "RespondActivityTaskCanceled",
  "CountPendingActivityTasks",
  "CountPendingDecisionTasks",
  "TagResource",
  "UntagResource",
  "ListTagsForResource",
] as const;

export type OperationName = (typeof OPERATIONS)[number];

export const inputSchemas = {
  ...domainSchemas,
  ...typeSchemas,
  ...executionSchemas,
  ...visibilitySchemas,
  ...taskSchemas,
  ...tagSchemas,
} satisfies { [K in OperationName]: z.ZodType };

// Compile-time guard: no schema for an operation missing from OPERATIONS.
const _noExtraSchemas: Record<Exclude<keyof typeof inputSchemas, OperationName>, never> = {};

export type Input<K extends OperationName> = z.output<(typeof inputSchemas)[K]>;

export function isOperation(name: string): name is OperationName {
  return Object.hasOwn(inputSchemas, name);
}

/**
 * Validates a parsed JSON body (`undefined`, i.e. an empty body, means `{}`). `null` members are
 * absent, unknown members are dropped. Throws SwfFault (ValidationException or
 * SerializationException) on failure.
 */
export function parseInput<K extends OperationName>(op: K, body: unknown): Input<K> {
  if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) {
    throw SerializationException("Unexpected value type for the request body: expected object");
  }
  const input = stripNulls(body ?? {});
  const result = (inputSchemas[op] as z.ZodType).safeParse(input);
  if (!result.success) throw issuesToFault(result.error.issues, input);
  return result.data as Input<K>;
}
