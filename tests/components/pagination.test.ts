import { describe, expect, it } from "vitest";
import {
  currentCursor,
  initialPager,
  nextPage,
  pageNumber,
  previousPage,
  type PagerState,
} from "@/components/executions-list/pagination";

describe("token-stack pagination", () => {
  const input = { domain: "d", startTimeFilter: { oldestDate: "2024-01-01T00:00:00.000Z" } };

  it("starts on page 1 without a cursor", () => {
    const s = initialPager("k");
    expect(pageNumber(s, "k")).toBe(1);
    expect(currentCursor(s, "k")).toBeUndefined();
  });

  it("pushes tokens going forward and pops them going back", () => {
    let s: PagerState = initialPager("k");
    s = nextPage(s, "k", { token: "t2", input });
    s = nextPage(s, "k", { token: "t3", input });
    expect(pageNumber(s, "k")).toBe(3);
    expect(currentCursor(s, "k")).toEqual({ token: "t3", input });
    s = previousPage(s, "k");
    expect(pageNumber(s, "k")).toBe(2);
    expect(currentCursor(s, "k")?.token).toBe("t2");
    s = previousPage(s, "k");
    s = previousPage(s, "k");
    expect(pageNumber(s, "k")).toBe(1);
  });

  it("starts over when the filters change", () => {
    let s: PagerState = nextPage(initialPager("k"), "k", { token: "t2", input });
    expect(pageNumber(s, "other")).toBe(1);
    expect(currentCursor(s, "other")).toBeUndefined();
    s = nextPage(s, "other", { token: "x2", input });
    expect(s.stack.map((c) => c.token)).toEqual(["x2"]);
  });

  it("freezes the input a token belongs to", () => {
    const s = nextPage(initialPager("k"), "k", { token: "t2", input });
    expect(currentCursor(s, "k")?.input).toBe(input);
  });
});
