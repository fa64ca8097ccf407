// Every URL of the console's pages, built in one place, and the one decoder of URL segments.
// Workflow ids and run ids may contain `/`, `+`, `=`, `?`, `#` and spaces, so every segment is
// percent-encoded (and decoded exactly once by the page). No React: server pages use it too.

const seg = encodeURIComponent;

export const homeHref = () => "/";

/** A domain's page, optionally on a tab (e.g. "workflow-types"). */
export function domainHref(domain: string, tab?: string): string {
  return `/domains/${seg(domain)}${tab ? `?tab=${seg(tab)}` : ""}`;
}

/**
 * A domain's task-lists tab, optionally checking one task list by name (its pending decision and
 * activity tasks), e.g. one that work is scheduled on but no type names and no open run decides on.
 */
export function taskListsHref(domain: string, taskList?: string): string {
  const base = domainHref(domain, "task-lists");
  return taskList ? `${base}&taskList=${seg(taskList)}` : base;
}

/** One run's page; `search` keeps a query string (`?tab=graph`). */
export function executionHref(
  domain: string,
  workflowId: string,
  runId: string,
  search?: string,
): string {
  const base = `/domains/${seg(domain)}/executions/${seg(workflowId)}/${seg(runId)}`;
  return search ? `${base}?${search.replace(/^\?/, "")}` : base;
}

/** The start form, optionally prefilled from an earlier run (re-run with edits). */
export function startHref(domain: string, from?: { workflowId: string; runId: string }): string {
  const base = `/domains/${seg(domain)}/start`;
  return from ? `${base}?from=${seg(from.workflowId)}&run=${seg(from.runId)}` : base;
}

export const inboxHref = (taskId?: string | number) =>
  taskId === undefined ? "/inbox" : `/inbox?task=${seg(String(taskId))}`;
export const auditHref = () => "/audit";
export const usersHref = () => "/users";
export const settingsHref = () => "/settings";
export const registrationHref = () => "/settings/registration";
export const loginHref = (next?: string) =>
  next === undefined || next === "/" ? "/login" : `/login?next=${seg(next)}`;
export const oidcLoginHref = (next: string) => `/api/auth/oidc/login?next=${seg(next)}`;

/**
 * A route param as Next.js hands it over. Depending on the version and on how the URL was produced
 * it arrives decoded or still percent-encoded, so decode only what is clearly encoded: a literal
 * `%` not followed by two hex digits is kept, and a malformed sequence is taken as it is.
 */
export function decodeSegment(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
