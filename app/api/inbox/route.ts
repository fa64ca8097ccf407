import { INBOX_READ_ROLE, inboxPage } from "@/lib/console/inbox-http";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

/**
 * Human tasks of a view (`view=pending|mine|overdue|decided|expired|all`) under filters (`domain`,
 * `taskList`, `type`, `assignee` ("-" for nobody), `q` free text, `workflowId`, `runId`), sorted
 * (`sort=age|due|recent`), with the count of every view under the same filters. With
 * `since=<version>` and nothing changed since, the rows are left out (`unchanged: true`).
 */
export const GET = route({
  role: INBOX_READ_ROLE,
  action: "Inbox.Read",
  handle: ({ db, user, query }) => inboxPage(db, user.username, query),
});
