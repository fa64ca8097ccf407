import { NextResponse } from "next/server";
import { consoleDb } from "@/lib/console/db";
import { guard, jsonError } from "@/lib/console/http";
import { countPending, listTasks, publicTask, type TaskState } from "@/lib/console/inbox-store";
import { currentPoller } from "@/lib/console/poller";
import { humanTaskListsSetting } from "@/lib/console/settings";

export const dynamic = "force-dynamic";

const VIEWS: Record<string, TaskState[] | undefined> = {
  pending: ["pending", "claimed"],
  decided: ["completed", "failed"],
  closed: ["completed", "failed", "expired", "canceled"],
  expired: ["expired", "canceled"],
  all: undefined,
};

/**
 * Human tasks: `?view=pending|decided|closed|expired|all` (default pending), optionally for one
 * execution (`domain`, `workflowId`, `runId`). Task tokens never leave the server.
 */
export async function GET(request: Request) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Inbox.Read" });
  if (user instanceof Response) return user;
  const q = new URL(request.url).searchParams;
  const view = q.get("view") ?? "pending";
  if (!(view in VIEWS))
    return jsonError(
      400,
      "ValidationError",
      `view must be one of ${Object.keys(VIEWS).join(", ")}`,
    );
  const db = consoleDb();
  const tasks = listTasks(db, {
    states: VIEWS[view],
    domain: q.get("domain") || undefined,
    workflowId: q.get("workflowId") || undefined,
    runId: q.get("runId") || undefined,
    limit: Number(q.get("limit") ?? 500) || 500,
  }).map(publicTask);
  const setting = humanTaskListsSetting(db);
  const status = currentPoller()?.status() ?? [];
  return NextResponse.json(
    {
      tasks,
      pendingCount: countPending(db),
      lists: setting.lists.map((l) => {
        const s = status.find((x) => x.domain === l.domain && x.taskList === l.taskList);
        return { ...l, state: s?.state ?? "stopped", lastError: s?.lastError ?? null };
      }),
    },
    { headers: { "cache-control": "no-store" } },
  );
}
