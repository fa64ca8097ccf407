"use client";

import { formatCount } from "@/components/ui/format";
import { usePendingCount } from "./use-pending-count";

/**
 * "Inbox — Pending (N)": the number of tasks waiting, always in view (in the server's HTML too:
 * the root layout seeds the count the header's link shares).
 */
export function InboxHeading() {
  const count = usePendingCount({ refetchInterval: 1_000 });
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
