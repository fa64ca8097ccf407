/**
 * The id that ties the audit rows of one bulk action together. The browser chooses it (the items
 * of a bulk action go one by one through `/api/swf/<Action>`, see
 * components/actions/bulk-actions.tsx) and sends it as `X-Console-Bulk-Id`; the server files the
 * rows under that id scoped to the signed-in user, `<id>~<user name>`. Whoever sends another
 * user's id (it is shown in the audit log to every viewer) files their rows under a group of
 * their own: one user's rows never join another user's bulk action. The id itself has no `~`, so
 * two users' groups never share a name; user names are unique.
 */
import { BULK_ID_HEADER } from "./request-headers";
import type { SessionUser } from "./sessions";

/** What the browser may choose. */
const CLIENT_BULK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The audit log's bulk id for `user`'s `X-Console-Bulk-Id`, or null without a valid one. */
export function bulkIdOf(request: Request, user: Pick<SessionUser, "username">): string | null {
  const id = request.headers.get(BULK_ID_HEADER);
  return id && CLIENT_BULK_ID.test(id) ? userBulkId(id, user.username) : null;
}

/** `id`, as chosen by `username`'s browser, as the audit log files it. */
export const userBulkId = (id: string, username: string) => `${id}~${username}`;
