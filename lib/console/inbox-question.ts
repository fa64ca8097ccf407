/**
 * The question a human task's input asks (its `question` member), read the same way by the store
 * (the list's copy) and by the task pane (the whole of it). Pure: the browser imports it too.
 */

/** How many characters of a question the list's copy keeps; the pane reads the whole input. */
export const LIST_QUESTION_CHARS = 500;

export interface Question {
  text: string;
  /** The question is not a string (an object, a number…): `text` is its JSON. */
  json: boolean;
}

/**
 * The `question` member of a parsed input, as text: a string as it is, anything else as its JSON
 * (so that `{"question": {"text": "…"}}` is shown rather than lost). No question: none, `null`,
 * or blank.
 */
export function questionOfValue(input: unknown): Question | null {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return null;
  const q = (input as { question?: unknown }).question;
  if (q === undefined || q === null) return null;
  if (typeof q === "string") return q.trim() ? { text: q, json: false } : null;
  return { text: JSON.stringify(q), json: true };
}

/** The question of an input's text (null when it is not JSON or asks none). */
export function questionOfInput(input: string | null | undefined): Question | null {
  if (!input) return null;
  try {
    return questionOfValue(JSON.parse(input));
  } catch {
    return null;
  }
}

/**
 * The list's copy of a question: at most LIST_QUESTION_CHARS characters, ending in "…" when the
 * question is longer (cut between characters, never inside one).
 */
export function shortQuestion(text: string): string {
  if (text.length <= LIST_QUESTION_CHARS) return text;
  const chars = Array.from(text);
  return chars.length <= LIST_QUESTION_CHARS
    ? text
    : `${chars.slice(0, LIST_QUESTION_CHARS - 1).join("")}…`;
}
