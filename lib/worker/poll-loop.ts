/**
 * The poll loop shared by deciders and activity workers: one long poll at a time, never while
 * every task slot is busy; exponential back-off with jitter after poll errors; graceful stop
 * (abort the long poll, let the tasks in hand finish).
 */
import type { WorkflowExecution } from "@aws-sdk/client-swf";
import { createLogger, type LoggerOptions } from "../log";
import { backoffDelay, type BackoffOptions } from "../swf/backoff";
import { embeddedEndpoint } from "../swf/client";

export { backoffDelay, type BackoffOptions };

export type PollPhase = "poll" | "task";

/**
 * Which task an error is about, so that a line in a log names the run to look at, and what the
 * worker did about it.
 */
export interface ErrorContext {
  workflowExecution?: WorkflowExecution;
  workflowType?: { name?: string; version?: string };
  activityId?: string;
  activityType?: { name?: string; version?: string };
  /** What the worker did about the error, e.g. "decide threw; failing the run with reason …". */
  consequence?: string;
}

/**
 * Receives errors the loop survives: failed polls (then it backs off) and failed task handling,
 * the latter with the task's `ErrorContext`.
 */
export type ErrorHandler = (error: unknown, phase: PollPhase, context?: ErrorContext) => void;

export interface PollLoopOptions<T> {
  /** Tasks handled at once (≥ 1). No poll is made while this many are in hand. */
  concurrency: number;
  /** One long poll; resolves `undefined` when it came back empty. Must honour `signal`. */
  poll(signal: AbortSignal): Promise<T | undefined>;
  /** Handles one task; errors go to `onError`, with `about(task)` when given. */
  handle(task: T): Promise<void>;
  about?(task: T): ErrorContext;
  onError: ErrorHandler;
  backoff?: BackoffOptions;
  /** Where the polls go (e.g. `http://127.0.0.1:7070`), once known: named in failed polls' hints. */
  endpoint?: () => string | undefined;
  /**
   * Minimum spacing between empty polls (default 250 ms). SWF holds an empty poll for 60 s, but a
   * server configured to answer empty polls at once would otherwise be polled in a tight loop.
   */
  minEmptyPollIntervalMs?: number;
}

type State = "idle" | "running" | "stopping";

export class PollLoop<T> {
  private state: State = "idle";
  private readonly tasks = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  /** Aborted by stop(): cancels the long poll in flight and any back-off sleep. */
  private halt = new AbortController();
  private slotFreed: (() => void) | undefined;

  constructor(private readonly options: PollLoopOptions<T>) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
  }

  /** Tasks currently being handled. */
  get inFlight(): number {
    return this.tasks.size;
  }

  get running(): boolean {
    return this.state === "running";
  }

  /** Starts polling; a no-op when already running. */
  start(): void {
    if (this.state === "running") return;
    if (this.state === "stopping")
      throw new Error("cannot start while stopping; wait for stop() to finish");
    this.state = "running";
    this.halt = new AbortController();
    this.loop = this.run();
  }

  /**
   * Stops polling at once (the long poll in flight is aborted) and resolves when every task in
   * hand has been handled. Safe to call more than once. With `timeoutMs`, resolves after that long
   * even if tasks are still running: they are abandoned to SWF's timeouts (their handlers keep
   * running in this process until they return, and still answer if they get that far).
   */
  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.state === "running") {
      this.state = "stopping";
      this.halt.abort();
      this.slotFreed?.();
      this.stopping = (async () => {
        await this.loop;
        while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
        this.state = "idle";
        this.loop = undefined;
      })();
    }
    const stopping = this.stopping ?? Promise.resolve();
    if (options.timeoutMs === undefined || this.state === "idle") return stopping;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>(
      (resolve) => (timer = setTimeout(resolve, options.timeoutMs)),
    );
    return Promise.race([stopping, timeout]).finally(() => clearTimeout(timer));
  }

  private async run(): Promise<void> {
    const { concurrency, poll, onError } = this.options;
    const minEmpty = this.options.minEmptyPollIntervalMs ?? 250;
    let failures = 0;
    while (this.state === "running") {
      if (this.tasks.size >= concurrency) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        this.slotFreed = undefined;
        continue;
      }
      const started = Date.now();
      let task: T | undefined;
      try {
        task = await poll(this.halt.signal);
        failures = 0;
      } catch (error) {
        if (this.state !== "running") break;
        failures += 1;
        const delay = backoffDelay(failures, this.options.backoff);
        const again = `polling again in ${delay < 1000 ? `${Math.round(delay)} ms` : `${(delay / 1000).toFixed(1)} s`}`;
        const hint = pollHint(error, this.options.endpoint?.());
        onError(error, "poll", { consequence: hint ? `${hint}; ${again}` : again });
        await this.sleep(delay);
        continue;
      }
      // A task that arrived as stop() aborted the poll is still ours: handle it, never drop it.
      if (task !== undefined) this.dispatch(task);
      else if (this.state === "running") await this.sleep(minEmpty - (Date.now() - started));
    }
  }

  private dispatch(task: T): void {
    const handling = (async () => {
      try {
        await this.options.handle(task);
      } catch (error) {
        this.options.onError(error, "task", this.options.about?.(task));
      }
    })().finally(() => {
      this.tasks.delete(handling);
      this.slotFreed?.();
    });
    this.tasks.add(handling);
  }

  /** Waits `ms`, or less if stop() is called. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.halt.signal.aborted) return Promise.resolve();
    const signal = this.halt.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
    });
  }
}

const typeName = (type: { name?: string; version?: string } | undefined) =>
  type ? `${type.name}@${type.version}` : undefined;

/** " (workflow W, Type@1)" or " (workflow W, activity A Type@1)"; "" for no task. */
function where(context: ErrorContext): string {
  if (!context.workflowExecution) return "";
  const parts = [`workflow ${context.workflowExecution.workflowId}`];
  if (context.activityId) parts.push(`activity ${context.activityId}`);
  const type = typeName(context.activityType ?? context.workflowType);
  if (type) parts[parts.length - 1] += ` ${type}`;
  return ` (${parts.join(", ")})`;
}

