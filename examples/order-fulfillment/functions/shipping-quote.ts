/**
 * Lambda function of the order-fulfillment example: quotes shipping for an order. Run locally by
 * `npm run functions -- --dir examples/order-fulfillment/functions` (npm start does this), or
 * deploy it to AWS Lambda under the same name.
 */
interface QuoteRequest {
  items?: { sku?: string; quantity?: number }[];
  currency?: string;
  address?: { country?: string };
}

const BASE = 4.9;
const PER_ITEM = 1.25;
/** Domestic (GB) is cheapest; other countries pay a flat surcharge. */
const ABROAD = 7.5;

export async function handler(event: QuoteRequest) {
  const country = event.address?.country;
  if (!country) throw new Error("A shipping quote needs the delivery country");
  const items = (event.items ?? []).reduce((n, item) => n + (item.quantity ?? 1), 0);
  const amount = BASE + PER_ITEM * items + (country === "GB" ? 0 : ABROAD);
  return {
    amount: Math.round(amount * 100) / 100,
    currency: event.currency ?? "EUR",
    carrier: country === "GB" ? "Royal Mail" : "DHL Express",
    items,
  };
}
