"use client";

import { useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import type { RefObject } from "react";

export interface RowsOptions {
  count: number;
  /** The element that scrolls. */
  scrollRef: RefObject<HTMLElement | null>;
  /** A row's height (px); a row that grows (an expanded event) is measured with `measureElement`. */
  rowHeight: number;
  overscan: number;
  /** Space before the first row (a sticky axis, say). */
  paddingStart?: number;
  /** A stable key per row, so that rows keep their DOM when rows are inserted above them. */
  key?: (index: number) => string | number;
  /** The viewport assumed before layout (server rendering). */
  initialRect?: { width: number; height: number };
}

/**
 * The one way a long list renders only the rows in view (history table, timeline, executions list,
 * inbox). One React render per frame while scrolling, never one synchronous render per scroll event.
 */
export function useRows(options: RowsOptions): Virtualizer<HTMLElement, Element> {
  const { count, scrollRef, rowHeight, overscan, paddingStart, key, initialRect } = options;
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders us itself
  return useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    paddingStart,
    initialRect,
    useFlushSync: false,
    ...(key ? { getItemKey: key } : {}),
  });
}
