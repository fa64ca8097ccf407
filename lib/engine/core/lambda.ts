import type { Run, Tx } from "./run";

/** ScheduleLambdaFunction's attributes, as validated. */
export interface LambdaSchedule {
  id: string;
  name: string;
  control?: string;
  input?: string;
  startToCloseTimeout?: string;
}

/** How long the engine waits for a function when the decider does not say (SWF's maximum). */
export const DEFAULT_LAMBDA_START_TO_CLOSE = "900";

/** What came back from one invocation. */
export type LambdaOutcome =
  { kind: "completed"; result: string } | { kind: "failed"; reason: string; details?: string };

/**
 * A ScheduleLambdaFunction decision: LambdaFunctionScheduled, or ScheduleLambdaFunctionFailed
 * when Lambda is unavailable, the id is open or the run has too many open functions. Starting
 * it (LambdaFunctionStarted, or StartLambdaFunctionFailed without a Lambda role) is one of the
 * effects that follow the decisions, in `later`.
 */
export function scheduleLambda(
  run: Run,
  a: LambdaSchedule,
  decisionTaskCompletedEventId: number,
  later: (() => void)[],
) {
  const { store, settings } = run.tx;
  const fail = (cause: string) =>
    void run.append("ScheduleLambdaFunctionFailed", {
      id: a.id,
      name: a.name,
      cause,
      decisionTaskCompletedEventId,
    });
  if (!settings.lambdaEndpoint) return fail("LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION");
  if (store.lambdas.byLambdaId(run.id, a.id)) return fail("ID_ALREADY_IN_USE");
  if (store.lambdas.countOpen(run.id) >= settings.maxOpenLambdaFunctions)
    return fail("OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED");

  const startToCloseTimeout = a.startToCloseTimeout || DEFAULT_LAMBDA_START_TO_CLOSE;
  const scheduledEventId = run.append("LambdaFunctionScheduled", {
    id: a.id,
    name: a.name,
    control: a.control,
    input: a.input,
    startToCloseTimeout,
    decisionTaskCompletedEventId,
  });
  store.lambdas.insert(run.id, scheduledEventId, a.id);
  later.push(() => startLambda(run, scheduledEventId, a, startToCloseTimeout));
}

function startLambda(run: Run, scheduledEventId: number, a: LambdaSchedule, timeout: string) {
  if (!run.isOpen) return;
  const { tx } = run;
  if (!run.config.lambdaRole) {
    tx.store.lambdas.remove(run.id, scheduledEventId);
    return void run.append("StartLambdaFunctionFailed", {
      scheduledEventId,
      cause: "ASSUME_ROLE_FAILED",
      message:
        "The workflow execution has no Lambda role: give lambdaRole when starting it, or register the workflow type with a defaultLambdaRole",
    });
  }
  const startedEventId = run.append("LambdaFunctionStarted", { scheduledEventId });
  tx.store.lambdas.markStarted(run.id, scheduledEventId, startedEventId);
  // The deadline is durable: a function in flight when the engine stops is never invoked
  // again; after a restart it times out like any function that did not answer in time.
  const deadline = tx.now + Number(timeout) * 1000;
  tx.addDeadline("LAMBDA_START_TO_CLOSE", deadline, run.id, scheduledEventId);
  tx.invocations.push({
    executionId: run.id,
    scheduledEventId,
    name: a.name,
    input: a.input,
    deadline,
  });
}

/**
 * Records what an invocation answered. An answer for a function that is no longer open (it
 * timed out, or its run closed) is ignored: false.
 */
export function finishLambda(
  tx: Tx,
  executionId: number,
  scheduledEventId: number,
  outcome: LambdaOutcome,
): boolean {
  const run = tx.run(executionId);
  const task = run?.isOpen ? tx.store.lambdas.byEvent(executionId, scheduledEventId) : undefined;
  if (!run || !task || task.started_event_id === 0) return false;
  tx.store.lambdas.remove(executionId, scheduledEventId);
  tx.store.deadlines.removeRef(executionId, scheduledEventId);
  const ids = { scheduledEventId, startedEventId: task.started_event_id };
  if (outcome.kind === "completed")
    run.append("LambdaFunctionCompleted", { ...ids, result: outcome.result });
  else
    run.append("LambdaFunctionFailed", {
      ...ids,
      reason: outcome.reason,
      details: outcome.details,
    });
  return true;
}

/** The function did not answer within its start-to-close timeout. */
export function timeOutLambda(run: Run, scheduledEventId: number, timestamp: number) {
  const { store } = run.tx;
  const task = store.lambdas.byEvent(run.id, scheduledEventId);
  if (!task) return;
  store.lambdas.remove(run.id, scheduledEventId);
  run.append(
    "LambdaFunctionTimedOut",
    { scheduledEventId, startedEventId: task.started_event_id, timeoutType: "START_TO_CLOSE" },
    timestamp,
  );
}
