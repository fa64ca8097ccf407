export const MAX_PAGE_SIZE = 1000;

/** Page size as SWF reads it: absent or 0 means the maximum. */
export const pageSize = (requested: number | undefined) => (requested ? requested : MAX_PAGE_SIZE);

/**
 * Cuts `rows` (fetched with one extra row beyond the largest page) to the requested size;
 * `last` is the last item returned when more follow, else undefined.
 */
export function pageOf<T>(rows: T[], requested: number | undefined): { items: T[]; last?: T } {
  const size = pageSize(requested);
  if (rows.length <= size) return { items: rows };
  const items = rows.slice(0, size);
  return { items, last: items[items.length - 1] };
}
