// Which failed attempts of a console read are not repeated (lib/swf/read-retries.ts): those that
// already waited a whole timeout. The messages are the SDK's HTTP handler's own.
import { describe, expect, it } from "vitest";
import { isRequestTimeout } from "@/lib/swf/read-retries";

const timeout = (message: string) => Object.assign(new Error(message), { name: "TimeoutError" });

describe("isRequestTimeout", () => {
  it("is true for a request that got no answer, and for a connection that never opened", () => {
    expect(isRequestTimeout(timeout("Connection timed out after 10000 ms"))).toBe(true);
    expect(
      isRequestTimeout(
        timeout(
          "@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.",
        ),
      ),
    ).toBe(true);
  });

  it("is false for a reset connection, which the handler also names TimeoutError", () => {
    expect(isRequestTimeout(timeout("socket hang up"))).toBe(false);
    expect(isRequestTimeout(new Error("Connection timed out after 10000 ms"))).toBe(false);
  });
});
