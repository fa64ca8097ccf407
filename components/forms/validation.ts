/**
 * Browser-side checks mirroring SWF's input rules, so that forms show a
 * problem next to the field before anything is sent. The server validates again (strict zod).
 * Each check returns a message, or undefined when the value is fine.
 */

export const MAX_DATA = 32_768;
export const MAX_SECONDS = 31_536_000;

export function breaksNamingRule(value: string): boolean {
  if (value === "arn") return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x3a || c === 0x2f || c === 0x7c)
      return true;
  }
  return false;
}

/** Domain, type name, version, task list, workflowId. */
export function nameProblem(
  value: string,
  opts: { max?: number; required?: boolean } = {},
): string | undefined {
  const max = opts.max ?? 256;
  if (!value) return opts.required === false ? undefined : "Required";
  if (value.length > max) return `At most ${max} characters`;
  if (breaksNamingRule(value)) return "Must not contain : / | or control characters, nor be “arn”";
  return undefined;
}

export function lengthProblem(value: string, max: number, required = false): string | undefined {
  if (!value && required) return "Required";
  if (value.length > max)
    return `At most ${max.toLocaleString("en-US")} characters (now ${value.length.toLocaleString("en-US")})`;
  return undefined;
}

/** Timeouts: whole seconds (and NONE where SWF allows it); empty means "use the default". */
export function durationProblem(value: string, allowNone: boolean): string | undefined {
  if (!value) return undefined;
  if (allowNone && value === "NONE") return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) > MAX_SECONDS) {
    return allowNone
      ? `Whole seconds (0–${MAX_SECONDS}) or NONE`
      : `Whole seconds (0–${MAX_SECONDS})`;
  }
  return undefined;
}

export function priorityProblem(value: string): string | undefined {
  if (!value) return undefined;
  if (!/^[+-]?[0-9]{1,10}$/.test(value) || Number(value) < -(2 ** 31) || Number(value) >= 2 ** 31) {
    return "An integer between -2147483648 and 2147483647";
  }
  return undefined;
}

const TAG = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export function tagProblem(value: string, max = 256): string | undefined {
  if (value.length > max) return `At most ${max} characters`;
  if (!TAG.test(value)) return "Letters, digits, spaces and _ . : / = + - @ only";
  return undefined;
}

/** Empty is fine (no input); otherwise the text must parse as JSON. */
export function jsonProblem(value: string): string | undefined {
  if (!value.trim()) return undefined;
  try {
    JSON.parse(value);
    return undefined;
  } catch (e) {
    return `Not valid JSON: ${(e as Error).message}`;
  }
}

export function retentionProblem(value: string): string | undefined {
  if (!value) return "Required";
  if (value === "NONE") return undefined;
  if (!/^[0-9]{1,2}$/.test(value) || Number(value) > 90) return "0–90 days, or NONE";
  return undefined;
}

/** A workflowId that is unique enough to start with: `<type>-<yyyymmdd-hhmmss>-<random>`. */
export function generateWorkflowId(typeName: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const random = Math.random().toString(36).slice(2, 7);
  const base =
    typeName.replace(/[:/|\u0000-\u001f\u007f-\u009f\s]+/g, "-").slice(0, 200) || "workflow";
  return `${base}-${stamp}-${random}`;
}

export type Problems<K extends string> = Partial<Record<K, string>>;

export function hasProblems(problems: Record<string, string | undefined>): boolean {
  return Object.values(problems).some(Boolean);
}
