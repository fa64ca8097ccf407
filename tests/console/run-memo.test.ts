/** What never changes about a run, remembered per process within a bound (lib/console/run-memo.ts). */
import { describe, expect, it } from "vitest";
import { RunMemo } from "@/lib/console/run-memo";

describe("RunMemo", () => {
  it("tells a run remembered as null from one never seen, per domain, and forgets the first first", () => {
    const memo = new RunMemo<string | null>(2);
    memo.set("d", "w", "r1", "list-a");
    memo.set("d", "w", "r2", null);
    expect(memo.get("d", "w", "r1")).toBe("list-a");
    expect([memo.has("d", "w", "r2"), memo.get("d", "w", "r2")]).toEqual([true, null]);
    expect(memo.has("other", "w", "r1")).toBe(false);

    memo.set("d", "w", "r3", "list-c");
    expect(memo.has("d", "w", "r1")).toBe(false);
    expect(memo.get("d", "w", "r3")).toBe("list-c");
  });
});
