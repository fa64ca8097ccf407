/**
 * Turns the issues of a failed zod parse into one SWF fault: a type mismatch anywhere wins
 * (SerializationException, as the service fails to deserialise before it validates), then every
 * constraint violation at once (ValidationException `N validation errors detected: ...`), then the
 * whole-request rules (ValidationException with their own message).
 */
import type { z } from "zod";
import {
  SerializationException,
  ValidationException,
  validationFault,
  type SwfFault,
  type Violation,
} from "../faults";
import {
  NOT_NULL,
  enumSet,
  maxLength,
  maxValue,
  minLength,
  minValue,
  type IssueKind,
} from "./constraints";
import { formatPath, valueAt } from "./json";

/** Names of JSON types as the messages show them (zod's `number` only ever stands for integers here). */
const EXPECTED: Record<string, string> = {
  string: "string",
  number: "integer",
  int: "integer",
  boolean: "boolean",
  array: "list",
  object: "object",
};

export function serializationFault(path: string, expected: string): SwfFault {
  const where = path === "" ? "the request body" : `'${path}'`;
  return SerializationException(`Unexpected value type for ${where}: expected ${expected}`);
}

type Classified =
  | { kind: "serialization"; expected: string }
  | { kind: "violation"; constraint: string }
  | { kind: "message"; message: string };

function classify(issue: z.core.$ZodIssue, value: unknown): Classified {
  const swf = issue.code === "custom" ? (issue.params?.swf as IssueKind | undefined) : undefined;
  if (swf === "message") return { kind: "message", message: issue.message };
  if (value === undefined) return { kind: "violation", constraint: NOT_NULL };
  switch (issue.code) {
    case "invalid_type":
      return { kind: "serialization", expected: EXPECTED[issue.expected] ?? issue.expected };
    case "invalid_value":
      return typeof value === "string"
        ? { kind: "violation", constraint: enumSet(issue.values) }
        : { kind: "serialization", expected: "string" };
    case "too_big":
      return {
        kind: "violation",
        constraint:
          issue.origin === "string" || issue.origin === "array"
            ? maxLength(Number(issue.maximum))
            : maxValue(issue.maximum),
      };
    case "too_small":
      return {
        kind: "violation",
        constraint:
          issue.origin === "string" || issue.origin === "array"
            ? minLength(Number(issue.minimum))
            : minValue(issue.minimum),
      };
    case "custom":
      return swf === "serialization"
        ? { kind: "serialization", expected: String(issue.params?.expected) }
        : { kind: "violation", constraint: issue.message };
    default:
      return { kind: "violation", constraint: issue.message };
  }
}

export function issuesToFault(issues: readonly z.core.$ZodIssue[], body: unknown): SwfFault {
  const violations: Violation[] = [];
  const messages: string[] = [];
  for (const issue of issues) {
    const value = valueAt(body, issue.path);
    const path = formatPath(issue.path);
    const c = classify(issue, value);
    if (c.kind === "serialization") return serializationFault(path, c.expected);
    if (c.kind === "violation") violations.push({ path, value, constraint: c.constraint });
    else messages.push(c.message);
  }
  if (violations.length > 0) return validationFault(violations);
  return ValidationException(messages.join("; "));
}
