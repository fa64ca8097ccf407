"use client";

import type { WorkflowTypeConfiguration, WorkflowTypeInfo } from "@aws-sdk/client-swf";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { callSwf } from "@/components/swf-api";
import { executionHref } from "@/components/execution/links";
import { CHILD_POLICIES, FaultAlert, Field, Success, buttonClass, inputClass } from "./fields";
import { JsonEditor, jsonEditorProblem } from "./json-editor";
import {
  durationProblem,
  generateWorkflowId,
  hasProblems,
  lengthProblem,
  nameProblem,
  priorityProblem,
  tagProblem,
} from "./validation";

export interface StartValues {
  typeName: string;
  typeVersion: string;
  workflowId: string;
  input: string;
  inputJson: boolean;
  taskList: string;
  executionStartToCloseTimeout: string;
  taskStartToCloseTimeout: string;
  tags: string[];
  childPolicy: string;
  taskPriority: string;
  lambdaRole: string;
}

const EMPTY: StartValues = {
  typeName: "",
  typeVersion: "",
  workflowId: "",
  input: "",
  inputJson: true,
  taskList: "",
  executionStartToCloseTimeout: "",
  taskStartToCloseTimeout: "",
  tags: [],
  childPolicy: "",
  taskPriority: "",
  lambdaRole: "",
};

const SEP = "\u0000";
const MAX_TAGS = 5;

/** The StartWorkflowExecution request for the form's values (empty fields fall back to the type's defaults). */
export function startRequest(domain: string, v: StartValues) {
  const tags = v.tags.map((t) => t.trim()).filter(Boolean);
  return {
    domain,
    workflowId: v.workflowId.trim(),
    workflowType: { name: v.typeName, version: v.typeVersion },
    ...(v.input ? { input: v.input } : {}),
    ...(v.taskList.trim() ? { taskList: { name: v.taskList.trim() } } : {}),
    ...(v.executionStartToCloseTimeout.trim()
      ? { executionStartToCloseTimeout: v.executionStartToCloseTimeout.trim() }
      : {}),
    ...(v.taskStartToCloseTimeout.trim()
      ? { taskStartToCloseTimeout: v.taskStartToCloseTimeout.trim() }
      : {}),
    ...(tags.length ? { tagList: tags } : {}),
    ...(v.childPolicy ? { childPolicy: v.childPolicy } : {}),
    ...(v.taskPriority.trim() ? { taskPriority: v.taskPriority.trim() } : {}),
    ...(v.lambdaRole.trim() ? { lambdaRole: v.lambdaRole.trim() } : {}),
  };
}

function problemsOf(v: StartValues, defaults: WorkflowTypeConfiguration | undefined) {
  const none = (value: string | undefined) => !value;
  return {
    type: v.typeName ? undefined : "Pick a workflow type",
    workflowId: nameProblem(v.workflowId.trim()),
    input: jsonEditorProblem(v.input, v.inputJson),
    taskList:
      nameProblem(v.taskList.trim(), { required: false }) ??
      (defaults && !v.taskList.trim() && none(defaults.defaultTaskList?.name)
        ? "Required: the type has no default task list"
        : undefined),
    executionStartToCloseTimeout:
      durationProblem(v.executionStartToCloseTimeout.trim(), false) ??
      (defaults &&
      !v.executionStartToCloseTimeout.trim() &&
      none(defaults.defaultExecutionStartToCloseTimeout)
        ? "Required: the type has no default"
        : undefined),
    taskStartToCloseTimeout:
      durationProblem(v.taskStartToCloseTimeout.trim(), true) ??
      (defaults &&
      !v.taskStartToCloseTimeout.trim() &&
      none(defaults.defaultTaskStartToCloseTimeout)
        ? "Required: the type has no default"
        : undefined),
    childPolicy:
      defaults && !v.childPolicy && none(defaults.defaultChildPolicy)
        ? "Required: the type has no default child policy"
        : undefined,
    tags:
      v.tags.length > MAX_TAGS
        ? `At most ${MAX_TAGS} tags`
        : v.tags.map((t) => tagProblem(t.trim())).find(Boolean),
    taskPriority: priorityProblem(v.taskPriority.trim()),
    lambdaRole: lengthProblem(v.lambdaRole.trim(), 1600),
  };
}

/**
 * Start a workflow execution: type picker (registered types, with their defaults shown), a
 * generated workflowId, JSON input, task list, timeouts, up to 5 tags, child policy, priority.
 * Checked in the browser before sending; SWF faults are shown inline.
 */
