/**
 * Typed answers to human tasks. A task whose input JSON has a `form` member describes the answer it
 * wants; the inbox renders those fields and the activity result carries their values. This module
 * is pure (no I/O) so that the browser and the server validate with the same rules.
 *
 *   "form": { "fields": [ { "name": "discount", "label": "Discount (%)", "type": "number",
 *                            "min": 0, "max": 30, "default": 0, "required": true, "help": "…" } ] }
 *
 * A bare array of fields is accepted as well. Malformed specs are reported, never guessed at.
 */
import { z } from "zod";

export const FIELD_TYPES = ["text", "textarea", "number", "boolean", "select", "date"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const Option = z.union([
  z
    .string()
    .max(200)
    .transform((v) => ({ value: v, label: v })),
  z
    .strictObject({ value: z.string().max(200), label: z.string().max(200).optional() })
    .transform((o) => ({ value: o.value, label: o.label ?? o.value })),
]);

const Field = z
  .object({
    name: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/,
        "a field name is a letter then letters, digits, _ . -",
      ),
    label: z.string().max(200).optional(),
    type: z.enum(FIELD_TYPES).default("text"),
    options: z.array(Option).max(200).optional(),
    required: z.boolean().default(false),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    help: z.string().max(500).optional(),
  })
  .refine((f) => f.type !== "select" || (f.options?.length ?? 0) > 0, {
    message: "a select field needs options",
  });

export type FormField = z.output<typeof Field>;
export interface FormSpec {
  fields: FormField[];
}

const Spec = z.object({ fields: z.array(Field).min(1).max(50) });

export type FormValue = string | number | boolean | null;
export type FormValues = Record<string, FormValue>;

export type ParsedForm = { form: FormSpec } | { form: null; problem?: string };

/** The form a task input asks for: null when it has none; a problem when its `form` is malformed. */
export function formOfInput(input: string | null | undefined): ParsedForm {
  if (!input) return { form: null };
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    return { form: null };
  }
  if (!value || typeof value !== "object" || Array.isArray(value) || !("form" in value))
    return { form: null };
  const raw = (value as { form: unknown }).form;
  // A bare array of fields is a form too.
  const parsed = Spec.safeParse(Array.isArray(raw) ? { fields: raw } : raw);
  if (!parsed.success) {
    return {
      form: null,
      problem: parsed.error.issues.map((i) => `form.${i.path.join(".")}: ${i.message}`).join("; "),
    };
  }
  const names = new Set<string>();
  for (const f of parsed.data.fields) {
    if (names.has(f.name)) return { form: null, problem: `form: field ${f.name} appears twice` };
    names.add(f.name);
  }
  return { form: parsed.data };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fieldSchema(f: FormField): z.ZodType<FormValue> {
  const optional = (s: z.ZodType<FormValue>) =>
    f.required
      ? s
      : s
          .nullable()
          .optional()
          .transform((v) => v ?? null);
  switch (f.type) {
    case "number": {
      let n = z.number({ error: "enter a number" });
      if (typeof f.min === "number") n = n.min(f.min, `at least ${f.min}`);
      if (typeof f.max === "number") n = n.max(f.max, `at most ${f.max}`);
      return optional(n);
    }
    case "boolean":
      return z.boolean().default(false) as z.ZodType<FormValue>;
    case "select": {
      const values = (f.options ?? []).map((o) => o.value);
      const s = z.string().refine((v) => values.includes(v), "choose one of the options");
      return f.required
        ? s
        : optional(
            z
              .string()
              .refine((v) => v === "" || values.includes(v), "choose one of the options")
              .transform((v) => v || null),
          );
    }
    case "date": {
      let s = z.string().regex(DATE, "enter a date (YYYY-MM-DD)");
      if (typeof f.min === "string")
        s = s.refine((v) => v >= String(f.min), `on or after ${f.min}`);
      if (typeof f.max === "string")
        s = s.refine((v) => v <= String(f.max), `on or before ${f.max}`);
      return f.required ? s : optional(z.union([z.literal("").transform(() => null), s]));
    }
    default: {
      let s = z.string().max(f.type === "textarea" ? 10_000 : 1_000);
      if (f.required) s = s.trim().min(1, "required");
      else return optional(s.transform((v) => v));
      return s;
    }
  }
}

/** The zod schema of a form's values (unknown members are refused). */
export function valuesSchema(form: FormSpec): z.ZodType<FormValues> {
  return z.strictObject(
    Object.fromEntries(form.fields.map((f) => [f.name, fieldSchema(f)])),
  ) as unknown as z.ZodType<FormValues>;
}

/** Initial values of a form: each field's default, or empty. */
export function defaultValues(form: FormSpec): FormValues {
  return Object.fromEntries(
    form.fields.map((f) => [
      f.name,
      f.default ?? (f.type === "boolean" ? false : f.type === "number" ? null : ""),
    ]),
  );
}

/** Checks values against a form; messages name the field. */
export function checkValues(
  form: FormSpec,
  values: unknown,
): { ok: true; values: FormValues } | { ok: false; message: string } {
  const parsed = valuesSchema(form).safeParse(values ?? {});
  if (parsed.success) return { ok: true, values: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues
      .map((i) => `${i.path.join(".") || "values"}: ${i.message}`)
      .join("; "),
  };
}
