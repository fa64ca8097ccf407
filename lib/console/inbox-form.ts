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

/**
 * A field's name is the key of its value in the answer, and the browser's form library keys its
 * own objects by it: a name must be a plain identifier. No dots (read as paths into nested
 * objects: fields `a` and `a.b` would collide) and no member of every JavaScript object
 * (`__proto__`, `constructor`, `toString`…: read as the object's own machinery, which once took
 * the whole inbox page down). Such a form is refused as malformed, never guessed at.
 */
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const RESERVED = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  "__proto__",
  "constructor",
  "prototype",
]);

/** Whether `name` may name a form field. */
export const isFieldName = (name: string) => NAME.test(name) && !RESERVED.has(name);

const Field = z
  .object({
    name: z
      .string()
      .regex(NAME, {
        error: "a field name is a letter then letters, digits, _ or - (at most 64)",
        abort: true,
      })
      .refine((n) => !RESERVED.has(n), "a reserved name (every JavaScript object has it)"),
    label: z.string().max(200).optional(),
    type: z.enum(FIELD_TYPES).default("text"),
    options: z.array(Option).max(200).optional(),
    required: z.boolean().default(false),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    minLength: z.int().min(0).optional(),
    maxLength: z.int().min(0).optional(),
    help: z.string().max(500).optional(),
  })
  .refine((f) => f.type !== "select" || (f.options?.length ?? 0) > 0, {
    message: "a select field needs options",
  })
  // A form no answer can satisfy (or whose default it would refuse) is malformed: reported now,
  // rather than found out by an approver who can never approve it.
  .superRefine((f, ctx) => {
    for (const [path, message] of impossibilities(f as FormField))
      ctx.addIssue({ code: "custom", path: [path], message });
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
      return z.boolean({ error: "true or false" }).default(false) as z.ZodType<FormValue>;
    case "select": {
      const values = (f.options ?? []).map((o) => o.value);
      const s = z
        .string({ error: "choose one of the options" })
        .refine((v) => values.includes(v), "choose one of the options");
      return f.required
        ? s
        : optional(
            z
              .string({ error: "choose one of the options" })
              .refine((v) => v === "" || values.includes(v), "choose one of the options")
              .transform((v) => v || null),
          );
    }
    case "date": {
      let s = z
        .string({ error: "enter a date (YYYY-MM-DD)" })
        .regex(DATE, "enter a date (YYYY-MM-DD)");
      if (typeof f.min === "string")
        s = s.refine((v) => v >= String(f.min), `on or after ${f.min}`);
      if (typeof f.max === "string")
        s = s.refine((v) => v <= String(f.max), `on or before ${f.max}`);
      return f.required ? s : optional(z.union([z.literal("").transform(() => null), s]));
    }
    default: {
      const cap = Math.min(textCap(f), f.maxLength ?? Infinity);
      let s = z.string({ error: "enter text" }).max(cap, `at most ${cap} characters`);
      if (f.minLength) s = s.min(f.minLength, `at least ${f.minLength} characters`);
      if (f.required) return s.trim().min(1, "required");
      // An optional field left empty has no value: its minimum length does not apply.
      return f.minLength ? optional(z.union([z.literal(""), s])) : optional(s.transform((v) => v));
    }
  }
}

const textCap = (f: FormField) => (f.type === "textarea" ? 10_000 : 1_000);

/**
 * What makes a field impossible to answer as declared: bounds of the wrong kind or crossed
 * (min above max), a text minimum above its maximum, a default the field itself would refuse (a
 * select default that is not one of its options, a number outside its bounds…). Each as
 * [the key at fault, what is wrong].
 */
function impossibilities(f: FormField): [string, string][] {
  const out: [string, string][] = [];
  if (f.type === "number") {
    for (const k of ["min", "max"] as const)
      if (f[k] !== undefined && typeof f[k] !== "number")
        out.push([k, `${k} of a number field must be a number`]);
    if (typeof f.min === "number" && typeof f.max === "number" && f.min > f.max)
      out.push(["max", `max (${f.max}) is below min (${f.min}): no number fits`]);
  }
  if (f.type === "date") {
    for (const k of ["min", "max"] as const)
      if (f[k] !== undefined && !(typeof f[k] === "string" && DATE.test(f[k])))
        out.push([k, `${k} of a date field must be a date (YYYY-MM-DD)`]);
    if (typeof f.min === "string" && typeof f.max === "string" && f.min > f.max)
      out.push(["max", `max (${f.max}) is before min (${f.min}): no date fits`]);
  }
  if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength)
    out.push(["maxLength", `maxLength (${f.maxLength}) is below minLength (${f.minLength})`]);
  else if (f.minLength !== undefined && f.minLength > textCap(f))
    out.push([
      "minLength",
      `minLength (${f.minLength}) is above the field's limit (${textCap(f)})`,
    ]);
  // A required field's blank default only means "no default": the person fills it in.
  const blank = typeof f.default === "string" && f.default.trim() === "";
  if (f.default !== undefined && !(f.required && blank) && !out.length) {
    const checked = fieldSchema(f).safeParse(f.default);
    if (!checked.success)
      out.push([
        "default",
        `the default ${JSON.stringify(f.default)} does not fit the field: ${checked.error.issues
          .map((i) => i.message)
          .join("; ")}`,
      ]);
  }
  return out;
}

/** Where a field's value is kept: by default under its name (the answer's key). */
export type FieldKey = (field: FormField, index: number) => string;
const byName: FieldKey = (f) => f.name;

/** The zod schema of a form's values (unknown members are refused). */
export function valuesSchema(form: FormSpec, key: FieldKey = byName): z.ZodType<FormValues> {
  return z.strictObject(
    Object.fromEntries(form.fields.map((f, i) => [key(f, i), fieldSchema(f)])),
  ) as unknown as z.ZodType<FormValues>;
}

const initial = (f: FormField): FormValue =>
  f.default ?? (f.type === "boolean" ? false : f.type === "number" ? null : "");

/** Initial values of a form: each field's default, or empty. */
export function defaultValues(form: FormSpec, key: FieldKey = byName): FormValues {
  return Object.fromEntries(form.fields.map((f, i) => [key(f, i), initial(f)]));
}

/**
 * The answer a bulk decision gives a form task: every field at its default. A required field
 * without one needs a person's answer, so the task needs its own decision; the message says so
 * in plain words, naming the fields as the person sees them.
 */
export function defaultAnswer(
  form: FormSpec,
): { ok: true; values: FormValues } | { ok: false; message: string } {
  const parsed = valuesSchema(form).safeParse(defaultValues(form));
  if (parsed.success) return { ok: true, values: parsed.data };
  const failing = new Set(parsed.error.issues.map((i) => i.path[0]));
  const labels = form.fields.filter((f) => failing.has(f.name)).map((f) => f.label ?? f.name);
  const list =
    labels.length > 1 ? `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}` : labels[0];
  return {
    ok: false,
    message: `needs its own decision: its form has no default for ${list}`,
  };
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
