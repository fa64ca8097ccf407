"use client";

import { useQuery } from "@tanstack/react-query";
import { consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { formatCount } from "@/components/ui/format";
import type { InboxResponse } from "./types";

/**
 * "Inbox — Pending (N)": the number of tasks waiting, always in view. `pending` is the count the
 * server rendered the page with, shown until the browser's own count arrives (the header's link
 * shares that query and creates it before the page's prefetched data could seed it).
 */
export function InboxHeading({ pending }: { pending?: number }) {
  const { data } = useQuery({
    queryKey: keys.inbox.count(),
    queryFn: () => consoleFetch<InboxResponse>("/api/inbox?view=pending&limit=1"),
    refetchInterval: 1_000,
  });
  const count = data?.pendingCount ?? pending;
  return (
    <h1 className="mb-2 flex items-baseline gap-3 text-lg font-semibold">
      Inbox
      <span
        className="text-sm font-normal text-slate-700 dark:text-slate-300"
        data-testid="inbox-pending-count"
        aria-live="polite"
      >
        Pending ({count === undefined ? "…" : formatCount(count)})
      </span>
    </h1>
  );
}
