import { describe, expect, it } from "vitest";
import { closeReason } from "@/lib/history";
import * as F from "../fixtures/histories";
import { ms } from "./helpers";

describe("closeReason", () => {
  it("is undefined while the run is open", () => {
    expect(closeReason(F.openHistory())).toBeUndefined();
    expect(closeReason([])).toBeUndefined();
  });

  it("failed after an activity failure: the run's reason and the activity's", () => {
    expect(closeReason(F.failedHistory())).toEqual({
      status: "FAILED",
      closedAt: ms(10),
      eventId: 11,
      reason: "PaymentFailed",
      details: "card declined after 1 attempt",
      after: {
        kind: "activity",
        id: "charge",
        typeName: "ChargeCard",
        typeVersion: "1.0",
        state: "failed",
        reason: "CardDeclined",
        details: "insufficient funds",
        attempt: 1,
        eventId: 7,
      },
      summary: "FAILED: PaymentFailed · after ChargeCard failed: CardDeclined",
    });
  });

  it("failed after a Lambda time-out; a failure retried with success is not the cause", () => {
    const reason = closeReason(F.lambdaHistory())!;
    expect(reason.after).toMatchObject({
      kind: "lambda",
      id: "notify",
      typeName: "Notify",
      state: "timedOut",
      timeoutType: "START_TO_CLOSE",
    });
    expect(reason.summary).toBe("FAILED: NotifyTimedOut · after Notify timed out: START_TO_CLOSE");
  });

  it("failed after a child failed", () => {
    const h = F.historyBuilder();
    h.started();
    const d1 = h.decision();
    const c = h.startChild(d1, { workflowId: "invoice-1", name: "InvoiceWorkflow" });
    h.childFailed(c, h.childStarted(c), "InvoiceRejected", "tax id missing");
    h.failed(h.decision(), "ChildFailed");
    expect(closeReason(h.events())?.after).toMatchObject({
      kind: "child",
      id: "invoice-1",
      typeName: "InvoiceWorkflow",
      reason: "InvoiceRejected",
    });
  });

  it("timed out, terminated, canceled, completed, continued as new", () => {
    expect(closeReason(F.timedOutHistory())).toMatchObject({
      status: "TIMED_OUT",
      timeoutType: "START_TO_CLOSE",
      summary: "TIMED_OUT: START_TO_CLOSE",
    });
    const terminated = closeReason(F.terminatedHistory());
    expect(terminated).toMatchObject({
      status: "TERMINATED",
      reason: "stuck for 2 minutes",
      cause: "OPERATOR_INITIATED",
    });
    expect(terminated?.after).toBeUndefined(); // the activity was still running: no failure
    // The activity canceled on the way out is a consequence, not a cause.
    const canceled = closeReason(F.canceledHistory());
    expect(canceled).toMatchObject({
      status: "CANCELED",
      details: "canceled by operator",
      summary: "CANCELED",
    });
    expect(canceled?.after).toBeUndefined();
    const completed = closeReason(F.retriesHistory());
    expect(completed).toMatchObject({ status: "COMPLETED", result: '{"charged":true}' });
    expect(completed?.after).toBeUndefined();
    expect(closeReason(F.continuedAsNewHistories().first)).toMatchObject({
      status: "CONTINUED_AS_NEW",
      newRunId: F.CONTINUED_RUN_IDS.second,
    });
  });

  it("the 25,000-event history: terminated at the event limit", () => {
    expect(closeReason(F.largeHistory().events)).toMatchObject({
      status: "TERMINATED",
      cause: "EVENT_LIMIT_EXCEEDED",
    });
  });
});
