import { STATUS_STYLE, statusOfCloseStatus, type VisualStatus } from "@/lib/history/status";
import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "info" | "warn" | "good";

const TONES: Record<BadgeTone, string> = {
  neutral:
    "border-slate-300 bg-slate-100 text-slate-700 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200",
  info: "border-sky-300 bg-sky-50 text-sky-800 dark:border-sky-700 dark:bg-sky-900/40 dark:text-sky-200",
  warn: "border-amber-300 bg-amber-50 text-amber-800 dark:border-amber-700 dark:bg-amber-900/40 dark:text-amber-200",
  good: "border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-700 dark:bg-emerald-900/40 dark:text-emerald-200",
};

/** A small neutral label (tags, registration status, "deprecated"). */
export function Badge({
  children,
  tone = "neutral",
  title,
}: {
  children: ReactNode;
  tone?: BadgeTone;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={`inline-flex max-w-full items-center truncate rounded border px-1.5 py-px text-xs leading-4 ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

/**
 * An execution's (or task's) status with the console's shared colours (lib/history/status.ts),
 * so that the list, the timeline and the graph agree. Pass a VisualStatus, or an SWF
 * `closeStatus`/`"OPEN"` via `closeStatus`.
 */
export function StatusBadge({
  status,
  closeStatus,
  label,
  size = "sm",
}: {
  status?: VisualStatus;
  closeStatus?: string | null;
  label?: string;
  size?: "sm" | "md";
}) {
  const visual = status ?? statusOfCloseStatus(closeStatus ?? undefined);
  const style = STATUS_STYLE[visual];
  const pad = size === "md" ? "px-2.5 py-1 text-sm" : "px-1.5 py-px text-xs leading-4";
  return (
    <span
      data-status={visual}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border font-medium ${pad} ${style.bg} ${style.text} ${style.border}`}
    >
      <span
        aria-hidden="true"
        className={`inline-block size-1.5 rounded-full ${style.solid} ${visual === "running" ? "animate-pulse" : ""}`}
      />
      {label ?? style.label}
    </span>
  );
}

/** A small dot in a status colour, for legends and dense lists. */
export function StatusDot({ status }: { status: VisualStatus }) {
  return (
    <span
      aria-hidden
      className={`inline-block size-2 shrink-0 rounded-full ${STATUS_STYLE[status].solid}`}
    />
  );
}
