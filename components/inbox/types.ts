import type { HumanTask } from "@/lib/console/inbox-store";

export type { HumanTask };

export interface InboxResponse {
  tasks: HumanTask[];
  pendingCount: number;
  lists: { domain: string; taskList: string; state: string; lastError: string | null }[];
}

export function inboxQueryString(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
}
