"use client";

import { useEffect, useState } from "react";
import { inputClass, labelClass, selectClass } from "@/components/ui/field";
import { MAX_SEARCH_CHARS } from "@/lib/console/inbox-search";
import { formatCount } from "@/components/ui/format";
import type { InboxResponse, InboxView } from "./types";
import { FILTER_KEYS, SORT_LABELS, defaultSort, type FilterKey, type SortKey } from "./inbox-url";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";

/** Filters and sort of the inbox list; every change lands in the URL. */
export function InboxFilters({
  view,
  filters,
  searchCut,
  facets,
  me,
  onChange,
}: {
  view: InboxView;
  filters: Partial<Record<FilterKey, string>>;
  /** The URL's search was too long: the box shows the part searched, and says so. */
  searchCut: boolean;
  facets: InboxResponse["facets"] | undefined;
  me: string | undefined;
  onChange: (change: Partial<Record<FilterKey, string | null>>, mode?: "push" | "replace") => void;
}) {
  const [text, setText] = useState(filters.q ?? "");
  const [more, setMore] = useState(false);
  // The URL changed from elsewhere (Back, a link): the box follows it.
  const [urlQ, setUrlQ] = useState(filters.q);
  if (filters.q !== urlQ) {
    setUrlQ(filters.q);
    setText(filters.q ?? "");
  }
  // Typing replaces the URL entry (Back skips keystrokes); the list follows at once.
  useEffect(() => {
    if ((filters.q ?? "") === text) return;
    const t = setTimeout(() => onChange({ q: text || null }, "replace"), 60);
    return () => clearTimeout(t);
  }, [text, filters.q, onChange]);

  // The empty choice is the view's own order, named as such; the others are what it is not.
  const sorted = defaultSort(view);
  const sorts = (Object.keys(SORT_LABELS) as SortKey[])
    .filter((k) => k !== sorted)
    .map((k) => ({ value: k, label: SORT_LABELS[k] }));
  const select = (key: FilterKey, label: string, options: { value: string; label: string }[]) => (
    <label className={labelClass}>
      {label}
      <Select
        className={`${selectClass} max-w-40`}
        value={filters[key] ?? ""}
        onChange={(e) => onChange({ [key]: e.target.value || null })}
        data-testid={`inbox-filter-${key}`}
        empty={key === "sort" ? SORT_LABELS[sorted] : "Any"}
        options={options}
      />
    </label>
  );
  const opts = (values: string[] | undefined) =>
    (values ?? []).map((v) => ({ value: v, label: v }));
  const assignees = [
    { value: "-", label: "Nobody" },
    ...(me ? [{ value: me, label: `Me (${me})` }] : []),
    ...opts(facets?.assignees.filter((a) => a !== me)),
  ];
  // On a narrow screen the selects fold away behind one button, so that the list keeps the room.
  const chosen = FILTER_KEYS.filter((k) => k !== "q" && filters[k]).length;
  return (
    <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter tasks">
      <label className={`${labelClass} grow`}>
        Search
        <input
          type="search"
          className={`${inputClass} min-w-40`}
          placeholder="Question, workflow id, input, decider, comment…"
          value={text}
          maxLength={MAX_SEARCH_CHARS}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={searchCut ? "inbox-search-cut" : undefined}
          data-testid="inbox-filter-q"
        />
        {searchCut ? (
          <span
            id="inbox-search-cut"
            className="text-xs font-normal text-amber-800 dark:text-amber-300"
            data-testid="inbox-search-cut"
          >
            The search was too long: only its first {formatCount(MAX_SEARCH_CHARS)} characters are
            searched.
          </span>
        ) : null}
      </label>
      <Button
        variant="ghost"
        size="sm"
        className="lg:hidden"
        aria-expanded={more}
        aria-controls="inbox-more-filters"
        onClick={() => setMore((m) => !m)}
        data-testid="inbox-filters-toggle"
      >
        Filters{chosen ? ` (${chosen})` : ""} {more ? "▴" : "▾"}
      </Button>
      <div
        id="inbox-more-filters"
        className={`${more ? "flex" : "hidden"} flex-wrap items-end gap-2 lg:contents`}
      >
        {select("domain", "Domain", opts(facets?.domains))}
        {select("taskList", "Task list", opts(facets?.taskLists))}
        {select("type", "Activity type", opts(facets?.activityTypes))}
        {select("assignee", "Held by", assignees)}
        {select("sort", "Sort", sorts)}
      </div>
    </div>
  );
}
