"use client";

import { useState, type FormEvent } from "react";
import { Field, FaultAlert, buttonClass, inputClass } from "./fields";
import { JsonEditor, jsonEditorProblem } from "./json-editor";
import { lengthProblem } from "./validation";

export interface SignalValues {
  signalName: string;
  input: string;
}

/** Signal name and input; `onSubmit` sends it (to one execution or many). */
export function SignalForm({
  onSubmit,
  onCancel,
  submitLabel = "Send signal",
  busy = false,
  fault,
}: {
  onSubmit: (values: SignalValues) => void;
  onCancel?: () => void;
  submitLabel?: string;
  busy?: boolean;
  fault?: unknown;
}) {
  const [signalName, setSignalName] = useState("");
  const [input, setInput] = useState("");
  const [json, setJson] = useState(true);
  const [submitted, setSubmitted] = useState(false);
  const nameProblem = lengthProblem(signalName.trim(), 256, true);
  const inputProblem = jsonEditorProblem(input, json);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (nameProblem || inputProblem) return;
    onSubmit({ signalName: signalName.trim(), input });
  };
  return (
    <form onSubmit={submit} noValidate className="grid gap-3" data-testid="signal-form">
      <Field label="Signal name" error={submitted ? nameProblem : undefined}>
        {(props) => (
          <input
            {...props}
            className={`${inputClass} font-mono`}
            value={signalName}
            onChange={(e) => setSignalName(e.target.value)}
            data-testid="signal-name"
            autoFocus
          />
        )}
      </Field>
      <JsonEditor
        label="Input (optional)"
        value={input}
        onChange={setInput}
        json={json}
        onJsonChange={setJson}
        rows={5}
        testId="signal-input"
      />
      <FaultAlert error={fault} />
      <div className="flex gap-2">
        <button
          type="submit"
          className={buttonClass.primary}
          disabled={busy}
          data-testid="signal-submit"
        >
          {busy ? "Sending…" : submitLabel}
        </button>
        {onCancel ? (
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
