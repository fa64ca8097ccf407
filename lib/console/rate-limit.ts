/**
 * Slows down password guessing: after `max` failed sign-ins for one user name (from any address)
 * or from one address within `windowMs`, further attempts are refused until the window passes.
 * In memory, per process: a restart forgets, which is acceptable for a console.
 */
interface Bucket {
  failures: number[];
}

export class LoginLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly max = 10,
    private readonly windowMs = 5 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const b = this.buckets.get(key);
    if (!b) return [];
    b.failures = b.failures.filter((t) => now - t < this.windowMs);
    if (!b.failures.length) this.buckets.delete(key);
    return b.failures;
  }

  /** Milliseconds to wait before another attempt, or 0. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const f = this.recent(key, now);
      if (f.length >= this.max) wait = Math.max(wait, f[0] + this.windowMs - now);
    }
    return wait;
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const b = this.buckets.get(key) ?? { failures: [] };
      b.failures.push(now);
      this.buckets.set(key, b);
    }
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.buckets.delete(key);
  }
}

const KEY = Symbol.for("swf-console.login-limiter");
export function loginLimiter(): LoginLimiter {
  const g = globalThis as { [KEY]?: LoginLimiter };
  return (g[KEY] ??= new LoginLimiter());
}
