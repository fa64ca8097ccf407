import { NextResponse } from "next/server";
import { consoleDb } from "@/lib/console/db";
import { guard, jsonError } from "@/lib/console/http";
import { parseListQuery } from "@/lib/console/inbox-http";
import {
  countPending,
  countViews,
  listTaskSummaries,
  taskFacets,
  viewQuery,
} from "@/lib/console/inbox-store";
import { currentPoller } from "@/lib/console/poller";
import { humanTaskListsSetting } from "@/lib/console/settings";

export const dynamic = "force-dynamic";

/**
 * Human tasks of a view (`view=pending|mine|overdue|decided|expired|all`) under filters (`domain`,
 * `taskList`, `type`, `assignee` ("-" for nobody), `q` free text, `workflowId`, `runId`), sorted
 * (`sort=age|due|recent`), with the count of every view under the same filters.
 */
export async function GET(request: Request) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Inbox.Read" });
  if (user instanceof Response) return user;
  const query = parseListQuery(new URL(request.url).searchParams);
  if (!query.ok) return jsonError(400, "ValidationError", query.message);
  const db = consoleDb();
  const now = Date.now();
  const tasks = listTaskSummaries(db, {
    ...viewQuery(query.view, user.username, query.filters),
    now,
  });
  const setting = humanTaskListsSetting(db);
  const status = currentPoller()?.status() ?? [];
  return NextResponse.json(
    {
      tasks,
      now,
      view: query.view,
      counts: countViews(db, user.username, { ...query.filters, limit: undefined }, now),
      pendingCount: countPending(db),
      facets: taskFacets(db),
      lists: setting.lists.map((l) => {
        const s = status.find((x) => x.domain === l.domain && x.taskList === l.taskList);
        return { ...l, state: s?.state ?? "stopped", lastError: s?.lastError ?? null };
      }),
    },
    { headers: { "cache-control": "no-store" } },
  );
}
