/**
 * Whether the person is using this tab, for the session's idle timeout. Pages poll on their own
 * (the inbox, live lists, the overview), and a poll must not count as use: a tab left open would
 * otherwise keep its session alive for ever. A request is "background" when the tab is hidden or
 * nobody has pressed a key, clicked, touched or scrolled it for a minute; the API client then sends
 * `BACKGROUND_HEADER` (lib/console/request-headers.ts) and the server checks the session without
 * renewing it.
 */

/** Requests within this long after the person's last input count as use. */
export const RECENT_INPUT_MS = 60_000;

const INPUTS = ["pointerdown", "keydown", "wheel", "touchstart"] as const;

/** Loading the page is use. */
let lastInput = Date.now();
let watching = false;

function watch() {
  if (watching || typeof window === "undefined") return;
  watching = true;
  const seen = () => (lastInput = Date.now());
  for (const type of INPUTS) window.addEventListener(type, seen, { capture: true, passive: true });
}

/** The pure rule, apart from the browser. */
export function isBackground(now: number, lastInputAt: number, hidden: boolean): boolean {
  return hidden || now - lastInputAt > RECENT_INPUT_MS;
}

/** True when a request made now is not the person's doing. */
export function inBackground(): boolean {
  if (typeof document === "undefined") return false;
  watch();
  return isBackground(Date.now(), lastInput, document.visibilityState === "hidden");
}
