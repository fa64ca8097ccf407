/**
 * The deciders of the order-fulfillment example. Each decision is recomputed from the complete
 * history (lib/worker's `DecisionContext`): no state lives in the decider process, so any number of
 * decider processes can share the task lists and a restarted one carries on where the last left off.
 */
import type { Decision } from "@aws-sdk/client-swf";
import {
  cancelTimer,
  cancelWorkflow,
  completeWorkflow,
  failWorkflow,
  recordMarker,
  requestCancelActivity,
  requestCancelExternalWorkflow,
  scheduleActivity,
  scheduleLambda,
  signalExternalWorkflow,
  startChildWorkflow,
  startTimer,
  type ActivityState,
  tryParseJson,
  type DecisionContext,
} from "../../lib/worker";
import {
  ACTIVITIES,
  ACTIVITY_IDS,
  APPROVAL_FORM,
  APPROVAL_TIMEOUTS,
  MAX_PAYMENT_ATTEMPTS,
  SHIP_WORKFLOW,
  SIGNALS,
  TASK_LISTS,
  type Address,
  type ApprovalRequest,
  type ApprovalResponse,
  type Order,
  type OrderResult,
  type ShipmentRequest,
  type ShipmentResult,
} from "./constants";

export interface OrderDeciderConfig {
  /** Seconds before the first payment retry; doubles for each further retry (default 3). */
  paymentRetryDelaySeconds?: number;
  /** Orders with a total below this skip the human approval (recorded as a marker). Off by default. */
  autoApproveBelow?: number;
  /**
   * A Lambda function that quotes shipping (examples/order-fulfillment/functions), run as a
   * Lambda task beside verification; its answer goes into the order's result. Off by default.
   */
  shippingQuoteFunction?: string;
}

const QUOTE_ID = "shipping-quote";

/** The ShipOrder child's workflowId for an order execution. */
export const shipWorkflowId = (orderWorkflowId: string) => `${orderWorkflowId}-ship`;

/** Seconds to wait after the n-th failed payment attempt (n ≥ 1). */
export const paymentRetryDelay = (failures: number, base = 3) => base * 2 ** (failures - 1);

function outcome(a: ActivityState) {
  return {
    status: a.status,
    reason: a.reason,
    details: a.details,
    timeoutType: a.timeoutType,
    cause: a.cause,
  };
}

/** The delivery address in force: the last valid `update-address` signal, else the order's. */
export function currentAddress(ctx: DecisionContext, order: { address: Address }): Address {
  for (const signal of ctx.signals(SIGNALS.updateAddress).reverse()) {
    const address = tryParseJson<Address>(signal.input);
    if (address && typeof address === "object" && address.street) return address;
  }
  return order.address;
}

/** Cancels everything in progress, then the execution itself (all in one decision list). */
function cancelOrder(ctx: DecisionContext, shipId: string): Decision[] {
  const decisions: Decision[] = [];
  const open = ctx.openActivities();
  for (const activity of open) {
    if (!activity.cancelRequested) decisions.push(requestCancelActivity(activity.activityId));
  }
  const timers = ctx.openTimers();
  for (const timer of timers) decisions.push(cancelTimer(timer.timerId));
  const child = ctx.child(shipId);
  const alreadyAsked = ctx.events.some(
    (e) =>
      e.eventType === "RequestCancelExternalWorkflowExecutionInitiated" &&
      e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes?.workflowId === shipId,
  );
  if (child?.open && !alreadyAsked)
    decisions.push(requestCancelExternalWorkflow(shipId, { runId: child.runId }));
  const signal = ctx.lastSignal(SIGNALS.cancel);
  const reason = tryParseJson<{ reason?: string }>(signal?.input)?.reason ?? signal?.input;
  decisions.push(
    cancelWorkflow({
      reason: reason ?? "cancellation requested",
      via: signal ? `${SIGNALS.cancel} signal` : "RequestCancelWorkflowExecution",
      canceledActivities: open.map((a) => a.activityId),
      canceledTimers: timers.map((t) => t.timerId),
      canceledShipment: child?.open ? shipId : undefined,
    }),
  );
  return decisions;
}

