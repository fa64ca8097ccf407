"use client";

import type { ReactNode } from "react";
import { SignedOutView, SignInAgainLink, useSessionFault } from "@/components/auth/session-fault";
import { faultCode, faultWords } from "./fault-words";

export type AlertTone = "error" | "success" | "warning" | "info";

const TONES: Record<AlertTone, string> = {
  error:
    "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200",
  success:
    "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  warning:
    "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  info: "border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100",
};

/** A boxed message; errors and warnings are announced as alerts, the rest as status. */
export function Alert({
  tone = "info",
  children,
  testId,
}: {
  tone?: AlertTone;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      role={tone === "error" || tone === "warning" ? "alert" : "status"}
      data-testid={testId}
      className={`rounded border px-3 py-2 text-sm ${TONES[tone]}`}
    >
      {children}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <Alert tone="success" testId="success">
      {children}
    </Alert>
  );
}

/**
 * An SWF fault or console error: what happened in words, SWF's own message, and the raw fault code
 * in a detail (for searching and for support). Everything is rendered as text.
 *
 * A signed-out tab's refusals are the exception (components/auth/session-fault.tsx): a view's read
 * steps aside for the page's one session-ended notice, with a quiet line; a change the person tried
 * says, where they tried it, that it was not done and how to sign in again without leaving (a
 * dialog in front of the page would hide the notice's link).
 */
export function FaultAlert({ error, title }: { error: unknown; title?: string }) {
  const shows = useSessionFault(error);
  if (!error) return null;
  if (shows === "quiet") return <SignedOutView />;
  const code = faultCode(error);
  const message = (error as { message?: string }).message ?? String(error);
  return (
    <Alert tone="error" testId="fault">
      {shows === "not-done" ? (
        <p data-testid="fault-words">
          <span className="font-semibold">Not done: your session has ended.</span>{" "}
          <SignInAgainLink /> in a new tab, then try again here.
        </p>
      ) : (
        <>
          {title ? <p className="font-semibold">{title}</p> : null}
          <p data-testid="fault-words">{faultWords(error)}</p>
          <p data-testid="fault-message" className="whitespace-pre-wrap break-words">
            {message}
          </p>
        </>
      )}
      {code ? (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer select-none">Details</summary>
          <span className="font-mono" data-testid="fault-name">
            {code}
          </span>
        </details>
      ) : null}
    </Alert>
  );
}
