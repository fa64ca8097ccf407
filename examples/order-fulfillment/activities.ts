/**
 * Activity implementations of the order-fulfillment example. They simulate work with a short
 * delay and fail deterministically when the order asks them to (`Order.simulate`).
 */
import { ActivityFailure, sleep, type ActivityHandler } from "../../lib/worker";
import {
  ACTIVITIES,
  type Address,
  type Order,
  type OrderItem,
  type OrderSimulation,
  type ShipmentResult,
} from "./constants";

export interface SimulatedWork {
  /** How long each activity pretends to work, in ms (default 300). */
  workMs?: number;
}

/** A card processor's transient refusal (its name becomes the failure's reason prefix). */
export class PaymentDeclined extends Error {
  override name = "PaymentDeclined";
}

function json<T>(input: string | undefined): T {
  if (!input) throw new ActivityFailure("MissingInput", "this activity needs a JSON input");
  try {
    return JSON.parse(input) as T;
  } catch {
    throw new ActivityFailure("InvalidInput", `not JSON: ${input.slice(0, 200)}`);
  }
}

/** VerifyOrder, ChargePayment and NotifyCustomer, keyed by type name (task list order-activities). */
export function orderActivities(options: SimulatedWork = {}): Record<string, ActivityHandler> {
  const work = (signal: AbortSignal) => sleep(options.workMs ?? 300, signal);
  return {
    [ACTIVITIES.verify.name]: async (input, ctx) => {
      const order = json<Order>(input);
      await work(ctx.signal);
      const problems: string[] = [];
      if (order.simulate?.verifyFails) problems.push("address could not be verified");
      if (!Array.isArray(order.items) || order.items.length === 0)
        problems.push("order has no items");
      if (!order.address?.street) problems.push("order has no delivery address");
      if (problems.length > 0)
        throw new ActivityFailure("Verification failed", { orderId: order.orderId, problems });
      return { orderId: order.orderId, verified: true, items: order.items.length };
    },

    [ACTIVITIES.charge.name]: async (input, ctx) => {
      const charge = json<{
        orderId: string;
        total: number;
        currency: string;
        attempt: number;
        simulate?: OrderSimulation;
      }>(input);
      await work(ctx.signal);
      if (charge.attempt <= (charge.simulate?.paymentFailures ?? 0)) {
        throw new PaymentDeclined(`card processor unavailable (attempt ${charge.attempt})`);
      }
      return {
        paymentId: `pay-${charge.orderId}-${charge.attempt}`,
        amount: charge.total,
        currency: charge.currency,
        attempt: charge.attempt,
      };
    },

    [ACTIVITIES.notify.name]: async (input, ctx) => {
      const note = json<{ orderId: string; email: string; trackingNumber: string }>(input);
      await work(ctx.signal);
      return {
        notified: true,
        channel: "email",
        to: note.email,
        trackingNumber: note.trackingNumber,
      };
    },
  };
}

/** SKUs the warehouse has run out of: picking them fails (the demo's out-of-stock orders). */
export const OUT_OF_STOCK = new Set(["GPU-606"]);

/** PickItems, PackOrder and DispatchShipment (task list ship-activities). */
export function shippingActivities(options: SimulatedWork = {}): Record<string, ActivityHandler> {
  const work = (signal: AbortSignal) => sleep(options.workMs ?? 300, signal);
  return {
    [ACTIVITIES.pick.name]: async (input, ctx) => {
      const { orderId, items } = json<{ orderId: string; items: OrderItem[] }>(input);
      await work(ctx.signal);
      const missing = items.filter((i) => OUT_OF_STOCK.has(i.sku)).map((i) => i.sku);
      if (missing.length > 0) throw new ActivityFailure("OutOfStock", { orderId, missing });
      return {
        orderId,
        picked: items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
        bin: "A-12",
      };
    },
    [ACTIVITIES.pack.name]: async (input, ctx) => {
      const { orderId, items } = json<{ orderId: string; items: OrderItem[] }>(input);
      await work(ctx.signal);
      const units = items.reduce((n, i) => n + i.quantity, 0);
      return { orderId, packages: Math.max(1, Math.ceil(units / 3)) };
    },
    [ACTIVITIES.dispatch.name]: async (input, ctx) => {
      const { orderId, address, packages } = json<{
        orderId: string;
        address: Address;
        packages: number;
      }>(input);
      await work(ctx.signal);
      const result: ShipmentResult = {
        orderId,
        trackingNumber: `TRK-${orderId}`,
        carrier: "ACME Freight",
        packages,
        shippedTo: address,
      };
      return result;
    },
  };
}
