import type { SWFClient } from "@aws-sdk/client-swf";
import { registerAll } from "../../lib/worker";
import { describeFailure, exampleSwfClient, isMain } from "../common";
import {
  ACTIVITIES,
  DOMAIN,
  TASK_LISTS,
  TRANSCODE_HEARTBEAT_TIMEOUT_SECONDS,
  TRANSCODE_WORKFLOW,
} from "./constants";

/** Registers the `media` domain and its types; safe to run any number of times. */
export async function registerMediaTypes(swf: SWFClient): Promise<void> {
  await registerAll(swf, {
    domain: { name: DOMAIN, description: "Media transcode example (lib/worker)", retentionDays: 7 },
    workflowTypes: [
      {
        ...TRANSCODE_WORKFLOW,
        description: "Transcodes every rendition in parallel, then publishes",
        defaultTaskList: { name: TASK_LISTS.decisions },
        defaultExecutionStartToCloseTimeout: String(7 * 24 * 3600),
        defaultTaskStartToCloseTimeout: "30",
        defaultChildPolicy: "TERMINATE",
      },
    ],
    activityTypes: [
      {
        ...ACTIVITIES.transcode,
        description: "Transcodes one rendition; heartbeats its progress",
        defaultTaskList: { name: TASK_LISTS.activities },
        defaultTaskScheduleToStartTimeout: "600",
        defaultTaskStartToCloseTimeout: "3600",
        defaultTaskScheduleToCloseTimeout: "4200",
        defaultTaskHeartbeatTimeout: String(TRANSCODE_HEARTBEAT_TIMEOUT_SECONDS),
      },
      {
        ...ACTIVITIES.publish,
        description: "Publishes the renditions",
        defaultTaskList: { name: TASK_LISTS.activities },
        defaultTaskScheduleToStartTimeout: "600",
        defaultTaskStartToCloseTimeout: "300",
        defaultTaskScheduleToCloseTimeout: "900",
        defaultTaskHeartbeatTimeout: "NONE",
      },
      {
        ...ACTIVITIES.review,
        description: "A person reviews the renditions in the console inbox",
        defaultTaskList: { name: TASK_LISTS.review },
        defaultTaskScheduleToStartTimeout: String(7 * 24 * 3600),
        defaultTaskStartToCloseTimeout: String(7 * 24 * 3600),
        defaultTaskScheduleToCloseTimeout: String(14 * 24 * 3600),
        defaultTaskHeartbeatTimeout: "NONE",
      },
    ],
  });
}

if (isMain(typeof module !== "undefined" ? module : undefined)) {
  const swf = exampleSwfClient();
  registerMediaTypes(swf)
    .then(() => console.log(`registered domain ${DOMAIN} and its types`))
    .catch((error) => {
      console.error(describeFailure(error));
      process.exitCode = 1;
    })
    .finally(() => swf.destroy());
}
