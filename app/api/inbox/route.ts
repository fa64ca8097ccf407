import { NextResponse } from "next/server";
import { consoleDb } from "@/lib/console/db";
import { guard, jsonError } from "@/lib/console/http";
import { parseListQuery } from "@/lib/console/inbox-http";
import {
  countPending,
  countViews,
  listTaskSummaries,
  taskFacets,
  tasksVersion,
  viewQuery,
} from "@/lib/console/inbox-store";
import { currentPoller } from "@/lib/console/poller";
import { humanTaskListsSetting } from "@/lib/console/settings";

export const dynamic = "force-dynamic";

/**
 * Human tasks of a view (`view=pending|mine|overdue|decided|expired|all`) under filters (`domain`,
 * `taskList`, `type`, `assignee` ("-" for nobody), `q` free text, `workflowId`, `runId`), sorted
 * (`sort=age|due|recent`), with the count of every view under the same filters. With
 * `since=<version>` and nothing changed since, the rows are left out (`unchanged: true`).
 */
export async function GET(request: Request) {
  const user = guard(request, { role: "viewer", mutating: false, action: "Inbox.Read" });
  if (user instanceof Response) return user;
  const query = parseListQuery(new URL(request.url).searchParams);
  if (!query.ok) return jsonError(400, "ValidationError", query.message);
  const db = consoleDb();
  const now = Date.now();
  const version = tasksVersion(db);
  const counts = countViews(db, user.username, { ...query.filters, limit: undefined }, now);
  if (query.since === version) {
    return NextResponse.json(
      { unchanged: true, version, now, counts, pendingCount: countPending(db) },
      { headers: { "cache-control": "no-store" } },
    );
  }
  const tasks = listTaskSummaries(db, {
    ...viewQuery(query.view, user.username, query.filters),
    now,
  });
  const setting = humanTaskListsSetting(db);
  const status = currentPoller()?.status() ?? [];
  return NextResponse.json(
    {
      tasks,
      version,
      now,
      view: query.view,
      counts,
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
