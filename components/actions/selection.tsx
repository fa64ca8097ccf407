"use client";

/**
 * Selection of executions in a list, for the bulk actions: a hook holding the selected runs and
 * the two checkboxes (per row, all on the page). The list decides where to render them.
 *
 *   const selection = useExecutionSelection();
 *   <BulkActions domain={domain} executions={selection.selected} onDone={selection.clear} />
 *   <SelectAllCheckbox executions={rows} selection={selection} />       // header cell
 *   <SelectExecutionCheckbox execution={row} selection={selection} />   // each row
 */
import { useCallback, useMemo, useState } from "react";
import type { BulkTarget } from "./bulk-actions";

const key = (e: { workflowId: string; runId: string }) => `${e.workflowId}\u0000${e.runId}`;

/** What an SWF list row looks like (ExecutionInfo), or a plain BulkTarget. */
export type SelectableExecution =
  | BulkTarget
  | {
      execution?: { workflowId?: string; runId?: string };
      executionStatus?: string;
      closeStatus?: string;
    };

function target(e: SelectableExecution): BulkTarget {
  if ("workflowId" in e) return e;
  return {
    workflowId: e.execution?.workflowId ?? "",
    runId: e.execution?.runId ?? "",
    status: e.executionStatus,
  };
}

export interface ExecutionSelection {
  selected: BulkTarget[];
  isSelected: (e: SelectableExecution) => boolean;
  toggle: (e: SelectableExecution, on?: boolean) => void;
  setAll: (rows: SelectableExecution[], on: boolean) => void;
  clear: () => void;
}

export function useExecutionSelection(): ExecutionSelection {
  const [map, setMap] = useState<Map<string, BulkTarget>>(() => new Map());
  const isSelected = useCallback((e: SelectableExecution) => map.has(key(target(e))), [map]);
  const toggle = useCallback((e: SelectableExecution, on?: boolean) => {
    const t = target(e);
    setMap((m) => {
      const next = new Map(m);
      if (on ?? !next.has(key(t))) next.set(key(t), t);
      else next.delete(key(t));
      return next;
    });
  }, []);
  const setAll = useCallback((rows: SelectableExecution[], on: boolean) => {
    setMap((m) => {
      const next = new Map(m);
      for (const r of rows.map(target)) {
        if (on) next.set(key(r), r);
        else next.delete(key(r));
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setMap(new Map()), []);
  const selected = useMemo(() => [...map.values()], [map]);
  return { selected, isSelected, toggle, setAll, clear };
}

export function SelectExecutionCheckbox({
  execution,
  selection,
}: {
  execution: SelectableExecution;
  selection: ExecutionSelection;
}) {
  const t = target(execution);
  return (
    <input
      type="checkbox"
      aria-label={`Select ${t.workflowId}`}
      checked={selection.isSelected(execution)}
      onChange={(e) => selection.toggle(execution, e.target.checked)}
      onClick={(e) => e.stopPropagation()}
      data-testid="select-execution"
      data-workflow-id={t.workflowId}
    />
  );
}

export function SelectAllCheckbox({
  executions,
  selection,
}: {
  executions: SelectableExecution[];
  selection: ExecutionSelection;
}) {
  const all = executions.length > 0 && executions.every((e) => selection.isSelected(e));
  const some = executions.some((e) => selection.isSelected(e));
  return (
    <input
      type="checkbox"
      aria-label="Select all executions on this page"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = some && !all;
      }}
      onChange={(e) => selection.setAll(executions, e.target.checked)}
      data-testid="select-all-executions"
    />
  );
}
