import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { DomainView } from "@/components/domains/domain-view";
import { decodeSegment } from "@/components/links";
import { prefetchDomainPage } from "@/components/domains/prefetch";
import { toSearchParams, type PageSearchParams } from "@/components/ui/search-params";
import { pageUser } from "@/lib/console/page-auth";
import { serverSwf } from "@/lib/console/swf-proxy";

type Props = {
  params: Promise<{ domain: string }>;
  searchParams: Promise<PageSearchParams>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { domain } = await params;
  return { title: `${decodeSegment(domain)} · SWF Console` };
}

export default async function DomainPage({ params, searchParams }: Props) {
  const domain = decodeSegment((await params).domain);
  const client = new QueryClient();
  await prefetchDomainPage(
    client,
    // The same allow-list, role and validation as /api/swf/<Action>, as the signed-in visitor.
    serverSwf(await pageUser()),
    domain,
    toSearchParams(await searchParams),
  );
  return (
    // No <Suspense> here on purpose: a fallback would put the rows behind React's streamed-reveal
    // throttle (~300 ms). The page is dynamic, so nothing in it suspends for long.
    <HydrationBoundary state={dehydrate(client)}>
      <DomainView domain={domain} />
    </HydrationBoundary>
  );
}
