// The inbox's one navigation model (components/inbox/step.ts): j/k and the phone pane's
// Previous/Next buttons.
import { describe, expect, it } from "vitest";
import { stepTo } from "@/components/inbox/step";

describe("stepTo", () => {
  it("steps through the list from the open task, and stops at either end", () => {
    expect(stepTo(3, 0, 0, 1)).toBe(1);
    expect(stepTo(3, 1, 1, -1)).toBe(0);
    expect(stepTo(3, 2, 2, 1)).toBeNull();
    expect(stepTo(3, 0, 0, -1)).toBeNull();
  });

  it("from a task that left the list (decided in the Pending view), next is the one that took its place", () => {
    // The decided task was at 1 of 4: the three left are the old 0, 2 and 3.
    expect(stepTo(3, -1, 1, 1)).toBe(1);
    expect(stepTo(3, -1, 1, -1)).toBe(0);
    // It was the first: nothing before it.
    expect(stepTo(2, -1, 0, 1)).toBe(0);
    expect(stepTo(2, -1, 0, -1)).toBeNull();
    // It was the last: nothing after it, the one before it is still there.
    expect(stepTo(2, -1, 2, 1)).toBeNull();
    expect(stepTo(2, -1, 2, -1)).toBe(1);
  });

  it("when others' decisions shrank the list below where the task was, the previous is the last", () => {
    // It was at 5; four tasks are left.
    expect(stepTo(4, -1, 5, -1)).toBe(3);
    expect(stepTo(4, -1, 5, 1)).toBeNull();
  });

  it("with nothing opened yet, next is the first task; an empty list has nowhere to go", () => {
    expect(stepTo(5, -1, 0, 1)).toBe(0);
    expect(stepTo(0, -1, 0, 1)).toBeNull();
    expect(stepTo(0, -1, 0, -1)).toBeNull();
  });
});
