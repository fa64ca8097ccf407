"use client";

import { useQuery } from "@tanstack/react-query";
import { consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { formatCount } from "@/components/ui/format";
import type { InboxResponse } from "./types";

/** "Inbox — Pending (N)": the number of tasks waiting, always in view. */
export function InboxHeading() {
  const { data } = useQuery({
    queryKey: keys.inbox.count(),
    queryFn: () => consoleFetch<InboxResponse>("/api/inbox?view=pending&limit=1"),
    refetchInterval: 1_000,
  });
  return (
    <h1 className="mb-2 flex items-baseline gap-3 text-lg font-semibold">
      Inbox
      <span
        className="text-sm font-normal text-slate-700 dark:text-slate-300"
        data-testid="inbox-pending-count"
        aria-live="polite"
      >
        Pending ({data ? formatCount(data.pendingCount) : "…"})
      </span>
    </h1>
  );
}
