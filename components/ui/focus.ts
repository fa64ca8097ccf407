// Where keyboard focus goes when the control that had it can no longer take it (disabled by what
// the person just did, e.g. Terminate once the run is closed): the next control beside it that
// still works, so that the person carries on from the same place rather than from the page's top.

/** The first enabled button or link among `control`'s siblings (itself excluded once disabled). */
export function enabledBeside(control: HTMLElement): HTMLElement | null {
  if (!control.isConnected) return null;
  return (
    control.parentElement?.querySelector<HTMLElement>(
      ":scope > button:not(:disabled), :scope > a[href]",
    ) ?? null
  );
}
