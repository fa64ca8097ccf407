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
  const changes = x && y ? diffJson(x, y) : diffLines(ensureNewline(a), ensureNewline(b));
  return changes.map((c) => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}

/** Without a final newline, a changed last line would be glued to the next part. */
function ensureNewline(value: string | undefined): string {
  if (!value) return "";
  return value.endsWith("\n") ? value : `${value}\n`;
}
