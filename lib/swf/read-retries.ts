/**
 * Retries for the console's reads: as the SDK's own strategy (up to 3 attempts, throttling, 5xx
 * and dropped connections tried again after a short back-off), except that an attempt that timed
 * out is not repeated. Someone waits on a page behind each read: an SWF that let one attempt run
 * out its whole timeout (CONSOLE_SWF_TIMEOUT_SECONDS) is hung or overwhelmed, and two more would
 * keep the page spinning three times as long before it shows the fault. The page's next refresh
 * is the retry. (State-changing calls have their own strategy: write-retries.ts.)
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";
import { backoffDelay } from "./backoff";

/** Attempts in all, the SDK's default. */
const MAX_ATTEMPTS = 3;

const token = (retries: number, delayMs: number): RetryToken => ({
  getRetryCount: () => retries,
  getRetryDelay: () => delayMs,
});

/**
 * True for an attempt the HTTP handler gave up on for want of an answer (its request or socket
 * timeout, or a connection that never opened within its connection timeout), not for a reset
 * connection, which the handler names TimeoutError as well.
 */
export function isRequestTimeout(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return (
    e?.name === "TimeoutError" &&
    /requestTimeout|timed out|did not establish a connection/i.test(e.message ?? "")
  );
}

export function readRetries(maxAttempts = MAX_ATTEMPTS): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
      const retries = previous.getRetryCount() + 1;
      // Refusing a token makes the SDK throw the call's own error.
      if (
        info.errorType === "CLIENT_ERROR" ||
        isRequestTimeout(info.error) ||
        retries >= maxAttempts
      )
        throw new Error("not retried");
      const initialMs = info.errorType === "THROTTLING" ? 500 : 100;
      return token(retries, backoffDelay(retries, { initialMs, maxMs: 5_000 }));
    },
    recordSuccess: () => {},
  };
}
