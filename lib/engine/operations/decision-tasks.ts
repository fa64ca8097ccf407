import type { Caller } from "../auth";
import type { Engine } from "../engine";
import { applyDecisions } from "../core/decisions";
import { UnknownResourceFault, ValidationException } from "../faults";
import { Dispatcher } from "../dispatch";
import type { Input } from "../schemas";
import { decodeTaskToken, encodeTaskToken, newNonce } from "../tokens";
import { requireDomain } from "./domains";
import { historyPage } from "./executions";
import { longPoll } from "./long-poll";

interface StartedDecisionTask {
  executionId: number;
  scheduledEventId: number;
  startedEventId: number;
  previousStartedEventId: number;
  nonce: string;
  workflowExecution: { workflowId: string; runId: string };
  workflowType: { name: string; version: string };
}

/** Where the next history page of a handed-out decision task starts. */
interface DecisionPagePosition {
  task: StartedDecisionTask;
  cursor: number;
  firstEventId: number;
  reverse: boolean;
}

function claimDecisionTask(engine: Engine, domain: string, taskList: string, identity?: string) {
  return engine.transact((tx): StartedDecisionTask | undefined => {
    const queued = tx.store.decisionQueue.next(domain, taskList);
    if (!queued) return undefined;
    tx.store.decisionQueue.remove(queued.execution_id);
    const run = tx.adopt(queued.execution_id);
    const { row } = run;
    const scheduledEventId = row.dt_scheduled_id;
    const startedEventId = run.append("DecisionTaskStarted", { scheduledEventId, identity });
    row.dt_scheduled_id = 0;
    row.dt_started_id = startedEventId;
    row.dt_started_scheduled_id = scheduledEventId;
    row.dt_nonce = newNonce();
    run.addDeadline(
      "DECISION_START_TO_CLOSE",
      run.config.taskStartToCloseTimeout,
      scheduledEventId,
      true,
    );
    if (row.dt_override_timeout !== null) {
      tx.store.deadlines.remove(row.id, "DECISION_SCHEDULE_TO_START", scheduledEventId);
    }
    return {
      executionId: row.id,
      scheduledEventId,
      startedEventId,
      previousStartedEventId: row.dt_previous_started_id,
      nonce: row.dt_nonce,
      workflowExecution: run.execution,
      workflowType: run.workflowType,
    };
  });
}

function decisionTaskResponse(
  engine: Engine,
  scope: string,
  position: DecisionPagePosition,
  pageSize?: number,
) {
  const { task } = position;
  const page = historyPage(
    engine,
    task.executionId,
    task.startedEventId,
    position.cursor,
    position.reverse,
    pageSize,
    // Reverse pages walk down to the first event the decider asked for, not to event 1.
    position.firstEventId,
  );
  const { events } = page;
  const more = page.nextCursor !== undefined;
  return {
    taskToken: encodeTaskToken({
      kind: "d",
      executionId: task.executionId,
      scheduledEventId: task.scheduledEventId,
      nonce: task.nonce,
    }),
    startedEventId: task.startedEventId,
    previousStartedEventId: task.previousStartedEventId,
    workflowExecution: task.workflowExecution,
    workflowType: task.workflowType,
    events,
    ...(more
      ? { nextPageToken: engine.pageTokens.encode(scope, { ...position, cursor: page.nextCursor }) }
      : {}),
  };
}

export async function PollForDecisionTask(
  engine: Engine,
  input: Input<"PollForDecisionTask">,
  signal: AbortSignal,
) {
  requireDomain(engine, input.domain);
  const taskList = input.taskList.name;
  const scope = `decision-task|${input.domain}|${taskList}`;

  if (input.nextPageToken) {
    // A further page of a task already handed out: never a new task.
    const position = engine.pageTokens.decode<DecisionPagePosition>(scope, input.nextPageToken);
    const row = engine.store.executions.byId(position.task.executionId);
    if (!row?.open || row.dt_nonce !== position.task.nonce) {
      throw UnknownResourceFault(
        `Unknown decision task, scheduledEventId = ${position.task.scheduledEventId}`,
      );
    }
    return decisionTaskResponse(engine, scope, position, input.maximumPageSize);
  }

  const key = Dispatcher.key("decision", input.domain, taskList);
  const task = await longPoll(engine, key, signal, () =>
    claimDecisionTask(engine, input.domain, taskList, input.identity),
  );
  if (!task) return { startedEventId: 0, previousStartedEventId: 0 };
  // With startAtPreviousStartedEvent the decider already has everything before the previous task.
  const firstEventId =
    input.startAtPreviousStartedEvent && task.previousStartedEventId > 0
      ? task.previousStartedEventId
      : 1;
  const reverse = input.reverseOrder ?? false;
  return decisionTaskResponse(
    engine,
    scope,
    { task, firstEventId, reverse, cursor: reverse ? task.startedEventId + 1 : firstEventId - 1 },
    input.maximumPageSize,
  );
}

export function RespondDecisionTaskCompleted(
  engine: Engine,
  input: Input<"RespondDecisionTaskCompleted">,
  _signal?: AbortSignal,
  caller?: Caller,
) {
  const token = decodeTaskToken(input.taskToken, "d");
  const timeout = input.taskListScheduleToStartTimeout;
  // "NONE" (or empty) means no schedule-to-start limit: a permanent override.
  const overrideTimeout =
    timeout !== undefined && timeout !== "" && timeout !== "NONE" ? timeout : undefined;
  if (overrideTimeout !== undefined && !input.taskList) {
    throw ValidationException(
      "taskListScheduleToStartTimeout applies to a decision task-list override: it requires taskList",
    );
  }
  engine.transact((tx) => {
    const run = tx.run(token.executionId);
    const row = run?.row;
    if (
      !run?.isOpen ||
      !row ||
      row.dt_started_id === 0 ||
      row.dt_started_scheduled_id !== token.scheduledEventId ||
      row.dt_nonce !== token.nonce
    ) {
      throw UnknownResourceFault(
        `Unknown decision task, scheduledEventId = ${token.scheduledEventId}`,
      );
    }
    const startedEventId = row.dt_started_id;
    const completedEventId = run.append("DecisionTaskCompleted", {
      scheduledEventId: token.scheduledEventId,
      startedEventId,
      executionContext: input.executionContext,
      taskList: input.taskList,
      taskListScheduleToStartTimeout: input.taskListScheduleToStartTimeout,
    });
    tx.store.deadlines.removeRef(row.id, token.scheduledEventId);
    row.dt_previous_started_id = startedEventId;
    row.dt_started_id = 0;
    row.dt_started_scheduled_id = 0;
    row.dt_nonce = null;
    if (input.executionContext !== undefined) row.latest_execution_context = input.executionContext;
    if (input.taskList) {
      // Later decision tasks go to this list; with a schedule-to-start timeout only until
      // one of them is not picked up in time (or times out once started) there.
      row.decision_task_list = input.taskList.name;
      row.dt_override_timeout = overrideTimeout ?? null;
    }

    // Events that arrived while the decider worked already scheduled the next decision task.
    const pendingWork = row.dt_scheduled_id !== 0;
    applyDecisions(run, completedEventId, input.decisions ?? [], pendingWork, caller?.deny);
    if (pendingWork) run.requireDecision();
  });
  return {};
}
