import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { InboxHeading } from "@/components/inbox/inbox-heading";
import { InboxView } from "@/components/inbox/inbox-view";
import { isPhone, prefetchInbox } from "@/components/inbox/prefetch";
import { InboxLiveSync } from "@/components/live/live-sync";
import { toSearchParams, type PageSearchParams } from "@/components/ui/search-params";
import { serverInbox } from "@/lib/console/inbox-http";
import { requirePageUser } from "@/lib/console/page-auth";

export const metadata: Metadata = { title: "Inbox · SWF Console" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<PageSearchParams> };

export default async function InboxPage({ searchParams }: Props) {
  const user = await requirePageUser("/inbox");
  // The keyboard's decisions and the comment box need the role: the root layout seeds the session
  // with the page, so they work as soon as the task shows.
  const client = new QueryClient();
  // The first screenful of the URL's view, read as the signed-in user (the list route's role).
  await prefetchInbox(client, serverInbox(user), toSearchParams(await searchParams), {
    opensFirst: !isPhone(await headers()),
  });
  return (
    <section>
      <InboxHeading />
      {/* No <Suspense> on purpose: a fallback would put the rows behind React's streamed-reveal
          throttle (~300 ms). The page is dynamic, so nothing in it suspends for long. */}
      <HydrationBoundary state={dehydrate(client)}>
        <InboxLiveSync />
        <InboxView />
      </HydrationBoundary>
    </section>
  );
}
