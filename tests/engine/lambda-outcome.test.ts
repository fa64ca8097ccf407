/** How one Lambda Invoke answer becomes a Lambda task outcome (lib/engine/lambda.ts). */
import { describe, expect, it } from "vitest";
import { outcomeOf } from "../../lib/engine/lambda";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("a Lambda answer", () => {
  it("without X-Amz-Function-Error completes with the payload as result", () => {
    expect(outcomeOf({ Payload: bytes('{"tax":2}') })).toEqual({
      kind: "completed",
      result: '{"tax":2}',
    });
    expect(outcomeOf({})).toEqual({ kind: "completed", result: "" });
  });

  it("with X-Amz-Function-Error fails: reason the errorType, else the header's value", () => {
    const body = '{"errorType":"RangeError","errorMessage":"too far"}';
    expect(outcomeOf({ FunctionError: "Unhandled", Payload: bytes(body) })).toEqual({
      kind: "failed",
      reason: "RangeError",
      details: body,
    });
    expect(outcomeOf({ FunctionError: "Handled", Payload: bytes("not json") })).toEqual({
      kind: "failed",
      reason: "Handled",
      details: "not json",
    });
  });

  it("keeps reason and details within SWF's limits, and refuses a result beyond 32,768 characters", () => {
    const long = `{"errorType":"${"E".repeat(300)}","pad":"${"x".repeat(40_000)}"}`;
    const failed = outcomeOf({ FunctionError: "Unhandled", Payload: bytes(long) });
    expect(failed.kind === "failed" && failed.reason.length).toBe(256);
    expect(failed.kind === "failed" && failed.details?.length).toBe(32_768);
    const big = outcomeOf({ Payload: bytes(`"${"x".repeat(32_767)}"`) });
    expect(big).toMatchObject({ kind: "failed", reason: "ResultTooLarge" });
    expect(outcomeOf({ Payload: bytes(`"${"x".repeat(32_766)}"`) }).kind).toBe("completed");
  });
});
