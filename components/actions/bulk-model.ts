// The bulk actions' results, pure: what each item came to, the summary's counts, which items
// failed (to show, copy or retry), and the plain word for a run that was already closed.
import type { CloseStatus } from "@aws-sdk/client-swf";
import { CLOSE_STATUS_LABELS } from "@/components/executions-list/url-state";

export interface ItemResult {
  state: "waiting" | "running" | "ok" | "fault" | "skipped";
  fault?: string;
  message?: string;
  /** The run had closed before the call reached it (how, when known): nothing to retry. */
  alreadyClosed?: { closeStatus?: CloseStatus };
}

export interface BulkCounts {
  ok: number;
  fault: number;
  /** Of `fault`: runs already closed, which a retry would not change. */
  alreadyClosed: number;
  skipped: number;
  done: number;
}

export function bulkCounts(results: readonly ItemResult[]): BulkCounts {
  const of = (s: ItemResult["state"]) => results.filter((r) => r.state === s).length;
  const ok = of("ok");
  const fault = of("fault");
  const skipped = of("skipped");
  return {
    ok,
    fault,
    alreadyClosed: results.filter((r) => r.state === "fault" && r.alreadyClosed).length,
    skipped,
    done: ok + fault + skipped,
  };
}

/** "397 / 397 done · 394 succeeded · 3 failed (3 already closed)". */
export function bulkSummary(c: BulkCounts, total: number, running: boolean): string {
  const closed = c.alreadyClosed ? ` (${c.alreadyClosed} already closed)` : "";
  const skipped = c.skipped ? ` · ${c.skipped} skipped` : "";
  return `${c.done} / ${total} done · ${c.ok} succeeded · ${c.fault} failed${closed}${skipped}${running ? "" : " · finished"}`;
}

/** Positions of the failed items, in the list's order. */
export const failedItems = (results: readonly ItemResult[]) =>
  results.flatMap((r, i) => (r.state === "fault" ? [i] : []));

/** Failed items a retry may change: not those already closed. */
export const retryableItems = (results: readonly ItemResult[]) =>
  failedItems(results).filter((i) => !results[i].alreadyClosed);

/** The failed items' workflow ids, one a line (for the clipboard: a script or the CLI). */
export const failedWorkflowIds = (
  targets: readonly { workflowId: string }[],
  results: readonly ItemResult[],
) =>
  failedItems(results)
    .map((i) => targets[i].workflowId)
    .join("\n");

/**
 * SWF answers terminate, request-cancel and signal of a closed run with UnknownResourceFault
 * ("Unknown execution"), as if it had never existed: the bulk actions ask the run's status after
 * that fault and, when it is closed, say so in plain words.
 */
export const mayBeAlreadyClosed = (fault: string | undefined) => fault === "UnknownResourceFault";

export function alreadyClosedWords(closeStatus: CloseStatus | undefined): string {
  return closeStatus
    ? `already closed (${CLOSE_STATUS_LABELS[closeStatus]}): nothing to do`
    : "already closed: nothing to do";
}
