"use client";

import { useQuery } from "@tanstack/react-query";
import { consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { PENDING_COUNT_QUERY } from "./inbox-url";
import type { InboxResponse } from "./types";

/**
 * The number of human tasks waiting (pending or claimed), undefined until known. The root layout
 * seeds it with the page's HTML, so the header shows it from the first paint.
 */
export function usePendingCount({
  enabled = true,
  refetchInterval,
}: {
  enabled?: boolean;
  refetchInterval: number;
}): number | undefined {
  const { data } = useQuery({
    queryKey: keys.inbox.count(),
    queryFn: () => consoleFetch<InboxResponse>(`/api/inbox?${PENDING_COUNT_QUERY}`),
    enabled,
    refetchInterval,
  });
  return data?.pendingCount;
}
