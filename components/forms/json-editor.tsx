"use client";

import { Field, inputClass } from "./fields";
import { MAX_DATA, jsonProblem, lengthProblem } from "./validation";

/**
 * A text area for SWF input/details: by default the text must be JSON (checked as you type, with
 * a "Format" button); switch to plain text for payloads that are not JSON.
 */
export function JsonEditor({
  label,
  value,
  onChange,
  json,
  onJsonChange,
  error,
  max = MAX_DATA,
  rows = 6,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  json: boolean;
  onJsonChange: (json: boolean) => void;
  error?: string;
  max?: number;
  rows?: number;
  testId?: string;
}) {
  const problem = error ?? (json ? jsonProblem(value) : undefined) ?? lengthProblem(value, max);
  const format = () => {
    try {
      onChange(JSON.stringify(JSON.parse(value), null, 2));
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
            {value.length.toLocaleString("en-US")} / {max.toLocaleString("en-US")} characters
          </span>
          <label className="inline-flex items-center gap-1">
            <input
              type="checkbox"
              checked={json}
              onChange={(e) => onJsonChange(e.target.checked)}
            />{" "}
            JSON
          </label>
          {json ? (
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
          className={`${inputClass} font-mono`}
          rows={rows}
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** The problem a JsonEditor shows, for the form's own submit check. */
export function jsonEditorProblem(
  value: string,
  json: boolean,
  max = MAX_DATA,
): string | undefined {
  return (json ? jsonProblem(value) : undefined) ?? lengthProblem(value, max);
}
