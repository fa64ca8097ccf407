"use client";

import type { WorkflowTypeConfiguration, WorkflowTypeInfo } from "@aws-sdk/client-swf";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useForm, useWatch, type UseFormRegisterReturn } from "react-hook-form";
import { callSwf } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { useSwfAction } from "@/components/api/use-swf-action";
import { Alert, FaultAlert, Success } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";
import { Field, FieldError } from "@/components/ui/form-field";
import { LIMITS } from "@/lib/swf/model";
import { ChildPolicyField } from "./child-policy-field";
import { JsonEditor } from "./json-editor";
import { EMPTY_START, startRequest, startSchema, type StartValues } from "./start-values";
import { generateWorkflowId } from "./workflow-id";
import { ExecutionLink } from "@/components/history/run-link";

const SEP = "\u0000";

function useRegisteredWorkflowTypes(domain: string) {
  return useQuery({
    queryKey: keys.types.registered(domain, "workflow"),
    queryFn: async () => {
      const infos: WorkflowTypeInfo[] = [];
      let nextPageToken: string | undefined;
      do {
        const page = await callSwf<{ typeInfos: WorkflowTypeInfo[]; nextPageToken?: string }>(
          "ListWorkflowTypes",
          {
            domain,
            registrationStatus: "REGISTERED",
            maximumPageSize: LIMITS.pageSize,
            ...(nextPageToken ? { nextPageToken } : {}),
          },
        );
        infos.push(...page.typeInfos);
        nextPageToken = page.nextPageToken;
      } while (nextPageToken && infos.length < 5000);
      return infos;
    },
  });
}

/**
 * Start a workflow execution: type picker (registered types, with their defaults shown), a
 * generated workflowId, JSON input, task list, timeouts, up to 5 tags, child policy, priority.
 * Checked in the browser (lib/swf/model.ts rules) before sending; SWF faults are shown inline.
 */
