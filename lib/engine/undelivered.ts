/**
 * A poll answer that never reached its client (the connection closed before the answer was
 * written) must not strand the task it carried until its start-to-close timeout, which may be
 * hours away. The task was started when it was claimed and its started event is history, so it
 * cannot be un-started: its start-to-close clock runs out at once instead, exactly as if the
 * worker had died holding it. A decision task is then scheduled again; an activity's decider
 * learns of the timeout and decides what to do.
 */
import { fireDeadline } from "./core/timeouts";
import type { Engine } from "./engine";
import { decodeTaskToken } from "./tokens";

export function releaseUndelivered(engine: Engine, kind: "d" | "a", taskToken: string): void {
  const token = decodeTaskToken(taskToken, kind);
  const now = engine.clock.now();
  engine.transact((tx) => {
    const run = tx.run(token.executionId);
    if (!run?.isOpen) return;
    const ref = token.scheduledEventId;
    if (token.kind === "d") {
      const { row } = run;
      if (row.dt_started_scheduled_id !== ref || row.dt_nonce !== token.nonce) return;
      fireDeadline(tx, { kind: "DECISION_START_TO_CLOSE", execution_id: run.id, ref, due_at: now });
    } else {
      const task = tx.store.activities.byEvent(run.id, ref);
      if (!task || task.nonce !== token.nonce) return;
      fireDeadline(tx, { kind: "ACTIVITY_START_TO_CLOSE", execution_id: run.id, ref, due_at: now });
    }
  });
}
