"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { z } from "zod";
import { useSwfAction } from "@/components/api/use-swf-action";
import { Button } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";
import { FieldError } from "@/components/ui/form-field";
import { LIMITS, description, name, resourceTag, retentionDays } from "@/lib/swf/model";
import { SubmitFooter } from "./submit-footer";
import { TextField } from "./text-field";

const domainSchema = z.object({
  name: z.string().trim().pipe(name),
  description,
  retention: z.string().trim().pipe(retentionDays),
  tags: z
    .array(
      z.object({
        key: z.string().trim().min(1, "Every tag needs a key"),
        value: z.string(),
      }),
    )
    .max(LIMITS.domainTags, `At most ${LIMITS.domainTags} tags`)
    .superRefine((tags, ctx) => {
      for (const t of tags) {
        const r = resourceTag.safeParse({ key: t.key.trim(), value: t.value });
        if (!r.success) ctx.addIssue({ code: "custom", message: r.error.issues[0].message });
      }
    }),
});

/** RegisterDomain: name, description, retention (days or NONE) and domain tags. */
export function RegisterDomainForm({ onRegistered }: { onRegistered?: (name: string) => void }) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(domainSchema),
    defaultValues: { name: "", description: "", retention: "30", tags: [] },
  });
  const tags = useFieldArray({ control: form.control, name: "tags" });
  const { busy, fault, run } = useSwfAction();
  const { errors } = form.formState;

  const submit = form.handleSubmit(async (v) => {
    const out = await run("RegisterDomain", {
      name: v.name,
      workflowExecutionRetentionPeriodInDays: v.retention,
      ...(v.description ? { description: v.description } : {}),
      ...(v.tags.length
        ? { tags: v.tags.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}) })) }
        : {}),
    });
    if (!out) return;
    setDone(v.name);
    onRegistered?.(v.name);
    form.reset({ name: "", description: "", retention: v.retention, tags: [] });
  });

  return (
    <form onSubmit={submit} noValidate className="grid gap-3" data-testid="register-domain-form">
      <TextField
        label="Domain name"
        error={errors.name?.message}
        registration={form.register("name")}
        mono
        testId="domain-name"
      />
      <TextField
        label="Description (optional)"
        error={errors.description?.message}
        registration={form.register("description")}
        testId="domain-description"
      />
      <TextField
        label={`Retention of closed executions (days, 0–${LIMITS.retentionDays}, or NONE)`}
        error={errors.retention?.message}
        registration={form.register("retention")}
        testId="domain-retention"
      />
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Tags (optional)</legend>
        {tags.fields.map((t, i) => (
          <div key={t.id} className="flex gap-2">
            <input
              aria-label={`Tag ${i + 1} key`}
              placeholder="key"
              className={formInputClass}
              {...form.register(`tags.${i}.key`)}
            />
            <input
              aria-label={`Tag ${i + 1} value`}
              placeholder="value"
              className={formInputClass}
              {...form.register(`tags.${i}.value`)}
            />
            <Button onClick={() => tags.remove(i)}>Remove</Button>
          </div>
        ))}
        <FieldError
          message={
            errors.tags?.message ??
            errors.tags?.root?.message ??
            (Array.isArray(errors.tags) ? errors.tags.find((e) => e?.key)?.key?.message : undefined)
          }
        />
        <div>
          <Button
            onClick={() => tags.append({ key: "", value: "" })}
            disabled={tags.fields.length >= LIMITS.domainTags}
          >
            Add tag
          </Button>
        </div>
      </fieldset>
      <SubmitFooter
        busy={busy}
        fault={fault}
        faultTitle="SWF refused to register the domain"
        success={done ? `Registered domain ${done}.` : undefined}
        label="Register domain"
        busyLabel="Registering…"
        testId="domain-submit"
      />
    </form>
  );
}
