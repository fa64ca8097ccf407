// Server side of the inbox page: read the first screenful of the URL's view (and the task its
// detail pane opens, but for phones: see isPhone) before the HTML is sent, so that rows and counts
// are in the first paint instead of after hydration + a browser round trip. The browser's
// TanStack Query cache is seeded from it (HydrationBoundary); the whole list (up to 10,000 rows,
// for "select all matching") is still fetched by the browser, never rendered into the HTML.
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
 * Whether the request comes from a phone, by the browser's own word: the `Sec-CH-UA-Mobile`
 * client hint (Chromium-based browsers send it with every request) or, from the others, the
 * "Mobi" their user agent carries on phones. A phone shows the list alone until a task is opened
 * (narrower than the side-by-side breakpoint, in either orientation); a tablet or a desktop
 * browser may be wide, and the server cannot know a window's width before it is drawn.
 */
export function isPhone(headers: Pick<Headers, "get">): boolean {
  return headers.get("sec-ch-ua-mobile") === "?1" || /Mobi/.test(headers.get("user-agent") ?? "");
}

/**
 * Prefetches into `client`; failures are left for the browser to retry and report. Answers the
 * first screenful, if it was read (for what is rendered outside the seeded queries).
 * `opensFirst`: the browser will open the first row beside the list (not on a phone, where the
 * list shows alone and nothing is opened for the person), so its detail comes with the page.
 */
export async function prefetchInbox(
  client: QueryClient,
  inbox: InboxReads,
  params: URLSearchParams,
  { opensFirst = true }: { opensFirst?: boolean } = {},
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
  // With no task in the URL a wide screen opens the first row: its detail comes with the page.
  const first = head?.tasks[0];
  if (url.task === null && first && opensFirst) await task(first.id);
  return head;
}
