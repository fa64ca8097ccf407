// The frame of a domain's own pages (dashboard, failures): the domain's header and navigation
// above the page's view. Server side: the pages stay thin.
import type { Metadata } from "next";
import { Suspense, type ReactNode } from "react";
import { decodeSegment } from "@/components/links";
import { DomainGate } from "./domain-gate";
import { DomainHeader } from "./domain-header";
import { DomainViewsNav, type DomainPage } from "./domain-views-nav";

export type DomainPageProps = { params: Promise<{ domain: string }> };

/** "Dashboard · orders · SWF Console". */
export async function domainPageMetadata(
  { params }: DomainPageProps,
  title: string,
): Promise<Metadata> {
  return { title: `${title} · ${decodeSegment((await params).domain)} · SWF Console` };
}

export function DomainPageFrame({
  domain,
  page,
  children,
}: {
  domain: string;
  page: DomainPage;
  children: ReactNode;
}) {
  return (
    <DomainGate domain={domain}>
      <div className="flex flex-col gap-3">
        <DomainHeader domain={domain} />
        <Suspense>
          <DomainViewsNav domain={domain} current={page} />
          {children}
        </Suspense>
      </div>
    </DomainGate>
  );
}
