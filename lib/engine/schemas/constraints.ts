/**
 * Constraint phrases (coral style) and the markers that tell `errors.ts` how to turn a custom zod
 * issue into a fault. Every constraint text that ends up in a ValidationException lives here.
 */

export const NOT_NULL = "Member must not be null";

export const maxLength = (n: number) => `Member must have length less than or equal to ${n}`;
export const minLength = (n: number) => `Member must have length greater than or equal to ${n}`;
export const maxValue = (n: number | bigint) => `Member must have value less than or equal to ${n}`;
export const minValue = (n: number | bigint) =>
  `Member must have value greater than or equal to ${n}`;
export const enumSet = (values: readonly unknown[]) =>
  `Member must satisfy enum value set: [${values.join(", ")}]`;
export const pattern = (regex: string) =>
  `Member must satisfy regular expression pattern: ${regex}`;

export const NAMING_RULE =
  "Member must not contain ':', '/', '|' or control characters, and must not be the literal string 'arn'";

export const durationRule = (opts: { none: boolean; min: number; max: number; unit: string }) =>
  `Member must be ${opts.none ? "NONE or " : ""}an integer number of ${opts.unit} between ${opts.min} and ${opts.max}`;

export const INT32_RULE = "Member must be an integer between -2147483648 and 2147483647";

/** `params.swf` on a custom zod issue. Issues without it are plain constraint violations. */
export type IssueKind =
  /** The JSON type of the member is wrong → SerializationException. `params.expected` names the type. */
  | "serialization"
  /** A whole-request rule (exclusive filters, decision order) → ValidationException with `message` as is. */
  | "message";

export function serializationIssue(expected: string) {
  return {
    code: "custom" as const,
    message: `expected ${expected}`,
    params: { swf: "serialization" satisfies IssueKind, expected },
  };
}

export function messageIssue(message: string) {
  return { code: "custom" as const, message, params: { swf: "message" satisfies IssueKind } };
}
