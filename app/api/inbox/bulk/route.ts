import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { decideTask, outcomeFault } from "@/lib/console/inbox";
import { BulkBody, issues } from "@/lib/console/inbox-http";
import { publicTask } from "@/lib/console/inbox-store";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

/**
 * Approves or rejects several tasks with one comment: `{ids, decision, comment}`. Each task is
 * decided (and audited, under one bulk id) on its own; the answer lists every task's result.
 * Form tasks are refused here: their answer needs typed values.
 */
export async function POST(request: Request) {
  const user = guard(request, {
    role: "approver",
    mutating: true,
    action: "Inbox.Bulk",
    what: "Deciding human tasks",
  });
  if (user instanceof Response) return user;
  const parsed = BulkBody.safeParse(await readJson(request, 100_000));
  if (!parsed.success) return jsonError(400, "ValidationError", issues(parsed.error));
  const { ids, decision, comment } = parsed.data;
  const db = consoleDb();
  const client = swfClient();
  const actor = {
    username: user.username,
    role: user.role,
    ip: clientIp(request),
    bulkId: randomUUID(),
  };
  const results = [];
  // One at a time: each claim, SWF answer and audit row completes before the next begins.
  for (const id of [...new Set(ids)]) {
    const outcome = await decideTask(db, client, id, actor, { decision, comment: comment ?? "" });
    if (outcome.status === "ok") {
      results.push({ id, ok: true, task: publicTask(outcome.task) });
    } else {
      const { fault, message } = outcomeFault(outcome);
      results.push({
        id,
        ok: false,
        fault,
        message,
        ...("task" in outcome ? { task: publicTask(outcome.task) } : {}),
      });
    }
  }
  return NextResponse.json({
    bulkId: actor.bulkId,
    results,
    succeeded: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
  });
}
