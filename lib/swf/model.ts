/**
 * The console's one model of SWF input rules: limits, enums (from `@aws-sdk/client-swf`) and zod
 * building blocks. The allow-listed route (`lib/swf/actions.ts`) and the browser forms build their
 * schemas from these blocks, so a rule is written once. Messages are written for people filling a
 * form; the engine keeps its own schemas because it must answer with SWF's exact wording
 * (tests/swf/model.test.ts keeps both in agreement on every limit and enum).
 */
import { ChildPolicy, CloseStatus, ExecutionStatus, RegistrationStatus } from "@aws-sdk/client-swf";
import { z } from "zod";

/** SWF's input limits, in UTF-16 units, items or seconds. */
export const LIMITS = {
  name: 256,
  version: 64,
  runId: 64,
  signalName: 256,
  reason: 256,
  description: 1024,
  /** input, result, details. */
  data: 32_768,
  executionTag: 256,
  executionTags: 5,
  resourceTagKey: 128,
  resourceTagValue: 256,
  domainTags: 50,
  arn: 1600,
  pageToken: 2048,
  pageSize: 1000,
  /** Durations are whole seconds up to one year. */
  durationSeconds: 31_536_000,
  /** Durations travel as strings of at most 8 characters. */
  durationChars: 8,
  retentionDays: 90,
} as const;

const values = <T extends Record<string, string>>(e: T) =>
  Object.values(e) as [T[keyof T], ...T[keyof T][]];

export const CHILD_POLICIES = values(ChildPolicy);
export const CLOSE_STATUSES = values(CloseStatus);
export const REGISTRATION_STATUSES = values(RegistrationStatus);
export const EXECUTION_STATUSES = values(ExecutionStatus);

export const childPolicy = z.enum(CHILD_POLICIES);
export const closeStatus = z.enum(CLOSE_STATUSES);
export const registrationStatus = z.enum(REGISTRATION_STATUSES);

const count = (n: number) => n.toLocaleString("en-US");

/** A string of `min`..`max` characters ("Required" when `min` is 1 and it is empty). */
export function text(max: number, min = 0) {
  const s = z.string().max(max, `At most ${count(max)} characters`);
  return min > 0 ? s.min(min, min === 1 ? "Required" : `At least ${min} characters`) : s;
}

/**
 * SWF's naming rule (domain, type name and version, task list, workflowId): no `:`, `/`, `|`, no
 * control characters, not the literal `arn`.
 */
export function breaksNamingRule(value: string): boolean {
  if (value === "arn") return true;
  return /[:/|\u0000-\u001f\u007f-\u009f]/.test(value);
}
export const NAMING_MESSAGE = "Must not contain : / | or control characters, nor be “arn”";

export function swfName(max: number = LIMITS.name) {
  return text(max, 1).refine((v) => !breaksNamingRule(v), NAMING_MESSAGE);
}

export const name = swfName(LIMITS.name);
export const version = swfName(LIMITS.version);
export const runId = text(LIMITS.runId, 1);
export const signalName = text(LIMITS.signalName, 1);
export const reason = text(LIMITS.reason);
export const description = text(LIMITS.description);
export const arn = text(LIMITS.arn, 1);
export const taskList = z.strictObject({ name });
export const workflowType = z.strictObject({ name, version });

/** input, result, details: a payload of at most 32,768 characters, says how long it is now. */
export const payload = z.string().superRefine((v, ctx) => {
  if (v.length > LIMITS.data)
    ctx.addIssue({
      code: "custom",
      message: `At most ${count(LIMITS.data)} characters (now ${count(v.length)})`,
    });
});

/** Empty is fine (no payload); otherwise the text must parse as JSON. */
export function jsonProblem(value: string): string | undefined {
  if (!value.trim()) return undefined;
  try {
    JSON.parse(value);
    return undefined;
  } catch (e) {
    return `Not valid JSON: ${(e as Error).message}`;
  }
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Execution and domain tags: letters, digits, spaces and `_ . : / = + - @`. */
export function tag(max: number, min = 0) {
  return text(max, min).regex(TAG_CHARS, "Letters, digits, spaces and _ . : / = + - @ only");
}
export const tagList = z
  .array(tag(LIMITS.executionTag))
  .max(LIMITS.executionTags, `At most ${LIMITS.executionTags} tags`);
export const resourceTag = z.strictObject({
  key: tag(LIMITS.resourceTagKey, 1),
  value: tag(LIMITS.resourceTagValue).optional(),
});

/** Durations: strings of whole seconds up to a year, and `NONE` where SWF allows it. */
export function duration(allowNone: boolean) {
  const max = LIMITS.durationSeconds;
  return z
    .string()
    .refine(
      (v) =>
        (allowNone && v === "NONE") ||
        (v.length <= LIMITS.durationChars && /^[0-9]+$/.test(v) && Number(v) <= max),
      allowNone ? `Whole seconds (0–${max}) or NONE` : `Whole seconds (0–${max})`,
    );
}

/** `workflowExecutionRetentionPeriodInDays`: NONE or 0–90 days. */
export const retentionDays = z
  .string()
  .min(1, "Required")
  .refine(
    (v) =>
      v === "NONE" ||
      (v.length <= LIMITS.durationChars && /^[0-9]+$/.test(v) && Number(v) <= LIMITS.retentionDays),
    `0–${LIMITS.retentionDays} days, or NONE`,
  );

/** Task priority: a string holding a 32-bit integer. */
export const priority = z
  .string()
  .refine(
    (v) => /^[+-]?[0-9]+$/.test(v) && Number(v) >= -(2 ** 31) && Number(v) < 2 ** 31,
    "An integer between -2147483648 and 2147483647",
  );

/**
 * For forms: the field may be left blank (meaning "use the default"); otherwise it is trimmed and
 * must satisfy `block`. Parsed forms therefore hand over trimmed values.
 */
export function blankOr(block: z.ZodType<unknown, string>) {
  return z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      if (!v) return;
      const r = block.safeParse(v);
      if (!r.success)
        for (const issue of r.error.issues)
          ctx.addIssue({ code: "custom", message: issue.message });
    });
}

/** Adds the "not valid JSON" issue at `path` when the field is meant to hold JSON. */
export function checkJson(
  ctx: z.RefinementCtx,
  value: string,
  isJson: boolean,
  path: (string | number)[],
) {
  const problem = isJson ? jsonProblem(value) : undefined;
  if (problem) ctx.addIssue({ code: "custom", message: problem, path });
}
