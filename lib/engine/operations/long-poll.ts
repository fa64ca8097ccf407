import type { EngineContext } from "../context";
import { LimitExceededFault } from "../faults";

/**
 * Claims a task now, or waits until one arrives on the queue or the poll times out.
 * `claim` runs in its own transaction, so a woken poller that lost a race simply waits again.
 */
export async function longPoll<T>(
  engine: EngineContext,
  key: string,
  signal: AbortSignal,
  claim: () => T | undefined,
) {
  const limit = engine.settings.maxPollersPerTaskList;
  if (engine.dispatcher.waiting(key) >= limit) {
    throw LimitExceededFault(`More than ${limit} pollers are waiting on this task list`);
  }
  const deadline = Date.now() + engine.settings.pollTimeoutMs;
  for (;;) {
    if (signal.aborted) return undefined;
    const task = claim();
    if (task !== undefined) return task;
    const woken = await engine.dispatcher.wait(key, deadline - Date.now(), signal);
    if (!woken) return undefined;
    // A poller whose client left after it was woken hands the wake-up to the next one.
    if (signal.aborted) return void engine.dispatcher.notify(key);
  }
}
