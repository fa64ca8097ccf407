/**
 * What never changes about a run once known (its close reason, its task list), remembered for
 * the life of the console process so that SWF is asked once: at most `size` runs, the first
 * remembered forgotten first.
 */
export class RunMemo<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly size: number) {}

  has(domain: string, workflowId: string, runId: string): boolean {
    return this.values.has(runKey(domain, workflowId, runId));
  }

  /** The value remembered, or undefined when the run is not known. */
  get(domain: string, workflowId: string, runId: string): T | undefined {
    return this.values.get(runKey(domain, workflowId, runId));
  }

  set(domain: string, workflowId: string, runId: string, value: T) {
    if (this.values.size >= this.size) this.values.delete(this.values.keys().next().value!);
    this.values.set(runKey(domain, workflowId, runId), value);
  }
}

const runKey = (domain: string, workflowId: string, runId: string) =>
  `${domain}\u0000${workflowId}\u0000${runId}`;
