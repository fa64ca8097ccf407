"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useSwfAction } from "@/components/api/use-swf-action";
import {
  blankOr,
  childPolicy,
  description,
  duration,
  name,
  priority,
  version,
} from "@/lib/swf/model";
import { ChildPolicyField } from "./child-policy-field";
import { SubmitFooter } from "./submit-footer";
import { TextField } from "./text-field";

type Kind = "workflow" | "activity";

const typeSchema = z.object({
  name: z.string().trim().pipe(name),
  version: z.string().trim().pipe(version),
  description,
  taskList: blankOr(name),
  priority: blankOr(priority),
  taskStartToClose: blankOr(duration(true)),
  executionStartToClose: blankOr(duration(false)),
  childPolicy: z.union([z.literal(""), childPolicy]),
  heartbeat: blankOr(duration(true)),
  scheduleToStart: blankOr(duration(true)),
  scheduleToClose: blankOr(duration(true)),
});
type TypeValues = z.output<typeof typeSchema>;

const EMPTY: z.input<typeof typeSchema> = {
  name: "",
  version: "1",
  description: "",
  taskList: "",
  priority: "",
  taskStartToClose: "",
  executionStartToClose: "",
  childPolicy: "",
  heartbeat: "",
  scheduleToStart: "",
  scheduleToClose: "",
};

/** The RegisterWorkflowType / RegisterActivityType request for the form's values. */
function registration(domain: string, kind: Kind, v: TypeValues) {
  const opt = (key: string, value: string) => (value ? { [key]: value } : {});
  const common = {
    domain,
    name: v.name,
    version: v.version,
    ...opt("description", v.description),
    ...(v.taskList ? { defaultTaskList: { name: v.taskList } } : {}),
    ...opt("defaultTaskPriority", v.priority),
    ...opt("defaultTaskStartToCloseTimeout", v.taskStartToClose),
  };
  return kind === "workflow"
    ? {
        ...common,
        ...opt("defaultExecutionStartToCloseTimeout", v.executionStartToClose),
        ...opt("defaultChildPolicy", v.childPolicy),
      }
    : {
        ...common,
        ...opt("defaultTaskHeartbeatTimeout", v.heartbeat),
        ...opt("defaultTaskScheduleToStartTimeout", v.scheduleToStart),
        ...opt("defaultTaskScheduleToCloseTimeout", v.scheduleToClose),
      };
}

/** RegisterWorkflowType / RegisterActivityType with their default settings. */
export function RegisterTypeForm({ domain, kind }: { domain: string; kind: Kind }) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(typeSchema), defaultValues: EMPTY });
  const { busy, fault, run } = useSwfAction();
  const { errors } = form.formState;

  const submit = form.handleSubmit(async (v) => {
    const action = kind === "workflow" ? "RegisterWorkflowType" : "RegisterActivityType";
    if (await run(action, registration(domain, kind, v))) setDone(`${v.name} ${v.version}`);
  });

  const input = (
    label: string,
    key: keyof TypeValues,
    extra: { mono?: boolean; testId?: boolean } = {},
  ) => (
    <TextField
      label={label}
      error={errors[key]?.message}
      registration={form.register(key)}
      mono={extra.mono}
      testId={extra.testId === false ? undefined : `type-${key}`}
    />
  );
  const secs = (label: string, key: keyof TypeValues, none: boolean) =>
    input(`${label} (s${none ? " or NONE" : ""})`, key);

  return (
    <form
      onSubmit={submit}
      noValidate
      className="grid gap-3"
      data-testid={`register-${kind}-type-form`}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {input("Name", "name", { mono: true })}
        {input("Version", "version", { mono: true })}
      </div>
      {input("Description (optional)", "description", { testId: false })}
      <p className="text-sm font-medium">Defaults (optional)</p>
      <div className="grid gap-3 sm:grid-cols-2">
        {input("Task list", "taskList", { mono: true })}
        {input("Priority", "priority", { testId: false })}
        {secs(
          kind === "workflow" ? "Decision task start-to-close" : "Start-to-close",
          "taskStartToClose",
          true,
        )}
        {kind === "workflow" ? (
          <>
            {secs("Execution start-to-close", "executionStartToClose", false)}
            <ChildPolicyField
              registration={form.register("childPolicy")}
              defaultLabel="None"
              testId="type-childPolicy"
            />
          </>
        ) : (
          <>
            {secs("Heartbeat", "heartbeat", true)}
            {secs("Schedule-to-start", "scheduleToStart", true)}
            {secs("Schedule-to-close", "scheduleToClose", true)}
          </>
        )}
      </div>
      <SubmitFooter
        busy={busy}
        fault={fault}
        faultTitle={`SWF refused to register the ${kind} type`}
        success={done ? `Registered ${kind} type ${done}.` : undefined}
        label={`Register ${kind} type`}
        busyLabel="Registering…"
        testId="type-submit"
      />
    </form>
  );
}
