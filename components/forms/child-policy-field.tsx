"use client";
// The child-policy choice of the start, register-type and terminate forms: SWF's three policies
// after an empty option that leaves the choice to a default (named by `defaultLabel`).
import type { UseFormRegisterReturn } from "react-hook-form";
import { formInputClass } from "@/components/ui/field";
import { Field } from "@/components/ui/form-field";
import { CHILD_POLICIES } from "@/lib/swf/model";
import { Select } from "@/components/ui/select";

export function ChildPolicyField({
  registration,
  defaultLabel,
  error,
  testId,
}: {
  registration: UseFormRegisterReturn;
  /** The empty option's text: what applies when no policy is chosen. */
  defaultLabel: string;
  error?: string;
  testId: string;
}) {
  return (
    <Field label="Child policy" error={error}>
      {(props) => (
        <Select
          {...props}
          {...registration}
          className={formInputClass}
          data-testid={testId}
          empty={defaultLabel}
          options={CHILD_POLICIES}
        />
      )}
    </Field>
  );
}
