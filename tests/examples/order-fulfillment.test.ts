import {
  PollForActivityTaskCommand,
  RespondActivityTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  type HistoryEvent,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACTIVITY_IDS,
  DOMAIN,
  SIGNALS,
  TASK_LISTS,
  registerOrderTypes,
  sampleOrder,
  shipWorkflowId,
  startOrder,
  startOrderWorkers,
  type ApprovalRequest,
  type Order,
  type OrderResult,
  type RunningWorkers,
} from "../../examples/order-fulfillment";
import { FakeClock } from "../../lib/engine/clock";
import { WorkflowHistory, createSwfClient } from "../../lib/worker";
import { startTestEngine, type TestEngine } from "../engine/harness";
import {
  collectErrors,
  eventually,
  fullHistory,
  waitForClose,
  waitForEvent,
} from "../worker/helpers";

const RETRY_BASE_SECONDS = 5;

let engine: TestEngine;
let clock: FakeClock;
let swf: SWFClient;
let running: RunningWorkers;
const problems = collectErrors();

beforeAll(async () => {
  clock = new FakeClock();
  engine = await startTestEngine({ clock, pollTimeoutSeconds: 1 });
  swf = createSwfClient({ endpoint: engine.url, region: "us-east-1", config: { maxAttempts: 1 } });
  await registerOrderTypes(swf);
  await registerOrderTypes(swf); // idempotent
  running = startOrderWorkers({
    swf,
    workMs: 5,
    decider: { paymentRetryDelaySeconds: RETRY_BASE_SECONDS },
    onError: problems.onError,
  });
});

afterAll(async () => {
  await running?.stop();
  swf?.destroy();
  await engine?.close();
});

let counter = 0;
function order(simulate?: Order["simulate"]): Order {
  const o = sampleOrder(0, `T-${++counter}`);
  return { ...o, simulate };
}

/** Plays the person in the console inbox: takes the approval task of `execution` and answers it. */
async function answerApproval(
  execution: WorkflowExecution,
  decision: "approve" | "reject",
  comment = "ok",
) {
  const task = await eventually(
    async () => {
      const t = await swf.send(
        new PollForActivityTaskCommand({
          domain: DOMAIN,
          taskList: { name: TASK_LISTS.approvals },
          identity: "tester",
        }),
      );
      return t.taskToken ? t : undefined;
    },
    { what: "an approval task" },
  );
  expect(task.workflowExecution?.workflowId).toBe(execution.workflowId);
  expect(task.activityType).toEqual({ name: "ApproveOrder", version: "1.0" });
  const request = JSON.parse(task.input!) as ApprovalRequest;
  await swf.send(
    new RespondActivityTaskCompletedCommand({
      taskToken: task.taskToken,
      result: JSON.stringify({ decision, comment, by: "alice", at: "2026-01-01T10:00:00Z" }),
    }),
  );
  return request;
}

const timerStarted = (timerId: string) => (e: HistoryEvent) =>
  e.eventType === "TimerStarted" && e.timerStartedEventAttributes?.timerId === timerId;

/** Waits for the payment back-off timer to start, then moves the engine's clock past it. */
async function fireRetryTimer(execution: WorkflowExecution, n: number) {
  await waitForEvent(
    swf,
    DOMAIN,
    execution,
    timerStarted(`payment-retry-${n}`),
    `timer payment-retry-${n}`,
  );
  clock.advance(RETRY_BASE_SECONDS * 2 ** (n - 1) * 1000);
}

