import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  type ActivityType,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import { LIMITS, toPayload, truncate } from "./payload";
import { type BackoffOptions, type ErrorContext, type ErrorHandler } from "./poll-loop";
import { PollingWorker } from "./polling-worker";

/** What a worker knows about the task it holds. */
export interface ActivityTaskInfo {
  taskToken: string;
  activityId: string;
  activityType: ActivityType;
  workflowExecution: WorkflowExecution;
  startedEventId: number;
  input?: string;
}

export interface HeartbeatResult {
  cancelRequested: boolean;
}

export interface ActivityContext extends Readonly<ActivityTaskInfo> {
  /** The worker's identity, as recorded in `ActivityTaskStarted`. */
  readonly identity: string;
  /**
   * Aborts when a heartbeat reports that cancellation was requested (reason: an `ActivityCanceled`),
   * or when a heartbeat finds the task gone (timed out, execution closed; reason: that fault).
   */
  readonly signal: AbortSignal;
  /** True once a heartbeat reported `cancelRequested`. */
  readonly cancelRequested: boolean;
  /**
   * RecordActivityTaskHeartbeat. `details` (string, or anything JSON-able; ≤ 2,048 chars) are kept
   * by SWF and shown in `ActivityTaskTimedOut` if the task later times out.
   */
  heartbeat(details?: unknown): Promise<HeartbeatResult>;
  /** Throws `ActivityCanceled` if cancellation was requested. */
  throwIfCancelRequested(): void;
}

/**
 * An activity implementation. Its return value becomes the task's result (a string as is, anything
 * else as JSON, `undefined` as no result); a thrown error fails the task.
 */
export type ActivityHandler = (input: string | undefined, ctx: ActivityContext) => unknown;

/** Throw it (or let `ctx.signal` abort your work) to answer RespondActivityTaskCanceled. */
export class ActivityCanceled extends Error {
  override name = "ActivityCanceled";
  constructor(
    /** Sent as the `details` of `ActivityTaskCanceled` (default: the last heartbeat details). */
    readonly details?: unknown,
    message = "activity task canceled",
  ) {
    super(message);
  }
}

/** Throw it to choose the failure's `reason` and `details` yourself. */
export class ActivityFailure extends Error {
  override name = "ActivityFailure";
  constructor(
    readonly reason: string,
    readonly details?: unknown,
  ) {
    super(reason);
  }
}

export interface ActivityWorkerOptions {
  swf: SWFClient;
  domain: string;
  taskList: string;
  /** Handlers by activity type: `"name@version"` matches one version, `"name"` every version. */
  activities: Record<string, ActivityHandler>;
  /** Recorded in `ActivityTaskStarted` (default `hostname:pid`). */
  identity?: string;
  /** Tasks run at once (default 4); the worker does not poll while all slots are busy. */
  concurrency?: number;
  /**
   * Heartbeat automatically every this many ms while a handler runs (off by default), repeating
   * the last details. Lets handlers that never heartbeat still learn of cancellation via `signal`.
   */
  autoHeartbeatMs?: number;
  /**
   * Errors the worker survives: failed polls, responses and automatic heartbeats (once per run of
   * failures). Default: one line on stderr.
   */
  onError?: ErrorHandler;
  backoff?: BackoffOptions;
}

/**
 * Polls one activity task list and runs the matching handler for each task.
 *
 * Outcomes: the handler's return value → RespondActivityTaskCompleted; a thrown `ActivityCanceled`,
 * or any abort error once cancellation was requested → RespondActivityTaskCanceled; any other error
 * → RespondActivityTaskFailed with `reason` = "Name: message" (≤ 256) and `details` = the stack
 * (≤ 32,768), or the reason/details of an `ActivityFailure`. A task of an unknown type fails with
 * reason `UnknownActivityType`.
 */
export class ActivityWorker extends PollingWorker<ActivityTaskInfo> {
  constructor(private readonly options: ActivityWorkerOptions) {
    super("activity-worker", options, 4);
  }

  protected async poll(signal: AbortSignal): Promise<ActivityTaskInfo | undefined> {
    const { swf, domain, taskList } = this.options;
    const task = await swf.send(
      new PollForActivityTaskCommand({
        domain,
        taskList: { name: taskList },
        identity: this.identity,
      }),
      { abortSignal: signal },
    );
    if (!task.taskToken) return undefined;
    return {
      taskToken: task.taskToken,
      activityId: task.activityId!,
      activityType: task.activityType!,
      workflowExecution: task.workflowExecution!,
      startedEventId: task.startedEventId ?? 0,
      input: task.input,
    };
  }

  private handlerFor(type: ActivityType): ActivityHandler | undefined {
    const { activities } = this.options;
    // Own keys only: a type named "constructor" or "toString" is no handler of Object's.
    const own = (key: string) => (Object.hasOwn(activities, key) ? activities[key] : undefined);
    return own(`${type.name}@${type.version}`) ?? own(type.name!);
  }

  protected about(task: ActivityTaskInfo): ErrorContext {
    const { workflowExecution, activityId, activityType } = task;
    return { workflowExecution, activityId, activityType };
  }

