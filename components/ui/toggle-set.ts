/**
 * A copy of `set` with `value` in it or not: flipped, or as `on` says. For React state holding a
 * set (selected rows, hidden categories, expanded events), which must be replaced, never mutated.
 */
export function toggled<T>(set: ReadonlySet<T>, value: T, on = !set.has(value)): Set<T> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}
