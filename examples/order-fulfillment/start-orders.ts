import { randomBytes } from "node:crypto";
import {
  CountOpenWorkflowExecutionsCommand,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import { startWorkflow } from "../../lib/worker";
import { describeFailure, exampleSwfClient, isMain } from "../common";
import {
  DOMAIN,
  MAX_PAYMENT_ATTEMPTS,
  ORDER_WORKFLOW,
  TASK_LISTS,
  type Address,
  type Order,
  type OrderItem,
  type OrderSimulation,
} from "./constants";

const CUSTOMERS: { name: string; email: string; address: Address }[] = [
  {
    name: "Ada Lovelace",
    email: "ada@example.com",
    address: {
      name: "Ada Lovelace",
      street: "12 St James's Square",
      city: "London",
      postalCode: "SW1Y 4JH",
      country: "GB",
    },
  },
  {
    name: "Grace Hopper",
    email: "grace@example.com",
    address: {
      name: "Grace Hopper",
      street: "1 Navy Way",
      city: "Arlington",
      postalCode: "22202",
      country: "US",
    },
  },
  {
    name: "Alan Turing",
    email: "alan@example.com",
    address: {
      name: "Alan Turing",
      street: "Bletchley Park",
      city: "Milton Keynes",
      postalCode: "MK3 6EB",
      country: "GB",
    },
  },
  {
    name: "Katherine Johnson",
    email: "katherine@example.com",
    address: {
      name: "Katherine Johnson",
      street: "1 NASA Drive",
      city: "Hampton",
      postalCode: "23666",
      country: "US",
    },
  },
];

const CATALOGUE: OrderItem[] = [
  { sku: "KB-101", name: "Mechanical keyboard", quantity: 1, price: 89.9 },
  { sku: "MS-202", name: "Wireless mouse", quantity: 1, price: 24.5 },
  { sku: "MN-303", name: "27-inch monitor", quantity: 1, price: 249 },
  { sku: "CB-404", name: "USB-C cable", quantity: 3, price: 9.99 },
  { sku: "HD-505", name: "Noise-cancelling headphones", quantity: 1, price: 179 },
];

const round = (n: number) => Math.round(n * 100) / 100;

/** An order with a consistent total; `index` picks customer, items and simulated failures. */
export function sampleOrder(index: number, orderId = `A-${1000 + index}`): Order {
  const customer = CUSTOMERS[index % CUSTOMERS.length];
  const items = [
    CATALOGUE[index % CATALOGUE.length],
    CATALOGUE[(index + 2) % CATALOGUE.length],
  ].map((i) => ({
    ...i,
    quantity: i.quantity + (index % 2),
  }));
  const total = round(items.reduce((sum, i) => sum + i.price * i.quantity, 0));
  // Every third order needs one payment retry, every fifth two; every seventh fails verification.
  const paymentFailures = index % 5 === 4 ? 2 : index % 3 === 2 ? 1 : 0;
  const simulate = {
    ...(paymentFailures ? { paymentFailures } : {}),
    ...(index % 7 === 6 ? { verifyFails: true } : {}),
  };
  return {
    orderId,
    customer: customer.name,
    email: customer.email,
    total,
    currency: "EUR",
    items,
    address: customer.address,
    ...(Object.keys(simulate).length ? { simulate } : {}),
  };
}

/** `count` varied orders. */
export function sampleOrders(count: number): Order[] {
  return Array.from({ length: count }, (_, i) => sampleOrder(i));
}

/** Starts one OrderFulfillment execution (workflowId `order-<orderId>` unless given). */
export async function startOrder(
  swf: SWFClient,
  order: Order,
  options: { workflowId?: string; tags?: string[]; executionStartToCloseTimeout?: string } = {},
): Promise<WorkflowExecution> {
  return startWorkflow(
    swf,
    DOMAIN,
    options.workflowId ?? `order-${order.orderId}`,
    ORDER_WORKFLOW,
    {
      taskList: TASK_LISTS.orderDecisions,
      input: order,
      tagList: options.tags ?? ["example", `customer:${order.customer}`.slice(0, 256)],
      executionStartToCloseTimeout: options.executionStartToCloseTimeout,
    },
  );
}

/** Starts `count` executions with varied inputs; order ids get a random suffix so reruns never collide. */
export async function startOrders(swf: SWFClient, count = 5): Promise<WorkflowExecution[]> {
  const batch = randomBytes(3).toString("hex");
  const started: WorkflowExecution[] = [];
  for (let i = 0; i < count; i++) {
    started.push(await startOrder(swf, sampleOrder(i, `A-${1000 + i}-${batch}`)));
  }
  return started;
}

/** The kinds of order the demo's trickle sends, with their share (they add up to 100). */
export const TRICKLE_MIX = [
  { kind: "smooth", share: 52 },
  { kind: "declinedThenPaid", share: 15 },
  { kind: "declined", share: 8 },
  { kind: "outOfStock", share: 7 },
  { kind: "unverifiable", share: 6 },
  { kind: "approvalTimesOut", share: 5 },
  { kind: "awaitsApproval", share: 7 },
] as const;
export type TrickleKind = (typeof TRICKLE_MIX)[number]["kind"];

/** The run time of an order whose approval nobody gives in time (it ends TIMED_OUT). */
export const APPROVAL_DEADLINE_SECONDS = 120;

/** Picks a kind from the mix for a number in [0, 1). */
export function trickleKind(r: number): TrickleKind {
  let at = r * 100;
  for (const m of TRICKLE_MIX) {
    if (at < m.share) return m.kind;
    at -= m.share;
  }
  return "smooth";
}

/**
 * One order of the trickle. Small orders are approved automatically by the demo's decider;
 * big ones wait for a person in the inbox.
 */
export function trickleOrder(kind: TrickleKind, index: number, orderId: string): Order {
  const customer = CUSTOMERS[index % CUSTOMERS.length];
  const small: OrderItem[] = [
    { sku: "MS-202", name: "Wireless mouse", quantity: 1, price: 24.5 },
    { sku: "CB-404", name: "USB-C cable", quantity: 2, price: 9.99 },
  ];
  const big: OrderItem[] = [
    { sku: "MN-303", name: "27-inch monitor", quantity: 1, price: 249 },
    { sku: "HD-505", name: "Noise-cancelling headphones", quantity: 1, price: 179 },
  ];
  const items =
    kind === "outOfStock"
      ? [...small, { sku: "GPU-606", name: "Graphics card", quantity: 1, price: 49 }]
      : kind === "approvalTimesOut" || kind === "awaitsApproval"
        ? big
        : small;
  const simulate: OrderSimulation | undefined =
    kind === "declinedThenPaid"
      ? { paymentFailures: 1 + (index % 2) }
      : kind === "declined"
        ? { paymentFailures: MAX_PAYMENT_ATTEMPTS }
        : kind === "unverifiable"
          ? { verifyFails: true }
          : undefined;
  return {
    orderId,
    customer: customer.name,
    email: customer.email,
    total: round(items.reduce((sum, i) => sum + i.price * i.quantity, 0)),
    currency: "EUR",
    items,
    address: customer.address,
    ...(simulate ? { simulate } : {}),
  };
}

/**
 * A steady trickle of orders with realistic trouble (card declines with retries, some for good,
 * an out-of-stock item, an address that does not verify, an approval nobody gives in time, big
 * orders waiting for a person), so that the console's failures view and dashboard have something
 * true to show. One order every `everyMs`; none while `maxOpen` orders are open.
 */
export function startOrderTrickle(
  swf: SWFClient,
  options: {
    everyMs?: number;
    maxOpen?: number;
    random?: () => number;
    log?: (line: string) => void;
  } = {},
): { stop(): void } {
  const random = options.random ?? Math.random;
  const batch = randomBytes(3).toString("hex");
  let index = 0;
  const tick = async () => {
    const open = await swf.send(
      new CountOpenWorkflowExecutionsCommand({
        domain: DOMAIN,
        startTimeFilter: { oldestDate: new Date(0) },
        typeFilter: { name: ORDER_WORKFLOW.name },
      }),
    );
    if ((open.count ?? 0) >= (options.maxOpen ?? 40)) return;
    const kind = trickleKind(random());
    const n = index++;
    const order = trickleOrder(kind, n, `T-${batch}-${n}`);
    await startOrder(swf, order, {
      tags: ["demo-trickle", kind],
      ...(kind === "approvalTimesOut"
        ? { executionStartToCloseTimeout: String(APPROVAL_DEADLINE_SECONDS) }
        : {}),
    });
  };
  const timer = setInterval(() => {
    tick().catch((error: unknown) =>
      options.log?.(`order trickle: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, options.everyMs ?? 15_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  const count = Number(process.argv[2] ?? 5);
  const swf = exampleSwfClient();
  startOrders(swf, count)
    .then((runs) => runs.forEach((r) => console.log(`started ${r.workflowId} ${r.runId}`)))
    .catch((error) => {
      console.error(describeFailure(error));
      process.exitCode = 1;
    })
    .finally(() => swf.destroy());
}
