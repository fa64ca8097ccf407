import { expect, type APIRequestContext } from "@playwright/test";
import type { HumanTask } from "@/lib/console/inbox-store";

/** Waits until the console's inbox holds the pending human task of `workflowId`, and returns it. */
export async function waitForInboxTask(
  api: APIRequestContext,
  workflowId: string,
  timeoutMs = 30_000,
): Promise<HumanTask> {
  let found: HumanTask | undefined;
  await expect
    .poll(
      async () => {
        const r = await api.get(
          `/api/inbox?view=pending&workflowId=${encodeURIComponent(workflowId)}`,
        );
        const body = (await r.json()) as { tasks: HumanTask[] };
        found = body.tasks?.[0];
        return found?.state;
      },
      { timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBe("pending");
  return found!;
}

export function orderInput(orderId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    orderId,
    customer: { name: "Ada Lovelace", email: "ada@example.com" },
    total: 129.5,
    items: [
      { sku: "BOOK-1", qty: 1 },
      { sku: "PEN-2", qty: 3 },
    ],
    ...extra,
  });
}
