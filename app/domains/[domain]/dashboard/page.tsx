import type { Metadata } from "next";
import { Suspense } from "react";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { DomainHeader } from "@/components/domains/domain-header";
import { DomainViewsNav } from "@/components/domains/domain-views-nav";
import { decodeSegment } from "@/components/links";

type Props = { params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Dashboard · ${decodeSegment((await params).domain)} · SWF Console` };
}

/** A domain's throughput, open executions, task-list backlog and slowest activity types. */
export default async function DashboardPage({ params }: Props) {
  const domain = decodeSegment((await params).domain);
  return (
    <div className="flex flex-col gap-3">
      <DomainHeader domain={domain} />
      <Suspense>
        <DomainViewsNav domain={domain} current="dashboard" />
        <DashboardView domain={domain} />
      </Suspense>
    </div>
  );
}
