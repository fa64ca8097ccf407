/**
 * Slows down password guessing, per user name and per client address, without ever locking an
 * account out for good.
 *
 * Each attempt is counted *before* the password is checked (so 40 parallel guesses cannot all
 * pass a check made before any of them failed). After `free` failures within the window, each
 * further attempt on that key must wait `baseDelayMs · 2^(n − free)` since the last one, capped at
 * `maxDelayMs`: a guesser gets a handful of tries a minute, and the real user — even while someone
 * is guessing at their name — waits at most `maxDelayMs`. Refused attempts do not count, so
 * hammering cannot extend the wait. The table is bounded (least recently used keys go first).
 * In memory, per process: a restart forgets, which is acceptable for a console.
 */
import { foldUsername } from "./usernames";

interface Bucket {
  /** Failures in the current window (the window restarts `windowMs` after the last failure). */
  failures: number;
  /** Attempts started and not yet settled. */
  inFlight: number;
  /** When the last attempt started. */
  lastAt: number;
}

export interface LoginLimiterOptions {
  /** Free failures per user name. */
  free?: number;
  /**
   * Free failures per client address: higher, because many honest people can share one
   * (a NAT, an office proxy, every test on loopback).
   */
  addressFree?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  windowMs?: number;
  maxKeys?: number;
}

export interface Attempt {
  /** 0 when the attempt may go ahead; else the milliseconds to wait (nothing was counted). */
  retryAfterMs: number;
  /** Settles an admitted attempt: success clears the keys, failure counts against them. */
  settle(success: boolean): void;
}

export class LoginLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly free: number;
  private readonly addressFree: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(options: LoginLimiterOptions = {}) {
    this.free = options.free ?? 5;
    this.addressFree = options.addressFree ?? 20;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Keys currently tracked (bounded by `maxKeys`). */
  get size(): number {
    return this.buckets.size;
  }

  private bucket(key: string, now: number): Bucket {
    let b = this.buckets.get(key);
    if (b && b.inFlight === 0 && now - b.lastAt > this.windowMs) b = undefined;
    b ??= { failures: 0, inFlight: 0, lastAt: 0 };
    // Re-insert: the Map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
    return b;
  }

  private freeFor(key: string): number {
    return key.startsWith("ip:") ? this.addressFree : this.free;
  }

  private delayFor(count: number, free: number): number {
    if (count < free) return 0;
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(count - free, 30));
  }

  /** Starts an attempt on every key, or refuses it (counting nothing) with the wait. */
  begin(keys: string[], now = Date.now()): Attempt {
    const buckets = keys.map((k) => this.bucket(k, now));
    let wait = 0;
    for (const [i, b] of buckets.entries()) {
      const pending = b.failures + b.inFlight;
      const free = this.freeFor(keys[i]);
      if (pending >= free) wait = Math.max(wait, b.lastAt + this.delayFor(pending, free) - now);
    }
    if (wait > 0) return { retryAfterMs: wait, settle: () => undefined };
    for (const b of buckets) {
      b.inFlight++;
      b.lastAt = now;
    }
    let settled = false;
    return {
      retryAfterMs: 0,
      settle: (success) => {
        if (settled) return;
        settled = true;
        for (const [i, key] of keys.entries()) {
          const b = buckets[i];
          b.inFlight = Math.max(0, b.inFlight - 1);
          if (success) this.buckets.delete(key);
          else b.failures++;
        }
      },
    };
  }
}

const KEY = Symbol.for("swf-console.login-limiter");
export function loginLimiter(): LoginLimiter {
  const g = globalThis as { [KEY]?: LoginLimiter };
  return (g[KEY] ??= new LoginLimiter());
}

/** Password sign-in keys: the user name (folded as user names compare) and the client's address. */
export function loginKeys(username: string, ip: string | null): string[] {
  return [`user:${foldUsername(username)}`, ...(ip ? [addressKey(ip)] : [])];
}

/** The key of a client's address, shared by every way of signing in. */
export function addressKey(ip: string): string {
  return `ip:${ip}`;
}