/** New `update-address` signals: recorded as markers and passed on to a running shipment. */
function addressUpdates(ctx: DecisionContext, shipId: string): Decision[] {
  const decisions: Decision[] = [];
  const child = ctx.child(shipId);
  for (const signal of ctx.newSignals(SIGNALS.updateAddress)) {
    decisions.push(recordMarker("address-updated", signal.input));
    if (child?.open && signal.eventId > child.initiatedEventId) {
      decisions.push(
        signalExternalWorkflow(shipId, SIGNALS.updateAddress, {
          runId: child.runId,
          input: signal.input,
        }),
      );
    }
  }
  return decisions;
}

/** One step of the flow: decisions to send now, and its value once the step is done. */
interface Step<T> {
  decisions: Decision[];
  value?: T;
}
const wait = <T>(...decisions: Decision[]): Step<T> => ({ decisions });
const done = <T>(value: T, ...decisions: Decision[]): Step<T> => ({ decisions, value });

/** Schedules the activity if it never ran, waits while it runs, and yields its completed state. */
function activityStep(
  ctx: DecisionContext,
  id: string,
  schedule: () => Decision,
): Step<ActivityState> {
  const activity = ctx.activity(id);
  if (!activity) return wait(schedule());
  if (activity.open) return wait();
  if (activity.status === "scheduleFailed") {
    return wait(failWorkflow(`Could not schedule ${id}: ${activity.cause}`, outcome(activity)));
  }
  return done(activity);
}

function verifyStep(ctx: DecisionContext, order: Order): Step<true> {
  const step = activityStep(ctx, ACTIVITY_IDS.verify, () =>
    scheduleActivity(ACTIVITY_IDS.verify, ACTIVITIES.verify, { input: order }),
  );
  if (!step.value) return wait(...step.decisions);
  if (step.value.status !== "completed")
    return wait(failWorkflow("Order verification failed", outcome(step.value)));
  return done(true);
}

function approvalStep(
  ctx: DecisionContext,
  order: Order,
  config: OrderDeciderConfig,
): Step<ApprovalResponse> {
  if (config.autoApproveBelow !== undefined && order.total < config.autoApproveBelow) {
    const marked = ctx.markers("auto-approved").length > 0;
    const answer: ApprovalResponse = {
      decision: "approve",
      by: "auto-approval",
      comment: `total below ${config.autoApproveBelow}`,
    };
    // A marker does not trigger a decision task, so carry on in the same decision.
    return marked ? done(answer) : done(answer, recordMarker("auto-approved", answer));
  }
  const request: ApprovalRequest = {
    orderId: order.orderId,
    customer: order.customer,
    email: order.email,
    total: order.total,
    currency: order.currency,
    items: order.items,
    shipTo: formatAddress(currentAddress(ctx, order)),
    question: `Approve order ${order.orderId} for ${order.customer} (${order.total} ${order.currency})?`,
    form: APPROVAL_FORM,
  };
  const step = activityStep(ctx, ACTIVITY_IDS.approval, () =>
    scheduleActivity(ACTIVITY_IDS.approval, ACTIVITIES.approve, {
      input: request,
      taskList: TASK_LISTS.approvals,
      scheduleToStartTimeout: APPROVAL_TIMEOUTS.scheduleToStart,
      startToCloseTimeout: APPROVAL_TIMEOUTS.startToClose,
      scheduleToCloseTimeout: APPROVAL_TIMEOUTS.scheduleToClose,
      heartbeatTimeout: "NONE",
    }),
  );
  const approval = step.value;
  if (!approval) return wait(...step.decisions);
  if (approval.status !== "completed") {
    const reason = approval.status === "timedOut" ? "Approval timed out" : "Approval not given";
    return wait(failWorkflow(reason, outcome(approval)));
  }
  const answer = tryParseJson<ApprovalResponse>(approval.result);
  if (answer?.decision === "reject") return wait(failWorkflow("Order rejected", approval.result));
  if (answer?.decision !== "approve") {
    return wait(failWorkflow("Invalid approval response", approval.result ?? "(no result)"));
  }
  return done(answer);
}

