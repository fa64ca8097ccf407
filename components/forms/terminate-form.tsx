"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { CHILD_POLICIES, Field, FaultAlert, buttonClass, inputClass } from "./fields";
import { JsonEditor, jsonEditorProblem } from "./json-editor";
import { lengthProblem } from "./validation";

export interface TerminateValues {
  reason: string;
  details: string;
  childPolicy: string;
}

/**
 * Reason, details and child policy, then an explicit confirmation step: terminating cannot be
 * undone. `what` names the target(s) in the confirmation.
 */
export function TerminateForm({
  what,
  onSubmit,
  onCancel,
  busy = false,
  fault,
  confirmLabel = "Terminate",
}: {
  what: ReactNode;
  onSubmit: (values: TerminateValues) => void;
  onCancel?: () => void;
  busy?: boolean;
  fault?: unknown;
  confirmLabel?: string;
}) {
  const [reason, setReason] = useState("");
  const [details, setDetails] = useState("");
  const [json, setJson] = useState(false);
  const [childPolicy, setChildPolicy] = useState("");
  const [confirming, setConfirming] = useState(false);
  const reasonProblem = lengthProblem(reason, 256);
  const detailsProblem = jsonEditorProblem(details, json);
  const next = (e: FormEvent) => {
    e.preventDefault();
    if (reasonProblem || detailsProblem) return;
    if (!confirming) return setConfirming(true);
    onSubmit({ reason, details, childPolicy });
  };
  return (
    <form onSubmit={next} noValidate className="grid gap-3" data-testid="terminate-form">
      <Field label="Reason (optional)" error={reasonProblem}>
        {(props) => (
          <input
            {...props}
            className={inputClass}
            value={reason}
            disabled={confirming}
            onChange={(e) => setReason(e.target.value)}
            data-testid="terminate-reason"
          />
        )}
      </Field>
      {!confirming ? (
        <>
          <JsonEditor
            label="Details (optional)"
            value={details}
            onChange={setDetails}
            json={json}
            onJsonChange={setJson}
            rows={4}
            testId="terminate-details"
          />
          <Field label="Child policy">
            {(props) => (
              <select
                {...props}
                className={inputClass}
                value={childPolicy}
                onChange={(e) => setChildPolicy(e.target.value)}
                data-testid="terminate-child-policy"
              >
                <option value="">The execution&apos;s own policy</option>
                {CHILD_POLICIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      ) : (
        <div
          role="alert"
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          data-testid="terminate-confirmation"
        >
          Terminate {what}? The workflow gets no chance to clean up, and this cannot be undone.
        </div>
      )}
      <FaultAlert error={fault} />
      <div className="flex gap-2">
        <button
          type="submit"
          className={confirming ? buttonClass.danger : buttonClass.primary}
          disabled={busy}
          data-testid={confirming ? "terminate-confirm" : "terminate-next"}
        >
          {busy
            ? "Terminating…"
            : confirming
              ? `Yes, ${confirmLabel.toLowerCase()}`
              : `${confirmLabel}…`}
        </button>
        {confirming ? (
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={() => setConfirming(false)}
            disabled={busy}
          >
            Back
          </button>
        ) : onCancel ? (
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={onCancel}
            disabled={busy}
          >
            Cancel
          </button>
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
