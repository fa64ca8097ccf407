// A line diff of two payloads for the compare page: JSON is pretty-printed with sorted keys
// first (so that key order and spacing never show as changes), anything else is diffed as text.
import { diffJson, diffLines } from "diff";

export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

/** The payload as a JSON object or array, when it is one. */
function asJsonObject(value: string | undefined): object | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === "object" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Parts of the diff from `a` to `b` (undefined reads as empty). */
export function payloadDiff(a: string | undefined, b: string | undefined): DiffPart[] {
  const x = asJsonObject(a);
  const y = asJsonObject(b);
  const changes = x && y ? diffJson(x, y) : diffLines(pretty(a), pretty(b));
  return changes.map((c) => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}

/**
 * JSON indented as diffJson prints it (keys sorted), anything else as it is; with a final newline,
 * without which a changed last line would be glued to the next part.
 */
function pretty(value: string | undefined): string {
  if (!value) return "";
  const parsed = asJsonObject(value);
  const text = parsed ? JSON.stringify(sortKeys(parsed), null, 2) : value;
  return text.endsWith("\n") ? text : `${text}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}
