import type { Decision } from "@aws-sdk/client-swf";

/** `decide`'s answer: the decisions, optionally with an `executionContext` to store. */
export type DecisionResult = Decision[] | { decisions: Decision[]; executionContext?: string };

const EXPECTED = "decide must return an array of decisions, or { decisions, executionContext? }";

/** A short, readable name for what `decide` gave instead (values are never printed whole). */
function whatItIs(value: unknown, anObject = "an object"): string {
  if (value === undefined) return "undefined (a missing return?)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return anObject;
  return `a ${typeof value}`;
}

/**
 * Reads what `decide` returned, which plain JavaScript deciders do not type-check. Anything but
 * the two documented shapes throws a TypeError that says what decide must return, so that the
 * decider's failure path (fail the workflow, or leave the task) reports the developer's mistake,
 * instead of a destructuring error, a serializer error from inside the AWS SDK, or an answer the
 * SDK quietly sends without the items that are no decisions (the run then waits for ever).
 */
export function readDecisionResult(result: unknown): {
  decisions: Decision[];
  executionContext?: string;
} {
  const answer = Array.isArray(result) ? { decisions: result } : result;
  const decisions = (answer as { decisions?: unknown } | null | undefined)?.decisions;
  if (!Array.isArray(decisions))
    throw new TypeError(
      `decide returned ${whatItIs(result, "an object without a decisions array")}: ${EXPECTED}`,
    );
  decisions.forEach((decision: unknown, i) => {
    const type = (decision as { decisionType?: unknown } | null | undefined)?.decisionType;
    if (typeof type !== "string")
      throw new TypeError(
        `decide returned a list whose item ${i} is ${whatItIs(decision, "an object without a decisionType")}, not a decision: build decisions with the helpers (scheduleActivity, completeWorkflow, …)`,
      );
  });
  const { executionContext } = answer as { executionContext?: unknown };
  if (executionContext !== undefined && typeof executionContext !== "string")
    throw new TypeError(
      `decide returned an executionContext that is ${whatItIs(executionContext)}: it must be a string (JSON.stringify it)`,
    );
  return { decisions: decisions as Decision[], executionContext };
}
