"use client";

import type { DomainInfos as ListDomainsOutput, WorkflowExecutionCount } from "@aws-sdk/client-swf";
import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import { callSwf, callSwfAllPages } from "@/components/api/client";
import type { RegistrationView } from "./domain-tabs";
import { fetchDomain } from "./fetchers";
import { retryRead } from "@/components/api/retry";

/** Every domain with the given registration status (all pages, name ascending). */
export function useDomains(status: RegistrationView) {
  return useQuery({
    queryKey: keys.domains.list(status),
    queryFn: async ({ signal }) =>
      (
        await callSwfAllPages<ListDomainsOutput>(
          "ListDomains",
          { registrationStatus: status, maximumPageSize: 1000 },
          signal,
        )
      ).flatMap((page) => page.domainInfos ?? []),
  });
}

export function useDomain(name: string) {
  return useQuery({
    queryKey: keys.domain.describe(name),
    queryFn: ({ signal }) => fetchDomain(callSwf, name, signal),
    retry: retryRead,
  });
}

/** Open executions right now: CountOpenWorkflowExecutions since the epoch. */
export function useOpenCount(domain: string, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: keys.executions.openCount(domain),
    queryFn: ({ signal }) =>
      callSwf<WorkflowExecutionCount>(
        "CountOpenWorkflowExecutions",
        { domain, startTimeFilter: { oldestDate: new Date(0).toISOString() } },
        signal,
      ),
    refetchInterval: options.refetchInterval,
  });
}
