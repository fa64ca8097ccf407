import type { ExecutionRef } from "@/components/api/keys";
import { LinkButton } from "@/components/ui/button";
import { compareHref } from "./compare-url";

/** "Compare with…" on an execution page: opens the comparison with the default other run. */
export function CompareLink({ domain, workflowId, runId }: ExecutionRef) {
  return (
    <LinkButton href={compareHref(domain, { workflowId, runId })} data-testid="compare-link">
      Compare with…
    </LinkButton>
  );
}
