import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import type { ExecutionRef } from "@/components/api/keys";
import { executionHref } from "@/components/links";

/** The console's text links. */
export const LINK_CLASS = "text-sky-700 hover:underline dark:text-sky-400";

/** A link to a run's page, in the console's link style unless told otherwise. */
export function ExecutionLink({
  domain,
  run,
  className = LINK_CLASS,
  ...rest
}: {
  domain: string;
  run: { workflowId: string; runId: string };
} & Omit<ComponentProps<typeof Link>, "href">) {
  return (
    <Link className={className} href={executionHref(domain, run.workflowId, run.runId)} {...rest} />
  );
}

/**
 * A link to another run's page, or plain text when the domain is unknown (a history imported
 * from a file: the run may not exist behind this console).
 */
export function RunLink({
  className,
  children,
  domain,
  ...run
}: ExecutionRef & { className: string; children: ReactNode }) {
  if (!domain) return <span className="break-all font-mono">{children}</span>;
  return (
    <ExecutionLink domain={domain} run={run} className={className}>
      {children}
    </ExecutionLink>
  );
}
