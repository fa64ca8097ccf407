/**
 * The inbox's free-text search, as both the store (SQL) and the browser (rows already shown) read
 * it: the query's words, each of which must match one of the searched fields (any case, `%` and
 * `_` literal). Pure: the browser imports it too.
 */

/** The longest search the inbox takes; a longer one (a pasted text, a URL) is cut to this. */
export const MAX_SEARCH_CHARS = 500;

/**
 * A query's distinct words (split on white space), as typed: SQL lower-cases them as it does the
 * columns (SQLite's lower() knows only ASCII letters, so both sides must go through the same one).
 */
export function searchWords(q: string | null | undefined): string[] {
  const words = (q ?? "").split(/\s+/).filter(Boolean);
  return [...new Set(words)];
}

/** Every word is in at least one of `fields`. */
export function matchesWords(words: string[], fields: (string | null | undefined)[]): boolean {
  const texts = fields.filter((f): f is string => Boolean(f)).map((f) => f.toLowerCase());
  return words.every((w) => texts.some((t) => t.includes(w.toLowerCase())));
}

/** The search a query asks for, cut to MAX_SEARCH_CHARS; `cut` says whether it was. */
export function boundedSearch(q: string): { q: string; cut: boolean } {
  if (q.length <= MAX_SEARCH_CHARS) return { q, cut: false };
  // Not inside a surrogate pair: a cut emoji would be a search for half a character.
  const end = /[\uD800-\uDBFF]/.test(q[MAX_SEARCH_CHARS - 1])
    ? MAX_SEARCH_CHARS - 1
    : MAX_SEARCH_CHARS;
  return { q: q.slice(0, end), cut: true };
}
