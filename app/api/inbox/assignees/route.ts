import { route } from "@/lib/console/route";
import { assignableUsernames } from "@/lib/console/users";

export const dynamic = "force-dynamic";

/**
 * The names a task may be assigned to (enabled users who may decide), for the inbox's Assign
 * picker: `{usernames}`. Approvers read it — names only. (Not under /api/users/…: any name there
 * could be a user's, whose own URL it would shadow.)
 */
export const GET = route({
  role: "approver",
  action: "Inbox.Assignees",
  handle: async ({ db }) => ({ usernames: await assignableUsernames(db) }),
});
