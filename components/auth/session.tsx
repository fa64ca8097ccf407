"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { keys } from "@/components/api/keys";
// roles.ts is pure (no server code): the browser uses the same capability table as the server.
import { CAPABILITIES, type Capability } from "@/lib/console/roles";
import { consoleFetch, SESSION_ROUTE } from "@/components/api/client";
import { loginHref } from "@/components/links";
import type { SessionInfo } from "@/lib/console/session-info";
import { sessionHasEnded } from "./session-ended";

export type { SessionInfo };

/**
 * The signed-in user and what they may do (from `/api/auth/session`); `data` is null when signed
 * out, undefined while unknown. The root layout seeds it with the page (see app/layout.tsx), so
 * the server's HTML and the hydrating render both have it; a page rendered without it (signed
 * out) has it on neither side until the browser's request answers.
 */
export function useSession(): {
  data: SessionInfo | null | undefined;
  isPending: boolean;
  error: Error | null;
} {
  // The sign-in page is only ever shown signed out: asking there would log a 401 in every
  // visitor's browser console, for nothing.
  const signingIn = usePathname() === loginHref();
  const query = useQuery({
    queryKey: keys.session(),
    queryFn: async (): Promise<SessionInfo | null> => {
      try {
        return await consoleFetch<SessionInfo>(SESSION_ROUTE);
      } catch (e) {
        if ((e as { status?: number }).status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: 1,
    enabled: !signingIn,
  });
  return {
    data: signingIn ? null : query.data,
    isPending: !signingIn && query.isPending,
    error: query.error,
  };
}

/** True when the signed-in user may do `what` (false while loading or signed out). */
export function useCan(what: Capability): boolean {
  const { data } = useSession();
  return Boolean(data?.can[what]);
}

/** Why a control is disabled once the tab's session has ended (session-ended.ts). */
export const SESSION_ENDED_TEXT = "Your session has ended: sign in again to do this";

/**
 * "Requires the operator role": why a control is disabled. Once the tab's session has ended its
 * copy of the session is cleared (no role at all), and the control says so instead of a role.
 * Its callers render again then (the cleared session is what disables the control).
 */
export function requiresText(what: Capability): string {
  if (sessionHasEnded()) return SESSION_ENDED_TEXT;
  return `Requires the ${CAPABILITIES[what]} role`;
}
