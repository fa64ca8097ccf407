"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * New search params, or how to derive them from the URL's current ones. Derive a change rather
 * than building it from the last render's params: the URL changes at once, the render that
 * follows does not, and of two quick changes (a filter, then the page size) the second must not
 * undo the first.
 */
export type ParamsChange = URLSearchParams | ((now: URLSearchParams) => URLSearchParams);

/**
 * The current search params and a setter that updates the URL without a server round trip
 * (native history.pushState/replaceState, which Next.js's router observes, so every
 * `useSearchParams` reader re-renders). Push for user-visible filter changes (Back undoes them).
 */
export function useUrlParams() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const setParams = useCallback(
    (change: ParamsChange, mode: "push" | "replace" = "push") => {
      const params =
        typeof change === "function" ? change(new URLSearchParams(window.location.search)) : change;
      const query = params.toString();
      const url = `${pathname}${query ? `?${query}` : ""}`;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );
  return { searchParams, pathname, setParams };
}
