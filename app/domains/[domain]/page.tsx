import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { POST as swfRoute } from "@/app/api/swf/[action]/route";
import { DomainView } from "@/components/domains/domain-view";
import { decodeSegment } from "@/components/links";
import { prefetchDomainPage } from "@/components/domains/prefetch";
import type { SwfCall } from "@/components/api/client";

type Props = {
  params: Promise<{ domain: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { domain } = await params;
  return { title: `${decodeSegment(domain)} · SWF Console` };
}

/**
 * SWF calls made while rendering go through the same route handler as the browser's (session,
 * role, validation), with the visitor's cookies: there is still one door to SWF.
 */
function serverSwf(cookie: string): SwfCall {
  return async <T,>(action: string, input: object) => {
    const request = new Request(`http://console.internal/api/swf/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(input),
    });
    const response = await swfRoute(request, { params: Promise.resolve({ action }) });
    const body = await response.json();
    if (!response.ok) throw Object.assign(new Error(body.message ?? response.statusText), body);
    return body as T;
  };
}

function toSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      params.append(key, v);
  }
  return params;
}

export default async function DomainPage({ params, searchParams }: Props) {
  const domain = decodeSegment((await params).domain);
  const client = new QueryClient();
  await prefetchDomainPage(
    client,
    serverSwf((await headers()).get("cookie") ?? ""),
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
