/** Names of the order-fulfillment example: domain, types, task lists, signals. */

export const DOMAIN = "orders";

export const ORDER_WORKFLOW = { name: "OrderFulfillment", version: "1.0" } as const;
export const SHIP_WORKFLOW = { name: "ShipOrder", version: "1.0" } as const;

export const TASK_LISTS = {
  /** OrderFulfillment's decision tasks. */
  orderDecisions: "order-decisions",
  /** VerifyOrder, ChargePayment, NotifyCustomer. */
  orderActivities: "order-activities",
  /** ApproveOrder: answered by a person through the console inbox. */
  approvals: "approvals",
  /** ShipOrder's decision tasks. */
  shipDecisions: "ship-decisions",
  /** PickItems, PackOrder, DispatchShipment. */
  shipActivities: "ship-activities",
} as const;

export const ACTIVITIES = {
  verify: { name: "VerifyOrder", version: "1.0" },
  approve: { name: "ApproveOrder", version: "1.0" },
  charge: { name: "ChargePayment", version: "1.0" },
  notify: { name: "NotifyCustomer", version: "1.0" },
  pick: { name: "PickItems", version: "1.0" },
  pack: { name: "PackOrder", version: "1.0" },
  dispatch: { name: "DispatchShipment", version: "1.0" },
} as const;

/** Activity ids the OrderFulfillment decider uses. */
export const ACTIVITY_IDS = {
  verify: "verify-order",
  approval: "approval",
  payment: "charge-payment",
  notify: "notify-customer",
} as const;

export const SIGNALS = {
  /** Cancels the order: open activities are cancelled, then the execution. Input: `{"reason": "…"}`. */
  cancel: "cancel-order",
  /** A new delivery address (an `Address` as JSON), used by shipping. */
  updateAddress: "update-address",
} as const;

/** Payment is tried this many times in all (the first attempt plus 3 retries). */
export const MAX_PAYMENT_ATTEMPTS = 4;

/** Human approval may take days. */
export const APPROVAL_TIMEOUTS = {
  scheduleToStart: 7 * 24 * 3600,
  startToClose: 7 * 24 * 3600,
  scheduleToClose: 14 * 24 * 3600,
} as const;

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  price: number;
}

export interface Address {
  name: string;
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

/** Deterministic failure injection, read by the activity implementations. */
export interface OrderSimulation {
  /** VerifyOrder fails (the order is rejected as invalid). */
  verifyFails?: boolean;
  /** The first N ChargePayment attempts fail. */
  paymentFailures?: number;
}

/** The input of an OrderFulfillment execution. */
export interface Order {
  orderId: string;
  customer: string;
  email: string;
  total: number;
  currency: string;
  items: OrderItem[];
  address: Address;
  simulate?: OrderSimulation;
}

/** What the approval step shows a person (the ApproveOrder input). */
export interface ApprovalRequest {
  orderId: string;
  customer: string;
  email: string;
  total: number;
  currency: string;
  items: OrderItem[];
  shipTo: string;
  question: string;
  /** The typed answer the console's inbox asks for (see docs/human-tasks.md). */
  form: typeof APPROVAL_FORM;
}

/** The approver picks a discount and the warehouse the order ships from. */
export const APPROVAL_FORM = {
  fields: [
    {
      name: "discount",
      label: "Discount (%)",
      type: "number",
      min: 0,
      max: 30,
      default: 0,
      required: true,
      help: "Taken off the total when the payment is charged.",
    },
    {
      name: "warehouse",
      label: "Ship from",
      type: "select",
      required: true,
      default: "berlin",
      options: [
        { value: "berlin", label: "Berlin" },
        { value: "lyon", label: "Lyon" },
        { value: "rotterdam", label: "Rotterdam" },
      ],
    },
  ],
} as const;

/** The answer a person gives (the ApproveOrder result). */
export interface ApprovalResponse {
  decision: "approve" | "reject";
  comment?: string;
  /** The form's values (APPROVAL_FORM), when answered in the console's inbox. */
  values?: { discount?: number | null; warehouse?: string | null };
  by?: string;
  at?: string;
}

export interface ShipmentRequest {
  orderId: string;
  items: OrderItem[];
  address: Address;
}

export interface ShipmentResult {
  orderId: string;
  trackingNumber: string;
  carrier: string;
  packages: number;
  shippedTo: Address;
}

/** The result of a completed OrderFulfillment execution. */
export interface OrderResult {
  orderId: string;
  status: "fulfilled";
  approvedBy?: string;
  approvalComment?: string;
  discountPercent?: number;
  shipFrom?: string;
  paymentId: string;
  paymentAttempts: number;
  trackingNumber: string;
  carrier: string;
  shippedTo: Address;
  customerNotified: boolean;
}
