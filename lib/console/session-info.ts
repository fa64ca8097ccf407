// What the browser knows of the signed-in user: `/api/auth/session`'s answer, built here once.
// A server page that already read the user seeds the browser's session query with it too, so
// that what depends on the role (deciding, commenting) works from the first render instead of
// after a second round trip.
import { capabilitiesOf, type Capabilities, type Role } from "./roles";

export interface SessionInfo {
  user: { username: string; role: Role; source: "local" | "oidc" };
  can: Capabilities;
  expiresAt: number;
}

export function sessionInfo(user: {
  username: string;
  role: Role;
  source: "local" | "oidc";
  expiresAt: number;
}): SessionInfo {
  return {
    user: { username: user.username, role: user.role, source: user.source },
    can: capabilitiesOf(user.role),
    expiresAt: user.expiresAt,
  };
}
