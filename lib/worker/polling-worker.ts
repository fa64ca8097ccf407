import { hostname } from "node:os";
import type { SWFClient } from "@aws-sdk/client-swf";
import { endpointOf } from "./client";
import { truncate } from "./payload";
import {
  PollLoop,
  logError,
  type BackoffOptions,
  type ErrorContext,
  type ErrorHandler,
} from "./poll-loop";

/** The options every polling worker (decider, activity worker) takes. */
export interface PollingWorkerOptions {
  domain: string;
  taskList: string;
  /** Recorded in the task's started event (default `hostname:pid`). */
  identity?: string;
  concurrency?: number;
  onError?: ErrorHandler;
  backoff?: BackoffOptions;
}

/**
 * What deciders and activity workers share: an identity, a `PollLoop` over their own `poll` and
 * `handle`, and the start/stop/in-flight surface around it.
 */
export abstract class PollingWorker<T> {
  readonly identity: string;
  protected readonly onError: ErrorHandler;
  private readonly loop: PollLoop<T>;
  /** Where the client's calls go, once resolved: failed polls' hints name it. */
  private endpoint: string | undefined;

  /** `kind` names the worker in default error lines; `defaultConcurrency` applies when unset. */
  protected constructor(
    kind: string,
    options: PollingWorkerOptions & { swf: SWFClient },
    defaultConcurrency: number,
  ) {
    this.identity = truncate(options.identity ?? `${hostname()}:${process.pid}`, 256)!;
    this.onError = options.onError ?? logError(`${kind} ${options.domain}/${options.taskList}`);
    // A client without a region fails its calls, and says so itself: no name then.
    endpointOf(options.swf).then(
      (endpoint) => (this.endpoint = endpoint),
      () => undefined,
    );
    this.loop = new PollLoop<T>({
      endpoint: () => this.endpoint,
      concurrency: options.concurrency ?? defaultConcurrency,
      poll: (signal) => this.poll(signal),
      handle: (task) => this.handle(task),
      about: (task) => this.about(task),
      onError: this.onError,
      backoff: options.backoff,
    });
  }

  /** One long poll; `undefined` when it came back empty. */
  protected abstract poll(signal: AbortSignal): Promise<T | undefined>;
  /** Works on one task and answers it. */
  protected abstract handle(task: T): Promise<void>;
  /** The run and type a task belongs to, for error reports. */
  protected abstract about(task: T): ErrorContext;

  /** Tasks currently being worked on. */
  get inFlight(): number {
    return this.loop.inFlight;
  }

  get running(): boolean {
    return this.loop.running;
  }

  start(): this {
    this.loop.start();
    return this;
  }

  /**
   * Stops polling (aborting the long poll) and resolves once the tasks in hand are answered —
   * or after `timeoutMs`, leaving unfinished tasks to SWF's timeouts.
   */
  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.loop.stop(options);
  }
}
