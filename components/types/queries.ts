"use client";

import type {
  ActivityTypeConfiguration,
  ActivityTypeDetail as DescribeActivityTypeOutput,
  WorkflowTypeDetail as DescribeWorkflowTypeOutput,
  ActivityTypeInfos as ListActivityTypesOutput,
  WorkflowTypeInfos as ListWorkflowTypesOutput,
  RegistrationStatus,
  WorkflowTypeConfiguration,
} from "@aws-sdk/client-swf";
import { keys } from "@/components/api/keys";
import { useQuery } from "@tanstack/react-query";
import { callSwf } from "@/components/api/client";
import type { Wire } from "@/components/ui/wire";

export type TypeKind = "workflow" | "activity";

export interface TypeRow {
  kind: TypeKind;
  name: string;
  version: string;
  status: RegistrationStatus | string;
  description?: string;
  creationDate?: string;
  deprecationDate?: string;
  /** DescribeXType's configuration (the defaults that were set); undefined if Describe failed. */
  configuration?: Wire<WorkflowTypeConfiguration> & Wire<ActivityTypeConfiguration>;
}

/** The most types listed (and described) per tab; SWF allows 10,000 per domain. */
export const MAX_TYPES = 2000;
const DESCRIBE_BATCH = 16;

async function listAndDescribe(
  domain: string,
  kind: TypeKind,
  status: RegistrationStatus,
  signal: AbortSignal,
) {
  const rows: TypeRow[] = [];
  let nextPageToken: string | undefined;
  let truncated = false;
  do {
    const page =
      kind === "workflow"
        ? await callSwf<Wire<ListWorkflowTypesOutput>>(
            "ListWorkflowTypes",
            {
              domain,
              registrationStatus: status,
              maximumPageSize: 1000,
              ...(nextPageToken ? { nextPageToken } : {}),
            },
            signal,
          )
        : await callSwf<Wire<ListActivityTypesOutput>>(
            "ListActivityTypes",
            {
              domain,
              registrationStatus: status,
              maximumPageSize: 1000,
              ...(nextPageToken ? { nextPageToken } : {}),
            },
            signal,
          );
    for (const info of page.typeInfos ?? []) {
      const type =
        "workflowType" in info
          ? info.workflowType
          : (info as { activityType?: { name?: string; version?: string } }).activityType;
      rows.push({
        kind,
        name: type?.name ?? "",
        version: type?.version ?? "",
        status: info.status ?? status,
        description: info.description,
        creationDate: info.creationDate,
        deprecationDate: info.deprecationDate,
      });
    }
    nextPageToken = page.nextPageToken;
    if (rows.length >= MAX_TYPES && nextPageToken) {
      truncated = true;
      break;
    }
  } while (nextPageToken);

  for (let i = 0; i < rows.length; i += DESCRIBE_BATCH) {
    await Promise.all(
      rows.slice(i, i + DESCRIBE_BATCH).map(async (row) => {
        const ref = { name: row.name, version: row.version };
        try {
          const out =
            kind === "workflow"
              ? await callSwf<Wire<DescribeWorkflowTypeOutput>>(
                  "DescribeWorkflowType",
                  { domain, workflowType: ref },
                  signal,
                )
              : await callSwf<Wire<DescribeActivityTypeOutput>>(
                  "DescribeActivityType",
                  { domain, activityType: ref },
                  signal,
                );
          row.configuration = out.configuration as TypeRow["configuration"];
        } catch {
          // Deleted between List and Describe: show the row without defaults.
        }
      }),
    );
  }
  return { rows, truncated };
}

/** The domain's workflow or activity types with their configured defaults. */
export function useTypes(
  domain: string,
  kind: TypeKind,
  status: RegistrationStatus = "REGISTERED",
) {
  return useQuery({
    queryKey: keys.types.list(domain, kind, status),
    queryFn: ({ signal }) => listAndDescribe(domain, kind, status, signal),
    staleTime: 30_000,
  });
}
