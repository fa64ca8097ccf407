"use client";

import { useCallback, useMemo } from "react";
import { useUrlParams } from "@/components/ui/use-url-params";
import type { InboxView } from "./types";

export const VIEWS: InboxView[] = ["pending", "mine", "overdue", "decided", "expired"];
export const FILTER_KEYS = ["domain", "taskList", "type", "assignee", "q", "sort"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface InboxUrlState {
  view: InboxView;
  filters: Partial<Record<FilterKey, string>>;
  /** The task open in the detail pane. */
  task: number | null;
}

/** The inbox's view lives in the URL (shareable): view, filters, sort, and the open task. */
export function useInboxUrl() {
  const { searchParams, setParams } = useUrlParams();
  const state = useMemo((): InboxUrlState => {
    const v = searchParams.get("view") as InboxView | null;
    const view = v && (VIEWS as string[]).concat("all").includes(v) ? v : "pending";
    const filters: InboxUrlState["filters"] = {};
    for (const k of FILTER_KEYS) {
      const value = searchParams.get(k);
      if (value) filters[k] = value;
    }
    const task = Number(searchParams.get("task"));
    return { view, filters, task: Number.isInteger(task) && task > 0 ? task : null };
  }, [searchParams]);

  const update = useCallback(
    (
      change: Partial<Record<FilterKey | "view" | "task", string | null>>,
      mode: "push" | "replace" = "push",
    ) => {
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(change)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      setParams(next, mode);
    },
    [setParams],
  );
  return { ...state, update };
}

/** The list API's query string for the URL state. */
export function listQuery(state: InboxUrlState): string {
  const q = new URLSearchParams({ view: state.view });
  for (const [k, v] of Object.entries(state.filters)) if (v) q.set(k, v);
  return q.toString();
}
