import type { ActivityTimeouts, DeadlineRow } from "../store";
import { closeRun } from "./close";
import { timeOutLambda } from "./lambda";
import type { Tx } from "./run";

const ACTIVITY_TIMEOUT_TYPE = {
  ACTIVITY_SCHEDULE_TO_START: "SCHEDULE_TO_START",
  ACTIVITY_SCHEDULE_TO_CLOSE: "SCHEDULE_TO_CLOSE",
  ACTIVITY_START_TO_CLOSE: "START_TO_CLOSE",
  ACTIVITY_HEARTBEAT: "HEARTBEAT",
} as const;

/** Applies one due deadline. Deadlines whose task already ended are dropped without effect. */
export function fireDeadline(tx: Tx, deadline: DeadlineRow): void {
  tx.store.deadlines.remove(deadline.execution_id, deadline.kind, deadline.ref);
  if (deadline.kind === "RETENTION") return purge(tx, deadline.execution_id);

  const run = tx.run(deadline.execution_id);
  if (!run?.isOpen) return;
  const { row } = run;
  // Stamp the event with its deadline, not with when it got processed (late after a restart),
  // but never before the event it follows.
  const stamp = () =>
    Math.max(deadline.due_at, tx.store.events.one(row.id, row.next_event_id - 1)?.ts ?? 0);

  switch (deadline.kind) {
    case "EXECUTION_START_TO_CLOSE":
      return closeRun(
        run,
        "TIMED_OUT",
        "WorkflowExecutionTimedOut",
        { timeoutType: "START_TO_CLOSE", childPolicy: run.config.childPolicy },
        stamp(),
      );

    case "DECISION_START_TO_CLOSE":
      return run.timeOutDecisionTask(deadline.ref, stamp());

    case "DECISION_SCHEDULE_TO_START":
      return run.expireOverrideDecisionTask(deadline.ref, stamp());

    case "LAMBDA_START_TO_CLOSE":
      return timeOutLambda(run, deadline.ref, stamp());

    case "TIMER": {
      const timer = tx.store.timers.byEvent(row.id, deadline.ref);
      if (!timer) return;
      tx.store.timers.remove(row.id, timer.timer_id);
      run.append(
        "TimerFired",
        { timerId: timer.timer_id, startedEventId: timer.started_event_id },
        stamp(),
      );
      return;
    }

    default: {
      const task = tx.store.activities.byEvent(row.id, deadline.ref);
      if (!task) return;
      const started = task.started_event_id !== 0;
      if (deadline.kind === "ACTIVITY_SCHEDULE_TO_START" && started) return;
      tx.store.activities.remove(task.id);
      tx.store.deadlines.removeRef(row.id, task.scheduled_event_id);
      run.append(
        "ActivityTaskTimedOut",
        {
          timeoutType: ACTIVITY_TIMEOUT_TYPE[deadline.kind],
          scheduledEventId: task.scheduled_event_id,
          startedEventId: task.started_event_id,
          details: task.heartbeat_details ?? undefined,
        },
        stamp(),
      );
    }
  }
}

/** Arms the clocks of a freshly scheduled activity task. */
export function armScheduledActivity(
  tx: Tx,
  executionId: number,
  scheduledEventId: number,
  t: ActivityTimeouts,
) {
  const run = tx.adopt(executionId);
  run.addDeadline("ACTIVITY_SCHEDULE_TO_START", t.scheduleToStartTimeout, scheduledEventId);
  // Its whole life is bounded by one year even when every clock is NONE.
  run.addDeadline("ACTIVITY_SCHEDULE_TO_CLOSE", t.scheduleToCloseTimeout, scheduledEventId, true);
}

/** Arms the clocks that start when a worker picks the activity up. */
export function armStartedActivity(
  tx: Tx,
  executionId: number,
  scheduledEventId: number,
  t: ActivityTimeouts,
) {
  const run = tx.adopt(executionId);
  tx.store.deadlines.remove(executionId, "ACTIVITY_SCHEDULE_TO_START", scheduledEventId);
  run.addDeadline("ACTIVITY_START_TO_CLOSE", t.startToCloseTimeout, scheduledEventId);
  run.addDeadline("ACTIVITY_HEARTBEAT", t.heartbeatTimeout, scheduledEventId);
}

/** A heartbeat restarts the heartbeat clock. */
export function resetHeartbeat(
  tx: Tx,
  executionId: number,
  scheduledEventId: number,
  t: ActivityTimeouts,
) {
  tx.adopt(executionId).addDeadline("ACTIVITY_HEARTBEAT", t.heartbeatTimeout, scheduledEventId);
}

function purge(tx: Tx, executionId: number) {
  const row = tx.store.executions.byId(executionId);
  if (!row || row.open) return;
  tx.store.events.removeAll(executionId);
  tx.store.executions.remove(executionId);
}
