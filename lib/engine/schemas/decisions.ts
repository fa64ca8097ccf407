/**
 * The 13 decision types of RespondDecisionTaskCompleted and the rules on the decision list.
 *
 * On the wire a decision is `{decisionType, <type>DecisionAttributes?, ...}` with one optional
 * attributes member per type. Parsing checks that the member of the decision's own type is present
 * when that type has required attributes, that no member of another type is present, and that a
 * close decision is alone and last. The output is a discriminated union on `decisionType` whose
 * attributes member is always present (`{}` when the wire omitted optional-only attributes).
 */
import { z } from "zod";
import { NOT_NULL, messageIssue } from "./constraints";
import {
  activityId,
  activityType,
  arn,
  childPolicy,
  data,
  duration,
  executionDuration,
  lambdaDuration,
  list,
  markerName,
  reason,
  runIdOptional,
  signalName,
  tagList,
  taskList,
  taskPriority,
  text,
  timerDuration,
  timerId,
  version,
  workflowId,
  workflowType,
} from "./common";

export const decisionAttributes = {
  ScheduleActivityTask: z.object({
    activityType,
    activityId,
    control: data.optional(),
    input: data.optional(),
    scheduleToCloseTimeout: duration.optional(),
    taskList: taskList.optional(),
    taskPriority: taskPriority.optional(),
    scheduleToStartTimeout: duration.optional(),
    startToCloseTimeout: duration.optional(),
    heartbeatTimeout: duration.optional(),
  }),
  RequestCancelActivityTask: z.object({ activityId }),
  CompleteWorkflowExecution: z.object({ result: data.optional() }),
  FailWorkflowExecution: z.object({ reason: reason.optional(), details: data.optional() }),
  CancelWorkflowExecution: z.object({ details: data.optional() }),
  ContinueAsNewWorkflowExecution: z.object({
    input: data.optional(),
    executionStartToCloseTimeout: executionDuration.optional(),
    taskList: taskList.optional(),
    taskPriority: taskPriority.optional(),
    taskStartToCloseTimeout: duration.optional(),
    childPolicy: childPolicy.optional(),
    tagList: tagList.optional(),
    workflowTypeVersion: version.optional(),
    lambdaRole: arn.optional(),
  }),
  RecordMarker: z.object({ markerName, details: data.optional() }),
  StartTimer: z.object({ timerId, control: data.optional(), startToFireTimeout: timerDuration }),
  CancelTimer: z.object({ timerId }),
  SignalExternalWorkflowExecution: z.object({
    workflowId,
    runId: runIdOptional.optional(),
    signalName,
    input: data.optional(),
    control: data.optional(),
  }),
  RequestCancelExternalWorkflowExecution: z.object({
    workflowId,
    runId: runIdOptional.optional(),
    control: data.optional(),
  }),
  StartChildWorkflowExecution: z.object({
    workflowType,
    workflowId,
    control: data.optional(),
    input: data.optional(),
    executionStartToCloseTimeout: executionDuration.optional(),
    taskList: taskList.optional(),
    taskPriority: taskPriority.optional(),
    taskStartToCloseTimeout: duration.optional(),
    childPolicy: childPolicy.optional(),
    tagList: tagList.optional(),
    lambdaRole: arn.optional(),
  }),
  ScheduleLambdaFunction: z.object({
    id: text(256, 1),
    name: text(64, 1),
    control: data.optional(),
    input: data.optional(),
    startToCloseTimeout: lambdaDuration.optional(),
  }),
};

export type DecisionType = keyof typeof decisionAttributes;

export const DECISION_TYPES = Object.keys(decisionAttributes) as readonly DecisionType[];

/** Close decisions: at most one per list, and it must be the last decision. */
export const CLOSE_DECISION_TYPES: readonly DecisionType[] = [
  "CompleteWorkflowExecution",
  "FailWorkflowExecution",
  "CancelWorkflowExecution",
  "ContinueAsNewWorkflowExecution",
];

/** Types whose attributes have no required member: the attributes member may be omitted. */
const OPTIONAL_ATTRIBUTES: ReadonlySet<DecisionType> = new Set(CLOSE_DECISION_TYPES);

export type AttributesKey<T extends DecisionType> = `${Uncapitalize<T>}DecisionAttributes`;

export function attributesKey<T extends DecisionType>(type: T): AttributesKey<T> {
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}DecisionAttributes` as AttributesKey<T>;
}

export type DecisionAttributes<T extends DecisionType> = z.output<(typeof decisionAttributes)[T]>;

/** One decision of type `T`: `{decisionType: T, <t>DecisionAttributes: ...}`. */
export type DecisionOf<T extends DecisionType> = { decisionType: T } & {
  [K in AttributesKey<T>]: DecisionAttributes<T>;
};

type DecisionUnion = { [T in DecisionType]: DecisionOf<T> }[DecisionType];

const ATTRIBUTE_KEYS = DECISION_TYPES.map((t) => attributesKey(t));
const isDecisionType = (v: unknown): v is DecisionType =>
  typeof v === "string" && Object.hasOwn(decisionAttributes, v);

/** The wire shape: `decisionType` plus every type's attributes member, all optional. */
const wireDecision = z.object({
  decisionType: z.enum(DECISION_TYPES as [DecisionType, ...DecisionType[]]),
  ...Object.fromEntries(
    DECISION_TYPES.map((t) => [attributesKey(t), decisionAttributes[t].optional()]),
  ),
});

type WireDecision = { decisionType: DecisionType } & Record<string, unknown>;

function checkAttributeMembers(value: unknown, ctx: z.RefinementCtx) {
  if (typeof value !== "object" || value === null) return;
  const d = value as Record<string, unknown>;
  if (!isDecisionType(d.decisionType)) return;
  const own = attributesKey(d.decisionType);
  if (d[own] === undefined && !OPTIONAL_ATTRIBUTES.has(d.decisionType)) {
    ctx.addIssue({ code: "custom", message: NOT_NULL, path: [own] });
  }
  for (const key of ATTRIBUTE_KEYS) {
    if (key !== own && d[key] !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `Member must be null when decisionType is ${d.decisionType}`,
        path: [key],
      });
    }
  }
}

export const decisionSchema = wireDecision
  // Runs even when other members failed, so that every problem of the request is reported at once.
  .superRefine(checkAttributeMembers, { when: () => true })
  .transform((value): DecisionUnion => {
    const d = value as WireDecision;
    const key = attributesKey(d.decisionType);
    return { decisionType: d.decisionType, [key]: d[key] ?? {} } as DecisionUnion;
  });

export type Decision = z.output<typeof decisionSchema>;

const isClose = (type: DecisionType) => CLOSE_DECISION_TYPES.includes(type);

/** Runs once every decision is free of type errors (member violations are reported first). */
export const decisionList = list(decisionSchema).superRefine((decisions, ctx) => {
  const closes = decisions
    .map((d, i) => ({ type: d.decisionType, at: `decisions.${i + 1}.member` }))
    .filter((c) => isClose(c.type));
  if (closes.length > 1) {
    const found = closes.map((c) => `${c.type} at '${c.at}'`).join(", ");
    ctx.addIssue(
      messageIssue(`Only one close decision is allowed in the decision list; found ${found}`),
    );
  } else if (closes.length === 1 && closes[0].at !== `decisions.${decisions.length}.member`) {
    const c = closes[0];
    ctx.addIssue(messageIssue(`${c.type} at '${c.at}' must be the last decision in the list`));
  }
});
