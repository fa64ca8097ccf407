"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { consoleFetch, SESSION_ROUTE } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { Alert } from "@/components/ui/alert";
import { onSessionEndedChange, sessionHasEnded } from "./session-ended";
import { SignInAgainLink, useSessionEnded } from "./session-fault";

/** How often a signed-out tab asks whether the session is back, besides when it is looked at. */
const RECHECK_MS = 30_000;

/**
 * The page's one word that the session has ended (session-ended.ts), with a way back that keeps
 * the page: signing in happens in another tab, and this one picks up once the session answers
 * (asked when the tab is looked at again, and every 30 s).
 */
export function SessionEndedNotice() {
  const ended = useSessionEnded();
  const queryClient = useQueryClient();

  useEffect(
    () =>
      onSessionEndedChange(() => {
        if (sessionHasEnded()) queryClient.setQueryData(keys.session(), null);
        else void queryClient.invalidateQueries();
      }),
    [queryClient],
  );

  useEffect(() => {
    if (!ended) return;
    const recheck = () => {
      if (document.visibilityState === "visible")
        void consoleFetch(SESSION_ROUTE).catch(() => undefined);
    };
    const timer = setInterval(recheck, RECHECK_MS);
    window.addEventListener("focus", recheck);
    document.addEventListener("visibilitychange", recheck);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", recheck);
      document.removeEventListener("visibilitychange", recheck);
    };
  }, [ended]);

  if (!ended) return null;
  return (
    <div className="px-4 pt-3">
      <Alert tone="warning" testId="session-ended">
        <p>
          <span className="font-semibold">Your session has ended.</span> <SignInAgainLink /> in a
          new tab: what you have typed here stays, and this page carries on once you are back.
        </p>
      </Alert>
    </div>
  );
}
