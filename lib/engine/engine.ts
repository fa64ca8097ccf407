import type { Caller } from "./auth";
import { systemClock, type Clock } from "./clock";
import { ChangeFeed } from "./change-feed";
import type { EngineContext } from "./context";
import type { LambdaInvocation, Transact } from "./core/run";
import { fireDeadline } from "./core/timeouts";
import { Dispatcher } from "./dispatch";
import { OperationNotPermittedFault, UnknownOperationException } from "./faults";
import { LambdaRunner } from "./lambda";
import { createLogger } from "../log";
import { handlers } from "./operations";
import { isOperation, parseInput } from "./schemas";
import { resolveSettings, type EngineOptions, type EngineSettings } from "./settings";
import { createStore, type Store } from "./store";
import { PageTokens } from "./tokens";
import { Transactions } from "./transactions";

export type { EngineOptions, EngineSettings } from "./settings";

const log = createLogger("engine");

/**
 * Builds the engine's parts (store, clock, settings, dispatcher, transactions, Lambda runner),
 * serves SWF actions over them, and fires deadlines as they fall due. Operations never see the
 * engine itself: they get its `context`.
 */
export class Engine {
  readonly store: Store;
  readonly clock: Clock;
  readonly dispatcher = new Dispatcher();
  readonly pageTokens: PageTokens;
  readonly settings: EngineSettings;
  readonly transact: Transact;
  /** Appended events, announced once durable (lib/engine/change-feed.ts). */
  readonly changeFeed: ChangeFeed;
  /** What operations and the Lambda runner get: the parts, not the engine. */
  readonly context: EngineContext;
  private readonly lambda?: LambdaRunner;
  private alarm?: { at: number; cancel: () => void };
  private closed = false;

  constructor(options: EngineOptions) {
    this.settings = resolveSettings(options);
    this.clock = options.clock ?? systemClock;
    this.store = createStore(options.db, { durability: options.durability });
    this.changeFeed = new ChangeFeed(() => this.store.settled());
    this.pageTokens = new PageTokens(this.store.secret("page-token-key"), () => this.clock.now());
    const transactions = new Transactions(
      {
        store: this.store,
        clock: this.clock,
        settings: this.settings,
        dispatcher: this.dispatcher,
      },
      {
        armAlarm: (at) => this.armAlarm(at),
        invoke: (invocations) => this.invoke(invocations),
        changed: (changes) => this.changeFeed.publish(changes),
      },
    );
    this.transact = (fn, options) => transactions.run(fn, options);
    this.context = {
      store: this.store,
      clock: this.clock,
      settings: this.settings,
      dispatcher: this.dispatcher,
      pageTokens: this.pageTokens,
      transact: this.transact,
    };
    if (this.settings.lambdaEndpoint)
      this.lambda = new LambdaRunner(this.context, this.settings.lambdaEndpoint);
    // Deadlines that passed while the engine was down fire right away.
    this.fireDueDeadlines();
  }

  /** Validates and runs one SWF action; rejects with SwfFault for anything the caller got wrong. */
  async call(
    operation: string,
    body: unknown,
    signal: AbortSignal,
    caller?: Caller,
  ): Promise<unknown> {
    if (!isOperation(operation)) throw UnknownOperationException(`Unknown operation: ${operation}`);
    if (caller?.deny.has(operation)) {
      throw OperationNotPermittedFault(
        `User: ${caller.accessKeyId} is not authorized to perform: swf:${operation}`,
      );
    }
    const input = parseInput(operation, body);
    const handler = handlers[operation] as (
      e: EngineContext,
      i: unknown,
      s: AbortSignal,
      c?: Caller,
    ) => unknown;
    return handler(this.context, input, signal, caller);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.alarm?.cancel();
    this.lambda?.close();
    this.dispatcher.close();
    this.store.close();
  }

  private invoke(invocations: LambdaInvocation[]) {
    // Only decisions start Lambda functions, and they are refused without an endpoint.
    if (!this.lambda) throw new Error("engine bug: a Lambda function started without an endpoint");
    this.lambda.invoke(invocations);
  }

  private armAlarm(at: number) {
    if (this.closed || (this.alarm && this.alarm.at <= at)) return;
    this.alarm?.cancel();
    const fire = () => {
      this.alarm = undefined;
      this.fireDueDeadlines();
    };
    if (at <= this.clock.now()) {
      // Already due (a "0" timer, retention 0): fire once this request is answered, on any clock.
      const handle = setImmediate(fire);
      this.alarm = { at, cancel: () => clearImmediate(handle) };
      return;
    }
    this.alarm = { at, cancel: this.clock.setAlarm(at, fire) };
  }

  private fireDueDeadlines() {
    if (this.closed) return;
    for (;;) {
      const due = this.store.deadlines.due(this.clock.now());
      for (const deadline of due) {
        try {
          this.transact((tx) => fireDeadline(tx, deadline));
        } catch (error) {
          // An engine bug must not take the process down from a timer, nor loop after a restart:
          // report it and drop the deadline.
          log.error(
            { err: error, deadline },
            `${deadline.kind} deadline of execution ${deadline.execution_id} failed and was dropped`,
          );
          this.store.deadlines.remove(deadline.execution_id, deadline.kind, deadline.ref);
        }
      }
      if (due.length < 100) break;
    }
    const next = this.store.deadlines.earliest();
    if (next !== undefined) this.armAlarm(next);
  }
}
