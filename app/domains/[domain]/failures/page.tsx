import type { Metadata } from "next";
import { Suspense } from "react";
import { DomainHeader } from "@/components/domains/domain-header";
import { DomainViewsNav } from "@/components/domains/domain-views-nav";
import { decodeSegment } from "@/components/links";
import { FailuresView } from "@/components/failures/failures-view";

type Props = { params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Failures · ${decodeSegment((await params).domain)} · SWF Console` };
}

/** What is failing in a domain, grouped by type, close status and reason. */
export default async function FailuresPage({ params }: Props) {
  const domain = decodeSegment((await params).domain);
  return (
    <div className="flex flex-col gap-3">
      <DomainHeader domain={domain} />
      <Suspense>
        <DomainViewsNav domain={domain} current="failures" />
        <FailuresView domain={domain} />
      </Suspense>
    </div>
  );
}
