import type { Metadata } from "next";
import { Suspense } from "react";
import { InboxHeading } from "@/components/inbox/inbox-heading";
import { InboxView } from "@/components/inbox/inbox-view";
import { InboxLiveSync } from "@/components/live/live-sync";
import { requirePageUser } from "@/lib/console/page-auth";

export const metadata: Metadata = { title: "Inbox · SWF Console" };
export const dynamic = "force-dynamic";

export default async function InboxPage() {
  await requirePageUser("/inbox");
  return (
    <section>
      <InboxHeading />
      <Suspense>
        <InboxLiveSync />
        <InboxView />
      </Suspense>
    </section>
  );
}