describe("order fulfillment example", () => {
  it("approve path: verify, approval, payment retried twice after timers, shipping child, notify", async () => {
    const input = order({ paymentFailures: 2 });
    const execution = await startOrder(swf, input);

    const request = await answerApproval(execution, "approve", "looks fine");
    expect(request).toMatchObject({
      orderId: input.orderId,
      customer: input.customer,
      total: input.total,
      items: input.items,
    });

    await fireRetryTimer(execution, 1);
    await fireRetryTimer(execution, 2);
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("COMPLETED");

    const h = new WorkflowHistory(events);
    expect(h.activity(ACTIVITY_IDS.verify)?.status).toBe("completed");
    expect(h.activity(ACTIVITY_IDS.approval)).toMatchObject({
      status: "completed",
      taskList: "approvals",
    });
    const payments = h.activityAttempts(ACTIVITY_IDS.payment);
    expect(payments.map((p) => p.status)).toEqual(["failed", "failed", "completed"]);
    expect(payments[0].reason).toBe("PaymentDeclined: card processor unavailable (attempt 1)");
    expect(h.timers().map((t) => [t.timerId, t.status, t.startToFireTimeout])).toEqual([
      ["payment-retry-1", "fired", "5"],
      ["payment-retry-2", "fired", "10"],
    ]);
    const child = h.child(shipWorkflowId(execution.workflowId!));
    expect(child?.status).toBe("completed");
    expect(h.activity(ACTIVITY_IDS.notify)?.status).toBe("completed");

    // Order of the steps in the history.
    const firstOf = (pred: (e: HistoryEvent) => boolean) => events.find(pred)!.eventId!;
    const scheduled = (id: string) => (e: HistoryEvent) =>
      e.eventType === "ActivityTaskScheduled" &&
      e.activityTaskScheduledEventAttributes?.activityId === id;
    expect(firstOf(scheduled(ACTIVITY_IDS.verify))).toBeLessThan(
      firstOf(scheduled(ACTIVITY_IDS.approval)),
    );
    expect(firstOf(scheduled(ACTIVITY_IDS.approval))).toBeLessThan(
      firstOf(scheduled(ACTIVITY_IDS.payment)),
    );
    expect(payments[2].closedEventId!).toBeLessThan(child!.initiatedEventId);
    expect(child!.closedEventId!).toBeLessThan(h.activity(ACTIVITY_IDS.notify)!.scheduledEventId);

    const result = JSON.parse(h.closed!.result!) as OrderResult;
    expect(result).toMatchObject({
      orderId: input.orderId,
      status: "fulfilled",
      approvedBy: "alice",
      approvalComment: "looks fine",
      paymentAttempts: 3,
      paymentId: `pay-${input.orderId}-3`,
      trackingNumber: `TRK-${input.orderId}`,
      shippedTo: input.address,
      customerNotified: true,
    });

    // The child ran its own pick → pack → dispatch.
    const childHistory = new WorkflowHistory(
      await fullHistory(swf, DOMAIN, { workflowId: child!.workflowId, runId: child!.runId }),
    );
    expect(childHistory.parent).toEqual(execution);
    expect(childHistory.activities().map((a) => [a.activityId, a.status])).toEqual([
      ["pick", "completed"],
      ["pack", "completed"],
      ["dispatch", "completed"],
    ]);
    expect(childHistory.closed?.status).toBe("COMPLETED");
  });

  it("reject path fails the workflow with reason 'Order rejected'", async () => {
    const execution = await startOrder(swf, order());
    await answerApproval(execution, "reject", "suspicious address");
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("FAILED");
    const h = new WorkflowHistory(events);
    expect(h.closed?.reason).toBe("Order rejected");
    expect(JSON.parse(h.closed!.details!)).toMatchObject({
      decision: "reject",
      comment: "suspicious address",
    });
    expect(h.activity(ACTIVITY_IDS.payment)).toBeUndefined();
  });

  it("cancel-order while the approval is pending cancels the activity, then the execution", async () => {
    const execution = await startOrder(swf, order());
    await waitForEvent(
      swf,
      DOMAIN,
      execution,
      (e) => e.activityTaskScheduledEventAttributes?.activityId === ACTIVITY_IDS.approval,
      "the approval to be scheduled",
    );
    await swf.send(
      new SignalWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: execution.workflowId,
        signalName: SIGNALS.cancel,
        input: JSON.stringify({ reason: "customer changed their mind" }),
      }),
    );
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("CANCELED");
    const h = new WorkflowHistory(events);
    const approval = h.activity(ACTIVITY_IDS.approval)!;
    expect(approval.cancelRequested).toBe(true);
    // The execution closes in the same decision: SWF writes nothing more for the unstarted task.
    expect(approval.status).toBe("scheduled");
    expect(JSON.parse(h.closed!.details!)).toMatchObject({
      reason: "customer changed their mind",
      via: "cancel-order signal",
      canceledActivities: [ACTIVITY_IDS.approval],
    });
    const cancelRequested = events.find((e) => e.eventType === "ActivityTaskCancelRequested")!;
    expect(cancelRequested.eventId!).toBeLessThan(h.closed!.eventId);
  });

  it("cancel-order during the payment back-off cancels the timer", async () => {
    const execution = await startOrder(swf, order({ paymentFailures: 3 }));
    await answerApproval(execution, "approve");
    await waitForEvent(
      swf,
      DOMAIN,
      execution,
      timerStarted("payment-retry-1"),
      "the first retry timer",
    );
    await swf.send(
      new SignalWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: execution.workflowId,
        signalName: SIGNALS.cancel,
      }),
    );
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("CANCELED");
    const h = new WorkflowHistory(events);
    expect(h.timer("payment-retry-1")?.status).toBe("canceled");
    expect(h.child(shipWorkflowId(execution.workflowId!))).toBeUndefined();
  });

  it("payment failing 4 times fails the workflow after three back-off timers", async () => {
    const execution = await startOrder(swf, order({ paymentFailures: 4 }));
    await answerApproval(execution, "approve");
    for (const n of [1, 2, 3]) await fireRetryTimer(execution, n);
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("FAILED");
    const h = new WorkflowHistory(events);
    expect(h.closed?.reason).toBe("Payment failed");
    expect(h.activityAttempts(ACTIVITY_IDS.payment).map((a) => a.status)).toEqual([
      "failed",
      "failed",
      "failed",
      "failed",
    ]);
    expect(h.timers().map((t) => t.timerId)).toEqual([
      "payment-retry-1",
      "payment-retry-2",
      "payment-retry-3",
    ]);
    expect(h.children()).toEqual([]);
  });

  it("a failed verification fails the workflow before any approval is asked", async () => {
    const execution = await startOrder(swf, order({ verifyFails: true }));
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("FAILED");
    const h = new WorkflowHistory(events);
    expect(h.closed?.reason).toBe("Order verification failed");
    expect(h.activity(ACTIVITY_IDS.verify)?.reason).toBe("Verification failed");
    expect(h.activity(ACTIVITY_IDS.approval)).toBeUndefined();
  });

  it("update-address is recorded and used by shipping", async () => {
    const input = order();
    const execution = await startOrder(swf, input);
    await waitForEvent(
      swf,
      DOMAIN,
      execution,
      (e) => e.activityTaskScheduledEventAttributes?.activityId === ACTIVITY_IDS.approval,
      "the approval to be scheduled",
    );
    const moved = {
      name: input.customer,
      street: "221B Baker Street",
      city: "London",
      postalCode: "NW1 6XE",
      country: "GB",
    };
    await swf.send(
      new SignalWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: execution.workflowId,
        signalName: SIGNALS.updateAddress,
        input: JSON.stringify(moved),
      }),
    );
    await waitForEvent(
      swf,
      DOMAIN,
      execution,
      (e) => e.eventType === "MarkerRecorded",
      "the address marker",
    );
    await answerApproval(execution, "approve");
    const { info, events } = await waitForClose(swf, DOMAIN, execution);
    expect(info.closeStatus).toBe("COMPLETED");
    const h = new WorkflowHistory(events);
    expect(h.markers("address-updated").map((m) => JSON.parse(m.details!))).toEqual([moved]);
    expect((JSON.parse(h.closed!.result!) as OrderResult).shippedTo).toEqual(moved);
  });

  it("cancel-order during shipping cancels the ShipOrder child too", async () => {
    // Hold the warehouse: with its worker stopped, the child's first step stays scheduled.
    const warehouse = running.workers.shipping;
    await warehouse.stop();
    try {
      const execution = await startOrder(swf, order());
      await answerApproval(execution, "approve");
      const shipId = shipWorkflowId(execution.workflowId!);
      const started = await waitForEvent(
        swf,
        DOMAIN,
        execution,
        (e) => e.eventType === "ChildWorkflowExecutionStarted",
        "the shipment to start",
      );
      const child = started.childWorkflowExecutionStartedEventAttributes!.workflowExecution!;
      await waitForEvent(
        swf,
        DOMAIN,
        child,
        (e) => e.activityTaskScheduledEventAttributes?.activityId === "pick",
        "the pick step",
      );
      await swf.send(
        new SignalWorkflowExecutionCommand({
          domain: DOMAIN,
          workflowId: execution.workflowId,
          signalName: SIGNALS.cancel,
        }),
      );
      const parent = await waitForClose(swf, DOMAIN, execution);
      expect(parent.info.closeStatus).toBe("CANCELED");
      expect(JSON.parse(new WorkflowHistory(parent.events).closed!.details!)).toMatchObject({
        canceledShipment: shipId,
      });
      const shipment = await waitForClose(swf, DOMAIN, child);
      expect(shipment.info.closeStatus).toBe("CANCELED");
      const h = new WorkflowHistory(shipment.events);
      expect(h.cancelRequested).toBe(true);
      expect(h.activity("pick")?.cancelRequested).toBe(true);
    } finally {
      warehouse.start();
    }
  });

  it("no poller errors along the way", () => {
    expect(problems.errors).toEqual([]);
  });
});
