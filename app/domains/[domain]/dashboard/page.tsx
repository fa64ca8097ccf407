import { DashboardView } from "@/components/dashboard/dashboard-view";
import {
  DomainPageFrame,
  domainPageMetadata,
  type DomainPageProps,
} from "@/components/domains/domain-page";
import { decodeSegment } from "@/components/links";

export const generateMetadata = (props: DomainPageProps) => domainPageMetadata(props, "Dashboard");

/** A domain's throughput, open executions, task-list backlog and slowest activity types. */
export default async function DashboardPage({ params }: DomainPageProps) {
  const domain = decodeSegment((await params).domain);
  return (
    <DomainPageFrame domain={domain} page="dashboard">
      <DashboardView domain={domain} />
    </DomainPageFrame>
  );
}
