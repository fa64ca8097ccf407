/**
 * Engine time. Everything that stamps events or computes deadlines reads `now()`;
 * everything that waits for a deadline uses `setAlarm`, so that tests can drive
 * timeouts and timers with a FakeClock instead of sleeping.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once the clock reaches `at` (epoch ms). Returns a cancel function. */
  setAlarm(at: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setAlarm(at, fn) {
    // setTimeout caps at ~24.8 days; re-arm until the real deadline is reached.
    const MAX = 2 ** 31 - 1;
    let handle: NodeJS.Timeout;
    const arm = () => {
      const wait = at - Date.now();
      handle = setTimeout(wait > MAX ? arm : fn, Math.max(0, Math.min(wait, MAX)));
      handle.unref();
    };
    arm();
    return () => clearTimeout(handle);
  },
};

/** A clock that only moves when told to; alarms fire synchronously inside `advance`. */
export class FakeClock implements Clock {
  private alarms = new Set<{ at: number; fn: () => void }>();

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  setAlarm(at: number, fn: () => void): () => void {
    const alarm = { at, fn };
    this.alarms.add(alarm);
    return () => this.alarms.delete(alarm);
  }

  /** Moves time forward by `ms`, firing due alarms in deadline order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.alarms].filter((a) => a.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.alarms.delete(due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }
}
