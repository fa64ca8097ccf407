"use client";

import { CLOSE_STATUSES } from "@/lib/swf/model";
import { useId, useState, type FormEvent } from "react";
import { readClock } from "@/components/ui/clock";
import { Button } from "@/components/ui/button";
import { inputClass, labelClass } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Segmented } from "@/components/ui/segmented";
import { isoToLocalInput, localInputToIso } from "@/components/ui/format";
import {
  activeDraftKind,
  CLOSE_STATUS_LABELS,
  draftOf,
  FILTER_LABELS,
  filterOfDraft,
  RANGE_PRESETS,
  type ExclusiveFilter,
  type FilterDraft,
  type FilterKind,
  type ListFilters,
  type ParsedListFilters,
  type RangeChoice,
} from "./url-state";

/** State, time field and time range: each change applies at once. */
const TIME_FIELDS = [
  { value: "start", label: "Start time" },
  { value: "close", label: "Close time" },
];

export function ScopeControls({
  filters,
  onChange,
}: {
  filters: ListFilters;
  onChange: (changes: Partial<ListFilters>) => void;
}) {
  const closed = filters.state === "closed";
  const setRange = (range: RangeChoice) => {
    if (range !== "custom") return onChange({ range });
    // A custom range starts as "the last hour, to now"; the From/To boxes refine it.
    const from = new Date(Math.floor((readClock() - 3_600_000) / 60_000) * 60_000).toISOString();
    onChange({ range, from });
  };
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className={labelClass}>
        <span aria-hidden="true">Executions</span>
        <Segmented
          label="Execution state"
          name="execution-state"
          value={filters.state}
          options={[
            { value: "open", label: "Open" },
            { value: "closed", label: "Closed" },
          ]}
          onChange={(state) => onChange({ state })}
        />
      </div>
      <label className={labelClass}>
        Time field
        <Select
          value={filters.timeField}
          disabled={!closed}
          title={closed ? undefined : "Open executions have only a start time"}
          onChange={(e) => onChange({ timeField: e.target.value === "close" ? "close" : "start" })}
          options={closed ? TIME_FIELDS : TIME_FIELDS.slice(0, 1)}
        />
      </label>
      <label className={labelClass}>
        Time range
        <Select
          value={filters.range}
          onChange={(e) => setRange(e.target.value as RangeChoice)}
          options={[...RANGE_PRESETS, { value: "custom", label: "Custom…" }]}
        />
      </label>
      {filters.range === "custom" ? (
        <>
          <label className={labelClass}>
            From
            <input
              type="datetime-local"
              step={1}
              className={inputClass}
              value={isoToLocalInput(filters.from)}
              onChange={(e) => {
                const from = localInputToIso(e.target.value);
                if (from) onChange({ range: "custom", from });
              }}
            />
          </label>
          <label className={labelClass}>
            To <span className="sr-only">(optional)</span>
            <input
              type="datetime-local"
              step={1}
              className={inputClass}
              value={isoToLocalInput(filters.to)}
              onChange={(e) => onChange({ range: "custom", to: localInputToIso(e.target.value) })}
            />
          </label>
        </>
      ) : null}
    </div>
  );
}

/**
 * The exclusive filters. SWF accepts one of workflow ID, type, tag or close status per query;
 * as soon as one has a value the others are disabled, and the hint says how to switch.
 */
export function FilterForm({
  filters,
  onApply,
}: {
  filters: ParsedListFilters;
  onApply: (filter: ExclusiveFilter | null) => void;
}) {
  const [draft, setDraft] = useState<FilterDraft>(() => draftOf(filters.filter));
  const [problem, setProblem] = useState<string>();
  const hintId = useId();
  const closed = filters.state === "closed";
  const active = activeDraftKind(draft);
  const disabled = (kind: FilterKind) =>
    (active !== null && active !== kind) || (kind === "closeStatus" && !closed);

  const set = (changes: Partial<FilterDraft>) => {
    setProblem(undefined);
    setDraft((d) => ({ ...d, ...changes }));
  };
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const { filter, problem } = filterOfDraft(draft);
    if (problem) return setProblem(problem);
    onApply(filter);
  };
  const clear = () => {
    setDraft(draftOf(null));
    setProblem(undefined);
    onApply(null);
  };

  const hint =
    active === null
      ? "SWF filters by one of workflow ID, workflow type, tag or close status at a time."
      : `SWF allows one filter per query: clear “${FILTER_LABELS[active]}” to filter by another field.`;

  // One text filter; `kind` when it is a filter of its own (the type's two fields share one).
  const text = (
    name: "workflowId" | "typeName" | "typeVersion" | "tag",
    label: string,
    width: string,
    placeholder: string,
    kind?: FilterKind,
  ) => (
    <label className={labelClass}>
      {label}
      <input
        name={name}
        className={`${inputClass} ${width}`}
        value={draft[name]}
        placeholder={placeholder}
        {...(kind ? { disabled: disabled(kind), "aria-describedby": hintId } : {})}
        onChange={(e) => set({ [name]: e.target.value })}
      />
    </label>
  );

  return (
    <form
      role="search"
      aria-label="Filter executions"
      onSubmit={submit}
      className="flex flex-col gap-1"
    >
      <div className="flex flex-wrap items-end gap-3">
        {text("workflowId", "Workflow ID", "w-56", "exact workflow ID", "workflowId")}
        <fieldset
          className="flex items-end gap-1"
          disabled={disabled("type")}
          aria-describedby={hintId}
        >
          <legend className="sr-only">Workflow type</legend>
          {text("typeName", "Type name", "w-40", "workflow type")}
          {text("typeVersion", "Version", "w-20", "any")}
        </fieldset>
        {text("tag", "Tag", "w-36", "exact tag", "tag")}
        <label className={labelClass}>
          Close status
          <Select
            name="closeStatus"
            value={closed ? draft.closeStatus : ""}
            disabled={disabled("closeStatus")}
            title={closed ? undefined : "Closed executions only"}
            aria-describedby={hintId}
            onChange={(e) => {
              const closeStatus = e.target.value;
              set({ closeStatus });
              // A choice in a list applies at once, like the other selects.
              const { filter } = filterOfDraft({ ...draftOf(null), closeStatus });
              onApply(filter);
            }}
            empty={closed ? "Any" : "Closed only"}
            options={CLOSE_STATUSES.map((s) => ({ value: s, label: CLOSE_STATUS_LABELS[s] }))}
          />
        </label>
        <div className="flex gap-1">
          <Button type="submit" variant="primary">
            Apply
          </Button>
          <Button onClick={clear} disabled={active === null && filters.filter === null}>
            Clear
          </Button>
        </div>
      </div>
      <p
        id={hintId}
        data-testid="filter-hint"
        className="text-xs text-slate-600 dark:text-slate-400"
      >
        {hint}
        {!closed ? " Close status applies to closed executions only." : null}
      </p>
      {problem ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : null}
      {filters.ignored.length > 0 ? (
        <p
          role="note"
          data-testid="ignored-filters"
          className="text-xs text-amber-800 dark:text-amber-300"
        >
          This link asked for more filters than SWF allows in one query; ignored:{" "}
          {filters.ignored.map((k) => FILTER_LABELS[k]).join(", ")}.
        </p>
      ) : null}
    </form>
  );
}
