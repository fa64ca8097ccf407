"use client";

import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";
import { enabledBeside } from "@/components/ui/focus";

/**
 * Keeps the keyboard focus when the run closes. The controls in `area` that need an open run
 * (Signal, Request cancel, Terminate) are disabled then, and one of them may have the focus: the
 * person closed Terminate's dialog before the run's new status arrived (focus went back to a
 * Terminate still enabled), or the run closed by itself while they sat on Signal (a cancel request
 * honoured by the decider). A disabled control drops the focus to the page's body; this moves it
 * to the action still possible beside it (Re-run, as the dialog does when the status arrived
 * first), else to `fallback` (the run's status).
 */
export function useFocusOnClose(
  open: boolean,
  area: RefObject<HTMLElement | null>,
  fallback: RefObject<HTMLElement | null>,
) {
  // The control in `area` that had the focus last, kept while it loses the focus by being
  // disabled (the browser may blur it before the effect below runs), dropped when the person
  // moves away from a control that still works.
  const last = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const onIn = (e: FocusEvent) => {
      const t = e.target;
      last.current = t instanceof HTMLElement && area.current?.contains(t) ? t : null;
    };
    const onOut = (e: FocusEvent) => {
      if (e.target === last.current && !last.current?.matches(":disabled")) last.current = null;
    };
    document.addEventListener("focusin", onIn);
    document.addEventListener("focusout", onOut);
    return () => {
      document.removeEventListener("focusin", onIn);
      document.removeEventListener("focusout", onOut);
    };
  }, [area]);

  // A layout effect: it runs in the commit that disabled the controls, before the browser moves
  // the focus away from them.
  useLayoutEffect(() => {
    if (open) return;
    const at = document.activeElement;
    const held = at instanceof HTMLElement && at !== document.body ? at : null;
    const lost = held
      ? held.matches(":disabled") && area.current?.contains(held)
        ? held
        : null
      : last.current?.isConnected && last.current.matches(":disabled")
        ? last.current
        : null;
    last.current = null;
    if (lost) (enabledBeside(lost) ?? fallback.current)?.focus();
  }, [open, area, fallback]);
}
