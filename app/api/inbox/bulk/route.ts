import { randomUUID } from "node:crypto";
import { decideEach, outcomeFault } from "@/lib/console/inbox";
import { BulkBody } from "@/lib/console/inbox-http";
import { publicTask } from "@/lib/console/inbox-store";
import { route } from "@/lib/console/route";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

/**
 * Approves or rejects several tasks with one comment: `{ids, decision, comment}`. Each task is
 * decided and audited (attempt, then outcome, under one bulk id) on its own; the answer lists
 * every task's result. A form task is approved with its form's defaults; one whose form asks for a
 * required value without a default is refused as `NeedsOwnDecision`.
 */
export const POST = route({
  role: "approver",
  action: "Inbox.Bulk",
  what: "Deciding human tasks",
  body: BulkBody,
  bodyLimit: 100_000,
  handle: async ({ db, user, ip, body }) => {
    const actor = { username: user.username, role: user.role, ip, bulkId: randomUUID() };
    const decided = await decideEach(db, swfClient(), body.ids, actor, {
      decision: body.decision,
      comment: body.comment ?? "",
    });
    const results = decided.map(({ id, outcome }) => {
      if (outcome.status === "ok") return { id, ok: true, task: publicTask(outcome.task) };
      const { fault, message } = outcomeFault(outcome);
      return {
        id,
        ok: false,
        fault,
        message,
        ...("task" in outcome ? { task: publicTask(outcome.task) } : {}),
      };
    });
    return {
      bulkId: actor.bulkId,
      results,
      succeeded: results.filter((r) => r.ok).length,
      failed: results.filter((r) => !r.ok).length,
    };
  },
});
