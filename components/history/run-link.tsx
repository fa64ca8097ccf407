import Link from "next/link";
import type { ReactNode } from "react";
import { executionHref } from "@/components/links";

/**
 * A link to another run's page, or plain text when the domain is unknown (a history imported
 * from a file: the run may not exist behind this console).
 */
export function RunLink({
  domain,
  workflowId,
  runId,
  className,
  children,
}: {
  domain: string;
  workflowId: string;
  runId: string;
  className: string;
  children: ReactNode;
}) {
  if (!domain) return <span className="break-all font-mono">{children}</span>;
  return (
    <Link className={className} href={executionHref(domain, workflowId, runId)}>
      {children}
    </Link>
  );
}
