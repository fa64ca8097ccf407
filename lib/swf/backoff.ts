/**
 * The one retry back-off of the project (worker poll loops, the console's human-task poller):
 * exponential with "equal jitter" — between half and all of min(max, initial·2^(n−1)) — so that
 * many pollers that failed together do not retry together, yet none retries at once.
 */
export interface BackoffOptions {
  /** First delay after a failure (default 200 ms). */
  initialMs?: number;
  /** Ceiling of the delay (default 30 s). */
  maxMs?: number;
}

/** The delay before retry number `failures` (1 after the first failure). */
export function backoffDelay(
  failures: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 200;
  const max = options.maxMs ?? 30_000;
  // Capped exponent: 2^1024 would be Infinity, and a long outage must not overflow.
  const ceiling = Math.min(max, initial * 2 ** Math.min(Math.max(0, failures - 1), 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
