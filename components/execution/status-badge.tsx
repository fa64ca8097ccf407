import { STATUS_STYLE, type VisualStatus } from "@/lib/history/status";

/** A status pill in the one colour table every view shares (STATUS_STYLE). */
export function StatusBadge({
  status,
  label,
  size = "sm",
}: {
  status: VisualStatus;
  label?: string;
  size?: "sm" | "md";
}) {
  const style = STATUS_STYLE[status];
  const pad = size === "md" ? "px-2.5 py-1 text-sm" : "px-1.5 py-0.5 text-xs";
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border font-medium ${pad} ${style.bg} ${style.text} ${style.border}`}
    >
      <span
        aria-hidden
        className={`inline-block h-1.5 w-1.5 rounded-full ${style.solid} ${status === "running" ? "animate-pulse" : ""}`}
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
      className={`inline-block h-2 w-2 shrink-0 rounded-full ${STATUS_STYLE[status].solid}`}
    />
  );
}
