/** One computation per key for every caller within its lifetime (lib/console/shared-results.ts). */
import { describe, expect, it } from "vitest";
import { SharedResults } from "@/lib/console/shared-results";

describe("SharedResults", () => {
  it("shares one computation per key until it is older than its lifetime", async () => {
    const shared = new SharedResults<number>(1_000);
    let runs = 0;
    const compute = async () => ++runs;
    expect(await shared.get("k", compute, 0)).toBe(1);
    expect(await shared.get("k", compute, 999)).toBe(1);
    expect(await shared.get("other", compute, 999)).toBe(2);
    expect(await shared.get("k", compute, 1_000)).toBe(3);
  });

  it("forgets a failed computation at once, so the next caller tries again", async () => {
    const shared = new SharedResults<string>(60_000);
    await expect(shared.get("k", () => Promise.reject(new Error("throttled")), 0)).rejects.toThrow(
      "throttled",
    );
    expect(await shared.get("k", async () => "fine", 1)).toBe("fine");
  });

  it("forgets the results a change makes stale", async () => {
    const shared = new SharedResults<string>(60_000);
    await shared.get("d1\u0000a", async () => "old", 0);
    await shared.get("d2\u0000a", async () => "kept", 0);
    shared.forget((k) => k.startsWith("d1\u0000"));
    expect(await shared.get("d1\u0000a", async () => "new", 1)).toBe("new");
    expect(await shared.get("d2\u0000a", async () => "other", 1)).toBe("kept");
  });
});
