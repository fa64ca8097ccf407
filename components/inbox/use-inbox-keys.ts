"use client";

import { useCallback, useEffect, useState, type RefObject } from "react";
import type { DetailActions } from "./task-detail";
import type { Decision } from "./types";

/**
 * How long a single-key decision stays armed: long enough to read the prompt and press the key
 * again, short enough that a key pressed much later is not taken as the second press.
 */
export const ARMED_MS = 5_000;

/** A decision key pressed once: the same key again (on the same task) sends it. */
export interface Armed {
  decision: Decision;
  task: number;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) ||
    Boolean(el.closest("dialog"))
  );
}

export interface InboxKeyTargets {
  /** The open task's id, or null. */
  current: number | null;
  /** Whether the open task is listed (x selects only a listed task). */
  listed: boolean;
  /** The open task waits for a decision, as far as the page knows. */
  decidable: () => boolean;
  canDecide: boolean;
  selectedCount: number;
  /** The task covers the list (a narrow screen): Escape goes back to the list. */
  covered: boolean;
  detail: RefObject<DetailActions | null>;
  move: (delta: 1 | -1) => void;
  toggleCurrent: () => void;
  backToList: () => void;
  openBulk: (decision: Decision) => void;
  openHelp: () => void;
}

/**
 * The inbox's single-key shortcuts (see KEYS in keyboard-help.tsx). A decision key does not
 * decide at once: it arms the decision, and the same key again within ARMED_MS sends it (Esc, any
 * other shortcut, or another task cancels). One stray keypress can then never approve or reject
 * a task, while a deliberate decision costs one more press of the same key; the buttons still
 * decide in one click, and bulk decisions have their own confirmation. Returns the armed decision
 * (for the prompt) and a way to cancel it.
 */
export function useInboxKeys(t: InboxKeyTargets): { armed: Armed | null; disarm: () => void } {
  const [state, setArmed] = useState<Armed | null>(null);
  // Armed for another task than the open one is not armed (j, k, a click in the list moved on).
  const armed = state && state.task === t.current ? state : null;

  useEffect(() => {
    if (!state) return;
    const timer = setTimeout(() => setArmed(null), ARMED_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const {
    current,
    listed,
    decidable,
    canDecide,
    selectedCount,
    covered,
    detail,
    move,
    toggleCurrent,
    backToList,
    openBulk,
    openHelp,
  } = t;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A held key repeats: its repeats must not count as the second press that decides.
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const el = e.target as HTMLElement | null;
      // Escape leaves a text field so that the single-key shortcuts work again.
      if (e.key === "Escape" && typing(el) && !el?.closest("dialog")) return el?.blur();
      if (typing(el)) return;
      const act = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (e.key === "Escape" && armed) return act(() => setArmed(null));
      if (e.key === "Escape" && covered) return backToList();
      switch (e.key) {
        case "a":
        case "r": {
          const decision = e.key === "a" ? "approve" : "reject";
          return act(() => {
            if (selectedCount > 0 && canDecide) {
              setArmed(null);
              return openBulk(decision);
            }
            if (current === null || !canDecide) return;
            if (armed?.decision === decision) {
              setArmed(null);
              return detail.current?.decide(decision);
            }
            setArmed(decidable() ? { decision, task: current } : null);
          });
        }
      }
      const shortcut = (fn: () => void) => {
        setArmed(null);
        act(fn);
      };
      switch (e.key) {
        case "j":
          return shortcut(() => move(1));
        case "k":
          return shortcut(() => move(-1));
        case "Enter":
          if (el?.closest("button, a, input, summary")) return;
          return shortcut(() => detail.current?.focus());
        case "c":
          return shortcut(() => detail.current?.focusComment());
        case "x":
          return shortcut(() => current !== null && listed && toggleCurrent());
        case "?":
          return shortcut(openHelp);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [
    armed,
    current,
    listed,
    decidable,
    canDecide,
    selectedCount,
    covered,
    detail,
    move,
    toggleCurrent,
    backToList,
    openBulk,
    openHelp,
  ]);

  const disarm = useCallback(() => setArmed(null), []);
  return { armed, disarm };
}