interface Payment {
  paymentId: string;
  attempts: number;
}

function paymentStep(
  ctx: DecisionContext,
  order: Order,
  config: OrderDeciderConfig,
): Step<Payment> {
  const id = ACTIVITY_IDS.payment;
  const attempts = ctx.activityAttempts(id);
  const charge = (attempt: number) =>
    scheduleActivity(id, ACTIVITIES.charge, {
      input: {
        orderId: order.orderId,
        total: order.total,
        currency: order.currency,
        attempt,
        simulate: order.simulate,
      },
    });
  const last = attempts.at(-1);
  if (!last) return wait(charge(1));
  if (last.open) return wait();
  if (last.status === "scheduleFailed") {
    return wait(failWorkflow(`Could not schedule ${id}: ${last.cause}`, outcome(last)));
  }
  if (last.status === "completed") {
    const result = tryParseJson<{ paymentId?: string }>(last.result);
    return done({ paymentId: result?.paymentId ?? "unknown", attempts: attempts.length });
  }
  const failures = attempts.filter((a) => a.status === "failed" || a.status === "timedOut").length;
  if (failures >= MAX_PAYMENT_ATTEMPTS) {
    return wait(failWorkflow("Payment failed", { attempts: failures, lastFailure: outcome(last) }));
  }
  // Back off with a timer between attempts: payment-retry-1, payment-retry-2, …
  const timerId = `payment-retry-${failures}`;
  const timer = ctx.timer(timerId);
  if (!timer)
    return wait(startTimer(timerId, paymentRetryDelay(failures, config.paymentRetryDelaySeconds)));
  if (timer.open) return wait();
  return wait(charge(attempts.length + 1));
}

function shipStep(ctx: DecisionContext, order: Order, shipId: string): Step<ShipmentResult> {
  const child = ctx.child(shipId);
  if (!child) {
    const request: ShipmentRequest = {
      orderId: order.orderId,
      items: order.items,
      address: currentAddress(ctx, order),
    };
    return wait(
      startChildWorkflow(shipId, SHIP_WORKFLOW, {
        input: request,
        taskList: TASK_LISTS.shipDecisions,
        childPolicy: "TERMINATE",
        executionStartToCloseTimeout: 24 * 3600,
        taskStartToCloseTimeout: 30,
      }),
    );
  }
  if (child.open) return wait();
  const result = tryParseJson<ShipmentResult>(child.result);
  if (child.status !== "completed" || !result) {
    const { status, reason, details, cause } = child;
    return wait(failWorkflow("Shipping failed", { status, reason, details, cause }));
  }
  return done(result);
}

