import {
  DomainPageFrame,
  domainPageMetadata,
  type DomainPageProps,
} from "@/components/domains/domain-page";
import { FailuresView } from "@/components/failures/failures-view";
import { decodeSegment } from "@/components/links";

export const generateMetadata = (props: DomainPageProps) => domainPageMetadata(props, "Failures");

/** What is failing in a domain, grouped by type, close status and reason. */
export default async function FailuresPage({ params }: DomainPageProps) {
  const domain = decodeSegment((await params).domain);
  return (
    <DomainPageFrame domain={domain} page="failures">
      <FailuresView domain={domain} />
    </DomainPageFrame>
  );
}
