/**
 * Whether this tab's session has ended. The first `401 Unauthenticated` that any request of the
 * tab gets (an expired, idle or revoked session) marks it. From then on the tab's requests to the
 * console's API, except its sign-in routes, are refused in the browser: the views' polling would
 * otherwise keep sending requests that the server can only refuse, each view saying so on its own.
 * The page says it once instead (SessionEndedNotice), and clears it when the session answers
 * again, once the person has signed in (in another tab, so that what they typed here stays).
 */
import { faultCode } from "@/components/ui/fault-words";

let ended = false;
const listeners = new Set<() => void>();

export function sessionHasEnded(): boolean {
  return ended;
}

export function noteSessionEnded(value: boolean) {
  if (ended === value) return;
  ended = value;
  for (const listener of listeners) listener();
}

export function onSessionEndedChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Routes a signed-out tab still calls: signing in, and asking whether the session is back. */
export function isSignInRoute(path: string): boolean {
  return path.startsWith("/api/auth/");
}

/** True when the fault is the refusal of a tab whose session has ended. */
export function isSessionEndedFault(error: unknown): boolean {
  return faultCode(error) === "Unauthenticated";
}

/**
 * How a fault shows where it happened: `as-is` (any other fault), `quiet` (a view's read refused
 * while the page's notice says the session has ended, or while the read is tried again once it is
 * back: the notice said it, the view only says that it waits), `not-done` (a change the person
 * tried: the place they clicked says it was not done, and why).
 */
export type SessionFaultShows = "as-is" | "quiet" | "not-done";

export function sessionFaultShows(
  error: unknown,
  context: {
    /** The page's notice is showing (sessionHasEnded). */
    ended: boolean;
    /** Set when the fault is a view's read (a query's), with whether that read is running again. */
    read?: { fetching: boolean };
  },
): SessionFaultShows {
  if (!isSessionEndedFault(error)) return "as-is";
  if (!context.read) return "not-done";
  return context.ended || context.read.fetching ? "quiet" : "as-is";
}
