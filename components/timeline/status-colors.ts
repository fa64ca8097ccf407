// SVG fills and raw colours for the statuses, the same hues as STATUS_STYLE.solid (lib/history),
// which is written for HTML backgrounds. Full class names only (Tailwind scans source text).
import type { VisualStatus } from "@/lib/history";

export const STATUS_FILL: Record<VisualStatus, string> = {
  running: "fill-blue-500 dark:fill-blue-400",
  scheduled: "fill-amber-400 dark:fill-amber-300",
  pending: "fill-slate-400 dark:fill-slate-500",
  completed: "fill-emerald-500 dark:fill-emerald-400",
  failed: "fill-red-500 dark:fill-red-400",
  timedOut: "fill-orange-500 dark:fill-orange-400",
  canceled: "fill-zinc-500 dark:fill-zinc-400",
  terminated: "fill-fuchsia-600 dark:fill-fuchsia-400",
  continuedAsNew: "fill-violet-500 dark:fill-violet-400",
};

/** Tailwind's 500 shades, for places that need a colour value (React Flow's minimap). */
export const STATUS_HEX: Record<VisualStatus, string> = {
  running: "#3b82f6",
  scheduled: "#fbbf24",
  pending: "#94a3b8",
  completed: "#10b981",
  failed: "#ef4444",
  timedOut: "#f97316",
  canceled: "#71717a",
  terminated: "#c026d3",
  continuedAsNew: "#8b5cf6",
};
