"use client";

import type {
  DomainInfo,
  DomainInfos as ListDomainsOutput,
  WorkflowExecutionCount,
} from "@aws-sdk/client-swf";
import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import { callSwf } from "@/components/api/client";
import type { RegistrationView } from "./domain-tabs";
import { fetchDomain } from "./fetchers";

/** Every domain with the given registration status (all pages, name ascending). */
export function useDomains(status: RegistrationView) {
  return useQuery({
    queryKey: keys.domains.list(status),
    queryFn: async ({ signal }) => {
      const domains: DomainInfo[] = [];
      let nextPageToken: string | undefined;
      do {
        const page = await callSwf<ListDomainsOutput>(
          "ListDomains",
          {
            registrationStatus: status,
            maximumPageSize: 1000,
            ...(nextPageToken ? { nextPageToken } : {}),
          },
          signal,
        );
        domains.push(...(page.domainInfos ?? []));
        nextPageToken = page.nextPageToken;
      } while (nextPageToken);
      return domains;
    },
  });
}

export function useDomain(name: string) {
  return useQuery({
    queryKey: keys.domain.describe(name),
    queryFn: ({ signal }) => fetchDomain(callSwf, name, signal),
    retry: (failures, error) => (error as { status?: number }).status !== 404 && failures < 1,
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
