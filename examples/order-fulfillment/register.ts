import type { SWFClient } from "@aws-sdk/client-swf";
import { registerAll } from "../../lib/worker";
import { describeFailure, exampleSwfClient, isMain } from "../common";
import {
  ACTIVITIES,
  APPROVAL_TIMEOUTS,
  DOMAIN,
  ORDER_WORKFLOW,
  SHIP_WORKFLOW,
  TASK_LISTS,
} from "./constants";

/** The role OrderFulfillment runs give their Lambda tasks (the shipping quote). */
export const ORDER_LAMBDA_ROLE = "arn:aws:iam::123456789012:role/swf-orders-lambda";

/** Registers the `orders` domain and its types; safe to run any number of times. */
export async function registerOrderTypes(swf: SWFClient): Promise<void> {
  const minutes = (n: number) => String(n * 60);
  await registerAll(swf, {
    domain: {
      name: DOMAIN,
      description: "Order fulfillment example (lib/worker)",
      retentionDays: 7,
    },
    workflowTypes: [
      {
        ...ORDER_WORKFLOW,
        description: "Verify, approve (human), charge, ship (child workflow), notify",
        defaultTaskList: { name: TASK_LISTS.orderDecisions },
        defaultExecutionStartToCloseTimeout: String(30 * 24 * 3600),
        defaultTaskStartToCloseTimeout: "30",
        defaultChildPolicy: "REQUEST_CANCEL",
        // Runs may run Lambda tasks (the shipping quote) under this role; the embedded engine
        // and its local function runner assume no role, AWS does.
        defaultLambdaRole: ORDER_LAMBDA_ROLE,
      },
      {
        ...SHIP_WORKFLOW,
        description: "Pick, pack and dispatch an order",
        defaultTaskList: { name: TASK_LISTS.shipDecisions },
        defaultExecutionStartToCloseTimeout: String(24 * 3600),
        defaultTaskStartToCloseTimeout: "30",
        defaultChildPolicy: "TERMINATE",
      },
    ],
    activityTypes: [
      {
        ...ACTIVITIES.verify,
        description: "Checks stock, prices and the address",
        defaultTaskList: { name: TASK_LISTS.orderActivities },
        defaultTaskScheduleToStartTimeout: minutes(10),
        defaultTaskStartToCloseTimeout: minutes(1),
        defaultTaskScheduleToCloseTimeout: minutes(11),
        defaultTaskHeartbeatTimeout: "NONE",
      },
      {
        ...ACTIVITIES.approve,
        description: "A person approves or rejects the order in the console inbox",
        defaultTaskList: { name: TASK_LISTS.approvals },
        defaultTaskScheduleToStartTimeout: String(APPROVAL_TIMEOUTS.scheduleToStart),
        defaultTaskStartToCloseTimeout: String(APPROVAL_TIMEOUTS.startToClose),
        defaultTaskScheduleToCloseTimeout: String(APPROVAL_TIMEOUTS.scheduleToClose),
        defaultTaskHeartbeatTimeout: "NONE",
      },
      {
        ...ACTIVITIES.charge,
        description: "Charges the customer's card (fails transiently; retried by the decider)",
        defaultTaskList: { name: TASK_LISTS.orderActivities },
        defaultTaskScheduleToStartTimeout: minutes(10),
        defaultTaskStartToCloseTimeout: minutes(1),
        defaultTaskScheduleToCloseTimeout: minutes(11),
        defaultTaskHeartbeatTimeout: "NONE",
      },
      {
        ...ACTIVITIES.notify,
        description: "Emails the customer",
        defaultTaskList: { name: TASK_LISTS.orderActivities },
        defaultTaskScheduleToStartTimeout: minutes(10),
        defaultTaskStartToCloseTimeout: minutes(1),
        defaultTaskScheduleToCloseTimeout: minutes(11),
        defaultTaskHeartbeatTimeout: "NONE",
      },
      ...[ACTIVITIES.pick, ACTIVITIES.pack, ACTIVITIES.dispatch].map((type) => ({
        ...type,
        description: `Warehouse step: ${type.name}`,
        defaultTaskList: { name: TASK_LISTS.shipActivities },
        defaultTaskScheduleToStartTimeout: minutes(30),
        defaultTaskStartToCloseTimeout: minutes(5),
        defaultTaskScheduleToCloseTimeout: minutes(35),
        defaultTaskHeartbeatTimeout: "NONE",
      })),
    ],
  });
}

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  const swf = exampleSwfClient();
  registerOrderTypes(swf)
    .then(() => console.log(`registered domain ${DOMAIN} and its types`))
    .catch((error) => {
      console.error(describeFailure(error));
      process.exitCode = 1;
    })
    .finally(() => swf.destroy());
}
