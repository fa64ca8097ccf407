"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, type ReactNode } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { checkJson, childPolicy, payload, reason } from "@/lib/swf/model";
import { ChildPolicyField } from "./child-policy-field";
import { JsonEditor } from "./json-editor";
import { ActionPreview, type ActionFormProps } from "./action-form";
import { TextField } from "./text-field";

const terminateSchema = z
  .object({
    reason,
    details: payload,
    json: z.boolean(),
    childPolicy: z.union([z.literal(""), childPolicy]),
  })
  .superRefine((v, ctx) => checkJson(ctx, v.details, v.json, ["details"]));

export type TerminateValues = z.output<typeof terminateSchema>;

/**
 * Reason, details and child policy, then an explicit confirmation step: terminating cannot be
 * undone. `what` names the target(s) in the confirmation.
 */
export function TerminateForm({
  what,
  confirmLabel = "Terminate",
  ...action
}: ActionFormProps<TerminateValues> & { what: ReactNode; confirmLabel?: string }) {
  const { onSubmit, onCancel, busy = false } = action;
  const form = useForm({
    resolver: zodResolver(terminateSchema),
    mode: "onChange",
    defaultValues: { reason: "", details: "", json: false, childPolicy: "" as const },
  });
  const [confirming, setConfirming] = useState(false);
  const watched = useWatch({ control: form.control });
  const next = form.handleSubmit((values) => (confirming ? onSubmit(values) : setConfirming(true)));
  return (
    <form onSubmit={next} noValidate className="grid gap-3" data-testid="terminate-form">
      <TextField
        label="Reason (optional)"
        error={form.formState.errors.reason?.message}
        registration={form.register("reason")}
        readOnly={confirming}
        testId="terminate-reason"
      />
      {!confirming ? (
        <>
          <JsonEditor
            control={form.control}
            name="details"
            jsonName="json"
            label="Details (optional)"
            rows={4}
            testId="terminate-details"
          />
          <ChildPolicyField
            registration={form.register("childPolicy")}
            defaultLabel="The execution's own policy"
            testId="terminate-child-policy"
          />
        </>
      ) : (
        <Alert tone="warning" testId="terminate-confirmation">
          Terminate {what}? The workflow gets no chance to clean up, and this cannot be undone.
        </Alert>
      )}
      <ActionPreview
        action="TerminateWorkflowExecution"
        form={action}
        values={{
          reason: watched.reason ?? "",
          details: watched.details ?? "",
          json: Boolean(watched.json),
          childPolicy: watched.childPolicy ?? "",
        }}
      />
      <div className="flex gap-2">
        <Button
          type="submit"
          variant={confirming ? "danger" : "primary"}
          disabled={busy}
          data-testid={confirming ? "terminate-confirm" : "terminate-next"}
        >
          {busy
            ? "Terminating…"
            : confirming
              ? `Yes, ${confirmLabel.toLowerCase()}`
              : `${confirmLabel}…`}
        </Button>
        {confirming ? (
          <Button onClick={() => setConfirming(false)} disabled={busy}>
            Back
          </Button>
        ) : onCancel ? (
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The TerminateWorkflowExecution fields for the form's values. */
export function terminateFields(v: TerminateValues) {
  return {
    ...(v.reason ? { reason: v.reason } : {}),
    ...(v.details ? { details: v.details } : {}),
    ...(v.childPolicy ? { childPolicy: v.childPolicy } : {}),
  };
}
