import { consoleDb } from "@/lib/console/db";
import { taskAuditFields } from "@/lib/console/inbox";
import { assignAs, assignAuditAction } from "@/lib/console/inbox-assign";
import { AssignBody, taskParams } from "@/lib/console/inbox-http";
import { getTask } from "@/lib/console/inbox-store";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

/**
 * Who holds a task: `{to: "me-or-someone"}` takes or gives it, `{to: null}` releases it. Approvers
 * take free tasks and let go of their own; operators and admins may also reassign held ones.
 */
export const POST = route({
  role: "approver",
  action: "Inbox.Assign",
  what: "Claiming and assigning human tasks",
  params: taskParams,
  body: AssignBody,
  bodyLimit: 10_000,
  audit: {
    action: ({ body, user }) => assignAuditAction(body.to, user.username),
    target: async ({ params }) => taskAuditFields(await consoleDb(), params.id),
    parameters: async ({ body, params }) => ({
      taskId: params.id,
      from: (await getTask(await consoleDb(), params.id))?.assignee ?? null,
      to: body.to,
    }),
  },
  handle: ({ db, user, params, body }) => assignAs(db, user, params.id, body.to),
});