  protected async handle(task: ActivityTaskInfo): Promise<void> {
    const { swf } = this.options;
    const abort = new AbortController();
    let cancelRequested = false;
    let gone: unknown;
    let lastDetails: string | undefined;
    let lastBeat = Date.now();

    const heartbeat = async (details?: unknown): Promise<HeartbeatResult> => {
      const sent = details !== undefined ? toPayload(details) : lastDetails;
      lastBeat = Date.now();
      try {
        const out = await swf.send(
          new RecordActivityTaskHeartbeatCommand({
            taskToken: task.taskToken,
            details: sent,
          }),
        );
        // Only details SWF took are repeated later: refused ones (over 2,048 characters) would
        // make every later heartbeat, automatic ones included, fail the same way.
        lastDetails = sent;
        if (out.cancelRequested && !cancelRequested) {
          cancelRequested = true;
          abort.abort(new ActivityCanceled(undefined, "cancellation requested"));
        }
      } catch (error) {
        if ((error as Error)?.name === "UnknownResourceFault" && gone === undefined) {
          gone = error;
          abort.abort(error);
        }
        throw error;
      }
      return { cancelRequested };
    };

    const ctx: ActivityContext = {
      ...task,
      identity: this.identity,
      signal: abort.signal,
      get cancelRequested() {
        return cancelRequested;
      },
      heartbeat,
      throwIfCancelRequested() {
        if (cancelRequested) throw new ActivityCanceled();
      },
    };

    const interval = this.options.autoHeartbeatMs;
    // An automatic heartbeat that fails is reported once per run of failures (a task gone is
    // reported when the handler returns): refused heartbeats, e.g. a policy without
    // swf:RecordActivityTaskHeartbeat, otherwise showed only as HEARTBEAT time-outs.
    let autoFailing = false;
    const ticker =
      interval && interval > 0
        ? setInterval(() => {
            if (Date.now() - lastBeat >= interval * 0.8 && gone === undefined) {
              heartbeat().then(
                () => (autoFailing = false),
                (error: unknown) => {
                  if (error === gone || autoFailing) return;
                  autoFailing = true;
                  this.onError(error, "task", {
                    ...this.about(task),
                    consequence: "an automatic heartbeat failed",
                  });
                },
              );
            }
          }, interval)
        : undefined;

    let outcome: Outcome;
    try {
      const handler = this.handlerFor(task.activityType);
      if (!handler) {
        const { name, version } = task.activityType;
        const missing = new Error(`no handler for ${name}@${version} on this worker`);
        this.onError(missing, "task", {
          ...this.about(task),
          consequence: "failing the task with reason UnknownActivityType",
        });
        throw new ActivityFailure("UnknownActivityType", missing.message);
      }
      outcome = resultOutcome(await handler(task.input, ctx));
    } catch (error) {
      outcome = errorOutcome(error, cancelRequested, lastDetails);
    } finally {
      if (ticker) clearInterval(ticker);
    }

    // The task timed out or its execution closed: nobody is listening for an answer.
    if (gone !== undefined)
      return this.onError(gone, "task", {
        ...this.about(task),
        consequence: "the task was gone (timed out, or its run closed); not answered",
      });

    const taskToken = task.taskToken;
    if (outcome.kind === "completed") {
      await swf.send(
        new RespondActivityTaskCompletedCommand({ taskToken, result: outcome.result }),
      );
    } else if (outcome.kind === "canceled") {
      await swf.send(
        new RespondActivityTaskCanceledCommand({ taskToken, details: outcome.details }),
      );
    } else {
      await swf.send(
        new RespondActivityTaskFailedCommand({
          taskToken,
          reason: outcome.reason,
          details: outcome.details,
        }),
      );
    }
  }
}

type Outcome =
  | { kind: "completed"; result?: string }
  | { kind: "canceled"; details?: string }
  | { kind: "failed"; reason?: string; details?: string };

function resultOutcome(value: unknown): Outcome {
  const result = toPayload(value);
  if (result !== undefined && result.length > LIMITS.result) {
    return {
      kind: "failed",
      reason: "ResultTooLarge",
      details: `the result has ${result.length} characters; SWF accepts at most ${LIMITS.result}`,
    };
  }
  return { kind: "completed", result };
}

function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === "AbortError" || error.name === "ActivityCanceled")
  );
}

function errorOutcome(
  error: unknown,
  cancelRequested: boolean,
  lastDetails: string | undefined,
): Outcome {
  if (error instanceof ActivityCanceled || (cancelRequested && isAbortError(error))) {
    const details = error instanceof ActivityCanceled ? toPayload(error.details) : undefined;
    return { kind: "canceled", details: truncate(details ?? lastDetails, LIMITS.details) };
  }
  if (error instanceof ActivityFailure) {
    return {
      kind: "failed",
      reason: truncate(error.reason, LIMITS.reason),
      details: truncate(toPayload(error.details), LIMITS.details),
    };
  }
  if (error instanceof Error) {
    return {
      kind: "failed",
      reason: truncate(`${error.name}: ${error.message}`, LIMITS.reason),
      details: truncate(error.stack ?? error.message, LIMITS.details),
    };
  }
  const text = toPayload(error) ?? "undefined";
  return {
    kind: "failed",
    reason: truncate(text, LIMITS.reason),
    details: truncate(text, LIMITS.details),
  };
}
