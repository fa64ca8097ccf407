import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { TaskSummary as HumanTask } from "@/lib/console/inbox-store";

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

/** Waits until the inbox holds `n` pending tasks matching the free text `q`. */
export async function waitForInboxTasks(
  api: APIRequestContext,
  q: string,
  n: number,
  timeoutMs = 30_000,
): Promise<HumanTask[]> {
  let found: HumanTask[] = [];
  await expect
    .poll(
      async () => {
        const r = await api.get(`/api/inbox?view=pending&q=${encodeURIComponent(q)}`);
        found = ((await r.json()) as { tasks: HumanTask[] }).tasks ?? [];
        return found.filter((t) => t.state === "pending").length;
      },
      { timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBe(n);
  return found;
}

/** Opens the inbox with `task` in the detail pane; returns the pane. */
export async function openTask(page: Page, task: { id: number }, query = "") {
  await page.goto(`/inbox?task=${task.id}${query ? `&${query}` : ""}`);
  const pane = page.locator(`[data-testid=inbox-task][data-task-id="${task.id}"]`);
  await expect(pane).toBeVisible();
  return pane;
}
