/**
 * Signatures already served, kept for as long as they could still be accepted (their signing
 * time plus the allowed skew), so that a captured request cannot be sent again. The cache is
 * bounded: when it is full the oldest entry goes, and from then on nothing signed at or before
 * that entry's signing time is accepted (it could be the evicted one, replayed).
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  private floor = -Infinity;

  constructor(
    private readonly validityMs: number,
    private readonly capacity = 100_000,
  ) {}

  /** Records `signature`; "replay" if it was seen, "unverifiable" if it is older than the floor. */
  admit(signature: string, signedAt: number, now: number): "ok" | "replay" | "unverifiable" {
    this.expire(now);
    if (this.seen.has(signature)) return "replay";
    if (signedAt <= this.floor) return "unverifiable";
    if (this.seen.size >= this.capacity) {
      const [oldest, oldestAt] = this.seen.entries().next().value!;
      this.seen.delete(oldest);
      this.floor = Math.max(this.floor, oldestAt);
    }
    this.seen.set(signature, signedAt);
    return "ok";
  }

  get size(): number {
    return this.seen.size;
  }

  /** Drops entries that expired (insertion order is arrival order, close to signing order). */
  private expire(now: number) {
    for (const [signature, signedAt] of this.seen) {
      if (signedAt + this.validityMs >= now) break;
      this.seen.delete(signature);
    }
  }
}
