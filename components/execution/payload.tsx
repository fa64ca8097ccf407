"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { useMemo, useState } from "react";
import { prettyPayload } from "@/components/ui/format";
import { TextButton } from "@/components/ui/button";
import { DataText } from "@/components/ui/data-text";

/**
 * A workflow payload (input, result, details, marker data…) as inert text: a React text node in
 * a <pre>, JSON pretty-printed. Long payloads are clipped to a scroll box with an expand toggle.
 */
export function Payload({
  value,
  label,
  empty = "—",
  tone = "neutral",
}: {
  value: string | undefined;
  /** Heading shown above the box; also the box's accessible name. */
  label: string;
  empty?: string;
  tone?: "neutral" | "danger";
}) {
  const [expanded, setExpanded] = useState(false);
  const pretty = useMemo(() => (value === undefined ? undefined : prettyPayload(value)), [value]);
  const long = !!pretty && (pretty.length > 600 || pretty.split("\n").length > 10);
  const headingTone =
    tone === "danger" ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400";
  return (
    <div className="min-w-0">
      <div className="mb-1 flex items-baseline gap-3">
        <h3 className={`text-xs font-semibold uppercase tracking-wide ${headingTone}`}>{label}</h3>
        {pretty ? (
          <span className="ml-auto flex gap-3 text-xs">
            {long ? (
              <TextButton onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
                {expanded ? "Collapse" : "Expand"}
              </TextButton>
            ) : null}
            <CopyButton text={value ?? ""} label={`Copy ${label.toLowerCase()}`} />
          </span>
        ) : null}
      </div>
      {pretty === undefined || pretty === "" ? (
        <p className="text-xs italic text-slate-600 dark:text-slate-400">{empty}</p>
      ) : (
        <pre
          aria-label={label}
          tabIndex={0}
          className={`overflow-auto whitespace-pre-wrap break-words rounded-md border p-2 font-mono text-xs leading-relaxed ${
            tone === "danger"
              ? "border-red-200 bg-red-50/60 text-red-950 dark:border-red-900 dark:bg-red-950/30 dark:text-red-100"
              : "border-slate-200 bg-slate-50 text-slate-800 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-200"
          } ${expanded ? "" : "max-h-40"}`}
        >
          <DataText text={pretty} />
        </pre>
      )}
    </div>
  );
}
