/** The execution detail page of one run. Both parts are URL-encoded: run ids contain `/`, `+`, `=`. */
export function executionHref(domain: string, workflowId: string, runId: string): string {
  return `/domains/${encodeURIComponent(domain)}/executions/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}`;
}

/** A domain's page (optionally a tab, e.g. "workflow-types"). */
export function domainHref(domain: string, tab?: string): string {
  return `/domains/${encodeURIComponent(domain)}${tab ? `?tab=${encodeURIComponent(tab)}` : ""}`;
}

/** The first characters of a run id, for dense tables (the full id goes in a tooltip). */
export function shortRunId(runId: string, length = 8): string {
  return runId.length <= length ? runId : `${runId.slice(0, length)}…`;
}
