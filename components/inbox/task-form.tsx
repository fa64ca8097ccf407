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
 * The typed answer a form task asks for, validated with the same rules as the server; `draft`
 * holds values typed earlier into the same task.
 */
export function useTaskForm(form: FormSpec, draft?: FormValues): TaskFormApi {
  const schema = useMemo(() => valuesSchema(form), [form]);
  return useForm<FormValues>({
    // The schema is built at run time from the task's form, so its static type is the general one.
    resolver: zodResolver(schema as never) as unknown as Resolver<FormValues>,
    // What was typed before the person looked at another task, over the form's defaults.
    defaultValues: { ...defaultValues(form), ...draft },
    // Validate on submit, then as the person corrects: a message appearing on blur would move the
    // buttons under a pointer that is about to click them.
    mode: "onSubmit",
  });
}

function Input({
  field,
  api,
  errors,
  disabled,
}: {
  field: FormField;
  api: TaskFormApi;
  errors: FieldErrors<FormValues>;
  disabled: boolean;
}) {
  const id = `inbox-field-${field.name}`;
  const describedBy =
    [field.help ? `${id}-help` : "", errors[field.name] ? `${id}-error` : ""]
      .filter(Boolean)
      .join(" ") || undefined;
  const common = {
    id,
    disabled,
    "aria-describedby": describedBy,
    "aria-invalid": errors[field.name] ? true : undefined,
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
          {...api.register(field.name)}
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
          {...api.register(field.name, {
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
          {...api.register(field.name)}
        />
      );
    case "select":
      return (
        <Select
          {...common}
          {...api.register(field.name)}
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
          {...api.register(field.name)}
        />
      );
    default:
      return <input {...common} type="text" className={inputClass} {...api.register(field.name)} />;
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
      {form.fields.map((f) => {
        const id = `inbox-field-${f.name}`;
        const error = errors[f.name]?.message;
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
            <Input field={f} api={api} errors={errors} disabled={disabled} />
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