type Refusal = { code?: string; address?: string; port?: number; errors?: Refusal[] };

/**
 * The refused connection behind an SDK call's failure, when nothing listens where it went. A name
 * with IPv4 and IPv6 addresses (localhost) fails as one AggregateError with the code but no
 * address; each attempt it holds has its own.
 */
export function refusedConnection(error: unknown): { address?: string; port?: number } | undefined {
  const failure = error as Refusal | undefined;
  const refusals = [failure, ...(failure?.errors ?? [])].filter((f) => f?.code === "ECONNREFUSED");
  return refusals.find((f) => f?.address !== undefined) ?? refusals[0];
}

/**
 * What to do about a failed poll, for the failures with one likely cause; `endpoint` is where the
 * polls go, when known (a refused connection names only an address, missing credentials nothing).
 */
export function pollHint(error: unknown, endpoint?: string): string | undefined {
  const name = (error as Error | undefined)?.name;
  // Polls name nothing else that could be unknown.
  if (name === "UnknownResourceFault") return "register the domain first (registerAll)";
  const refused = refusedConnection(error);
  if (refused) {
    const at =
      endpoint ??
      (refused.address !== undefined ? `${refused.address}:${refused.port}` : undefined);
    return `no SWF endpoint answers ${at ? `at ${at}` : "there"}: start the engine (npm start), or point AWS_ENDPOINT_URL_SWF at yours`;
  }
  // Local endpoints get dummy keys: this is AWS, or an engine elsewhere, with none configured.
  if (name === "CredentialsProviderError")
    return (
      `no AWS credentials to call ${endpoint ?? "the SWF endpoint"} with: configure them (AWS_PROFILE, ` +
      `AWS_ACCESS_KEY_ID), or, for the engine npm start runs, set AWS_ENDPOINT_URL_SWF=${embeddedEndpoint(process.env)}`
    );
  return undefined;
}

const errorText = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * One line saying what failed, where and what the worker did about it, e.g.
 * `task failed (workflow order-7 Checkout@1.0): TypeError: … — decide threw; failing the run …`.
 */
export function errorLine(error: unknown, phase: PollPhase, context: ErrorContext = {}): string {
  const what = phase === "poll" ? "poll failed" : "task failed";
  return `${what}${where(context)}: ${errorText(error)}${context.consequence ? ` — ${context.consequence}` : ""}`;
}

/**
 * The default error handler: one log line (the worker's logger, named after `label`) with the
 * error's stack, the run it is about and what the worker did about it.
 */
export function logError(label: string, options: LoggerOptions = {}): ErrorHandler {
  const log = createLogger(label, options);
  return (error, phase, context = {}) => {
    log.error(
      {
        phase,
        // A task's stack points into the developer's own code; a poll's only into the SDK.
        err: phase === "task" && error instanceof Error ? error : errorText(error),
        workflowId: context.workflowExecution?.workflowId,
        runId: context.workflowExecution?.runId,
        workflowType: typeName(context.workflowType),
        activityId: context.activityId,
        activityType: typeName(context.activityType),
      },
      errorLine(error, phase, context),
    );
  };
}
