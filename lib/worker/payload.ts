/** SWF carries inputs, results and details as strings; these helpers convert at the edges. */

/** A string stays as it is, `undefined`/`null` means "absent", anything else becomes JSON. */
export function toPayload(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Parses a JSON payload; `undefined` when absent. Throws on malformed JSON. */
export function parseJson<T = unknown>(payload: string | undefined): T | undefined {
  if (payload === undefined || payload === "") return undefined;
  return JSON.parse(payload) as T;
}

/**
 * Parses a payload that may not be JSON at all — a person's answer, another system's result:
 * `undefined` when absent or malformed, so that the decider can say so rather than throw.
 */
export function tryParseJson<T = unknown>(payload: string | undefined): T | undefined {
  try {
    return parseJson<T>(payload);
  } catch {
    return undefined;
  }
}

/** Cuts a string to SWF's limit for the field (reason 256, details 32,768, heartbeat 2,048). */
export function truncate(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + "…";
}

export const LIMITS = {
  reason: 256,
  details: 32_768,
  result: 32_768,
  heartbeatDetails: 2_048,
} as const;
