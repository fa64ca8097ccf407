/** Random text for nonces and run ids (lib/engine/tokens.ts): drawn from a pool, never repeated. */
import { describe, expect, it } from "vitest";
import { newNonce, randomText } from "../../lib/engine/tokens";
import { newRunId } from "../../lib/engine/core/start";

describe("randomText", () => {
  it("gives the asked number of bytes, in the asked encoding", () => {
    expect(Buffer.from(randomText(18, "base64url"), "base64url")).toHaveLength(18);
    expect(newNonce()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(newRunId()).toMatch(/^[A-Za-z0-9+/]{44}$/);
  });

  it("never hands out the same bytes twice, across many refills of the pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(randomText(33, "base64"));
    expect(seen.size).toBe(5000);
  });
});
