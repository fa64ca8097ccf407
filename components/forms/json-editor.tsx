"use client";

import {
  useController,
  type Control,
  type FieldPathByValue,
  type FieldValues,
} from "react-hook-form";
import { Field } from "@/components/ui/form-field";
import { formInputClass } from "@/components/ui/field";
import { LIMITS, jsonProblem } from "@/lib/swf/model";

/**
 * A text area for SWF input/details bound to a react-hook-form field: by default the text must be
 * JSON (checked as you type, with a "Format" button); `jsonName` holds the switch to plain text for
 * payloads that are not JSON. The form's schema checks the same rules on submit.
 */
export function JsonEditor<T extends FieldValues>({
  control,
  name,
  jsonName,
  label,
  rows = 6,
  testId,
}: {
  control: Control<T>;
  name: FieldPathByValue<T, string>;
  jsonName: FieldPathByValue<T, boolean>;
  label: string;
  rows?: number;
  testId?: string;
}) {
  const text = useController({ control, name });
  const json = useController({ control, name: jsonName });
  const value = String(text.field.value ?? "");
  const isJson = Boolean(json.field.value);
  const problem = text.fieldState.error?.message ?? (isJson ? jsonProblem(value) : undefined);
  const format = () => {
    try {
      text.field.onChange(JSON.stringify(JSON.parse(value), null, 2));
    } catch {
      // the problem is already shown
    }
  };
  return (
    <Field
      label={label}
      error={problem}
      hint={
        <span className="flex flex-wrap items-center gap-3">
          <span>
            {value.length.toLocaleString("en-US")} / {LIMITS.data.toLocaleString("en-US")}{" "}
            characters
          </span>
          <label className="inline-flex items-center gap-1">
            <input
              type="checkbox"
              checked={isJson}
              onChange={(e) => json.field.onChange(e.target.checked)}
            />{" "}
            JSON
          </label>
          {isJson ? (
            <button
              type="button"
              className="underline"
              onClick={format}
              disabled={!value.trim() || Boolean(jsonProblem(value))}
            >
              Format
            </button>
          ) : null}
        </span>
      }
    >
      {(props) => (
        <textarea
          {...props}
          data-testid={testId}
          className={`${formInputClass} font-mono`}
          rows={rows}
          spellCheck={false}
          value={value}
          name={text.field.name}
          ref={text.field.ref}
          onBlur={text.field.onBlur}
          onChange={(e) => text.field.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
