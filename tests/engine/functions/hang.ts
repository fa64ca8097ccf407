/**
 * Test function: counts its invocations and answers only when the test releases it (see
 * functions-harness.ts), so a test can hold an invocation in flight.
 */
import { hangState } from "../functions-harness";

export async function handler(event: unknown) {
  const state = hangState();
  state.calls++;
  state.notify();
  await new Promise<void>((release) => state.waiting.push(release));
  return { late: true, event };
}
