"use client";

import { useEffect, useSyncExternalStore } from "react";
import {
  isDark,
  NEXT_THEME,
  parseTheme,
  THEME_EVENT,
  THEME_STORAGE_KEY,
  type ThemeChoice,
} from "./theme";

function readChoice(): ThemeChoice {
  try {
    return parseTheme(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system";
  }
}

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(THEME_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(THEME_EVENT, onChange);
  };
}

function apply(choice: ThemeChoice) {
  const root = document.documentElement;
  root.classList.toggle(
    "dark",
    isDark(choice, window.matchMedia("(prefers-color-scheme: dark)").matches),
  );
  root.dataset.theme = choice;
}

const LABELS: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };
const ICONS: Record<ThemeChoice, string> = { system: "◐", light: "☀", dark: "☾" };

/** Cycles System → Light → Dark; the choice is remembered in localStorage. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as ThemeChoice);

  // Follow the OS preference live while the choice is "system"; re-apply after other tabs change it.
  useEffect(() => {
    apply(choice);
    if (choice !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => apply("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, [choice]);

  const next = NEXT_THEME[choice];
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      onClick={() => {
        try {
          window.localStorage.setItem(THEME_STORAGE_KEY, next);
        } catch {
          // Storage disabled: the choice lasts for this page only.
        }
        apply(next);
        window.dispatchEvent(new Event(THEME_EVENT));
      }}
      aria-label={`Theme: ${LABELS[choice]}. Switch to ${LABELS[next]}`}
      title={`Theme: ${LABELS[choice]} (click for ${LABELS[next]})`}
      className="inline-flex h-7 items-center gap-1 rounded border border-slate-300 px-2 text-xs text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      <span aria-hidden="true">{ICONS[choice]}</span>
      {LABELS[choice]}
    </button>
  );
}
