/** Helpers on the parsed JSON body: null stripping and walking a zod issue path. */

/**
 * `null` means absent: members whose value is `null` are dropped, recursively. A `null` list item
 * becomes `undefined` so that it keeps its position (and is reported as `Member must not be null`).
 */
export function stripNulls(value: unknown): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map(stripNulls);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== null) out[k] = stripNulls(v);
    }
    return out;
  }
  return value;
}

/** The value found at a zod issue path, or `undefined`. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** Coral path: dotted, list items 1-based and followed by `member` (`decisions.1.member.timerId`). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((seg) => (typeof seg === "number" ? `${seg + 1}.member` : String(seg))).join(".");
}
