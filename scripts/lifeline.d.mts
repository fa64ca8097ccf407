/** Types of scripts/lifeline.mjs (plain JavaScript: it is preloaded before any TypeScript loader). */
export function watchLauncher(
  onGone: (launcher: number) => void,
  options: { graceMs: number; intervalMs?: number },
): number;
