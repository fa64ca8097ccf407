"use client";

import { useCallback, useMemo } from "react";
import { useUrlParams } from "@/components/ui/use-url-params";
import { parseInboxUrl, type FilterKey } from "./inbox-url";

/** The inbox's view as the URL says (inbox-url.ts), and a setter that changes the URL. */
export function useInboxUrl() {
  const { searchParams, setParams } = useUrlParams();
  const state = useMemo(() => parseInboxUrl(searchParams), [searchParams]);

  const update = useCallback(
    (
      change: Partial<Record<FilterKey | "view" | "task" | "pane", string | null>>,
      mode: "push" | "replace" = "push",
    ) => {
      setParams((next) => {
        for (const [k, v] of Object.entries(change)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      }, mode);
    },
    [setParams],
  );
  return { ...state, update };
}