export function StartExecutionForm({
  domain,
  initial,
}: {
  domain: string;
  initial?: Partial<StartValues>;
}) {
  const [idTouched, setIdTouched] = useState(Boolean(initial?.workflowId));
  const [started, setStarted] = useState<{ workflowId: string; runId: string } | null>(null);
  // The schema depends on the chosen type's defaults; the resolver reads the latest ones.
  const defaultsRef = useRef<WorkflowTypeConfiguration | undefined>(undefined);
  const form = useForm<StartValues>({
    defaultValues: { ...EMPTY_START, ...initial },
    resolver: (values, context, options) =>
      zodResolver(startSchema(defaultsRef.current))(values as never, context, options as never),
  });
  const { errors, isSubmitted } = form.formState;
  const values = useWatch({ control: form.control }) as StartValues;
  const { busy, fault, run } = useSwfAction<{ runId: string }>();

  const types = useRegisteredWorkflowTypes(domain);
  const selected = values.typeName
    ? { name: values.typeName, version: values.typeVersion }
    : undefined;
  const described = useQuery({
    queryKey: keys.types.describe(domain, "workflow", selected?.name, selected?.version),
    queryFn: () =>
      callSwf<{ configuration: WorkflowTypeConfiguration; typeInfo: WorkflowTypeInfo }>(
        "DescribeWorkflowType",
        { domain, workflowType: selected },
      ),
    enabled: Boolean(selected),
  });
  const defaults = described.data?.configuration;
  const knownDefaults = described.isSuccess ? defaults : undefined;
  useEffect(() => {
    defaultsRef.current = knownDefaults;
  }, [knownDefaults]);

  const pickType = (key: string) => {
    const [name, version] = key ? key.split(SEP) : ["", ""];
    form.setValue("typeName", name, { shouldValidate: isSubmitted });
    form.setValue("typeVersion", version ?? "");
    if (!idTouched && name) form.setValue("workflowId", generateWorkflowId(name));
  };

  const submit = form.handleSubmit(async (v) => {
    const out = await run("StartWorkflowExecution", startRequest(domain, v));
    if (out) setStarted({ workflowId: v.workflowId.trim(), runId: out.runId });
  });

  if (started) {
    return (
      <Success>
        <p>
          Started <span className="font-mono">{started.workflowId}</span> (run{" "}
          <span className="font-mono" data-testid="started-run-id">
            {started.runId}
          </span>
          ).
        </p>
        <p className="mt-2 flex gap-3">
          <ExecutionLink domain={domain} run={started} data-testid="started-execution-link">
            Open the execution
          </ExecutionLink>
          <button
            type="button"
            className="underline"
            onClick={() => {
              setStarted(null);
              setIdTouched(false);
              form.reset({
                ...values,
                workflowId: values.typeName ? generateWorkflowId(values.typeName) : "",
              });
            }}
          >
            Start another
          </button>
        </p>
      </Success>
    );
  }

  const typeOptions = types.data ?? [];
  const typeKey = (name?: string, version?: string) => `${name}${SEP}${version}`;
  const selectedKey = values.typeName ? typeKey(values.typeName, values.typeVersion) : "";
  const listed = typeOptions.some(
    (t) => typeKey(t.workflowType?.name, t.workflowType?.version) === selectedKey,
  );
  const text = (
    key: keyof StartValues,
    registered: UseFormRegisterReturn,
    label: string,
    options: { hint?: string; placeholder?: string; mono?: boolean; testId?: string } = {},
  ) => (
    <Field label={label} error={errors[key]?.message} hint={options.hint}>
      {(props) => (
        <input
          {...props}
          {...registered}
          className={`${formInputClass} ${options.mono ? "font-mono" : ""}`}
          placeholder={options.placeholder ?? ""}
          data-testid={options.testId}
        />
      )}
    </Field>
  );
  const defaultHint = (value: string | undefined) => (value ? `Default: ${value}` : undefined);
  const tagError = Array.isArray(errors.tags)
    ? errors.tags.find((e) => e?.message)?.message
    : errors.tags?.message;

  return (
    <form
      onSubmit={submit}
      noValidate
      className="grid max-w-3xl gap-4"
      data-testid="start-execution-form"
    >
      <Field
        label="Workflow type"
        error={errors.typeName?.message ?? (types.error ? String(types.error.message) : undefined)}
      >
        {(props) => (
          <select
            {...props}
            className={formInputClass}
            value={selectedKey}
            onChange={(e) => pickType(e.target.value)}
            data-testid="start-type"
          >
            <option value="">
              {types.isPending ? "Loading types…" : "Choose a registered type"}
            </option>
            {!listed && selectedKey ? (
              <option value={selectedKey}>
                {values.typeName} {values.typeVersion} (not registered)
              </option>
            ) : null}
            {typeOptions.map((t) => (
              <option
                key={typeKey(t.workflowType?.name, t.workflowType?.version)}
                value={typeKey(t.workflowType?.name, t.workflowType?.version)}
              >
                {t.workflowType?.name} {t.workflowType?.version}
              </option>
            ))}
          </select>
        )}
      </Field>

      {selected ? (
        <div
          className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
          data-testid="type-defaults"
        >
          <p className="mb-1 font-medium">Type defaults</p>
          {described.isPending ? <p className="text-slate-500">Loading…</p> : null}
          {described.error ? <FaultAlert error={described.error} /> : null}
          {defaults ? (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5">
              <dt className="text-slate-500">Task list</dt>
              <dd className="font-mono">{defaults.defaultTaskList?.name ?? "—"}</dd>
              <dt className="text-slate-500">Execution start-to-close</dt>
              <dd className="font-mono">{defaults.defaultExecutionStartToCloseTimeout ?? "—"}</dd>
              <dt className="text-slate-500">Decision task start-to-close</dt>
              <dd className="font-mono">{defaults.defaultTaskStartToCloseTimeout ?? "—"}</dd>
              <dt className="text-slate-500">Child policy</dt>
              <dd className="font-mono">{defaults.defaultChildPolicy ?? "—"}</dd>
              <dt className="text-slate-500">Priority</dt>
              <dd className="font-mono">{defaults.defaultTaskPriority ?? "—"}</dd>
              {described.data?.typeInfo?.description ? (
                <>
                  <dt className="text-slate-500">Description</dt>
                  <dd className="whitespace-pre-wrap">{described.data.typeInfo.description}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </div>
      ) : null}

      <Field
        label="Workflow ID"
        error={errors.workflowId?.message}
        hint={
          <button
            type="button"
            className="underline"
            onClick={() => {
              form.setValue("workflowId", generateWorkflowId(values.typeName || "workflow"));
              setIdTouched(false);
            }}
          >
            Generate a new ID
          </button>
        }
      >
        {(props) => (
          <input
            {...props}
            {...form.register("workflowId", { onChange: () => setIdTouched(true) })}
            className={`${formInputClass} font-mono`}
            data-testid="start-workflow-id"
          />
        )}
      </Field>

      <JsonEditor
        control={form.control}
        name="input"
        jsonName="inputJson"
        label="Input"
        testId="start-input"
      />

      <div className="grid gap-4 sm:grid-cols-2">
        {text("taskList", form.register("taskList"), "Task list", {
          hint: defaultHint(defaults?.defaultTaskList?.name),
          placeholder: defaults?.defaultTaskList?.name,
          mono: true,
          testId: "start-task-list",
        })}
        {text("taskPriority", form.register("taskPriority"), "Priority", {
          hint: defaultHint(defaults?.defaultTaskPriority) ?? "Integer; higher runs first",
          placeholder: defaults?.defaultTaskPriority,
        })}
        {text(
          "executionStartToCloseTimeout",
          form.register("executionStartToCloseTimeout"),
          "Execution start-to-close timeout (s)",
          {
            hint: defaultHint(defaults?.defaultExecutionStartToCloseTimeout),
            placeholder: defaults?.defaultExecutionStartToCloseTimeout,
            testId: "start-execution-timeout",
          },
        )}
        {text(
          "taskStartToCloseTimeout",
          form.register("taskStartToCloseTimeout"),
          "Decision task start-to-close timeout (s or NONE)",
          {
            hint: defaultHint(defaults?.defaultTaskStartToCloseTimeout),
            placeholder: defaults?.defaultTaskStartToCloseTimeout,
            testId: "start-task-timeout",
          },
        )}
        <ChildPolicyField
          registration={form.register("childPolicy")}
          defaultLabel={
            defaults?.defaultChildPolicy
              ? `Type default (${defaults.defaultChildPolicy})`
              : "Type default"
          }
          error={errors.childPolicy?.message}
          testId="start-child-policy"
        />
        {text("lambdaRole", form.register("lambdaRole"), "Lambda role (optional)", {
          placeholder: defaults?.defaultLambdaRole,
          mono: true,
        })}
      </div>

      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">Tags (up to {LIMITS.executionTags})</legend>
        {values.tags.map((_, i) => (
          <div key={i} className="flex gap-2">
            <input
              aria-label={`Tag ${i + 1}`}
              className={formInputClass}
              data-testid={`start-tag-${i}`}
              {...form.register(`tags.${i}`)}
            />
            <Button
              onClick={() =>
                form.setValue(
                  "tags",
                  values.tags.filter((__, j) => j !== i),
                )
              }
              aria-label={`Remove tag ${i + 1}`}
            >
              Remove
            </Button>
          </div>
        ))}
        <FieldError message={tagError} />
        <div>
          <Button
            disabled={values.tags.length >= LIMITS.executionTags}
            onClick={() => form.setValue("tags", [...values.tags, ""])}
            data-testid="start-add-tag"
          >
            Add tag
          </Button>
        </div>
      </fieldset>

      <FaultAlert error={fault} title="SWF refused to start the execution" />
      {isSubmitted && Object.keys(errors).length ? (
        <Alert tone="error">Fix the fields marked above.</Alert>
      ) : null}
      <div>
        <Button type="submit" variant="primary" disabled={busy} data-testid="start-submit">
          {busy ? "Starting…" : "Start execution"}
        </Button>
      </div>
    </form>
  );
}
