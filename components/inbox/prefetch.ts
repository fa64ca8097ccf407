// Server side of the inbox page: read the first screenful of the URL's view (and the task its
// detail pane opens) before the HTML is sent, so that rows and counts are in the first paint
// instead of after hydration + a browser round trip. The browser's TanStack Query cache is seeded
// from it (HydrationBoundary); the whole list (up to 10,000 rows, for "select all matching") is
// still fetched by the browser, never rendered into the HTML.
import type { QueryClient } from "@tanstack/react-query";
import { keys } from "@/components/api/keys";
import { headQuery, listQuery, parseInboxUrl } from "./inbox-url";
import type { InboxResponse, TaskResponse } from "./types";

/** The inbox's reads as the signed-in user (lib/console's serverInbox: the routes' role check). */
export interface InboxReads {
  list(query: string): Promise<unknown>;
  task(id: number): Promise<unknown>;
}

/**
 * Prefetches into `client`; failures are left for the browser to retry and report. Answers the
 * first screenful, if it was read (for what is rendered outside the seeded queries).
 */
export async function prefetchInbox(
  client: QueryClient,
  inbox: InboxReads,
  params: URLSearchParams,
): Promise<InboxResponse | undefined> {
  const url = parseInboxUrl(params);
  const query = listQuery(url);
  const task = (id: number) =>
    client.prefetchQuery({
      queryKey: keys.inbox.task(id),
      queryFn: () => inbox.task(id) as Promise<TaskResponse>,
    });
  const [head] = await Promise.all([
    client
      .fetchQuery({
        queryKey: keys.inbox.head(query),
        queryFn: () => inbox.list(headQuery(query)) as Promise<InboxResponse>,
      })
      .catch(() => undefined),
    url.task === null ? undefined : task(url.task),
  ]);
  // With no task in the URL the browser opens the first row: its detail comes with the page.
  const first = head?.tasks[0];
  if (url.task === null && first) await task(first.id);
  return head;
}
