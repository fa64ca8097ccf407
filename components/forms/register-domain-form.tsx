"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { callSwf } from "@/components/swf-api";
import { FaultAlert, Field, Success, buttonClass, inputClass } from "./fields";
import {
  hasProblems,
  lengthProblem,
  nameProblem,
  retentionProblem,
  tagProblem,
} from "./validation";

/** RegisterDomain: name, description, retention (days or NONE) and domain tags. */
export function RegisterDomainForm({ onRegistered }: { onRegistered?: (name: string) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [retention, setRetention] = useState("30");
  const [tags, setTags] = useState<{ key: string; value: string }[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fault, setFault] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const problems = {
    name: nameProblem(name.trim()),
    description: lengthProblem(description, 1024),
    retention: retentionProblem(retention.trim()),
    tags:
      tags.length > 50
        ? "At most 50 tags"
        : tags
            .map((t) =>
              t.key.trim()
                ? (tagProblem(t.key.trim(), 128) ?? tagProblem(t.value, 256))
                : "Every tag needs a key",
            )
            .find(Boolean),
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setFault(null);
    if (hasProblems(problems)) return;
    setBusy(true);
    try {
      await callSwf("RegisterDomain", {
        name: name.trim(),
        workflowExecutionRetentionPeriodInDays: retention.trim(),
        ...(description ? { description } : {}),
        ...(tags.length
          ? {
              tags: tags.map((t) => ({
                key: t.key.trim(),
                ...(t.value ? { value: t.value } : {}),
              })),
            }
          : {}),
      });
      setDone(name.trim());
      onRegistered?.(name.trim());
      setName("");
      setDescription("");
      setTags([]);
      setSubmitted(false);
      void queryClient.invalidateQueries();
    } catch (error) {
      setFault(error);
    } finally {
      setBusy(false);
    }
  };
  const shown = (k: keyof typeof problems) => (submitted ? problems[k] : undefined);
  return (
    <form onSubmit={submit} noValidate className="grid gap-3" data-testid="register-domain-form">
      <Field label="Domain name" error={shown("name")}>
        {(props) => (
          <input
            {...props}
            className={`${inputClass} font-mono`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="domain-name"
          />
        )}
      </Field>
      <Field label="Description (optional)" error={shown("description")}>
        {(props) => (
          <input
            {...props}
            className={inputClass}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="domain-description"
          />
        )}
      </Field>
      <Field
        label="Retention of closed executions (days, 0–90, or NONE)"
        error={shown("retention")}
      >
        {(props) => (
          <input
            {...props}
            className={inputClass}
            value={retention}
            onChange={(e) => setRetention(e.target.value)}
            data-testid="domain-retention"
          />
        )}
      </Field>
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Tags (optional)</legend>
        {tags.map((t, i) => (
          <div key={i} className="flex gap-2">
            <input
              aria-label={`Tag ${i + 1} key`}
              placeholder="key"
              className={inputClass}
              value={t.key}
              onChange={(e) =>
                setTags(tags.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))
              }
            />
            <input
              aria-label={`Tag ${i + 1} value`}
              placeholder="value"
              className={inputClass}
              value={t.value}
              onChange={(e) =>
                setTags(tags.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))
              }
            />
            <button
              type="button"
              className={buttonClass.secondary}
              onClick={() => setTags(tags.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        {shown("tags") ? (
          <p className="text-xs text-red-700 dark:text-red-400">{problems.tags}</p>
        ) : null}
        <div>
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={() => setTags([...tags, { key: "", value: "" }])}
            disabled={tags.length >= 50}
          >
            Add tag
          </button>
        </div>
      </fieldset>
      <FaultAlert error={fault} title="SWF refused to register the domain" />
      {done ? <Success>Registered domain {done}.</Success> : null}
      <div>
        <button
          type="submit"
          className={buttonClass.primary}
          disabled={busy}
          data-testid="domain-submit"
        >
          {busy ? "Registering…" : "Register domain"}
        </button>
      </div>
    </form>
  );
}
