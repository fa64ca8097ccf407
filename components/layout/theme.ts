// Dark mode: the `.dark` class on <html> drives Tailwind's `dark:` variant (globals.css). It is
// set from the stored choice ("light" | "dark"), or from `prefers-color-scheme` when the choice
// is "system" (the default). The inline script applies it before first paint (no flash).

export type ThemeChoice = "system" | "light" | "dark";

export const THEME_STORAGE_KEY = "swf-console:theme";
export const THEME_EVENT = "swf-console:theme";

export function parseTheme(value: string | null | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

/** Whether the page should be dark for this choice and the OS preference. */
export function isDark(choice: ThemeChoice, prefersDark: boolean): boolean {
  return choice === "dark" || (choice === "system" && prefersDark);
}

export const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = {
  system: "light",
  light: "dark",
  dark: "system",
};

/** Runs in <head> before the body paints: keep it tiny, dependency-free and in sync with isDark. */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t!=="light"&&t!=="dark")t="system";var d=t==="dark"||(t==="system"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.dataset.theme=t;}catch(_){}})();`;
