/**
 * Whether this tab's session has ended. The first `401 Unauthenticated` that any request of the
 * tab gets (an expired, idle or revoked session) marks it. From then on the tab's requests to the
 * console's API, except its sign-in routes, are refused in the browser: the views' polling would
 * otherwise keep sending requests that the server can only refuse, each view saying so on its own.
 * The page says it once instead (SessionEndedNotice), and clears it when the session answers
 * again, once the person has signed in (in another tab, so that what they typed here stays).
 */

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
