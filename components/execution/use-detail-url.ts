"use client";
// Binds the tab and the selection to the address bar. Uses the History API directly (Next.js
// keeps `useSearchParams` in sync with it): no server round trip for a click on an event.
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  buildDetailSearch,
  parseDetailUrl,
  type DetailTab,
  type DetailUrlState,
} from "./detail-url";

export interface DetailUrl extends DetailUrlState {
  setTab(tab: DetailTab): void;
  /** Selects one event (clears a node/row selection). `tab` switches view at the same time. */
  selectEvent(eventId: number | undefined, options?: { tab?: DetailTab; push?: boolean }): void;
  /** Selects a graph node or a timeline row together with its first event. */
  selectGroup(kind: "node" | "row", id: string | undefined, firstEventId: number | undefined): void;
  /** Tab and selection at once (for "show in history"). */
  update(patch: Partial<DetailUrlState>, push?: boolean): void;
}

export function useDetailUrl(): DetailUrl {
  const params = useSearchParams();
  const state = useMemo(
    () => parseDetailUrl(new URLSearchParams(params?.toString() ?? "")),
    [params],
  );

  const update = useCallback((patch: Partial<DetailUrlState>, push = false) => {
    const current = new URLSearchParams(window.location.search);
    const next = { ...parseDetailUrl(current), ...patch };
    const url = `${window.location.pathname}${buildDetailSearch(current, next)}`;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);

  const setTab = useCallback((tab: DetailTab) => update({ tab }, true), [update]);
  const selectEvent = useCallback(
    (eventId: number | undefined, options: { tab?: DetailTab; push?: boolean } = {}) =>
      update(
        {
          event: eventId,
          node: undefined,
          row: undefined,
          ...(options.tab ? { tab: options.tab } : {}),
        },
        options.push ?? !!options.tab,
      ),
    [update],
  );
  const selectGroup = useCallback(
    (kind: "node" | "row", id: string | undefined, firstEventId: number | undefined) =>
      update({
        event: firstEventId,
        node: kind === "node" ? id : undefined,
        row: kind === "row" ? id : undefined,
      }),
    [update],
  );

  return { ...state, setTab, selectEvent, selectGroup, update };
}
