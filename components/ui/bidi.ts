/**
 * Unicode's direction controls, made visible. An override (U+202E, "right-to-left override")
 * shows the characters after it in reverse: "EUR <U+202E>00001<U+202C>" reads as "EUR 10000",
 * and "<U+202E>gnp.exe" as "exe.png". Embeddings and isolates reorder runs of digits and words the same way. Workflow
 * data comes from anyone who can start a workflow, so the console shows these controls as what
 * they are instead of applying them. The marks (U+200E, U+200F, U+061C) are left alone: right-to-
 * left writing needs them, and they reorder no letters or digits.
 */
const CONTROLS: Readonly<Record<string, { abbr: string; name: string }>> = {
  "\u202a": { abbr: "LRE", name: "left-to-right embedding" },
  "\u202b": { abbr: "RLE", name: "right-to-left embedding" },
  "\u202c": { abbr: "PDF", name: "pop directional formatting" },
  "\u202d": { abbr: "LRO", name: "left-to-right override" },
  "\u202e": { abbr: "RLO", name: "right-to-left override" },
  "\u2066": { abbr: "LRI", name: "left-to-right isolate" },
  "\u2067": { abbr: "RLI", name: "right-to-left isolate" },
  "\u2068": { abbr: "FSI", name: "first strong isolate" },
  "\u2069": { abbr: "PDI", name: "pop directional isolate" },
};

const CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const CONTROLS_GLOBAL = /[\u202a-\u202e\u2066-\u2069]/g;

export interface BidiControl {
  /** The character itself (kept for copying). */
  char: string;
  abbr: string;
  /** "right-to-left override (U+202E)" */
  title: string;
}

export const hasBidiControls = (text: string): boolean => CONTROL.test(text);

/** The text cut into plain runs and the direction controls between them. */
export function splitBidiControls(text: string): (string | BidiControl)[] {
  if (!hasBidiControls(text)) return [text];
  const parts: (string | BidiControl)[] = [];
  let from = 0;
  for (const match of text.matchAll(CONTROLS_GLOBAL)) {
    if (match.index > from) parts.push(text.slice(from, match.index));
    const char = match[0];
    const { abbr, name } = CONTROLS[char];
    const code = char.codePointAt(0)!.toString(16).toUpperCase();
    parts.push({ char, abbr, title: `${name} (U+${code}), shown rather than applied` });
    from = match.index + 1;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** The text with each control replaced by its visible name, for plain-text places (titles). */
export function revealBidiControls(text: string): string {
  return text.replace(CONTROLS_GLOBAL, (c) => `[${CONTROLS[c].abbr}]`);
}

/**
 * JSON text with each direction control written as its `\uXXXX` escape: the same JSON, shown as
 * what it holds. (JSON.stringify escapes only control characters below U+0020.)
 */
export function escapeBidiControls(json: string): string {
  return json.replace(
    CONTROLS_GLOBAL,
    (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
  );
}
