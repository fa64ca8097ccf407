/**
 * The console's roles, from least to most powerful. Each role includes everything the roles before
 * it may do: viewer reads; approver also decides human tasks; operator also starts, signals,
 * cancels, terminates and re-runs executions (one at a time or in bulk); admin also registers and
 * deprecates domains and types, edits settings and manages users.
 */
import type { Role } from "@/lib/swf/actions";

export type { Role };

export const ROLES: readonly Role[] = ["viewer", "approver", "operator", "admin"];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** True when `role` may do what `required` may do. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return roleRank(role) >= roleRank(required);
}

/** The roles that may decide (and so hold) human tasks. */
export const DECIDING_ROLES: readonly Role[] = ROLES.filter((r) => roleAtLeast(r, "approver"));

/** What the UI may offer, by the least role needed. The server checks the same table. */
export const CAPABILITIES = {
  read: "viewer",
  audit: "viewer",
  /** Downloading the whole audit log (CSV/JSON). */
  auditExport: "admin",
  decide: "approver",
  start: "operator",
  signal: "operator",
  cancel: "operator",
  terminate: "operator",
  rerun: "operator",
  bulk: "operator",
  register: "admin",
  deprecate: "admin",
  settings: "admin",
  users: "admin",
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof CAPABILITIES;
export type Capabilities = Record<Capability, boolean>;

export function capabilitiesOf(role: Role): Capabilities {
  return Object.fromEntries(
    (Object.keys(CAPABILITIES) as Capability[]).map((c) => [c, roleAtLeast(role, CAPABILITIES[c])]),
  ) as Capabilities;
}

/** The highest of several roles (OIDC users may carry many), or undefined for none. */
export function highestRole(roles: Iterable<Role>): Role | undefined {
  let best: Role | undefined;
  for (const r of roles) if (!best || roleRank(r) > roleRank(best)) best = r;
  return best;
}
