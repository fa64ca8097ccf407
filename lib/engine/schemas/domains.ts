/** Domain operations: RegisterDomain, DescribeDomain, ListDomains, DeprecateDomain, UndeprecateDomain. */
import { z } from "zod";
import {
  description,
  domainName,
  pageSize,
  pageToken,
  registrationStatus,
  retentionDays,
  reverseOrder,
} from "./common";
import { resourceTagList } from "./tags";

const byName = z.object({ name: domainName });

export const domainSchemas = {
  RegisterDomain: z.object({
    name: domainName,
    description: description.optional(),
    workflowExecutionRetentionPeriodInDays: retentionDays,
    tags: resourceTagList.optional(),
  }),
  DescribeDomain: byName,
  ListDomains: z.object({
    nextPageToken: pageToken.optional(),
    registrationStatus,
    maximumPageSize: pageSize.optional(),
    reverseOrder: reverseOrder.optional(),
  }),
  DeprecateDomain: byName,
  UndeprecateDomain: byName,
};
