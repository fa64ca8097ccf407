import type { Engine } from "../engine";
import type { ChangeNote } from "../change-feed";
import { Dispatcher } from "../dispatch";
import type { DeadlineKind, Store } from "../store";
import { Run } from "./run";

/**
 * State of one engine transaction: the runs it touched (each loaded once and saved once),
 * the queues to wake and the earliest deadline to arm once it commits.
 */
export class Tx {
  readonly now: number;
  readonly store: Store;
  private runs = new Map<number, Run>();
  /** Queue key → how many tasks became available on it. */
  readonly wakes = new Map<string, number>();
  earliestDeadline: number | undefined;
  /** History events appended, for the change feed once the transaction commits. */
  readonly changes: ChangeNote[] = [];

  constructor(readonly engine: Engine) {
    this.store = engine.store;
    this.now = engine.clock.now();
  }

  run(id: number): Run | undefined {
    let run = this.runs.get(id);
    if (!run) {
      const row = this.store.executions.byId(id);
      if (!row) return undefined;
      this.runs.set(id, (run = new Run(this, row)));
    }
    return run;
  }

  /** The run with this runId, or the open run of workflowId when runId is absent. */
  find(domain: string, workflowId: string, runId?: string): Run | undefined {
    const row = runId
      ? this.store.executions.byRun(domain, workflowId, runId)
      : this.store.executions.openByWorkflow(domain, workflowId);
    return row ? this.run(row.id) : undefined;
  }

  adopt(id: number): Run {
    const run = this.run(id);
    if (!run) throw new Error(`engine bug: execution ${id} vanished`);
    return run;
  }

  wake(kind: "decision" | "activity", domain: string, taskList: string) {
    const key = Dispatcher.key(kind, domain, taskList);
    this.wakes.set(key, (this.wakes.get(key) ?? 0) + 1);
  }

  addDeadline(kind: DeadlineKind, dueAt: number, executionId: number, ref = 0) {
    this.store.deadlines.add(dueAt, kind, executionId, ref);
    if (this.earliestDeadline === undefined || dueAt < this.earliestDeadline)
      this.earliestDeadline = dueAt;
  }

  /** Persists every touched run; runs may schedule decision tasks while flushing. */
  flush() {
    for (const run of this.runs.values()) run.flush();
  }
}
