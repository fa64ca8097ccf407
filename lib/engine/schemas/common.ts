/**
 * Shared atoms of the SWF input model (2012-01-25): strings with the model's length limits, SWF
 * names, durations, priorities, timestamps, page sizes and the small structures every family uses.
 */
import { z } from "zod";
import {
  INT32_RULE,
  NAMING_RULE,
  durationRule,
  maxLength,
  pattern,
  serializationIssue,
} from "./constraints";

// ---------------------------------------------------------------------------------------------
// Strings

/** A string of `min`..`max` UTF-16 units (the model's `min`/`max`). */
export function text(max: number, min = 0) {
  const s = z.string().max(max);
  return min > 0 ? s.min(min) : s;
}

/** No `:`, `/`, `|`, no control characters (U+0000–U+001F, U+007F–U+009F), not the literal `arn`. */
export function breaksNamingRule(value: string): boolean {
  if (value === "arn") return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
    if (c === 0x3a /* : */ || c === 0x2f /* / */ || c === 0x7c /* | */) return true;
  }
  return false;
}

/** Domain, type name/version, task list, workflowId, activityId, timerId. */
export function swfName(max: number, min = 1) {
  return text(max, min).superRefine((v, ctx) => {
    if (breaksNamingRule(v)) ctx.addIssue({ code: "custom", message: NAMING_RULE });
  });
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARS_SHOWN = "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$";

/**
 * Tags (domain tags and execution tags): Unicode letters, digits, whitespace (`\p{Z}`, the pattern
 * AWS services use for tags) and `_ . : / = + - @`.
 */
export function tagText(max: number, min = 0) {
  return text(max, min).superRefine((v, ctx) => {
    if (!TAG_CHARS.test(v)) ctx.addIssue({ code: "custom", message: pattern(TAG_CHARS_SHOWN) });
  });
}

export const domainName = swfName(256);
export const typeName = swfName(256);
export const version = swfName(64);
export const versionOptional = swfName(64, 0);
export const workflowId = swfName(256);
export const activityId = swfName(256);
export const timerId = swfName(256);
export const runId = text(64, 1);
export const runIdOptional = text(64);
export const signalName = text(256, 1);
export const markerName = text(256, 1);
export const taskToken = text(1024, 1);
export const pageToken = text(2048);
export const identity = text(256);
export const description = text(1024);
export const reason = text(256);
/** input, result, details, control, executionContext. */
export const data = text(32768);
/** Heartbeat details. */
export const limitedData = text(2048);
export const arn = text(1600, 1);
export const executionTag = tagText(256);

// ---------------------------------------------------------------------------------------------
// Lists, numbers, booleans, enums

/** A JSON array; `max` items at most (checked even when an item is invalid). */
export function list<T extends z.ZodType>(item: T, max?: number) {
  const l = z.array(item);
  if (max === undefined) return l;
  return l.superRefine(
    (v, ctx) => {
      if (Array.isArray(v) && v.length > max)
        ctx.addIssue({ code: "custom", message: maxLength(max) });
    },
    { when: () => true },
  );
}

/** A JSON integer (Java int) within `min`..`max`; a fraction or a huge number is a type error. */
export function integer(min: number, max: number) {
  return z
    .number()
    .superRefine((v, ctx) => {
      if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
        ctx.addIssue(serializationIssue("integer"));
    })
    .min(min)
    .max(max);
}

export const tagList = list(executionTag, 5);
export const pageSize = integer(0, 1000);
export const reverseOrder = z.boolean();

export const registrationStatus = z.enum(["REGISTERED", "DEPRECATED"]);
export const childPolicy = z.enum(["TERMINATE", "REQUEST_CANCEL", "ABANDON"]);
export const closeStatus = z.enum([
  "COMPLETED",
  "FAILED",
  "CANCELED",
  "TERMINATED",
  "CONTINUED_AS_NEW",
  "TIMED_OUT",
]);

// ---------------------------------------------------------------------------------------------
// Durations and priorities: JSON strings, kept as strings (the engine resolves them)

export const MAX_DURATION_SECONDS = 31_536_000;

function durationString(opts: {
  minLength: number;
  none: boolean;
  min: number;
  max: number;
  unit: string;
}) {
  const rule = durationRule(opts);
  return text(8, opts.minLength).superRefine((v, ctx) => {
    if (opts.none && v === "NONE") return;
    const ok = /^[0-9]+$/.test(v) && Number(v) >= opts.min && Number(v) <= opts.max;
    if (!ok) ctx.addIssue({ code: "custom", message: rule });
  });
}

const seconds = { min: 0, max: MAX_DURATION_SECONDS, unit: "seconds" };

/** `DurationInSecondsOptional`: integer seconds or `NONE`. */
export const duration = durationString({ minLength: 0, none: true, ...seconds });
/** Execution start-to-close timeouts (and their type default): never `NONE`. */
export const executionDuration = durationString({ minLength: 0, none: false, ...seconds });
/** `DurationInSeconds` (StartTimer `startToFireTimeout`): required, never `NONE`. */
export const timerDuration = durationString({ minLength: 1, none: false, ...seconds });
/** ScheduleLambdaFunction `startToCloseTimeout`: 1–900 s. */
export const lambdaDuration = durationString({
  minLength: 0,
  none: false,
  min: 1,
  max: 900,
  unit: "seconds",
});
/** `workflowExecutionRetentionPeriodInDays`: `NONE` or 0–90. */
export const retentionDays = durationString({
  minLength: 1,
  none: true,
  min: 0,
  max: 90,
  unit: "days",
});

/** `TaskPriority`: a string holding a Java int. */
export const taskPriority = z.string().superRefine((v, ctx) => {
  const ok = /^[+-]?[0-9]+$/.test(v) && Number(v) >= -(2 ** 31) && Number(v) < 2 ** 31;
  if (!ok) ctx.addIssue({ code: "custom", message: INT32_RULE });
});

// ---------------------------------------------------------------------------------------------
// Timestamps: epoch seconds (number or numeric string) or ISO-8601 → epoch milliseconds

const NUMERIC = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const MAX_DATE_MS = 8.64e15;

function toEpochMillis(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === "number") ms = Math.round(value * 1000);
  else if (typeof value === "string") {
    const s = value.trim();
    const iso = ISO.exec(s);
    if (NUMERIC.test(s)) ms = Math.round(Number(s) * 1000);
    else if (iso)
      ms = Date.parse(s.includes(":") && !iso[1] ? `${s.replace(" ", "T")}Z` : s.replace(" ", "T"));
  }
  return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
}

export const timestamp = z.unknown().transform((value, ctx): number => {
  const ms = toEpochMillis(value);
  if (ms === undefined) {
    ctx.addIssue(serializationIssue("timestamp"));
    return z.NEVER;
  }
  return ms;
});

// ---------------------------------------------------------------------------------------------
// Small shared structures

export const taskList = z.object({ name: swfName(256) });
export const workflowType = z.object({ name: typeName, version });
export const activityType = z.object({ name: typeName, version });
export const workflowExecution = z.object({ workflowId, runId });
