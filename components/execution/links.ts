// URLs of the console's execution pages. Workflow ids and run ids may contain `/`, `+`, `=`, `?`,
// `#` and spaces, so every segment is percent-encoded (and decoded exactly once by the page).

export function domainHref(domain: string): string {
  return `/domains/${encodeURIComponent(domain)}`;
}

export function executionHref(
  domain: string,
  workflowId: string,
  runId: string,
  search?: string,
): string {
  const base = `/domains/${encodeURIComponent(domain)}/executions/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}`;
  return search ? `${base}?${search.replace(/^\?/, "")}` : base;
}

/**
 * Route params as Next.js hands them over. Depending on the version and on how the URL was
 * produced they arrive decoded or still percent-encoded, so decode only what is clearly encoded:
 * a literal `%` in an id that is not followed by two hex digits is kept.
 */
export function decodeSegment(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
