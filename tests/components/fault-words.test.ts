import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/api/client";
import { faultCode, faultWords, isNotFound } from "@/components/ui/fault-words";

describe("fault words", () => {
  it("say what happened in words and keep the raw code apart", () => {
    const e = new ApiError("WorkflowExecutionAlreadyStartedFault", "Already Started", 400);
    expect(faultWords(e)).toMatch(/already open/);
    expect(faultCode(e)).toBe("WorkflowExecutionAlreadyStartedFault");
  });

  it("a timed-out change may have happened: the words say to look first", () => {
    const e = new ApiError("TimeoutError", "SWF did not answer within 10 s", 504);
    expect(faultWords(e)).toMatch(/did not answer in time.*may still have happened/);
  });

  it("fall back on the HTTP status, then on a generic sentence", () => {
    expect(faultWords(new ApiError("SomethingNew", "x", 403))).toBe(
      "Your role does not allow this.",
    );
    expect(faultWords(new Error("boom"))).toBe("Something went wrong.");
    expect(faultCode(new Error("boom"))).toBeUndefined();
  });

  it("recognise not-found answers", () => {
    expect(isNotFound(new ApiError("UnknownResourceFault", "Unknown domain", 404))).toBe(true);
    expect(isNotFound(new ApiError("ValidationException", "bad", 400))).toBe(false);
  });
});
