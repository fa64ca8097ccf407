import { consoleDb } from "@/lib/console/db";
import { decideTask, decisionAuditAction, taskAuditFields } from "@/lib/console/inbox";
import {
  DecideBody,
  INBOX_READ_ROLE,
  decisionAnswer,
  taskDetail,
  taskParams,
} from "@/lib/console/inbox-http";
import { route } from "@/lib/console/route";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

/** One task with its input and, for form tasks, the parsed form (or what is wrong with it). */
export const GET = route({
  role: INBOX_READ_ROLE,
  action: "Inbox.Read",
  params: taskParams,
  handle: ({ db, params }) => taskDetail(db, params.id),
});

/**
 * Decides a human task (approver): `{decision: "approve"|"reject", comment, values}` completes the
 * activity with `{decision, comment, values, by, at}`; `{decision: "fail", reason}` fails it. One
 * decision per task: a late second decider gets 409 with who decided and when; a decision whose
 * outcome SWF has not confirmed yet gets 202 OutcomeUnknown.
 */
export const POST = route({
  role: "approver",
  action: "Inbox.Decide",
  what: "Deciding human tasks",
  params: taskParams,
  body: DecideBody,
  bodyLimit: 100_000,
  audit: {
    action: ({ body }) => decisionAuditAction(body.decision),
    target: async ({ params }) => taskAuditFields(await consoleDb(), params.id),
    parameters: ({ body, params }) => ({ taskId: params.id, ...body }),
  },
  handle: async ({ db, user, params, body }) =>
    decisionAnswer(
      await decideTask(
        db,
        swfClient(),
        params.id,
        user,
        body.decision === "fail"
          ? { decision: "fail", comment: body.reason }
          : { decision: body.decision, comment: body.comment ?? "", values: body.values },
      ),
    ),
});
