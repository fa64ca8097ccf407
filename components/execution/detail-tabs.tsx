"use client";
import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { DETAIL_TABS, type DetailTab } from "./detail-url";

const LABEL: Record<DetailTab, string> = {
  history: "History",
  timeline: "Timeline",
  graph: "Graph",
  json: "JSON",
};

/** A WAI-ARIA tablist: arrow keys move between tabs, the selected tab is the only tab stop. */
export function DetailTabs({
  tab,
  onChange,
  badges,
}: {
  tab: DetailTab;
  onChange(tab: DetailTab): void;
  badges?: Partial<Record<DetailTab, ReactNode>>;
}) {
  const refs = useRef<Partial<Record<DetailTab, HTMLButtonElement | null>>>({});
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = DETAIL_TABS.indexOf(tab);
    let next: number | undefined;
    if (e.key === "ArrowRight") next = (index + 1) % DETAIL_TABS.length;
    else if (e.key === "ArrowLeft") next = (index - 1 + DETAIL_TABS.length) % DETAIL_TABS.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = DETAIL_TABS.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    const t = DETAIL_TABS[next];
    onChange(t);
    refs.current[t]?.focus();
  };
  return (
    <div
      role="tablist"
      aria-label="Execution views"
      className="flex gap-1 border-b border-slate-200 dark:border-slate-800"
      onKeyDown={onKeyDown}
    >
      {DETAIL_TABS.map((t) => {
        const selected = t === tab;
        return (
          <button
            key={t}
            ref={(el) => {
              refs.current[t] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={selected}
            aria-controls={`panel-${t}`}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(t)}
            className={`-mb-px flex items-center gap-1.5 border-b-2 px-3 py-1.5 text-sm font-medium ${
              selected
                ? "border-sky-600 text-sky-800 dark:border-sky-400 dark:text-sky-200"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
            }`}
          >
            {LABEL[t]}
            {badges?.[t] !== undefined ? (
              <span className="rounded-full bg-slate-100 px-1.5 text-xs tabular-nums text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                {badges[t]}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
