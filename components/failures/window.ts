// The failures view's URL state: window (1h | 24h | 7d | custom with from/to), the filters
// (close statuses, workflow type name) and the open group. All in the URL, so a view is shareable.
import { FAILURE_STATUSES, type FailureStatus } from "@/lib/console/failures-group";

export type WindowName = "1h" | "24h" | "7d" | "custom";

export const WINDOW_OPTIONS: { value: WindowName; label: string }[] = [
  { value: "1h", label: "1 h" },
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
  { value: "custom", label: "Custom" },
];

export interface FailuresUrlState {
  window: WindowName;
  from?: string;
  to?: string;
  group?: string;
  /** Close statuses shown (`status=FAILED,TIMED_OUT`); empty: all. */
  statuses: FailureStatus[];
  /** Workflow type name shown (every version); absent: all. */
  type?: string;
}

export function parseFailuresUrl(params: URLSearchParams): FailuresUrlState {
  const w = params.get("window");
  const window: WindowName = w === "1h" || w === "7d" || w === "custom" ? w : "24h";
  return {
    window,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    group: params.get("group") ?? undefined,
    // Unknown names are dropped, not an error: an old or edited link still opens.
    statuses: FAILURE_STATUSES.filter((s) => (params.get("status") ?? "").split(",").includes(s)),
    type: params.get("type") || undefined,
  };
}

/** The page's query string for a state (defaults left out). */
export function failuresUrl(s: FailuresUrlState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.window !== "24h") p.set("window", s.window);
  if (s.window === "custom") {
    if (s.from) p.set("from", s.from);
    if (s.to) p.set("to", s.to);
  }
  if (s.statuses.length) p.set("status", s.statuses.join(","));
  if (s.type) p.set("type", s.type);
  if (s.group) p.set("group", s.group);
  return p;
}

/** Query string for the API (domain + window). */
export function windowQuery(domain: string, s: FailuresUrlState): URLSearchParams {
  const q = new URLSearchParams({ domain, window: s.window });
  if (s.window === "custom") {
    if (s.from) q.set("from", s.from);
    if (s.to) q.set("to", s.to);
  }
  return q;
}

/** The API's window fields for a POST body. */
export function windowBody(s: FailuresUrlState) {
  return s.window === "custom"
    ? { window: s.window, from: s.from, to: s.to }
    : { window: s.window };
}
