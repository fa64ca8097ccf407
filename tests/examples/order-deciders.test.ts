import type { EventType, HistoryEvent } from "@aws-sdk/client-swf";
import { describe, expect, it } from "vitest";
import {
  ACTIVITY_IDS,
  ORDER_WORKFLOW,
  SHIP_WORKFLOW,
  decideOrder,
  decideShipment,
  paymentRetryDelay,
  sampleOrder,
} from "../../examples/order-fulfillment";
import { DecisionContext } from "../../lib/worker";

function ev(eventId: number, eventType: EventType, attributes: object = {}): HistoryEvent {
  const key = `${eventType.charAt(0).toLowerCase()}${eventType.slice(1)}EventAttributes`;
  return {
    eventId,
    eventType,
    eventTimestamp: new Date(eventId * 1000),
    [key]: attributes,
  } as HistoryEvent;
}

const order = sampleOrder(1, "U-1");
const execution = { workflowId: "order-U-1", runId: "run-1" };
const T = (name: string) => ({ name, version: "1.0" });

/** An order that reached shipping: the ShipOrder child is running. */
const shipping: HistoryEvent[] = [
  ev(1, "WorkflowExecutionStarted", {
    input: JSON.stringify(order),
    workflowType: ORDER_WORKFLOW,
    taskList: { name: "order-decisions" },
    childPolicy: "REQUEST_CANCEL",
  }),
  ev(2, "ActivityTaskScheduled", {
    activityId: ACTIVITY_IDS.verify,
    activityType: T("VerifyOrder"),
  }),
  ev(3, "ActivityTaskCompleted", { scheduledEventId: 2, result: "{}" }),
  ev(4, "ActivityTaskScheduled", {
    activityId: ACTIVITY_IDS.approval,
    activityType: T("ApproveOrder"),
  }),
  ev(5, "ActivityTaskCompleted", {
    scheduledEventId: 4,
    result: '{"decision":"approve","by":"bob"}',
  }),
  ev(6, "ActivityTaskScheduled", {
    activityId: ACTIVITY_IDS.payment,
    activityType: T("ChargePayment"),
  }),
  ev(7, "ActivityTaskCompleted", { scheduledEventId: 6, result: '{"paymentId":"p-1"}' }),
  ev(8, "DecisionTaskCompleted", { scheduledEventId: 0, startedEventId: 0 }),
  ev(9, "StartChildWorkflowExecutionInitiated", {
    workflowId: "order-U-1-ship",
    workflowType: SHIP_WORKFLOW,
    decisionTaskCompletedEventId: 8,
  }),
  ev(10, "ChildWorkflowExecutionStarted", {
    workflowExecution: { workflowId: "order-U-1-ship", runId: "child-run" },
    workflowType: SHIP_WORKFLOW,
    initiatedEventId: 9,
  }),
  ev(11, "DecisionTaskStarted", { scheduledEventId: 0 }),
];
const ctx = (events: HistoryEvent[], previousStartedEventId: number) =>
  new DecisionContext(
    events,
    "token",
    execution,
    ORDER_WORKFLOW,
    events.at(-1)!.eventId!,
    previousStartedEventId,
  );

