// Which failed reads a view tries again (components/api/retry.ts): once, and only those that
// failed fast; never an SWF fault (an answer) nor a 504 (the console already waited its timeout).
import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/api/client";
import { retryRead } from "@/components/api/retry";

const answered = (status: number) => new ApiError("Fault", "the console answered", status);

describe("retryRead", () => {
  it("retries a dropped request or a fast 5xx once", () => {
    expect(retryRead(0, new TypeError("Failed to fetch"))).toBe(true);
    expect(retryRead(0, answered(503))).toBe(true);
    expect(retryRead(0, answered(502))).toBe(true);
    expect(retryRead(1, answered(503))).toBe(false);
  });

  it("does not retry a timeout: the fault shows after one wait, not two", () => {
    expect(retryRead(0, answered(504))).toBe(false);
  });

  it("does not retry SWF's faults or the console's refusals", () => {
    for (const status of [400, 401, 403, 404, 429])
      expect(retryRead(0, answered(status))).toBe(false);
  });
});
