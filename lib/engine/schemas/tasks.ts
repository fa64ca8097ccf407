/**
 * Task operations: polling, counting, heartbeats and responses. RespondDecisionTaskCompleted's
 * decision list is in `decisions.ts`.
 */
import { z } from "zod";
import {
  data,
  domainName,
  duration,
  identity,
  limitedData,
  pageSize,
  pageToken,
  reason,
  reverseOrder,
  taskList,
  taskToken,
} from "./common";
import { decisionList } from "./decisions";

const byTaskList = z.object({ domain: domainName, taskList });

export const taskSchemas = {
  PollForDecisionTask: z.object({
    domain: domainName,
    taskList,
    identity: identity.optional(),
    nextPageToken: pageToken.optional(),
    maximumPageSize: pageSize.optional(),
    reverseOrder: reverseOrder.optional(),
    startAtPreviousStartedEvent: z.boolean().optional(),
  }),
  RespondDecisionTaskCompleted: z.object({
    taskToken,
    /** Absent means no decisions: the output is always a list. */
    decisions: decisionList.optional().transform((d) => d ?? []),
    executionContext: data.optional(),
    taskList: taskList.optional(),
    taskListScheduleToStartTimeout: duration.optional(),
  }),
  PollForActivityTask: z.object({ domain: domainName, taskList, identity: identity.optional() }),
  RecordActivityTaskHeartbeat: z.object({ taskToken, details: limitedData.optional() }),
  RespondActivityTaskCompleted: z.object({ taskToken, result: data.optional() }),
  RespondActivityTaskFailed: z.object({
    taskToken,
    reason: reason.optional(),
    details: data.optional(),
  }),
  RespondActivityTaskCanceled: z.object({ taskToken, details: data.optional() }),
  CountPendingActivityTasks: byTaskList,
  CountPendingDecisionTasks: byTaskList,
};