describe("OrderFulfillment decider (hand-built histories)", () => {
  it("waits while the shipment runs", () => {
    expect(decideOrder(ctx(shipping, 0))).toEqual([]);
  });

  it("cancel-order during shipping asks the child to cancel, then cancels the order", () => {
    const events = [
      ...shipping.slice(0, -1),
      ev(11, "WorkflowExecutionSignaled", { signalName: "cancel-order" }),
      ev(12, "DecisionTaskStarted", {}),
    ];
    const decisions = decideOrder(ctx(events, 11));
    expect(decisions.map((d) => d.decisionType)).toEqual([
      "RequestCancelExternalWorkflowExecution",
      "CancelWorkflowExecution",
    ]);
    expect(decisions[0].requestCancelExternalWorkflowExecutionDecisionAttributes).toEqual({
      workflowId: "order-U-1-ship",
      runId: "child-run",
    });
    expect(
      JSON.parse(decisions[1].cancelWorkflowExecutionDecisionAttributes!.details!),
    ).toMatchObject({ canceledShipment: "order-U-1-ship" });
  });

  it("passes a new address on to the running shipment, once", () => {
    const address = { name: "X", street: "New Street 1", city: "Y", postalCode: "1", country: "Z" };
    const events = [
      ...shipping.slice(0, -1),
      ev(11, "WorkflowExecutionSignaled", {
        signalName: "update-address",
        input: JSON.stringify(address),
      }),
      ev(12, "DecisionTaskStarted", {}),
    ];
    const decisions = decideOrder(ctx(events, 10));
    expect(decisions.map((d) => d.decisionType)).toEqual([
      "RecordMarker",
      "SignalExternalWorkflowExecution",
    ]);
    expect(decisions[1].signalExternalWorkflowExecutionDecisionAttributes).toMatchObject({
      workflowId: "order-U-1-ship",
      runId: "child-run",
      signalName: "update-address",
      input: JSON.stringify(address),
    });
    // The next decision has already seen the signal: nothing more to do.
    expect(decideOrder(ctx([...events, ev(13, "DecisionTaskStarted", {})], 12))).toEqual([]);
  });

  it("the shipping child uses the latest address for dispatch", () => {
    const moved = { name: "X", street: "Moved 2", city: "Y", postalCode: "1", country: "Z" };
    const request = { orderId: "U-1", items: order.items, address: order.address };
    const events = [
      ev(1, "WorkflowExecutionStarted", {
        input: JSON.stringify(request),
        workflowType: SHIP_WORKFLOW,
        taskList: { name: "ship-decisions" },
        childPolicy: "TERMINATE",
      }),
      ev(2, "ActivityTaskScheduled", { activityId: "pick", activityType: T("PickItems") }),
      ev(3, "ActivityTaskCompleted", { scheduledEventId: 2, result: "{}" }),
      ev(4, "ActivityTaskScheduled", { activityId: "pack", activityType: T("PackOrder") }),
      ev(5, "WorkflowExecutionSignaled", {
        signalName: "update-address",
        input: JSON.stringify(moved),
      }),
      ev(6, "ActivityTaskCompleted", { scheduledEventId: 4, result: '{"packages":2}' }),
    ];
    const [dispatch] = decideShipment(
      new DecisionContext(events, "t", { workflowId: "s", runId: "r" }, SHIP_WORKFLOW, 6, 0),
    );
    expect(JSON.parse(dispatch.scheduleActivityTaskDecisionAttributes!.input!)).toEqual({
      orderId: "U-1",
      address: moved,
      packages: 2,
    });
  });

  it("payment back-off doubles", () => {
    expect([1, 2, 3].map((n) => paymentRetryDelay(n, 5))).toEqual([5, 10, 20]);
  });

  it("auto-approval (when configured) records a marker and goes straight to payment", () => {
    const events = [shipping[0], shipping[1], shipping[2], ev(4, "DecisionTaskStarted", {})];
    const decisions = decideOrder(ctx(events, 0), { autoApproveBelow: 1_000_000 });
    expect(decisions.map((d) => d.decisionType)).toEqual(["RecordMarker", "ScheduleActivityTask"]);
    expect(decisions[1].scheduleActivityTaskDecisionAttributes!.activityId).toBe(
      ACTIVITY_IDS.payment,
    );
  });

  it("invalid input fails the workflow", () => {
    const events = [
      ev(1, "WorkflowExecutionStarted", {
        input: "not json",
        workflowType: ORDER_WORKFLOW,
        taskList: { name: "x" },
        childPolicy: "TERMINATE",
      }),
    ];
    const [fail] = decideOrder(ctx(events, 0));
    expect(fail.failWorkflowExecutionDecisionAttributes?.reason).toBe("Invalid input");
  });
});
