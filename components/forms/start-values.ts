/**
 * The start form's values, its schema (built from the shared SWF model) and the
 * StartWorkflowExecution request they make. Pure: also used by the re-run dialog.
 */
import type { WorkflowTypeConfiguration } from "@aws-sdk/client-swf";
import { z } from "zod";
import {
  LIMITS,
  arn,
  blankOr,
  checkJson,
  childPolicy,
  duration,
  name,
  payload,
  priority,
  tag,
} from "@/lib/swf/model";

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

export const EMPTY_START: StartValues = {
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

/**
 * The form's rules; with the chosen type's `defaults`, a setting the type has no default for is
 * required (SWF would answer DefaultUndefinedFault).
 */
export function startSchema(defaults?: WorkflowTypeConfiguration) {
  return z
    .object({
      typeName: z.string().min(1, "Pick a workflow type"),
      typeVersion: z.string(),
      workflowId: z.string().trim().pipe(name),
      input: payload,
      inputJson: z.boolean(),
      taskList: blankOr(name),
      executionStartToCloseTimeout: blankOr(duration(false)),
      taskStartToCloseTimeout: blankOr(duration(true)),
      tags: z
        .array(z.string().trim().pipe(tag(LIMITS.executionTag)))
        .max(LIMITS.executionTags, `At most ${LIMITS.executionTags} tags`),
      childPolicy: z.union([z.literal(""), childPolicy]),
      taskPriority: blankOr(priority),
      lambdaRole: blankOr(arn),
    })
    .superRefine((v, ctx) => {
      checkJson(ctx, v.input, v.inputJson, ["input"]);
      if (!defaults) return;
      const missing = (
        field: keyof StartValues,
        value: string,
        fallback: unknown,
        what: string,
      ) => {
        if (!value && !fallback)
          ctx.addIssue({ code: "custom", path: [field], message: `Required: ${what}` });
      };
      missing(
        "taskList",
        v.taskList,
        defaults.defaultTaskList?.name,
        "the type has no default task list",
      );
      missing(
        "executionStartToCloseTimeout",
        v.executionStartToCloseTimeout,
        defaults.defaultExecutionStartToCloseTimeout,
        "the type has no default",
      );
      missing(
        "taskStartToCloseTimeout",
        v.taskStartToCloseTimeout,
        defaults.defaultTaskStartToCloseTimeout,
        "the type has no default",
      );
      missing(
        "childPolicy",
        v.childPolicy,
        defaults.defaultChildPolicy,
        "the type has no default child policy",
      );
    });
}

/** The StartWorkflowExecution request for the form's values (empty fields fall back to the type's defaults). */
export function startRequest(domain: string, v: StartValues) {
  const tags = v.tags.map((t) => t.trim()).filter(Boolean);
  const opt = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});
  return {
    domain,
    workflowId: v.workflowId.trim(),
    workflowType: { name: v.typeName, version: v.typeVersion },
    ...(v.input ? { input: v.input } : {}),
    ...(v.taskList.trim() ? { taskList: { name: v.taskList.trim() } } : {}),
    ...opt("executionStartToCloseTimeout", v.executionStartToCloseTimeout),
    ...opt("taskStartToCloseTimeout", v.taskStartToCloseTimeout),
    ...(tags.length ? { tagList: tags } : {}),
    ...opt("childPolicy", v.childPolicy),
    ...opt("taskPriority", v.taskPriority),
    ...opt("lambdaRole", v.lambdaRole),
  };
}
