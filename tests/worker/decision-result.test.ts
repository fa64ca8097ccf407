import { describe, expect, it } from "vitest";
import { readDecisionResult } from "../../lib/worker/decision-result";
import { completeWorkflow } from "../../lib/worker";

const done = completeWorkflow("done");
const expected = "decide must return an array of decisions, or { decisions, executionContext? }";

describe("readDecisionResult", () => {
  it("takes both documented shapes", () => {
    expect(readDecisionResult([done])).toEqual({ decisions: [done] });
    expect(readDecisionResult([])).toEqual({ decisions: [] });
    expect(readDecisionResult({ decisions: [done], executionContext: "ctx" })).toEqual({
      decisions: [done],
      executionContext: "ctx",
    });
  });

  it.each([
    [undefined, "undefined (a missing return?)"],
    [null, "null"],
    [{}, "an object without a decisions array"],
    [{ decision: [done] }, "an object without a decisions array"],
    [{ decisions: done }, "an object without a decisions array"],
    ["[]", "a string"],
    [3, "a number"],
  ])("names what decide returned instead: %j", (result, what) => {
    expect(() => readDecisionResult(result)).toThrow(
      new TypeError(`decide returned ${what}: ${expected}`),
    );
  });

  it("names the item of the list that is not a decision", () => {
    expect(() => readDecisionResult([done, undefined])).toThrow(
      /^decide returned a list whose item 1 is undefined \(a missing return\?\), not a decision/,
    );
    expect(() =>
      readDecisionResult({ decisions: [{ type: "CompleteWorkflowExecution" }] }),
    ).toThrow(/item 0 is an object without a decisionType, not a decision/);
    expect(() => readDecisionResult(["CompleteWorkflowExecution"])).toThrow(
      /item 0 is a string, not a decision/,
    );
  });

  it("wants executionContext as a string, since SWF stores text", () => {
    expect(() => readDecisionResult({ decisions: [], executionContext: { step: 2 } })).toThrow(
      new TypeError(
        "decide returned an executionContext that is an object: it must be a string (JSON.stringify it)",
      ),
    );
  });
});
