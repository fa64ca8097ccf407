"use client";

/** Small form building blocks shared by the console's forms. Values are always rendered as text. */
import { useId, type ReactNode } from "react";

export const inputClass =
  "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 aria-[invalid=true]:border-red-500";

export const buttonClass = {
  primary:
    "rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:opacity-50",
  danger:
    "rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50",
  secondary:
    "rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800",
} as const;

export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  children: (props: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
  }) => ReactNode;
}) {
  const id = useId();
  const describedBy =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p
          id={`${id}-error`}
          className="text-xs text-red-700 dark:text-red-400"
          data-testid="field-error"
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** An SWF fault (or console error) shown inline: fault name and its message, as text. */
export function FaultAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = error as { fault?: string; name?: string; message?: string };
  const fault = e.fault ?? e.name ?? "Error";
  return (
    <div
      role="alert"
      data-testid="fault"
      className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {title ? <p className="font-medium">{title}</p> : null}
      <p>
        <span className="font-mono font-semibold" data-testid="fault-name">
          {fault}
        </span>
        {": "}
        <span data-testid="fault-message" className="whitespace-pre-wrap break-words">
          {e.message ?? String(error)}
        </span>
      </p>
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      data-testid="success"
      className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
    >
      {children}
    </div>
  );
}

export const CHILD_POLICIES = ["TERMINATE", "REQUEST_CANCEL", "ABANDON"] as const;
