"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { loginHref } from "@/components/links";
import {
  isSessionEndedFault,
  onSessionEndedChange,
  sessionFaultShows,
  sessionHasEnded,
  type SessionFaultShows,
} from "./session-ended";

/** Whether the page's session-ended notice is showing (re-rendering when that changes). */
export function useSessionEnded(): boolean {
  return useSyncExternalStore(onSessionEndedChange, sessionHasEnded, () => false);
}

/**
 * How a fault about to be shown should show (sessionFaultShows): the fault displays ask this, so
 * that a signed-out page says so once, in its notice, rather than once in every view. A view's
 * read is told from a change the person tried by where its fault is kept: a read's is the state of
 * a query in the page's cache; a change's is not (a mutation's, or a view's own state).
 */
export function useSessionFault(error: unknown): SessionFaultShows {
  const ended = useSessionEnded();
  const client = useQueryClient();
  if (!isSessionEndedFault(error)) return "as-is";
  const query = client
    .getQueryCache()
    .getAll()
    .find((q) => q.state.error === error);
  return sessionFaultShows(error, {
    ended,
    read: query ? { fetching: query.state.fetchStatus === "fetching" } : undefined,
  });
}

/** Sign-in in a new tab, back to this page: the page keeps what it shows and what was typed. */
export function SignInAgainLink() {
  const here =
    typeof window === "undefined" ? "/" : `${window.location.pathname}${window.location.search}`;
  return (
    <a href={loginHref(here)} target="_blank" rel="noopener" className="underline">
      Sign in again
    </a>
  );
}

/** What a view whose read was refused shows while the page's notice says the session has ended. */
export function SignedOutView() {
  return (
    <p data-testid="signed-out-view" className="py-1 text-sm text-slate-500 dark:text-slate-400">
      Waiting for sign-in.
    </p>
  );
}
