/**
 * Results that every request for the same key shares for a few seconds: one computation in flight
 * per key, whoever asks (tabs, users, pages), and a failed one forgotten at once so that the next
 * request tries again. The console's views built from many SWF reads use it, so that what they
 * cost SWF does not grow with the number of tabs open on them.
 */
export class SharedResults<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    for (const [k, e] of this.entries) if (now - e.at >= this.ttlMs) this.entries.delete(k);
    const hit = this.entries.get(key);
    if (hit) return hit.value;
    const entry = { at: now, value: compute() };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  /** Forgets the results whose key `matches` (after a change that views must show at once). */
  forget(matches: (key: string) => boolean) {
    for (const k of this.entries.keys()) if (matches(k)) this.entries.delete(k);
  }
}
