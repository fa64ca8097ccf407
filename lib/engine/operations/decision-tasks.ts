import type { Caller } from "../auth";
import type { EngineContext } from "../context";
import { applyDecisions } from "../core/decisions";
import type { StartedDecisionTask } from "../core/run";
import { UnknownResourceFault, ValidationException } from "../faults";
import { Dispatcher } from "../dispatch";
import type { Input } from "../schemas";
import { decodeTaskToken, encodeTaskToken } from "../tokens";
import { requireDomain } from "./domains";
import { historyPage } from "./executions";
import { longPoll } from "./long-poll";

/** A started decision task and the run it belongs to, as a poll hands it out. */
interface HandedOutDecisionTask extends StartedDecisionTask {
  executionId: number;
  workflowExecution: { workflowId: string; runId: string };
  workflowType: { name: string; version: string };
}

/** Where the next history page of a handed-out decision task starts. */
interface DecisionPagePosition {
  task: HandedOutDecisionTask;
  cursor: number;
  firstEventId: number;
  reverse: boolean;
}

function claimDecisionTask(
  engine: EngineContext,
  domain: string,
  taskList: string,
  identity?: string,
) {
  // Not waited for on disk: if power fails before the next durable commit, the start is lost
  // and the task is handed out again under a new nonce, so the first decider's answer is refused
  // as after a timeout, and nothing it decided is applied. (Activity tasks are always durable:
  // handing one out twice could run its work twice.) This saves one flush in three of a
  // decider's start → poll → answer cycle.
  return engine.transact(
    (tx): HandedOutDecisionTask | undefined => {
      const queued = tx.store.decisionQueue.next(domain, taskList);
      if (!queued) return undefined;
      const run = tx.adopt(queued.execution_id);
      return {
        ...run.startDecisionTask(identity),
        executionId: run.id,
        workflowExecution: run.execution,
        workflowType: run.workflowType,
      };
    },
    { durable: false },
  );
}

function decisionTaskResponse(
  engine: EngineContext,
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
  engine: EngineContext,
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
  engine: EngineContext,
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
    if (!run?.holdsDecisionTask(token.scheduledEventId, token.nonce)) {
      throw UnknownResourceFault(
        `Unknown decision task, scheduledEventId = ${token.scheduledEventId}`,
      );
    }
    const { completedEventId, pendingWork } = run.completeDecisionTask({
      executionContext: input.executionContext,
      taskList: input.taskList,
      taskListScheduleToStartTimeout: input.taskListScheduleToStartTimeout,
      overrideTimeout,
    });
    applyDecisions(run, completedEventId, input.decisions ?? [], pendingWork, caller?.deny);
  });
  return {};
}
