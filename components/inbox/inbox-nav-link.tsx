"use client";

import Link from "next/link";
import { useSession } from "@/components/auth/session";
import { usePendingCount } from "./use-pending-count";

/** "Inbox" with the number of pending human tasks, for the header. */
export function InboxNavLink({ className }: { className?: string }) {
  const { data: session } = useSession();
  const n = usePendingCount({ enabled: Boolean(session), refetchInterval: 15_000 }) ?? 0;
  return (
    <Link href="/inbox" className={className} data-testid="nav-inbox">
      Inbox
      {n > 0 ? (
        <span
          className="ml-1 rounded-full bg-amber-700 px-1.5 text-xs font-semibold text-white dark:bg-amber-600 dark:text-slate-950"
          aria-label={`${n} pending`}
        >
          {n}
        </span>
      ) : null}
    </Link>
  );
}
