// Like following a link to an anchor, arriving at an event (a deep link, "Show event N") takes the
// keyboard there: focus moves to the event's row in the history table.

/**
 * Focuses event `id`'s row once the History tab shows it: the tab may still be mounting and the
 * table scrolling to the row, so it tries again for a few frames.
 */
export function focusEventRow(id: number, frames = 30): void {
  const row = document.querySelector<HTMLElement>(
    `[data-testid=history-table] [data-row-button="${id}"]`,
  );
  if (row && row.offsetParent !== null) row.focus();
  else if (frames > 0) requestAnimationFrame(() => focusEventRow(id, frames - 1));
}
