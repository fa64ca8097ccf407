/**
 * Long-poll waiters per task queue. A poller first tries to claim a task; if there is none it
 * waits here. `notify` (called after a transaction that made a task available commits) wakes
 * the longest-waiting poller of that queue, which then claims inside its own transaction, so
 * each task still goes to exactly one poller.
 */
interface Waiter {
  wake: (woken?: boolean) => void;
}

export class Dispatcher {
  private queues = new Map<string, Set<Waiter>>();
  private total = 0;
  private closed = false;

  static key(kind: "decision" | "activity", domain: string, taskList: string): string {
    return `${kind}\u0000${domain}\u0000${taskList}`;
  }

  /** Resolves true when woken by `notify`, false on timeout or abort. */
  wait(key: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed || signal.aborted || timeoutMs <= 0) return resolve(false);
      let set = this.queues.get(key);
      if (!set) this.queues.set(key, (set = new Set()));
      let over = false;
      const done = (woken: boolean) => {
        if (over) return;
        over = true;
        this.total--;
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.remove(key, waiter);
        resolve(woken);
      };
      const waiter: Waiter = { wake: (woken = true) => done(woken) };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal.addEventListener("abort", onAbort, { once: true });
      set.add(waiter);
      this.total++;
    });
  }

  notify(key: string): void {
    const set = this.queues.get(key);
    const first = set?.values().next().value;
    first?.wake();
  }

  /** Ends every wait, now and from now on (the engine is shutting down): polls answer empty. */
  close(): void {
    this.closed = true;
    for (const set of [...this.queues.values()]) for (const waiter of [...set]) waiter.wake(false);
  }

  /** Long polls parked right now, all queues. */
  get held(): number {
    return this.total;
  }

  waiting(key: string): number {
    return this.queues.get(key)?.size ?? 0;
  }

  private remove(key: string, waiter: Waiter) {
    const set = this.queues.get(key);
    if (!set) return;
    set.delete(waiter);
    if (set.size === 0) this.queues.delete(key);
  }
}
