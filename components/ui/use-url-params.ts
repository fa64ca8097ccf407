"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * The current search params and a setter that updates the URL without a server round trip
 * (native history.pushState/replaceState, which Next.js's router observes, so every
 * `useSearchParams` reader re-renders). Push for user-visible filter changes (Back undoes them).
 */
export function useUrlParams() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const setParams = useCallback(
    (params: URLSearchParams, mode: "push" | "replace" = "push") => {
      const query = params.toString();
      const url = `${pathname}${query ? `?${query}` : ""}`;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );
  return { searchParams, pathname, setParams };
}
