/** What a Next.js page receives as `searchParams`. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/** A page's `searchParams` as the URLSearchParams the browser's `useSearchParams` would read. */
export function toSearchParams(raw: PageSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      params.append(key, v);
  }
  return params;
}
