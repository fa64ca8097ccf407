import { describe, expect, it } from "vitest";
import { LoginLimiter, loginKeys } from "@/lib/console/rate-limit";

describe("sign-in throttle", () => {
  it("counts an attempt before it is checked: parallel guesses cannot all pass", () => {
    // Before: the check and the count were apart (checked before the password await, counted
    // after), so 40 parallel attempts all passed the check.
    const l = new LoginLimiter({ free: 5 });
    const admitted = Array.from({ length: 40 }, () => l.begin(["user:admin"], 0)).filter(
      (a) => a.retryAfterMs === 0,
    );
    expect(admitted).toHaveLength(5);
  });

  it("slows down instead of locking out: the wait grows and is capped, refusals do not extend it", () => {
    const l = new LoginLimiter({ free: 2, baseDelayMs: 1_000, maxDelayMs: 8_000 });
    let now = 0;
    const fail = () => {
      const a = l.begin(["user:a"], now);
      expect(a.retryAfterMs).toBe(0);
      a.settle(false);
    };
    fail();
    fail();
    expect(l.begin(["user:a"], now).retryAfterMs).toBe(1_000);
    now += 1_000;
    fail();
    expect(l.begin(["user:a"], now).retryAfterMs).toBe(2_000);
    // Hammering while refused changes nothing.
    for (let i = 0; i < 100; i++) l.begin(["user:a"], now + 10);
    expect(l.begin(["user:a"], now + 10).retryAfterMs).toBe(1_990);
    for (let i = 0; i < 10; i++) {
      now += 8_000;
      fail();
    }
    // However many failures, the real user waits at most the cap.
    expect(l.begin(["user:a"], now).retryAfterMs).toBe(8_000);
    now += 8_000;
    const real = l.begin(["user:a"], now);
    expect(real.retryAfterMs).toBe(0);
    real.settle(true);
    expect(l.begin(["user:a"], now).retryAfterMs).toBe(0);
  });

  it("keys are independent, and a quiet window forgets", () => {
    const l = new LoginLimiter({ free: 1, addressFree: 1, windowMs: 60_000 });
    l.begin(loginKeys("Admin", "10.0.0.1"), 0).settle(false);
    expect(l.begin(["user:admin"], 1).retryAfterMs).toBeGreaterThan(0);
    expect(l.begin(["ip:10.0.0.1"], 1).retryAfterMs).toBeGreaterThan(0);
    expect(l.begin(loginKeys("bob", "10.0.0.2"), 1).retryAfterMs).toBe(0);
    expect(l.begin(["user:admin"], 70_000).retryAfterMs).toBe(0);
  });

  it("keeps a bounded table", () => {
    // Before: every new user name or address added a key that stayed until it expired.
    const l = new LoginLimiter({ maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) l.begin([`user:u${i}`], 0).settle(false);
    expect(l.size).toBe(100);
  });
});
