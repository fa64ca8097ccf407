"use client";

import Link from "next/link";
import { useUrlParams } from "@/components/ui/use-url-params";
import { useExecutionsCount } from "./queries";
import {
  listFiltersToParams,
  otherStateFilters,
  otherStateWords,
  type ListFilters,
} from "./url-state";

/**
 * Under an empty list: how many executions the same filters match in the other state, with a link
 * to them — one Count call, made only while the list is empty. Its query is the other state's own
 * count, so following the link shows the number at once.
 */
export function OtherStateOffer({
  domain,
  filters,
  live,
}: {
  domain: string;
  filters: ListFilters;
  live: boolean;
}) {
  const { searchParams, pathname } = useUrlParams();
  const other = otherStateFilters(filters);
  const count = useExecutionsCount(domain, other ?? filters, live, other !== null);
  if (!other || !count.data?.count) return null;
  const params = listFiltersToParams(other, searchParams.toString());
  return (
    <p className="mt-2" data-testid="other-state-offer">
      {otherStateWords(other.state, count.data.count, Boolean(count.data.truncated))} —{" "}
      <Link
        href={`${pathname}?${params}`}
        className="text-sky-700 underline hover:text-sky-900 dark:text-sky-300"
      >
        show {count.data.count === 1 && !count.data.truncated ? "it" : "them"}
      </Link>
    </p>
  );
}
