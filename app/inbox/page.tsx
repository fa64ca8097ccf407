import type { Metadata } from "next";
import { Suspense } from "react";
import { InboxView } from "@/components/inbox/inbox-view";
import { InboxLiveSync } from "@/components/live/live-sync";
import { requirePageUser } from "@/lib/console/page-auth";

export const metadata: Metadata = { title: "Inbox · SWF Console" };
export const dynamic = "force-dynamic";

export default async function InboxPage() {
  await requirePageUser("/inbox");
  return (
    <section>
      <h1 className="mb-1 text-lg font-semibold">Inbox</h1>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Human steps of workflows waiting for a decision.
      </p>
      <Suspense>
        <InboxLiveSync />
        <InboxView />
      </Suspense>
    </section>
  );
}
