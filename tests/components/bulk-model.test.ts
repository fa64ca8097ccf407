// The bulk actions' results: the summary's counts (already-closed runs among the failed), which
// items failed, which of them a retry could change, and their ids for the clipboard.
import { describe, expect, it } from "vitest";
import {
  alreadyClosedWords,
  bulkCounts,
  bulkSummary,
  failedItems,
  failedWorkflowIds,
  mayBeAlreadyClosed,
  retryableItems,
  type ItemResult,
} from "@/components/actions/bulk-model";

const targets = ["a", "b", "c", "d", "e"].map((workflowId) => ({ workflowId }));
const results: ItemResult[] = [
  { state: "ok" },
  { state: "fault", message: alreadyClosedWords("TERMINATED"), alreadyClosed: {} },
  { state: "ok" },
  { state: "fault", fault: "ThrottlingException", message: "Rate exceeded" },
  { state: "skipped", message: "already closed" },
];

describe("bulk results", () => {
  it("counts the already closed among the failed", () => {
    const c = bulkCounts(results);
    expect(c).toEqual({ ok: 2, fault: 2, alreadyClosed: 1, skipped: 1, done: 5 });
    expect(bulkSummary(c, 5, false)).toBe(
      "5 / 5 done · 2 succeeded · 2 failed (1 already closed) · 1 skipped · finished",
    );
    expect(bulkSummary(bulkCounts([{ state: "ok" }, { state: "running" }]), 2, true)).toBe(
      "1 / 2 done · 1 succeeded · 0 failed",
    );
  });

  it("picks the failed, and retries only those not already closed", () => {
    expect(failedItems(results)).toEqual([1, 3]);
    expect(retryableItems(results)).toEqual([3]);
    expect(failedWorkflowIds(targets, results)).toBe("b\nd");
  });

  it("words a run that was already closed plainly", () => {
    expect(mayBeAlreadyClosed("UnknownResourceFault")).toBe(true);
    expect(mayBeAlreadyClosed("ThrottlingException")).toBe(false);
    expect(alreadyClosedWords("TERMINATED")).toBe("already closed (Terminated): nothing to do");
    expect(alreadyClosedWords(undefined)).toBe("already closed: nothing to do");
  });
});
