"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { callSwf } from "@/components/swf-api";
import { CHILD_POLICIES, FaultAlert, Field, Success, buttonClass, inputClass } from "./fields";
import {
  durationProblem,
  hasProblems,
  lengthProblem,
  nameProblem,
  priorityProblem,
} from "./validation";

type Kind = "workflow" | "activity";

interface Defaults {
  taskList: string;
  priority: string;
  taskStartToClose: string;
  executionStartToClose: string;
  childPolicy: string;
  heartbeat: string;
  scheduleToStart: string;
  scheduleToClose: string;
}

const EMPTY: Defaults = {
  taskList: "",
  priority: "",
  taskStartToClose: "",
  executionStartToClose: "",
  childPolicy: "",
  heartbeat: "",
  scheduleToStart: "",
  scheduleToClose: "",
};

/** RegisterWorkflowType / RegisterActivityType with their default settings. */
export function RegisterTypeForm({ domain, kind }: { domain: string; kind: Kind }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [version, setVersion] = useState("1");
  const [description, setDescription] = useState("");
  const [d, setD] = useState<Defaults>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fault, setFault] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof Defaults, v: string) => setD((x) => ({ ...x, [k]: v }));

  const problems = {
    name: nameProblem(name.trim()),
    version: nameProblem(version.trim(), { max: 64 }),
    description: lengthProblem(description, 1024),
    taskList: nameProblem(d.taskList.trim(), { required: false }),
    priority: priorityProblem(d.priority.trim()),
    taskStartToClose: durationProblem(d.taskStartToClose.trim(), true),
    executionStartToClose:
      kind === "workflow" ? durationProblem(d.executionStartToClose.trim(), false) : undefined,
    heartbeat: kind === "activity" ? durationProblem(d.heartbeat.trim(), true) : undefined,
    scheduleToStart:
      kind === "activity" ? durationProblem(d.scheduleToStart.trim(), true) : undefined,
    scheduleToClose:
      kind === "activity" ? durationProblem(d.scheduleToClose.trim(), true) : undefined,
  };
  const shown = (k: keyof typeof problems) => (submitted ? problems[k] : undefined);
  const opt = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setFault(null);
    if (hasProblems(problems)) return;
    setBusy(true);
    const common = {
      domain,
      name: name.trim(),
      version: version.trim(),
      ...(description ? { description } : {}),
      ...(d.taskList.trim() ? { defaultTaskList: { name: d.taskList.trim() } } : {}),
      ...opt("defaultTaskPriority", d.priority),
      ...opt("defaultTaskStartToCloseTimeout", d.taskStartToClose),
    };
    try {
      if (kind === "workflow") {
        await callSwf("RegisterWorkflowType", {
          ...common,
          ...opt("defaultExecutionStartToCloseTimeout", d.executionStartToClose),
          ...opt("defaultChildPolicy", d.childPolicy),
        });
      } else {
        await callSwf("RegisterActivityType", {
          ...common,
          ...opt("defaultTaskHeartbeatTimeout", d.heartbeat),
          ...opt("defaultTaskScheduleToStartTimeout", d.scheduleToStart),
          ...opt("defaultTaskScheduleToCloseTimeout", d.scheduleToClose),
        });
      }
      setDone(`${name.trim()} ${version.trim()}`);
      setSubmitted(false);
      void queryClient.invalidateQueries();
    } catch (error) {
      setFault(error);
    } finally {
      setBusy(false);
    }
  };

  const secs = (label: string, key: keyof Defaults, none: boolean) => (
    <Field
      label={`${label} (s${none ? " or NONE" : ""})`}
      error={shown(key as keyof typeof problems)}
    >
      {(props) => (
        <input
          {...props}
          className={inputClass}
          value={d[key]}
          onChange={(e) => set(key, e.target.value)}
          data-testid={`type-${key}`}
        />
      )}
    </Field>
  );

  return (
    <form
      onSubmit={submit}
      noValidate
      className="grid gap-3"
      data-testid={`register-${kind}-type-form`}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" error={shown("name")}>
          {(props) => (
            <input
              {...props}
              className={`${inputClass} font-mono`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="type-name"
            />
          )}
        </Field>
        <Field label="Version" error={shown("version")}>
          {(props) => (
            <input
              {...props}
              className={`${inputClass} font-mono`}
              value={version}
              onChange={(e) => setVersion(e.target.value)}
              data-testid="type-version"
            />
          )}
        </Field>
      </div>
      <Field label="Description (optional)" error={shown("description")}>
        {(props) => (
          <input
            {...props}
            className={inputClass}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <p className="text-sm font-medium">Defaults (optional)</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Task list" error={shown("taskList")}>
          {(props) => (
            <input
              {...props}
              className={`${inputClass} font-mono`}
              value={d.taskList}
              onChange={(e) => set("taskList", e.target.value)}
              data-testid="type-taskList"
            />
          )}
        </Field>
        <Field label="Priority" error={shown("priority")}>
          {(props) => (
            <input
              {...props}
              className={inputClass}
              value={d.priority}
              onChange={(e) => set("priority", e.target.value)}
            />
          )}
        </Field>
        {secs(
          kind === "workflow" ? "Decision task start-to-close" : "Start-to-close",
          "taskStartToClose",
          true,
        )}
        {kind === "workflow" ? (
          <>
            {secs("Execution start-to-close", "executionStartToClose", false)}
            <Field label="Child policy">
              {(props) => (
                <select
                  {...props}
                  className={inputClass}
                  value={d.childPolicy}
                  onChange={(e) => set("childPolicy", e.target.value)}
                  data-testid="type-childPolicy"
                >
                  <option value="">None</option>
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
          <>
            {secs("Heartbeat", "heartbeat", true)}
            {secs("Schedule-to-start", "scheduleToStart", true)}
            {secs("Schedule-to-close", "scheduleToClose", true)}
          </>
        )}
      </div>
      <FaultAlert error={fault} title={`SWF refused to register the ${kind} type`} />
      {done ? (
        <Success>
          Registered {kind} type {done}.
        </Success>
      ) : null}
      <div>
        <button
          type="submit"
          className={buttonClass.primary}
          disabled={busy}
          data-testid="type-submit"
        >
          {busy ? "Registering…" : `Register ${kind} type`}
        </button>
      </div>
    </form>
  );
}
