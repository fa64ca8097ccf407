// The domain page's tabs live in the `tab` search param (deep links). Pure helpers, unit-tested.

export type DomainTab =
  "executions" | "workflow-types" | "activity-types" | "task-lists" | "overview";

export const DOMAIN_TABS: readonly { id: DomainTab; label: string }[] = [
  { id: "executions", label: "Executions" },
  { id: "workflow-types", label: "Workflow types" },
  { id: "activity-types", label: "Activity types" },
  { id: "task-lists", label: "Task lists" },
  { id: "overview", label: "Overview" },
];

export const DEFAULT_TAB: DomainTab = "executions";

export function parseDomainTab(value: string | null | undefined): DomainTab {
  return DOMAIN_TABS.some((t) => t.id === value) ? (value as DomainTab) : DEFAULT_TAB;
}

/**
 * The URL of `tab` keeping the other params (so that the executions filters survive a visit to
 * another tab). The default tab is omitted.
 */
export function domainTabHref(
  pathname: string,
  tab: DomainTab,
  current: URLSearchParams | string = "",
): string {
  const params = new URLSearchParams(current);
  if (tab === DEFAULT_TAB) params.delete("tab");
  else params.set("tab", tab);
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ""}`;
}

/** Registered or deprecated, for the domain list and the type tabs (`?status=deprecated`). */
export type RegistrationView = "REGISTERED" | "DEPRECATED";

export function parseRegistration(value: string | null | undefined): RegistrationView {
  return value === "deprecated" || value === "DEPRECATED" ? "DEPRECATED" : "REGISTERED";
}

export function registrationParams(
  view: RegistrationView,
  current: URLSearchParams | string,
  key = "status",
): URLSearchParams {
  const params = new URLSearchParams(current);
  if (view === "DEPRECATED") params.set(key, "deprecated");
  else params.delete(key);
  return params;
}
