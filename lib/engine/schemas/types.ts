/** Workflow and activity type operations: Register/Describe/List/Deprecate/Undeprecate/Delete. */
import { z } from "zod";
import {
  activityType,
  arn,
  childPolicy,
  description,
  domainName,
  duration,
  executionDuration,
  pageSize,
  pageToken,
  registrationStatus,
  reverseOrder,
  taskList,
  taskPriority,
  typeName,
  version,
  workflowType,
} from "./common";

const workflowTypeRef = z.object({ domain: domainName, workflowType });
const activityTypeRef = z.object({ domain: domainName, activityType });

const listTypes = z.object({
  domain: domainName,
  name: typeName.optional(),
  registrationStatus,
  nextPageToken: pageToken.optional(),
  maximumPageSize: pageSize.optional(),
  reverseOrder: reverseOrder.optional(),
});

export const typeSchemas = {
  RegisterWorkflowType: z.object({
    domain: domainName,
    name: typeName,
    version,
    description: description.optional(),
    defaultTaskStartToCloseTimeout: duration.optional(),
    defaultExecutionStartToCloseTimeout: executionDuration.optional(),
    defaultTaskList: taskList.optional(),
    defaultTaskPriority: taskPriority.optional(),
    defaultChildPolicy: childPolicy.optional(),
    defaultLambdaRole: arn.optional(),
  }),
  DescribeWorkflowType: workflowTypeRef,
  ListWorkflowTypes: listTypes,
  DeprecateWorkflowType: workflowTypeRef,
  UndeprecateWorkflowType: workflowTypeRef,
  DeleteWorkflowType: workflowTypeRef,

  RegisterActivityType: z.object({
    domain: domainName,
    name: typeName,
    version,
    description: description.optional(),
    defaultTaskStartToCloseTimeout: duration.optional(),
    defaultTaskHeartbeatTimeout: duration.optional(),
    defaultTaskList: taskList.optional(),
    defaultTaskPriority: taskPriority.optional(),
    defaultTaskScheduleToStartTimeout: duration.optional(),
    defaultTaskScheduleToCloseTimeout: duration.optional(),
  }),
  DescribeActivityType: activityTypeRef,
  ListActivityTypes: listTypes,
  DeprecateActivityType: activityTypeRef,
  UndeprecateActivityType: activityTypeRef,
  DeleteActivityType: activityTypeRef,
};