/** OrderFulfillment: verify → approval (human) → charge (with retries) → ShipOrder child → notify. */
export function decideOrder(ctx: DecisionContext, config: OrderDeciderConfig = {}): Decision[] {
  const order = tryParseJson<Order>(ctx.input);
  if (!order || typeof order !== "object" || !order.orderId) {
    return [failWorkflow("Invalid input", "OrderFulfillment expects an Order as JSON input")];
  }
  const shipId = shipWorkflowId(ctx.workflowExecution.workflowId!);
  if (ctx.cancelRequested || ctx.signals(SIGNALS.cancel).length > 0)
    return cancelOrder(ctx, shipId);

  const out = addressUpdates(ctx, shipId);
  const run = <T>(step: Step<T>): T | undefined => {
    out.push(...step.decisions);
    return step.value;
  };

  // The quote: never scheduled, running, or done (a failed one leaves the order without a quote).
  const quote = config.shippingQuoteFunction ? ctx.lambda(QUOTE_ID) : undefined;
  if (!quote && config.shippingQuoteFunction) {
    const { items, currency } = order;
    out.push(
      scheduleLambda(QUOTE_ID, config.shippingQuoteFunction, {
        input: { items, currency, address: currentAddress(ctx, order) },
        startToCloseTimeout: 30,
      }),
    );
  }

  if (!run(verifyStep(ctx, order))) return out;
  const approval = run(approvalStep(ctx, order, config));
  if (!approval) return out;
  const payment = run(paymentStep(ctx, order, config));
  if (!payment) return out;
  const shipment = run(shipStep(ctx, order, shipId));
  if (!shipment) return out;

  const notify = run(
    activityStep(ctx, ACTIVITY_IDS.notify, () =>
      scheduleActivity(ACTIVITY_IDS.notify, ACTIVITIES.notify, {
        input: {
          orderId: order.orderId,
          customer: order.customer,
          email: order.email,
          trackingNumber: shipment.trackingNumber,
          carrier: shipment.carrier,
        },
      }),
    ),
  );
  if (!notify) return out;
  const result: OrderResult = {
    orderId: order.orderId,
    status: "fulfilled",
    approvedBy: approval.by,
    approvalComment: approval.comment,
    discountPercent: approval.values?.discount ?? undefined,
    shipFrom: approval.values?.warehouse ?? undefined,
    paymentId: payment.paymentId,
    paymentAttempts: payment.attempts,
    trackingNumber: shipment.trackingNumber,
    carrier: shipment.carrier,
    shippedTo: shipment.shippedTo,
    customerNotified: notify.status === "completed",
  };
  // The quote's answer triggers a decision task of its own: wait for it.
  if (quote?.open) return out;
  const shippingQuote =
    quote?.status === "completed" ? tryParseJson<unknown>(quote.result) : undefined;
  out.push(completeWorkflow(shippingQuote === undefined ? result : { ...result, shippingQuote }));
  return out;
}

/** ShipOrder: pick → pack → dispatch; honours cancellation requests from the parent. */
export function decideShipment(ctx: DecisionContext): Decision[] {
  const request = tryParseJson<ShipmentRequest>(ctx.input);
  if (!request || !request.orderId)
    return [failWorkflow("Invalid input", "ShipOrder expects a ShipmentRequest")];
  if (ctx.cancelRequested) {
    const open = ctx.openActivities();
    return [
      ...open.filter((a) => !a.cancelRequested).map((a) => requestCancelActivity(a.activityId)),
      cancelWorkflow({
        reason: "shipment canceled",
        canceledActivities: open.map((a) => a.activityId),
      }),
    ];
  }
  const steps = [
    {
      id: "pick",
      type: ACTIVITIES.pick,
      input: () => ({ orderId: request.orderId, items: request.items }),
    },
    {
      id: "pack",
      type: ACTIVITIES.pack,
      input: () => ({
        orderId: request.orderId,
        items: request.items,
        picked: tryParseJson(ctx.result("pick")),
      }),
    },
    {
      id: "dispatch",
      type: ACTIVITIES.dispatch,
      input: () => ({
        orderId: request.orderId,
        address: currentAddress(ctx, request),
        packages: tryParseJson<{ packages?: number }>(ctx.result("pack"))?.packages ?? 1,
      }),
    },
  ];
  for (const step of steps) {
    const state = activityStep(ctx, step.id, () =>
      scheduleActivity(step.id, step.type, { input: step.input() }),
    );
    if (!state.value) return state.decisions;
    if (state.value.status !== "completed") {
      return [failWorkflow(`Shipping step ${step.id} failed`, outcome(state.value))];
    }
  }
  const dispatched = tryParseJson<ShipmentResult>(ctx.result("dispatch"));
  return [completeWorkflow(dispatched ?? { orderId: request.orderId })];
}

export function formatAddress(a: Address): string {
  return `${a.name}, ${a.street}, ${a.postalCode} ${a.city}, ${a.country}`;
}
