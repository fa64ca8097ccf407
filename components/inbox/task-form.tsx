"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import {
  useForm,
  useFormState,
  type FieldErrors,
  type Resolver,
  type UseFormReturn,
} from "react-hook-form";
import { inputClass } from "@/components/ui/field";
import {
  defaultValues,
  valuesSchema,
  type FormField,
  type FormSpec,
  type FormValues,
} from "@/lib/console/inbox-form";
import { Select } from "@/components/ui/select";

export type TaskFormApi = UseFormReturn<FormValues>;

/**
 * The key a field is registered under in the browser's form: its position, never its name. The
 * form library reads a name as a path (`a.b` is member `b` of `a`) and keeps its own bookkeeping
 * in objects keyed by it (`constructor` finds the object's constructor there): a task's field
 * names are workflow data and must not be read as either. `_` then digits is no field name.
 */
export const fieldKey = (_field: FormField, index: number) => `_${index}`;

/**
 * The typed answer a form task asks for, validated with the same rules as the server. Its values
 * are kept by position (fieldKey); a valid submit hands over the answer keyed by the field names.
 * `draft` holds what was typed earlier into the same task, as this form keeps it.
 */
export function useTaskForm(form: FormSpec, draft?: FormValues): TaskFormApi {
  const resolver = useMemo((): Resolver<FormValues> => {
    // The schema is built at run time from the task's form, so its static type is the general one.
    const check = zodResolver(
      valuesSchema(form, fieldKey) as never,
    ) as unknown as Resolver<FormValues>;
    return async (values, context, options) => {
      // Only the form's own keys (a draft or a default never adds one it does not know).
      const own = Object.fromEntries(
        form.fields.map((f, i) => [fieldKey(f, i), values[fieldKey(f, i)]]),
      );
      const out = await check(own, context, options);
      if (Object.keys(out.errors).length) return out;
      const checked = out.values as FormValues;
      return {
        values: Object.fromEntries(form.fields.map((f, i) => [f.name, checked[fieldKey(f, i)]])),
        errors: {},
      };
    };
  }, [form]);
  return useForm<FormValues>({
    resolver,
    // What was typed before the person looked at another task, over the form's defaults.
    defaultValues: { ...defaultValues(form, fieldKey), ...draft },
    // Validate on submit, then as the person corrects: a message appearing on blur would move the
    // buttons under a pointer that is about to click them.
    mode: "onSubmit",
  });
}

function Input({
  field,
  name,
  api,
  errors,
  disabled,
}: {
  field: FormField;
  /** The key the field is registered under (fieldKey). */
  name: string;
  api: TaskFormApi;
  errors: FieldErrors<FormValues>;
  disabled: boolean;
}) {
  const id = `inbox-field-${field.name}`;
  const describedBy =
    [field.help ? `${id}-help` : "", errors[name] ? `${id}-error` : ""].filter(Boolean).join(" ") ||
    undefined;
  const common = {
    id,
    disabled,
    "aria-describedby": describedBy,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-required": field.required || undefined,
    "data-testid": id,
  };
  switch (field.type) {
    case "textarea":
      return (
        <textarea
          {...common}
          rows={3}
          className={`${inputClass} h-auto py-1`}
          {...api.register(name)}
        />
      );
    case "number":
      return (
        <input
          {...common}
          type="number"
          step="any"
          min={typeof field.min === "number" ? field.min : undefined}
          max={typeof field.max === "number" ? field.max : undefined}
          className={inputClass}
          {...api.register(name, {
            setValueAs: (v: unknown) =>
              v === "" || v === null || v === undefined ? null : Number(v),
          })}
        />
      );
    case "boolean":
      return (
        <input
          {...common}
          type="checkbox"
          className="size-4 justify-self-start"
          {...api.register(name)}
        />
      );
    case "select":
      return (
        <Select
          {...common}
          {...api.register(name)}
          empty={
            field.required && field.default !== undefined
              ? undefined
              : field.required
                ? "Choose…"
                : "—"
          }
          options={field.options ?? []}
        />
      );
    case "date":
      return (
        <input
          {...common}
          type="date"
          min={typeof field.min === "string" ? field.min : undefined}
          max={typeof field.max === "string" ? field.max : undefined}
          className={inputClass}
          {...api.register(name)}
        />
      );
    default:
      return <input {...common} type="text" className={inputClass} {...api.register(name)} />;
  }
}

export function TaskFormFields({
  form,
  api,
  disabled,
}: {
  form: FormSpec;
  api: TaskFormApi;
  disabled: boolean;
}) {
  // Subscribes this component to validation results (props alone would not change: the form
  // object is stable, so a memoizing compiler would skip the re-render).
  const { errors } = useFormState({ control: api.control });
  return (
    <fieldset className="grid gap-2" data-testid="inbox-form">
      <legend className="mb-1 text-sm font-medium">Your answer</legend>
      {form.fields.map((f, i) => {
        const id = `inbox-field-${f.name}`;
        const name = fieldKey(f, i);
        const error = errors[name]?.message;
        return (
          <div
            key={f.name}
            // Label beside the field where there is room; above it on a phone, where a 10rem label
            // column would push the field past the screen's edge.
            className="grid grid-cols-1 items-start gap-x-3 gap-y-0.5 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]"
          >
            <label htmlFor={id} className="pt-1 font-medium text-slate-700 dark:text-slate-300">
              {f.label ?? f.name}
              {f.required ? <span aria-hidden="true"> *</span> : null}
            </label>
            <Input field={f} name={name} api={api} errors={errors} disabled={disabled} />
            {f.help ? (
              <p
                id={`${id}-help`}
                className="text-xs text-slate-600 sm:col-start-2 dark:text-slate-400"
              >
                {f.help}
              </p>
            ) : null}
            {error ? (
              <p
                id={`${id}-error`}
                role="alert"
                className="text-xs text-red-700 sm:col-start-2 dark:text-red-400"
              >
                {String(error)}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
