import { closeRun } from "./core/close";
import { HistoryLimitReached, Tx, type LambdaInvocation, type TxScope } from "./core/run";
import type { ChangeNote } from "./change-feed";
import type { Dispatcher } from "./dispatch";

/** What follows a commit besides waking pollers. */
export interface CommitEffects {
  /** A deadline at `at` (epoch ms) now exists: fire deadlines no later than that. */
  armAlarm(at: number): void;
  /** Lambda functions started by the transaction: invoke them once it is durable. */
  invoke(invocations: LambdaInvocation[]): void;
  /** History events the transaction appended: announce them on the change feed once durable. */
  changed(changes: readonly ChangeNote[]): void;
}

/**
 * Engine transactions: each runs in one SQLite transaction (see the store's group commit);
 * once it commits, waiting pollers of queues that gained tasks are woken, the deadline alarm is
 * moved earlier if needed and started Lambda functions are handed to the runner.
 */
export class Transactions {
  constructor(
    private readonly scope: TxScope & { readonly dispatcher: Dispatcher },
    private readonly effects: CommitEffects,
  ) {}

  run<T>(fn: (tx: Tx) => T, options: { durable?: boolean } = {}): T {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.once(fn, options.durable);
      } catch (error) {
        // Each retry follows the termination of one more full run: bounded by the runs touched.
        if (!(error instanceof HistoryLimitReached) || attempt >= 100) throw error;
        // The whole attempt was rolled back. Close the full run on its own, then retry: the
        // retry sees it closed (a decider's answer is then refused, a signal to it fails).
        this.terminateForEventLimit(error.executionId);
      }
    }
  }

  private terminateForEventLimit(executionId: number) {
    this.run((tx) => {
      const run = tx.run(executionId);
      if (!run?.isOpen) return;
      closeRun(run, "TERMINATED", "WorkflowExecutionTerminated", {
        childPolicy: run.config.childPolicy,
        cause: "EVENT_LIMIT_EXCEEDED",
      });
    });
  }

  private once<T>(fn: (tx: Tx) => T, durable?: boolean): T {
    let tx!: Tx;
    const result = this.scope.store.tx(() => {
      tx = new Tx(this.scope);
      const value = fn(tx);
      tx.flush();
      return value;
    }, durable);
    for (const [key, count] of tx.wakes)
      for (let i = 0; i < count; i++) this.scope.dispatcher.notify(key);
    if (tx.earliestDeadline !== undefined) this.effects.armAlarm(tx.earliestDeadline);
    if (tx.invocations.length) this.effects.invoke(tx.invocations);
    if (tx.changes.length) this.effects.changed(tx.changes);
    return result;
  }
}
