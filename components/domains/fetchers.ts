// Domain data fetching shared by the browser hooks (queries.ts) and the server prefetch.
import type { DomainDetail } from "@aws-sdk/client-swf";
import type { SwfCall } from "@/components/api/client";
import type { Wire } from "@/components/ui/wire";

export type DomainDescription = Wire<DomainDetail>;

export function fetchDomain(call: SwfCall, name: string, signal?: AbortSignal) {
  return call<DomainDescription>("DescribeDomain", { name }, signal);
}
