import { randomBytes } from "node:crypto";
import {
  StartWorkflowExecutionCommand,
  type SWFClient,
  type WorkflowExecution,
} from "@aws-sdk/client-swf";
import { createSwfClient } from "../../lib/worker";
import { isMain } from "../shared";
import {
  DOMAIN,
  ORDER_WORKFLOW,
  TASK_LISTS,
  type Address,
  type Order,
  type OrderItem,
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
  options: { workflowId?: string; tags?: string[] } = {},
): Promise<WorkflowExecution> {
  const workflowId = options.workflowId ?? `order-${order.orderId}`;
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({
      domain: DOMAIN,
      workflowId,
      workflowType: ORDER_WORKFLOW,
      taskList: { name: TASK_LISTS.orderDecisions },
      input: JSON.stringify(order),
      tagList: options.tags ?? ["example", `customer:${order.customer}`.slice(0, 256)],
    }),
  );
  return { workflowId, runId };
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

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  const count = Number(process.argv[2] ?? 5);
  const swf = createSwfClient();
  startOrders(swf, count)
    .then((runs) => runs.forEach((r) => console.log(`started ${r.workflowId} ${r.runId}`)))
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => swf.destroy());
}