export function StartExecutionForm({
  domain,
  initial,
}: {
  domain: string;
  initial?: Partial<StartValues>;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<StartValues>(() => ({ ...EMPTY, ...initial }));
  const [idTouched, setIdTouched] = useState(Boolean(initial?.workflowId));
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fault, setFault] = useState<unknown>(null);
  const [started, setStarted] = useState<{ workflowId: string; runId: string } | null>(null);

  const types = useQuery({
    queryKey: ["ListWorkflowTypes", domain, "REGISTERED", "all"],
    queryFn: async () => {
      const infos: WorkflowTypeInfo[] = [];
      let nextPageToken: string | undefined;
      do {
        const page = await callSwf<{ typeInfos: WorkflowTypeInfo[]; nextPageToken?: string }>(
          "ListWorkflowTypes",
          {
            domain,
            registrationStatus: "REGISTERED",
            maximumPageSize: 1000,
            ...(nextPageToken ? { nextPageToken } : {}),
          },
        );
        infos.push(...page.typeInfos);
        nextPageToken = page.nextPageToken;
      } while (nextPageToken && infos.length < 5000);
      return infos;
    },
  });
  const selected = values.typeName
    ? { name: values.typeName, version: values.typeVersion }
    : undefined;
  const described = useQuery({
    queryKey: ["DescribeWorkflowType", domain, selected?.name, selected?.version],
    queryFn: () =>
      callSwf<{ configuration: WorkflowTypeConfiguration; typeInfo: WorkflowTypeInfo }>(
        "DescribeWorkflowType",
        {
          domain,
          workflowType: selected,
        },
      ),
    enabled: Boolean(selected),
  });
  const defaults = described.data?.configuration;
  const problems = problemsOf(values, described.isSuccess ? defaults : undefined);
  const shown = (key: keyof typeof problems) =>
    submitted || key === "input" || key === "tags" ? problems[key] : undefined;

  const set = <K extends keyof StartValues>(key: K, value: StartValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const pickType = (key: string) => {
    const [name, version] = key ? key.split(SEP) : ["", ""];
    setValues((v) => ({
      ...v,
      typeName: name,
      typeVersion: version ?? "",
      workflowId: idTouched || !name ? v.workflowId : generateWorkflowId(name),
    }));
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setFault(null);
    if (hasProblems(problems)) return;
    setBusy(true);
    try {
      const out = await callSwf<{ runId: string }>(
        "StartWorkflowExecution",
        startRequest(domain, values),
      );
      setStarted({ workflowId: values.workflowId.trim(), runId: out.runId });
      void queryClient.invalidateQueries();
    } catch (error) {
      setFault(error);
    } finally {
      setBusy(false);
    }
  };

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
          <Link
            className="underline"
            href={executionHref(domain, started.workflowId, started.runId)}
            data-testid="started-execution-link"
          >
            Open the execution
          </Link>
          <button
            type="button"
            className="underline"
            onClick={() => {
              setStarted(null);
              setSubmitted(false);
              setIdTouched(false);
              setValues((v) => ({
                ...v,
                workflowId: v.typeName ? generateWorkflowId(v.typeName) : "",
              }));
            }}
          >
            Start another
          </button>
        </p>
      </Success>
    );
  }

  const typeOptions = types.data ?? [];
  const selectedKey = values.typeName ? `${values.typeName}${SEP}${values.typeVersion}` : "";
  const listed = typeOptions.some(
    (t) => `${t.workflowType?.name}${SEP}${t.workflowType?.version}` === selectedKey,
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="grid max-w-3xl gap-4"
      data-testid="start-execution-form"
    >
      <Field
        label="Workflow type"
        error={shown("type") ?? (types.error ? String(types.error.message) : undefined)}
      >
        {(props) => (
          <select
            {...props}
            className={inputClass}
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
                key={`${t.workflowType?.name}${SEP}${t.workflowType?.version}`}
                value={`${t.workflowType?.name}${SEP}${t.workflowType?.version}`}
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
        error={shown("workflowId")}
        hint={
          <button
            type="button"
            className="underline"
            onClick={() => (
              set("workflowId", generateWorkflowId(values.typeName || "workflow")),
              setIdTouched(false)
            )}
          >
            Generate a new ID
          </button>
        }
      >
        {(props) => (
          <input
            {...props}
            className={`${inputClass} font-mono`}
            value={values.workflowId}
            data-testid="start-workflow-id"
            onChange={(e) => {
              setIdTouched(true);
              set("workflowId", e.target.value);
            }}
          />
        )}
      </Field>

      <JsonEditor
        label="Input"
        value={values.input}
        onChange={(v) => set("input", v)}
        json={values.inputJson}
        onJsonChange={(v) => set("inputJson", v)}
        testId="start-input"
      />

      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Task list"
          error={shown("taskList")}
          hint={
            defaults?.defaultTaskList?.name
              ? `Default: ${defaults.defaultTaskList.name}`
              : undefined
          }
        >
          {(props) => (
            <input
              {...props}
              className={`${inputClass} font-mono`}
              value={values.taskList}
              placeholder={defaults?.defaultTaskList?.name ?? ""}
              onChange={(e) => set("taskList", e.target.value)}
              data-testid="start-task-list"
            />
          )}
        </Field>
        <Field
          label="Priority"
          error={shown("taskPriority")}
          hint={
            defaults?.defaultTaskPriority
              ? `Default: ${defaults.defaultTaskPriority}`
              : "Integer; higher runs first"
          }
        >
          {(props) => (
            <input
              {...props}
              className={inputClass}
              inputMode="numeric"
              value={values.taskPriority}
              placeholder={defaults?.defaultTaskPriority ?? ""}
              onChange={(e) => set("taskPriority", e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Execution start-to-close timeout (s)"
          error={shown("executionStartToCloseTimeout")}
          hint={
            defaults?.defaultExecutionStartToCloseTimeout
              ? `Default: ${defaults.defaultExecutionStartToCloseTimeout}`
              : undefined
          }
        >
          {(props) => (
            <input
              {...props}
              className={inputClass}
              inputMode="numeric"
              value={values.executionStartToCloseTimeout}
              placeholder={defaults?.defaultExecutionStartToCloseTimeout ?? ""}
              onChange={(e) => set("executionStartToCloseTimeout", e.target.value)}
              data-testid="start-execution-timeout"
            />
          )}
        </Field>
        <Field
          label="Decision task start-to-close timeout (s or NONE)"
          error={shown("taskStartToCloseTimeout")}
          hint={
            defaults?.defaultTaskStartToCloseTimeout
              ? `Default: ${defaults.defaultTaskStartToCloseTimeout}`
              : undefined
          }
        >
          {(props) => (
            <input
              {...props}
              className={inputClass}
              value={values.taskStartToCloseTimeout}
              placeholder={defaults?.defaultTaskStartToCloseTimeout ?? ""}
              onChange={(e) => set("taskStartToCloseTimeout", e.target.value)}
              data-testid="start-task-timeout"
            />
          )}
        </Field>
        <Field label="Child policy" error={shown("childPolicy")}>
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={values.childPolicy}
              onChange={(e) => set("childPolicy", e.target.value)}
              data-testid="start-child-policy"
            >
              <option value="">
                {defaults?.defaultChildPolicy
                  ? `Type default (${defaults.defaultChildPolicy})`
                  : "Type default"}
              </option>
              {CHILD_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Lambda role (optional)" error={shown("lambdaRole")}>
          {(props) => (
            <input
              {...props}
              className={`${inputClass} font-mono`}
              value={values.lambdaRole}
              placeholder={defaults?.defaultLambdaRole ?? ""}
              onChange={(e) => set("lambdaRole", e.target.value)}
            />
          )}
        </Field>
      </div>

      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">Tags (up to {MAX_TAGS})</legend>
        {values.tags.map((tag, i) => (
          <div key={i} className="flex gap-2">
            <input
              aria-label={`Tag ${i + 1}`}
              className={inputClass}
              value={tag}
              data-testid={`start-tag-${i}`}
              onChange={(e) =>
                set(
                  "tags",
                  values.tags.map((t, j) => (j === i ? e.target.value : t)),
                )
              }
            />
            <button
              type="button"
              className={buttonClass.secondary}
              onClick={() =>
                set(
                  "tags",
                  values.tags.filter((_, j) => j !== i),
                )
              }
              aria-label={`Remove tag ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        {problems.tags ? (
          <p className="text-xs text-red-700 dark:text-red-400">{problems.tags}</p>
        ) : null}
        <div>
          <button
            type="button"
            className={buttonClass.secondary}
            disabled={values.tags.length >= MAX_TAGS}
            onClick={() => set("tags", [...values.tags, ""])}
            data-testid="start-add-tag"
          >
            Add tag
          </button>
        </div>
      </fieldset>

      <FaultAlert error={fault} title="SWF refused to start the execution" />
      {submitted && hasProblems(problems) ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Fix the fields marked above.
        </p>
      ) : null}
      <div>
        <button
          type="submit"
          className={buttonClass.primary}
          disabled={busy}
          data-testid="start-submit"
        >
          {busy ? "Starting…" : "Start execution"}
        </button>
      </div>
    </form>
  );
}
