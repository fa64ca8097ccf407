"use client";
// A labelled text input bound to a react-hook-form field: the one shape of every typed-in value
// of the console's forms (names, reasons, ids, timeouts).
import type { InputHTMLAttributes, ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { formInputClass } from "@/components/ui/field";
import { Field } from "@/components/ui/form-field";

export function TextField({
  label,
  hint,
  error,
  registration,
  mono = false,
  testId,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "className"> & {
  label: string;
  hint?: ReactNode;
  error?: string;
  registration: UseFormRegisterReturn;
  /** Identifiers and names: monospaced. */
  mono?: boolean;
  testId?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) => (
        <input
          {...props}
          {...registration}
          {...input}
          className={mono ? `${formInputClass} font-mono` : formInputClass}
          data-testid={testId}
          // Inside a <Dialog>, autoFocus needs this mark (see dialog.tsx).
          data-autofocus={input.autoFocus ? "" : undefined}
        />
      )}
    </Field>
  );
}
