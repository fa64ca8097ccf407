import type { EngineContext } from "../context";
import { armStartedActivity, resetHeartbeat } from "../core/timeouts";
import type { Tx } from "../core/run";
import { Dispatcher } from "../dispatch";
import { UnknownResourceFault } from "../faults";
import type { Input } from "../schemas";
import type { ActivityTimeouts } from "../store";
import { decodeTaskToken, encodeTaskToken, newNonce } from "../tokens";
import { requireDomain } from "./domains";
import { longPoll } from "./long-poll";

function claimActivityTask(
  engine: EngineContext,
  domain: string,
  taskList: string,
  identity?: string,
) {
  return engine.transact((tx) => {
    const task = tx.store.activities.next(domain, taskList);
    if (!task) return undefined;
    const run = tx.adopt(task.execution_id);
    const startedEventId = run.append("ActivityTaskStarted", {
      scheduledEventId: task.scheduled_event_id,
      identity,
    });
    const nonce = newNonce();
    tx.store.activities.markStarted(task.id, startedEventId, nonce);
    armStartedActivity(tx, run.id, task.scheduled_event_id, JSON.parse(task.timeouts));
    return {
      taskToken: encodeTaskToken({
        kind: "a",
        executionId: run.id,
        scheduledEventId: task.scheduled_event_id,
        nonce,
      }),
      activityId: task.activity_id,
      startedEventId,
      workflowExecution: run.execution,
      activityType: { name: task.type_name, version: task.type_version },
      ...(task.input !== null ? { input: task.input } : {}),
    };
  });
}

export async function PollForActivityTask(
  engine: EngineContext,
  input: Input<"PollForActivityTask">,
  signal: AbortSignal,
) {
  requireDomain(engine, input.domain);
  const taskList = input.taskList.name;
  const key = Dispatcher.key("activity", input.domain, taskList);
  const task = await longPoll(engine, key, signal, () =>
    claimActivityTask(engine, input.domain, taskList, input.identity),
  );
  return task ?? { startedEventId: 0 };
}

/** The started activity a token names; a used, stale or closed one is UnknownResourceFault. */
function requireStartedActivity(tx: Tx, taskToken: string) {
  const token = decodeTaskToken(taskToken, "a");
  const run = tx.run(token.executionId);
  const task = run?.isOpen
    ? tx.store.activities.byEvent(run.id, token.scheduledEventId)
    : undefined;
  if (!run || !task || task.started_event_id === 0 || task.nonce !== token.nonce) {
    throw UnknownResourceFault(`Unknown activity, scheduledEventId = ${token.scheduledEventId}`);
  }
  return { run, task };
}

function closeActivity(
  engine: EngineContext,
  taskToken: string,
  eventType: string,
  attributes: Record<string, unknown>,
) {
  engine.transact((tx) => {
    const { run, task } = requireStartedActivity(tx, taskToken);
    tx.store.activities.remove(task.id);
    tx.store.deadlines.removeRef(run.id, task.scheduled_event_id);
    run.append(eventType, {
      ...attributes,
      scheduledEventId: task.scheduled_event_id,
      startedEventId: task.started_event_id,
      ...(eventType === "ActivityTaskCanceled" && task.cancel_requested_event_id !== null
        ? { latestCancelRequestedEventId: task.cancel_requested_event_id }
        : {}),
    });
  });
  return {};
}

export const RespondActivityTaskCompleted = (
  e: EngineContext,
  i: Input<"RespondActivityTaskCompleted">,
) => closeActivity(e, i.taskToken, "ActivityTaskCompleted", { result: i.result });
export const RespondActivityTaskFailed = (
  e: EngineContext,
  i: Input<"RespondActivityTaskFailed">,
) => closeActivity(e, i.taskToken, "ActivityTaskFailed", { reason: i.reason, details: i.details });
export const RespondActivityTaskCanceled = (
  e: EngineContext,
  i: Input<"RespondActivityTaskCanceled">,
) => closeActivity(e, i.taskToken, "ActivityTaskCanceled", { details: i.details });

export function RecordActivityTaskHeartbeat(
  engine: EngineContext,
  input: Input<"RecordActivityTaskHeartbeat">,
) {
  return engine.transact((tx) => {
    const { run, task } = requireStartedActivity(tx, input.taskToken);
    tx.store.activities.setHeartbeat(task.id, input.details ?? null);
    resetHeartbeat(
      tx,
      run.id,
      task.scheduled_event_id,
      JSON.parse(task.timeouts) as ActivityTimeouts,
    );
    return { cancelRequested: task.cancel_requested_event_id !== null };
  });
}

export function CountPendingActivityTasks(
  engine: EngineContext,
  input: Input<"CountPendingActivityTasks">,
) {
  requireDomain(engine, input.domain);
  return {
    count: engine.store.activities.countPending(input.domain, input.taskList.name),
    truncated: false,
  };
}

export function CountPendingDecisionTasks(
  engine: EngineContext,
  input: Input<"CountPendingDecisionTasks">,
) {
  requireDomain(engine, input.domain);
  return {
    count: engine.store.decisionQueue.countPending(input.domain, input.taskList.name),
    truncated: false,
  };
}
