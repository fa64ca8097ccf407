"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { checkJson, payload, signalName } from "@/lib/swf/model";
import { JsonEditor } from "./json-editor";
import { ActionPreview, type ActionFormProps } from "./action-form";
import { TextField } from "./text-field";

const signalSchema = z
  .object({ signalName: z.string().trim().pipe(signalName), input: payload, json: z.boolean() })
  .superRefine((v, ctx) => checkJson(ctx, v.input, v.json, ["input"]));

export type SignalValues = z.output<typeof signalSchema>;

/** Signal name and input; `onSubmit` sends it (to one execution or many). */
export function SignalForm({
  submitLabel = "Send signal",
  ...action
}: ActionFormProps<SignalValues> & { submitLabel?: string }) {
  const { onSubmit, onCancel, busy = false } = action;
  const form = useForm({
    resolver: zodResolver(signalSchema),
    defaultValues: { signalName: "", input: "", json: true },
  });
  const { errors } = form.formState;
  const watched = useWatch({ control: form.control });
  return (
    <form
      onSubmit={form.handleSubmit(onSubmit)}
      noValidate
      className="grid gap-3"
      data-testid="signal-form"
    >
      <TextField
        label="Signal name"
        error={errors.signalName?.message}
        registration={form.register("signalName")}
        mono
        testId="signal-name"
        autoFocus
      />
      <JsonEditor
        control={form.control}
        name="input"
        jsonName="json"
        label="Input (optional)"
        rows={5}
        testId="signal-input"
      />
      <ActionPreview
        action="SignalWorkflowExecution"
        form={action}
        values={{
          signalName: (watched.signalName ?? "").trim(),
          input: watched.input ?? "",
          json: Boolean(watched.json),
        }}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={busy} data-testid="signal-submit">
          {busy ? "Sending…" : submitLabel}
        </Button>
        {onCancel ? (
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
