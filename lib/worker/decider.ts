import {
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  type Decision,
  type HistoryEvent,
  type PollForDecisionTaskCommandOutput,
  type SWFClient,
  type WorkflowExecution,
  type WorkflowType,
} from "@aws-sdk/client-swf";
import { readDecisionResult, type DecisionResult } from "./decision-result";
import { failWorkflow } from "./decisions";
import { WorkflowHistory } from "./history";
import { type BackoffOptions, type ErrorContext, type ErrorHandler } from "./poll-loop";
import { PollingWorker } from "./polling-worker";

/** What `decide` sees: the run's complete history (a `WorkflowHistory`) plus the task it answers. */
export class DecisionContext extends WorkflowHistory {
  constructor(
    events: readonly HistoryEvent[],
    readonly taskToken: string,
    readonly workflowExecution: WorkflowExecution,
    private readonly taskWorkflowType: WorkflowType,
    startedEventId: number,
    previousStartedEventId: number,
  ) {
    super(events, { startedEventId, previousStartedEventId });
  }

  override get workflowType(): WorkflowType {
    return this.taskWorkflowType;
  }
}

export type { DecisionResult };

export type DecideFunction = (ctx: DecisionContext) => DecisionResult | Promise<DecisionResult>;

/**
 * What to do when `decide` throws, or returns something other than a `DecisionResult`:
 * - `"fail"` (default): answer with FailWorkflowExecution, reason `"DeciderError: <message>"`,
 *   details the stack — the failure is visible at once in the history and the console. Decisions
 *   SWF refuses as malformed (ValidationException) fail the workflow the same way, reason
 *   `"DeciderError: SWF refused the decisions"`, details SWF's message.
 * - `"leave"`: do not answer; the decision task times out (taskStartToCloseTimeout) and SWF
 *   schedules a new one, so a fixed decider deployed meanwhile can carry on.
 */
export type DecideErrorPolicy = "fail" | "leave";

export interface DeciderOptions {
  swf: SWFClient;
  domain: string;
  taskList: string;
  decide: DecideFunction;
  /** Recorded in `DecisionTaskStarted` (default `hostname:pid`). */
  identity?: string;
  /** Decision tasks (of different executions) handled at once (default 2). */
  concurrency?: number;
  /** `maximumPageSize` for history pages (1–1000, default 1000). */
  pageSize?: number;
  onDecideError?: DecideErrorPolicy;
  /** Errors the decider survives: failed polls, paging, `decide` and responses. Default: stderr. */
  onError?: ErrorHandler;
  backoff?: BackoffOptions;
}

type FirstPage = PollForDecisionTaskCommandOutput & { taskToken: string };

/**
 * Polls a decision task list; for each task it pages the **full** history (following
 * `nextPageToken`), calls `decide` with a `DecisionContext`, and answers with
 * RespondDecisionTaskCompleted.
 */
export class Decider extends PollingWorker<FirstPage> {
  constructor(private readonly options: DeciderOptions) {
    super("decider", options, 2);
  }

  private request(nextPageToken?: string) {
    const { domain, taskList, pageSize } = this.options;
    return new PollForDecisionTaskCommand({
      domain,
      taskList: { name: taskList },
      identity: this.identity,
      maximumPageSize: pageSize,
      nextPageToken,
    });
  }

  protected async poll(signal: AbortSignal): Promise<FirstPage | undefined> {
    const page = await this.options.swf.send(this.request(), { abortSignal: signal });
    return page.taskToken ? (page as FirstPage) : undefined;
  }

  /** All events of the task: the first page plus every further page. */
  private async history(first: FirstPage): Promise<HistoryEvent[]> {
    const events = [...(first.events ?? [])];
    let token = first.nextPageToken;
    while (token) {
      const page = await this.options.swf.send(this.request(token));
      events.push(...(page.events ?? []));
      token = page.nextPageToken;
    }
    return events;
  }

  protected about(task: FirstPage): ErrorContext {
    return { workflowExecution: task.workflowExecution, workflowType: task.workflowType };
  }

  protected async handle(first: FirstPage): Promise<void> {
    const events = await this.history(first);
    const ctx = new DecisionContext(
      events,
      first.taskToken,
      first.workflowExecution!,
      first.workflowType!,
      first.startedEventId ?? 0,
      first.previousStartedEventId ?? 0,
    );
    let decisions: Decision[];
    let executionContext: string | undefined;
    try {
      ({ decisions, executionContext } = readDecisionResult(await this.options.decide(ctx)));
    } catch (error) {
      const leave = this.options.onDecideError === "leave";
      this.onError(error, "task", {
        ...this.about(first),
        consequence: leave
          ? 'decide threw; the task is left to time out and be decided again (onDecideError "leave")'
          : 'decide threw; failing the run with reason DeciderError (onDecideError "fail")',
      });
      if (leave) return;
      const e = error instanceof Error ? error : new Error(String(error));
      decisions = [failWorkflow(`DeciderError: ${e.message}`, e.stack ?? e.message)];
    }
    try {
      await this.answer(first.taskToken, decisions, executionContext);
    } catch (error) {
      // SWF refuses the whole answer when a decision is malformed (a result over 32,768 chars, a
      // name too long, …). Left alone, the task would time out and the next one would decide the
      // same again, forever: under the "fail" policy that is a decider error like a throw.
      if (
        (error as Error)?.name !== "ValidationException" ||
        this.options.onDecideError === "leave"
      )
        throw error;
      this.onError(error, "task", {
        ...this.about(first),
        consequence: "SWF refused the decisions; failing the run with reason DeciderError",
      });
      await this.answer(first.taskToken, [
        failWorkflow(
          "DeciderError: SWF refused the decisions",
          `${(error as Error).message}\nDecisions: ${decisions.map((d) => d.decisionType).join(", ")}`,
        ),
      ]);
    }
  }

  private answer(taskToken: string, decisions: Decision[], executionContext?: string) {
    return this.options.swf.send(
      new RespondDecisionTaskCompletedCommand({ taskToken, decisions, executionContext }),
    );
  }
}
