/** When a browser request counts as the person's use of the session (components/api/activity.ts). */
import { describe, expect, it } from "vitest";
import { RECENT_INPUT_MS, isBackground } from "@/components/api/activity";

describe("isBackground", () => {
  const now = 1_000_000;
  it("counts requests soon after a key, click, touch or scroll as use", () => {
    expect(isBackground(now, now - 5_000, false)).toBe(false);
    expect(isBackground(now, now - RECENT_INPUT_MS, false)).toBe(false);
  });
  it("marks requests of an untouched or hidden tab as background", () => {
    expect(isBackground(now, now - RECENT_INPUT_MS - 1, false)).toBe(true);
    expect(isBackground(now, now, true)).toBe(true);
  });
});
