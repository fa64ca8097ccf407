// Token-stack paging for SWF list actions. SWF pages forward only (nextPageToken); "previous"
// is a stack of the tokens that led to each page. A token is only valid with the exact query
// that produced it, so each entry also freezes that query's input (relative time ranges such
// as "last hour" would otherwise move between pages). Pure: tested in tests/components/pagination.test.ts.

export interface PageCursor<I = Record<string, unknown>> {
  /** The token that fetches this page. */
  token: string;
  /** The resolved query input (without paging fields) the token belongs to. */
  input: I;
}

export interface PagerState<I = Record<string, unknown>> {
  /** The query (filters) this stack belongs to; another key means "back to page 1". */
  key: string;
  /** Cursors of pages 2, 3, …: the current page is `stack.length + 1`. */
  stack: PageCursor<I>[];
}

export const initialPager = <I>(key: string): PagerState<I> => ({ key, stack: [] });

/** The stack for `key`: empty when the filters have changed since the stack was built. */
export function stackFor<I>(state: PagerState<I>, key: string): PageCursor<I>[] {
  return state.key === key ? state.stack : [];
}

export function pageNumber<I>(state: PagerState<I>, key: string): number {
  return stackFor(state, key).length + 1;
}

/** The cursor of the current page, or undefined on page 1. */
export function currentCursor<I>(state: PagerState<I>, key: string): PageCursor<I> | undefined {
  const stack = stackFor(state, key);
  return stack[stack.length - 1];
}

export function nextPage<I>(
  state: PagerState<I>,
  key: string,
  cursor: PageCursor<I>,
): PagerState<I> {
  return { key, stack: [...stackFor(state, key), cursor] };
}

export function previousPage<I>(state: PagerState<I>, key: string): PagerState<I> {
  return { key, stack: stackFor(state, key).slice(0, -1) };
}

export function firstPage<I>(key: string): PagerState<I> {
  return initialPager(key);
}
