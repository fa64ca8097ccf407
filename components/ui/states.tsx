"use client";

import type { ReactNode } from "react";
import { useSessionFault } from "@/components/auth/session-fault";
import { FaultAlert } from "./alert";

/** Inline "loading" text with a spinner; announced politely to screen readers. */
export function Loading({ children = "Loading…" }: { children?: ReactNode }) {
  return (
    <p
      role="status"
      className="flex items-center gap-2 py-2 text-sm text-slate-500 dark:text-slate-400"
    >
      <Spinner />
      {children}
    </p>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      className="inline-block size-3 animate-spin rounded-full border-2 border-slate-300 border-t-sky-600 dark:border-slate-600 dark:border-t-sky-400"
    />
  );
}

/** An error from SWF or the console (`SwfApiError` carries the fault name). */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  // A signed-out tab's refusal shows as every fault display shows it (FaultAlert).
  const shows = useSessionFault(error);
  if (shows !== "as-is") return <FaultAlert error={error} title={title} />;
  const e = error as { name?: string; fault?: string; message?: string } | null;
  const fault = e?.fault ?? (e?.name && e.name !== "Error" ? e.name : undefined);
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200"
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      <p>
        {fault ? <span className="font-mono">{fault}: </span> : null}
        {e?.message ?? String(error)}
      </p>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-3 text-sm text-slate-500 dark:text-slate-400">{children}</p>;
}

/** A whole-page "this does not exist" state: one heading, one sentence, one way back. */
export function NotFound({
  title,
  children,
  back,
}: {
  title: string;
  children?: ReactNode;
  back?: ReactNode;
}) {
  return (
    <div
      role="status"
      data-testid="not-found"
      className="flex flex-col items-start gap-2 rounded border border-slate-200 px-4 py-6 dark:border-slate-800"
    >
      <h1 className="text-lg font-semibold break-all">{title}</h1>
      {children ? (
        <div className="text-sm text-slate-600 dark:text-slate-400">{children}</div>
      ) : null}
      {back}
    </div>
  );
}
