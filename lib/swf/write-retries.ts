/**
 * Retries for calls that change state: only a call SWF refused for throttling is sent again.
 * SWF throttles before it acts, so that retry cannot act twice; after any other failure (a 5xx,
 * a timeout, a reset connection) SWF may already have acted, and the call fails once instead,
 * with its fault. The SDK's own strategy retries all of those, which is right for reads only.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";
import { backoffDelay } from "./backoff";

/** Attempts in all, the SDK's default. */
const MAX_ATTEMPTS = 3;

const token = (retries: number, delayMs: number): RetryToken => ({
  getRetryCount: () => retries,
  getRetryDelay: () => delayMs,
});

export function throttlingRetries(maxAttempts = MAX_ATTEMPTS): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
      const retries = previous.getRetryCount() + 1;
      // Refusing a token makes the SDK throw the call's own error.
      if (info.errorType !== "THROTTLING" || retries >= maxAttempts) throw new Error("not retried");
      return token(retries, backoffDelay(retries, { initialMs: 500, maxMs: 5_000 }));
    },
    recordSuccess: () => {},
  };
}
